import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Clock } from '../domain/clock';
import type { ErasureExecution } from '../messages/pipeline-messages';
import { addErasureRecipients, recipientsOfErasure } from './add-erasure-recipients';
import { ErasureStepNotRecordedError } from './erasure-step-not-recorded';
import { settleErasure, type SettleErasureDependencies } from './settle-erasure';

export { RECIPIENT_NOTICE_DELAY_SECONDS, RECIPIENTS_PER_TRANSACTION } from './add-erasure-recipients';

export interface ExecuteErasureDependencies extends SettleErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition'>;
  subjects: Pick<SubjectStore, 'leaveForErasure'>;
  clock: Clock;
}

/** What erasing the subject's own data does, as the evidence names it. */
const OWN_DATA_STEPS = ['left_audience', 'preferences_removed', 'marked_for_erasure'] as const;

export type ExecuteErasureResult = { executed: false; reason: 'not-in-progress' } | { executed: true; recipients: number };

/**
 * Carries out a request the legal team started (`in_progress`), idempotently, so a retry finishes what a
 * crash left:
 * - own data: the subject leaves the audience (no later disclosure or notice reaches them) and loses its
 *   sharing preferences; the subject item is marked with the erasure. Its contact data (email, name,
 *   locale) stays until the completion email, because Art. 12(3) requires telling the subject what was
 *   done, and the recipients' notices name the subject so each can find the data; the completion step then
 *   removes it. Ledger, intent, objection and preference items hold the subject id only, which is
 *   pseudonymous once the contact data is gone: they stay, as the evidence of what was disclosed and told.
 * - recipients (Art. 19): every recipient the ledger says received the subject's data is put, with a
 *   reminder after 7 days and an escalation after 14, and its notice is queued first; the request moves
 *   `in_progress → awaiting_recipients` (`erasure.own_data_done`) in the transaction with the last of them.
 *   With no recipient, the request completes at once. A ledger entry written after the ledger was read here
 *   is found by settleErasure, which adds its recipient before the request may complete.
 */
export async function executeErasure(deps: ExecuteErasureDependencies, message: ErasureExecution): Promise<ExecuteErasureResult> {
  const { controllerId, erasureId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Erasure execution for an unknown controller');
  const stored = await deps.erasures.get(controllerId, erasureId);
  // Queued before the start is recorded: not (yet) started.
  if (!stored || stored.state === 'verified') throw new ErasureStepNotRecordedError('execution');
  // A retry after the request moved on: only completing it may be left to do.
  if (stored.state === 'awaiting_recipients') await settleErasure(deps, controllerId, erasureId, deps.clock.now());
  if (stored.state !== 'in_progress') return { executed: false, reason: 'not-in-progress' };

  const now = deps.clock.now();
  const { subjectId } = stored.request;
  const subjectFound = await deps.subjects.leaveForErasure(controllerId, subjectId, { erasureId, startedAt: now.toISOString() });

  const { named: recipients, held: before } = await recipientsOfErasure(deps, controllerId, erasureId, subjectId);
  // Recipients put by an attempt that stopped short keep their item and timers as they were; only those not told yet are queued again.
  const added = await addErasureRecipients(
    deps,
    controllerId,
    erasureId,
    {
      notify: recipients.filter((recipient) => !before.get(recipient.recipientId)?.notifiedAt),
      put: recipients.filter((recipient) => !before.has(recipient.recipientId)),
    },
    now,
    (lastWrites) =>
      deps.erasures.transition(
        controllerId,
        erasureId,
        'in_progress',
        'own_data_done',
        { ownData: subjectFound ? [...OWN_DATA_STEPS] : [], contactData: 'kept_until_completion_email', recipients: recipients.length },
        now.toISOString(),
        {},
        lastWrites,
      ),
  );
  if (!added && (await deps.erasures.get(controllerId, erasureId))?.state === 'in_progress') {
    // A concurrent delivery put one of these recipients first: the retry finds it and goes on.
    throw new Error('Recipients were put meanwhile: trying again');
  }
  // Also when every recipient answered or was escalated before the request moved on (a retry).
  await settleErasure(deps, controllerId, erasureId, now);
  return { executed: true, recipients: recipients.length };
}
