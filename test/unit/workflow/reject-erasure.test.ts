import { describe, expect, it } from 'vitest';
import type { StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { REJECTION_NOTICE_DELAY_SECONDS, rejectErasure, type RejectErasureDependencies } from '../../../shared/workflow/reject-erasure';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { InMemoryErasureStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const NOW = '2027-02-10T12:00:00.000Z';
const legalTeam = { clientId: 'legal-console', sub: 'jurist-7' };
const refusal = { ground: 'legal_claims', reason: 'We are in court with you over invoice 2026-118.' } as const;

const stored = (state: ErasureState): StoredErasure => ({
  request: {
    controllerId: CONTROLLER_ID,
    erasureId: ERASURE_ID,
    subjectId: 'alice',
    receivedAt: '2027-01-31T09:00:00.000Z',
    channel: 'web',
    dueDate: '2027-03-01',
    recordedAt: '2027-01-31T09:00:00.000Z',
  },
  state,
  dueDate: '2027-03-01',
  extendedMonths: 0,
});

function rejecter(state: ErasureState = 'verified') {
  const erasures = new InMemoryErasureStore([stored(state)]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const deps: RejectErasureDependencies = { erasures, notifyQueue, clock: fixedClock(NOW) };
  const reject = (idempotencyKey?: string, body: { ground: typeof refusal.ground | 'excessive'; reason: string } = refusal) =>
    rejectErasure(deps, aProfile(), ERASURE_ID, body, legalTeam, idempotencyKey);
  return { deps, erasures, notifyQueue, reject };
}

const notice = { type: 'erasure-rejection', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `rejection#${ERASURE_ID}` };

describe('rejectErasure', () => {
  it('records the rejection with its ground, reason and who decided, after queueing the notice to the subject', async () => {
    // Prepare
    const { erasures, notifyQueue, reject } = rejecter();
    const recordReject = erasures.reject.bind(erasures);
    const queuedBeforeRecording: number[] = [];
    erasures.reject = async (...args) => {
      queuedBeforeRecording.push(notifyQueue.bodies.length);
      return recordReject(...args);
    };

    // Act
    const outcome = await reject();

    // Assess
    const rejection = { ...refusal, rejectedAt: NOW };
    expect(outcome).toEqual({ outcome: 'rejected', rejection });
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ state: 'rejected', rejection });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.map(({ type, data, at }) => ({ type, data, at }))).toEqual([
      // The reason stays on the state item, which erasure can scrub; the append-only event keeps its hash.
      { type: 'erasure.rejected', at: NOW, data: { ground: refusal.ground, reasonSha256: freeTextSha256(refusal.reason), rejectedBy: legalTeam, from: 'verified', to: 'rejected' } },
    ]);
    expect(verifyChain(events)).toBe(true);
    expect(queuedBeforeRecording).toEqual([1]);
    expect(notifyQueue.bodies).toEqual([notice]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: REJECTION_NOTICE_DELAY_SECONDS }]);
  });

  it.each(['received', 'awaiting_verification', 'verified'] as const)('rejects a request %s: nothing is erased yet', async (state) => {
    const { erasures, reject } = rejecter(state);
    expect(await reject()).toMatchObject({ outcome: 'rejected' });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('rejected');
  });

  it.each(['in_progress', 'awaiting_recipients', 'completed', 'lapsed', 'rejected'] as const)(
    'refuses to reject a request %s, recording and queueing nothing',
    async (state) => {
      // Prepare
      const { erasures, notifyQueue, reject } = rejecter(state);

      // Act
      const outcome = await reject();

      // Assess
      expect(outcome).toEqual({ outcome: 'not-rejectable', state });
      expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
      expect(notifyQueue.batches).toEqual([]);
    },
  );

  it('answers unknown-erasure for a request it does not know, queueing nothing', async () => {
    const { deps, notifyQueue } = rejecter();
    expect(await rejectErasure(deps, aProfile(), 'nope', refusal, legalTeam)).toEqual({ outcome: 'unknown-erasure' });
    expect(notifyQueue.batches).toEqual([]);
  });

  it('decides again when the subject confirmed meanwhile, and rejects from the new state', async () => {
    // Prepare: the subject confirms between the read and the rejection.
    const { erasures, reject } = rejecter('awaiting_verification');
    const recordReject = erasures.reject.bind(erasures);
    let raced = false;
    erasures.reject = async (...args) => {
      if (!raced) {
        raced = true;
        await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'awaiting_verification', 'verified', { via: 'link' }, NOW);
      }
      return recordReject(...args);
    };

    // Act
    const outcome = await reject();

    // Assess
    expect(outcome).toMatchObject({ outcome: 'rejected' });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.map((event) => [event.type, event.data.from])).toEqual([
      ['erasure.verified', 'awaiting_verification'],
      ['erasure.rejected', 'verified'],
    ]);
  });

  it('refuses when erasure began meanwhile: the notice already queued finds no rejection and is dropped', async () => {
    // Prepare
    const { erasures, notifyQueue, reject } = rejecter('verified');
    const recordReject = erasures.reject.bind(erasures);
    erasures.reject = async (...args) => {
      await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'verified', 'erasure_started', {}, NOW);
      return recordReject(...args);
    };

    // Act
    const outcome = await reject();

    // Assess
    expect(outcome).toEqual({ outcome: 'not-rejectable', state: 'in_progress' });
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type)).toEqual(['erasure.erasure_started']);
    expect(notifyQueue.bodies).toEqual([notice]);
  });

  it('gives up after a few tries when the request keeps changing, instead of looping', async () => {
    // Prepare
    const { erasures, notifyQueue, reject } = rejecter();
    let attempts = 0;
    erasures.reject = async () => {
      attempts += 1;
      return false;
    };

    // Act
    const rejecting = reject();

    // Assess
    await expect(rejecting).rejects.toThrow(/kept changing/);
    expect(attempts).toBe(3);
    expect(notifyQueue.bodies).toHaveLength(3);
  });

  it('answers a retry with the same Idempotency-Key with the first rejection, and refuses the key for another body', async () => {
    // Prepare
    const { erasures, notifyQueue, reject } = rejecter();
    const first = await reject('refuse-1');

    // Act
    const again = await reject('refuse-1');
    const other = await reject('refuse-1', { ground: 'excessive', reason: 'Third request this month.' });

    // Assess
    expect(again).toEqual(first);
    expect(other).toEqual({ outcome: 'idempotency-key-reused' });
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toHaveLength(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });
});
