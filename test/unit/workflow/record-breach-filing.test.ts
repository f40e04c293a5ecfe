import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { recordBreachFiling, type FilingIntake, type RecordBreachFilingDependencies } from '../../../shared/workflow/record-breach-filing';
import { BREACH_ID, InMemoryBreachStore, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { RecordingQueue, SettableClock } from '../../helpers/fakes';

const DPO = { clientId: 'legal-console', sub: 'dpo-1' };
// Aware 2026-12-01T08:00Z: the 72 hours end 2026-12-04T08:00Z.
const initial: FilingIntake = { phase: 'initial', filedAt: '2026-12-02T10:00:00.000Z', filedBy: 'J. de Vries', reference: 'AP-2026-12345' };

function filer(breach: StoredBreach = aStoredBreach({ assessment: anAssessment() }), now = '2026-12-02T10:30:00.000Z') {
  const breaches = new InMemoryBreachStore([breach]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const clock = new SettableClock(now);
  let ids = 0;
  const deps: RecordBreachFilingDependencies = { breaches, notifyQueue, clock, newId: () => `filing-${++ids}` };
  const file = (intake: FilingIntake = initial, key?: string) => recordBreachFiling(deps, aProfile(), BREACH_ID, intake, DPO, key);
  return { breaches, notifyQueue, clock, file };
}

const draft = (seq: number) => ({ type: 'breach-filing-draft', controllerId: CONTROLLER_ID, breachId: BREACH_ID, workId: `filing-draft#${seq}` });

describe('recordBreachFiling', () => {
  it('records the initial filing in time with the profile authority, lateness 0, after queueing the next draft its event names', async () => {
    // Prepare
    const { breaches, notifyQueue, file } = filer();
    const record = breaches.recordFiling.bind(breaches);
    const queuedBeforeRecording: number[] = [];
    breaches.recordFiling = async (...args) => {
      queuedBeforeRecording.push(notifyQueue.bodies.length);
      return record(...args);
    };

    // Act
    const outcome = await file();

    // Assess
    const filing = { filingId: 'filing-1', ...initial, authorityCountry: 'NL', recordedAt: '2026-12-02T10:30:00.000Z', recordedBy: DPO };
    expect(outcome).toEqual({ outcome: 'filed', filing, lateByMinutes: 0 });
    expect(await breaches.get(CONTROLLER_ID, BREACH_ID)).toMatchObject({ filings: [filing], lateByMinutes: 0 });
    const events = await breaches.events(CONTROLLER_ID, BREACH_ID);
    expect(events.at(-1)).toMatchObject({ seq: 2, type: 'breach.filed', data: { filingId: 'filing-1', phase: 'initial', reference: 'AP-2026-12345', lateByMinutes: 0 } });
    expect(verifyChain(events)).toBe(true);
    expect(queuedBeforeRecording).toEqual([1]);
    expect(notifyQueue.bodies).toEqual([draft(2)]);
  });

  it('refuses a late first filing without reasons, and records one with them, its lateness frozen (Art. 33(1))', async () => {
    // Prepare
    const { breaches, notifyQueue, clock, file } = filer(undefined, '2026-12-04T12:00:00.000Z');
    const late = { ...initial, filedAt: '2026-12-04T09:30:00.000Z' };

    // Act + Assess: refused, nothing written or queued.
    expect(await file(late)).toMatchObject({ outcome: 'refused', refusal: { kind: 'invalid', field: 'delayReasons' } });
    expect(await breaches.events(CONTROLLER_ID, BREACH_ID)).toHaveLength(1);
    expect(notifyQueue.bodies).toEqual([]);

    // Act + Assess: with reasons, 90 minutes late; hashed in the evidence.
    const reasons = 'The breach was reported to us on a Friday night.';
    expect(await file({ ...late, delayReasons: reasons })).toMatchObject({ outcome: 'filed', lateByMinutes: 90 });
    expect((await breaches.events(CONTROLLER_ID, BREACH_ID)).at(-1)?.data).toMatchObject({ delayReasonsSha256: freeTextSha256(reasons), lateByMinutes: 90 });

    // A supplement a day later needs no reasons and leaves the lateness as it was frozen.
    clock.set('2026-12-05T12:00:00.000Z');
    expect(await file({ ...initial, phase: 'supplement', filedAt: '2026-12-05T11:00:00.000Z' })).toMatchObject({ outcome: 'filed', lateByMinutes: 90 });
    const stored = await breaches.get(CONTROLLER_ID, BREACH_ID);
    expect(stored?.lateByMinutes).toBe(90);
    expect(stored?.filings.map(({ phase }) => phase)).toEqual(['initial', 'supplement']);
    expect((await breaches.events(CONTROLLER_ID, BREACH_ID)).at(-1)?.data).not.toHaveProperty('lateByMinutes');
  });

  it('answers a retry with the same Idempotency-Key with the filing recorded the first time, and another request with it as reused', async () => {
    const { breaches, notifyQueue, file } = filer();
    const first = await file(initial, 'filing-key');
    expect(await file(initial, 'filing-key')).toEqual(first);
    expect((await breaches.get(CONTROLLER_ID, BREACH_ID))?.filings).toHaveLength(1);
    expect(notifyQueue.bodies).toHaveLength(1);
    expect(await file({ ...initial, phase: 'supplement' }, 'filing-key')).toEqual({ outcome: 'idempotency-key-reused' });
  });

  it('lets two filings at once not both be the initial one: the second is decided again and refused', async () => {
    // Prepare: another initial filing is recorded between this one's read and its write.
    const { breaches, file } = filer();
    const get = breaches.get.bind(breaches);
    let reads = 0;
    breaches.get = async (...args) => {
      const read = await get(...args);
      if (reads++ === 0) await breaches.recordFiling(CONTROLLER_ID, BREACH_ID, aFiling(), { afterSeq: 1, filingsSoFar: [], lateByMinutes: 0 });
      return read;
    };

    // Act
    const outcome = await file();

    // Assess
    expect(outcome).toMatchObject({ outcome: 'refused', refusal: { kind: 'conflict', field: 'phase' } });
    expect((await breaches.get(CONTROLLER_ID, BREACH_ID))?.filings).toEqual([aFiling()]);
  });

  it('files with the authority the body names, and answers an unknown breach as unknown', async () => {
    const { file } = filer();
    expect(await file({ ...initial, authorityCountry: 'BE' })).toMatchObject({ filing: { authorityCountry: 'BE' } });
    const { file: fileElsewhere } = filer(aStoredBreach({}, { breachId: 'another' }));
    expect(await fileElsewhere()).toEqual({ outcome: 'unknown-breach' });
  });
});
