import type { ErasureTimer } from '../adapters/dynamo/timer-store';
import { recipientSettled } from '../domain/erasure/erasure-recipient';
import type { ErasureRecipientNotice } from '../messages/pipeline-messages';
import { escalateRecipient, type EscalateRecipientDependencies } from './escalate-erasure-recipient';
import { settleErasure } from './settle-erasure';

export type RecipientFollowUpDependencies = EscalateRecipientDependencies;

/**
 * Fires a recipient's follow-up timer (Art. 19): after 7 silent days its reminder is queued; after 14 days
 * without an answer it is handed to the legal team (escalateRecipient), which may complete the request.
 * False when there is nothing left to do: it answered, was reminded or escalated before. An escalation
 * this timer started and a crash cut short is finished by the next sweep (the alert's work id keeps it to
 * one email); one made before the timer was due (a recipient that could not be told) is left alone.
 *
 * Whenever it finds nothing to do, it still settles the request (cheap, idempotent): a completion that
 * failed after the last answer or escalation is finished by the recipient's timers, not left waiting.
 */
export async function fireRecipientFollowUp(
  deps: RecipientFollowUpDependencies,
  timer: ErasureTimer,
  followUp: { step: 'reminder' | 'escalation'; recipientId: string },
  now: Date,
): Promise<boolean> {
  const { controllerId, erasureId } = timer;
  const { recipientId } = followUp;
  const nothingToDo = async () => {
    await settleErasure(deps, controllerId, erasureId, now);
    return false;
  };
  const recipient = await deps.erasureRecipients.get(controllerId, erasureId, recipientId);
  if (!recipient || recipient.answer) return nothingToDo();
  if (followUp.step === 'reminder') {
    if (recipientSettled(recipient) || recipient.remindedAt) return nothingToDo();
    const reminder: ErasureRecipientNotice = {
      type: 'erasure-recipient-notice',
      controllerId,
      erasureId,
      recipientId,
      step: 'reminder',
      workId: `recipient-notice#${erasureId}#${recipientId}#reminder`,
    };
    await deps.notifyQueue.publish([{ id: 'reminder', body: reminder }]);
    return true;
  }
  if (recipient.escalatedAt && Date.parse(recipient.escalatedAt) < Date.parse(timer.dueAt)) return nothingToDo();
  await escalateRecipient(deps, controllerId, erasureId, recipientId, now);
  return true;
}
