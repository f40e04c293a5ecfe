import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { canExtend, type ExtensionMonths } from '../domain/erasure/deadline';
import { FINAL_ERASURE_STATES } from '../domain/erasure/erasure-state';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { dueDateTimers } from '../domain/timers/erasure-timers';
import type { ErasureExtensionNotice } from '../messages/pipeline-messages';

export interface ExtendErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'extend' | 'idempotencyClaim'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
}

export type ExtendErasureOutcome =
  | { outcome: 'extended'; dueDate: string; extendedMonths: number }
  | { outcome: 'unknown-erasure' }
  | { outcome: 'closed' }
  | { outcome: 'idempotency-key-reused' }
  | { outcome: 'after-first-due-date'; firstDueDate: string }
  | { outcome: 'more-than-two-months'; extendedMonths: number };

/** The extension notice waits this long, so the extension it announces is recorded when it arrives. */
export const EXTENSION_NOTICE_DELAY_SECONDS = 2;

/**
 * Extends the deadline of an erasure request (GDPR Art. 12(3)): only before the first due date, at most
 * two months in all, recorded with its reason; the subject is told, with the reason, in their language.
 * The notice is queued first, and the sender drops one whose extension never got recorded.
 */
export async function extendErasure(
  deps: ExtendErasureDependencies,
  profile: PolicyProfile,
  erasureId: string,
  extension: { reason: string; months: ExtensionMonths },
  actor: Actor,
  idempotencyKey?: string,
  attempt = 1,
): Promise<ExtendErasureOutcome> {
  const { controllerId } = profile;
  const requestHash = hashRequest({ erasureId, ...extension });
  // A retry (a double click, a lost answer) gets the extension the first one made, not a second one.
  const earlier = idempotencyKey ? await deps.erasures.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) return { outcome: 'unknown-erasure' };
  if (earlier) {
    if (earlier.requestHash !== requestHash || earlier.erasureId !== erasureId) return { outcome: 'idempotency-key-reused' };
    return { outcome: 'extended', dueDate: stored.dueDate, extendedMonths: stored.extendedMonths };
  }
  if (FINAL_ERASURE_STATES.includes(stored.state)) return { outcome: 'closed' };
  assertDeadlineCountry(profile.country);
  const now = deps.clock.now();
  const decision = canExtend(stored.request.receivedAt, profile.country, now, stored.extendedMonths, extension.months);
  if (!decision.allowed) {
    return decision.reason === 'after_first_due_date'
      ? { outcome: 'after-first-due-date', firstDueDate: stored.request.dueDate }
      : { outcome: 'more-than-two-months', extendedMonths: stored.extendedMonths };
  }
  const extendedMonths = stored.extendedMonths + extension.months;
  const notice: ErasureExtensionNotice = {
    type: 'erasure-extension',
    controllerId,
    erasureId,
    // Names the request too: notices of two requests extended to the same day are two units of work.
    workId: `extension#${erasureId}#${decision.dueDate}`,
    dueDate: decision.dueDate,
  };
  await deps.notifyQueue.publish([{ id: 'extension', body: notice }], { delaySeconds: EXTENSION_NOTICE_DELAY_SECONDS });
  const extended = await deps.erasures.extend(
    controllerId,
    erasureId,
    {
      extendedMonthsSoFar: stored.extendedMonths,
      extensionsSoFar: stored.extensions ?? [],
      extendedMonths,
      previousDueDate: stored.dueDate,
      dueDate: decision.dueDate,
      reason: extension.reason,
      extendedBy: actor,
    },
    now.toISOString(),
    idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
    // The reminders and the overdue flag of the old due date are replaced: they cannot fire any more.
    dueDateTimers(controllerId, erasureId, decision.dueDate, profile.country, now),
  );
  // Someone else extended or closed it meanwhile: decide again on what is there now, a few times at most.
  if (!extended) {
    if (attempt >= 3) throw new Error('The erasure request kept changing while it was being extended');
    return extendErasure(deps, profile, erasureId, extension, actor, idempotencyKey, attempt + 1);
  }
  return { outcome: 'extended', dueDate: decision.dueDate, extendedMonths };
}
