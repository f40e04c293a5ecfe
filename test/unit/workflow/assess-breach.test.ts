import { describe, expect, it } from 'vitest';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { assessBreach, type AssessBreachDependencies, type AssessmentIntake } from '../../../shared/workflow/assess-breach';
import { FILING_DRAFT_DELAY_SECONDS } from '../../../shared/workflow/queue-breach-filing-draft';
import { BREACH_ID, InMemoryBreachStore, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID } from '../../helpers/factories';
import { RecordingQueue, fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-01T12:00:00.000Z';
const DPO = { clientId: 'legal-console', sub: 'dpo-1' };
const risky: AssessmentIntake = { risk: 'risk', reasoning: 'Contact data of 1,200 customers; phishing is likely.', assessedBy: 'J. de Vries, DPO' };

function assessor(breach = aStoredBreach()) {
  const breaches = new InMemoryBreachStore([breach]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const deps: AssessBreachDependencies = { breaches, notifyQueue, clock: fixedClock(NOW) };
  const assess = (intake: AssessmentIntake = risky) => assessBreach(deps, CONTROLLER_ID, BREACH_ID, intake, DPO);
  return { breaches, notifyQueue, assess };
}

const draft = (seq: number) => ({ type: 'breach-filing-draft', controllerId: CONTROLLER_ID, breachId: BREACH_ID, workId: `filing-draft#${seq}` });

describe('assessBreach', () => {
  it('records the assessment as the latest, its reasoning hashed in the evidence, after queueing the filing draft its event names', async () => {
    // Prepare
    const { breaches, notifyQueue, assess } = assessor();
    const record = breaches.recordAssessment.bind(breaches);
    const queuedBeforeRecording: number[] = [];
    breaches.recordAssessment = async (...args) => {
      queuedBeforeRecording.push(notifyQueue.bodies.length);
      return record(...args);
    };

    // Act
    const outcome = await assess();

    // Assess
    const assessment = { ...risky, assessedAt: NOW, recordedBy: DPO };
    expect(outcome).toEqual({ outcome: 'assessed', assessment });
    expect(await breaches.get(CONTROLLER_ID, BREACH_ID)).toMatchObject({ assessment, seq: 2 });
    const events = await breaches.events(CONTROLLER_ID, BREACH_ID);
    expect(events.at(-1)).toMatchObject({
      seq: 2,
      type: 'breach.assessed',
      at: NOW,
      data: { risk: 'risk', reasoningSha256: freeTextSha256(risky.reasoning), assessedBy: risky.assessedBy, recordedBy: DPO },
    });
    expect(verifyChain(events)).toBe(true);
    expect(queuedBeforeRecording).toEqual([1]);
    expect(notifyQueue.bodies).toEqual([draft(2)]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: FILING_DRAFT_DELAY_SECONDS }]);
  });

  it('closes a breach assessed as no risk with its reasoning, and queues no draft (Art. 33(5))', async () => {
    const { breaches, notifyQueue, assess } = assessor();
    await assess({ risk: 'none', reasoning: 'The file was encrypted and the key is safe.', assessedBy: 'DPO' });
    expect(await breaches.get(CONTROLLER_ID, BREACH_ID)).toMatchObject({ assessment: { risk: 'none', reasoning: 'The file was encrypted and the key is safe.' }, closedAt: NOW });
    expect(notifyQueue.bodies).toEqual([]);
  });

  it('reopens a closed breach when a later assessment finds a risk after all', async () => {
    const { breaches, notifyQueue, assess } = assessor(aStoredBreach({ assessment: anAssessment({ risk: 'none' }), closedAt: '2026-12-01T10:00:00.000Z' }));
    await assess({ ...risky, risk: 'high' });
    const stored = await breaches.get(CONTROLLER_ID, BREACH_ID);
    expect(stored?.closedAt).toBeUndefined();
    expect(stored?.assessment?.risk).toBe('high');
    expect(notifyQueue.bodies).toEqual([draft(2)]);
  });

  it('records an exemption from notices with a high risk', async () => {
    const { breaches, assess } = assessor();
    const exemption = { ground: 'disproportionate_effort', reasoning: 'No addresses for 40,000 former customers.' } as const;
    await assess({ ...risky, risk: 'high', exemption });
    expect((await breaches.get(CONTROLLER_ID, BREACH_ID))?.assessment?.exemption).toEqual(exemption);
    expect((await breaches.events(CONTROLLER_ID, BREACH_ID)).at(-1)?.data.exemption).toEqual({ ground: exemption.ground, reasoningSha256: freeTextSha256(exemption.reasoning) });
  });

  it('refuses what the rules refuse, recording and queueing nothing', async () => {
    const { breaches, notifyQueue, assess } = assessor(aStoredBreach({ filings: [aFiling()] }));
    expect(await assess({ ...risky, risk: 'none' })).toMatchObject({ outcome: 'refused', refusal: { kind: 'conflict', field: 'risk' } });
    expect(await assess({ ...risky, exemption: { ground: 'encrypted', reasoning: 'AES' } })).toMatchObject({ outcome: 'refused', refusal: { field: 'exemption' } });
    expect(await breaches.events(CONTROLLER_ID, BREACH_ID)).toHaveLength(1);
    expect(notifyQueue.bodies).toEqual([]);
  });

  it('answers an unknown breach as unknown', async () => {
    const { assess } = assessor(aStoredBreach({}, { breachId: 'another' }));
    expect(await assess()).toEqual({ outcome: 'unknown-breach' });
  });

  it('decides again when the breach changed meanwhile, on what it is now', async () => {
    // Prepare: a filing is recorded between the read and the write of a `none` assessment.
    const { breaches, notifyQueue, assess } = assessor();
    const get = breaches.get.bind(breaches);
    let reads = 0;
    breaches.get = async (...args) => {
      const read = await get(...args);
      if (reads++ === 0) await breaches.recordFiling(CONTROLLER_ID, BREACH_ID, aFiling(), { afterSeq: 1, filingsSoFar: [], lateByMinutes: 0 });
      return read;
    };

    // Act
    const outcome = await assess({ ...risky, risk: 'none' });

    // Assess: the second decision sees the filing.
    expect(outcome).toMatchObject({ outcome: 'refused', refusal: { field: 'risk' } });
    expect((await breaches.get(CONTROLLER_ID, BREACH_ID))?.assessment).toBeUndefined();
    expect(notifyQueue.bodies).toEqual([]);
  });
});
