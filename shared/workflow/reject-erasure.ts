import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import type { ErasureRejection, RejectionGround } from '../domain/erasure/erasure-rejection';
import { nextErasureState, type ErasureState } from '../domain/erasure/erasure-state';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureRejectionNotice } from '../messages/pipeline-messages';

export interface RejectErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'reject' | 'idempotencyClaim'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
}

export type RejectErasureOutcome =
  | { outcome: 'rejected'; rejection: ErasureRejection }
  | { outcome: 'unknown-erasure' }
  | { outcome: 'not-rejectable'; state: ErasureState }
  | { outcome: 'idempotency-key-reused' };

/** The rejection notice waits this long, so the rejection it announces is recorded when it arrives. */
export const REJECTION_NOTICE_DELAY_SECONDS = 2;

/**
 * Refuses an erasure request (GDPR Art. 12(4), 12(5), 17(3)), recorded with its ground and reason, while
 * nothing has been erased yet (received, awaiting verification, verified); the subject is told why, and where
 * to complain, in their language. The notice is queued first, and the sender drops one whose rejection never
 * got recorded.
 */
export async function rejectErasure(
  deps: RejectErasureDependencies,
  profile: PolicyProfile,
  erasureId: string,
  rejection: { ground: RejectionGround; reason: string },
  actor: Actor,
  idempotencyKey?: string,
  attempt = 1,
): Promise<RejectErasureOutcome> {
  const { controllerId } = profile;
  const requestHash = hashRequest({ erasureId, ...rejection });
  // A retry (a double click, a lost answer) gets the rejection the first one recorded.
  const earlier = idempotencyKey ? await deps.erasures.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) return { outcome: 'unknown-erasure' };
  if (earlier) {
    if (earlier.requestHash !== requestHash || earlier.erasureId !== erasureId || !stored.rejection) return { outcome: 'idempotency-key-reused' };
    return { outcome: 'rejected', rejection: stored.rejection };
  }
  // Once erasure has begun (or the request closed) there is nothing left to refuse.
  if (!nextErasureState(stored.state, 'rejected')) return { outcome: 'not-rejectable', state: stored.state };
  const notice: ErasureRejectionNotice = {
    type: 'erasure-rejection',
    controllerId,
    erasureId,
    // A request is rejected once in its life: one notice.
    workId: `rejection#${erasureId}`,
  };
  await deps.notifyQueue.publish([{ id: 'rejection', body: notice }], { delaySeconds: REJECTION_NOTICE_DELAY_SECONDS });
  const rejectedAt = deps.clock.now().toISOString();
  const rejected = await deps.erasures.reject(
    controllerId,
    erasureId,
    { from: stored.state, ...rejection, rejectedBy: actor },
    rejectedAt,
    idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
  );
  // The request moved on meanwhile (confirmed, erasure started, rejected by someone else): decide again, a few times at most.
  if (!rejected) {
    if (attempt >= 3) throw new Error('The erasure request kept changing while it was being rejected');
    return rejectErasure(deps, profile, erasureId, rejection, actor, idempotencyKey, attempt + 1);
  }
  return { outcome: 'rejected', rejection: { ...rejection, rejectedAt } };
}
