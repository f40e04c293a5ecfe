import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { initialDueDate } from '../domain/erasure/deadline';
import type { ErasureChannel, ErasureRequest } from '../domain/erasure/erasure-request';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import type { Actor } from '../domain/evidence/actor';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureVerification } from '../messages/pipeline-messages';

export interface ReceiveErasureDependencies {
  erasures: Pick<ErasureStore, 'record'>;
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
  | { outcome: 'unknown-subject' }
  | { outcome: 'received-in-the-future' };

/** The verification email waits this long, so the request it verifies is recorded when it arrives. */
export const VERIFICATION_DELAY_SECONDS = 2;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records an erasure request the legal team received by mail, post or phone, with its Art. 12(3) due date,
 * and asks the subject to confirm it through the address they registered, and only that one. The email is
 * queued first: no request is recorded without it, and one queued for a request that failed to record is
 * dropped by the sender.
 */
export async function receiveErasure(
  deps: ReceiveErasureDependencies,
  profile: PolicyProfile,
  intake: ErasureIntake,
  recordedBy: Actor,
): Promise<ReceiveErasureOutcome> {
  const now = deps.clock.now();
  if (Date.parse(intake.receivedAt) > now.getTime() + CLOCK_SKEW_MS) return { outcome: 'received-in-the-future' };
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
  await deps.erasures.record(request, recordedBy);
  return { outcome: 'received', erasureId: request.erasureId, dueDate: request.dueDate };
}
