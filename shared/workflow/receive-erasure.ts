import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { initialDueDate } from '../domain/erasure/deadline';
import type { ErasureChannel, ErasureRequest } from '../domain/erasure/erasure-request';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { dueDateTimers } from '../domain/timers/erasure-timers';
import type { ErasureVerification } from '../messages/pipeline-messages';

export interface ReceiveErasureDependencies {
  erasures: Pick<ErasureStore, 'record' | 'idempotencyClaim' | 'get' | 'openErasureId'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
  newId: () => string;
}

export interface ErasureIntake {
  subjectId: string;
  receivedAt: string;
  channel: ErasureChannel;
  note?: string;
}

export type ReceiveErasureOutcome =
  | { outcome: 'received'; erasureId: string; dueDate: string }
  | { outcome: 'idempotency-key-reused' }
  | { outcome: 'unknown-subject' }
  | { outcome: 'subject-has-open-request'; openErasureId: string }
  | { outcome: 'received-in-the-future' };

/** The verification email waits this long, so the request it verifies is recorded when it arrives. */
export const VERIFICATION_DELAY_SECONDS = 2;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records an erasure request the legal team received by mail, post or phone, with its Art. 12(3) due date,
 * and asks the subject to confirm it through the address they registered, and only that one. The email is
 * queued first: no request is recorded without it, and one queued for a request that failed to record is
 * dropped by the sender. The legal team's reminders before the due date, and the overdue flag, are armed
 * with the request.
 *
 * A subject has one open request at most: while one is open (not completed, lapsed or rejected), another is
 * refused before its email is queued. The recording transaction's claim on the subject is the real guard; a
 * request refused by it after all (two at once) leaves a queued email the sender drops.
 */
export async function receiveErasure(
  deps: ReceiveErasureDependencies,
  profile: PolicyProfile,
  intake: ErasureIntake,
  recordedBy: Actor,
  idempotencyKey?: string,
): Promise<ReceiveErasureOutcome> {
  const now = deps.clock.now();
  const requestHash = hashRequest(intake);
  // A retry gets the request recorded the first time, and its subject no second email.
  const earlier = idempotencyKey ? await deps.erasures.idempotencyClaim(profile.controllerId, idempotencyKey) : undefined;
  if (earlier) return replay(deps, profile.controllerId, earlier, requestHash);
  if (Date.parse(intake.receivedAt) > now.getTime() + CLOCK_SKEW_MS) return { outcome: 'received-in-the-future' };
  // Before the subject check: a subject being erased is no longer reachable, and its open request is the answer.
  const open = await deps.erasures.openErasureId(profile.controllerId, intake.subjectId);
  if (open) return { outcome: 'subject-has-open-request', openErasureId: open };
  if (!(await deps.subjects.getMany(profile.controllerId, [intake.subjectId])).has(intake.subjectId)) return { outcome: 'unknown-subject' };
  assertDeadlineCountry(profile.country);
  const receivedAt = new Date(intake.receivedAt).toISOString();
  const request: ErasureRequest = {
    controllerId: profile.controllerId,
    erasureId: deps.newId(),
    subjectId: intake.subjectId,
    receivedAt,
    channel: intake.channel,
    ...(intake.note ? { note: intake.note } : {}),
    dueDate: initialDueDate(receivedAt, profile.country),
    recordedAt: now.toISOString(),
  };
  const verification: ErasureVerification = {
    type: 'erasure-verification',
    controllerId: request.controllerId,
    erasureId: request.erasureId,
    workId: `verification#${request.erasureId}`,
  };
  await deps.notifyQueue.publish([{ id: 'verification', body: verification }], { delaySeconds: VERIFICATION_DELAY_SECONDS });
  const outcome = await deps.erasures.record(
    request,
    recordedBy,
    idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
    dueDateTimers(request.controllerId, request.erasureId, request.dueDate, profile.country, now),
  );
  // A concurrent request recorded first; the email just queued finds no request and is dropped.
  if (!outcome.recorded && 'openErasureId' in outcome) return { outcome: 'subject-has-open-request', openErasureId: outcome.openErasureId };
  if (!outcome.recorded) return replay(deps, profile.controllerId, { erasureId: outcome.existingErasureId, requestHash: outcome.sameRequest ? requestHash : '' }, requestHash);
  return { outcome: 'received', erasureId: request.erasureId, dueDate: request.dueDate };
}

async function replay(
  deps: Pick<ReceiveErasureDependencies, 'erasures'>,
  controllerId: string,
  earlier: { erasureId: string; requestHash: string },
  requestHash: string,
): Promise<ReceiveErasureOutcome> {
  if (earlier.requestHash !== requestHash) return { outcome: 'idempotency-key-reused' };
  const stored = await deps.erasures.get(controllerId, earlier.erasureId);
  return { outcome: 'received', erasureId: earlier.erasureId, dueDate: stored?.request.dueDate ?? '' };
}
