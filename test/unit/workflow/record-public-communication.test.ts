import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { recordPublicCommunication, type PublicCommunicationIntake } from '../../../shared/workflow/record-public-communication';
import { BREACH_ID, InMemoryBreachStore, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID } from '../../helpers/factories';
import { fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-03T12:00:00.000Z';
const DPO = { clientId: 'legal-console', sub: 'dpo-1' };
const published: PublicCommunicationIntake = { publishedAt: '2026-12-03T10:00:00.000Z', channel: 'website and NRC newspaper', url: 'https://acme-care.example/incident' };
const exempt = aStoredBreach({ assessment: anAssessment({ risk: 'high', exemption: { ground: 'disproportionate_effort', reasoning: 'No addresses.' } }) });

function recorder(breach: StoredBreach = exempt) {
  const breaches = new InMemoryBreachStore([breach]);
  const record = (intake: PublicCommunicationIntake = published) => recordPublicCommunication({ breaches, clock: fixedClock(NOW) }, CONTROLLER_ID, BREACH_ID, intake, DPO);
  return { breaches, record };
}

describe('recordPublicCommunication', () => {
  it('records the public communication of a high-risk breach once, as an event', async () => {
    const { breaches, record } = recorder();
    const publicCommunication = { ...published, recordedAt: NOW, recordedBy: DPO };
    expect(await record()).toEqual({ outcome: 'recorded', publicCommunication });
    expect((await breaches.get(CONTROLLER_ID, BREACH_ID))?.publicCommunication).toEqual(publicCommunication);
    expect((await breaches.events(CONTROLLER_ID, BREACH_ID)).at(-1)).toMatchObject({ type: 'breach.public_communication_recorded', data: { channel: published.channel } });
    expect(await record()).toMatchObject({ outcome: 'refused', refusal: { kind: 'conflict' } });
    expect(await breaches.events(CONTROLLER_ID, BREACH_ID)).toHaveLength(2);
  });

  it('records one beside notices too, for a high risk without exemption (subjects the notices could not reach)', async () => {
    const { record } = recorder(aStoredBreach({ assessment: anAssessment({ risk: 'high' }) }));
    expect(await record()).toMatchObject({ outcome: 'recorded' });
  });

  it('refuses it for a breach not assessed as high risk, and a publication in the future or before awareness', async () => {
    expect(await recorder(aStoredBreach({ assessment: anAssessment({ risk: 'risk' }) })).record()).toMatchObject({ outcome: 'refused', refusal: { kind: 'conflict' } });
    expect(await recorder(aStoredBreach()).record()).toMatchObject({ outcome: 'refused', refusal: { kind: 'conflict' } });
    const { breaches, record } = recorder();
    expect(await record({ ...published, publishedAt: '2026-12-03T13:00:00.000Z' })).toMatchObject({ refusal: { kind: 'invalid', field: 'publishedAt' } });
    expect(await record({ ...published, publishedAt: '2026-11-30T13:00:00.000Z' })).toMatchObject({ refusal: { kind: 'invalid', field: 'publishedAt' } });
    expect(await breaches.events(CONTROLLER_ID, BREACH_ID)).toHaveLength(1);
  });
});
