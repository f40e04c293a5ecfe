import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import { recipientSettled } from '../domain/erasure/erasure-recipient';
import type { ErasureCompletion } from '../messages/pipeline-messages';
import { addErasureRecipients, recipientsOfErasure, type AddErasureRecipientsDependencies } from './add-erasure-recipients';

export interface SettleErasureDependencies extends AddErasureRecipientsDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition'>;
}

/** The completion email waits this long, so the completion it reports is recorded when it arrives. */
export const COMPLETION_DELAY_SECONDS = 2;

/**
 * Completes a request whose own data is done once every recipient answered or was escalated: the subject's
 * completion email is queued first, then `awaiting_recipients → completed` is recorded, once. Called after
 * each answer and escalation; true when this call completed the request.
 *
 * The subject's ledger is read again first: an entry written after the request was carried out (a page
 * planned just as the erasure began) names a recipient the request does not hold yet. That recipient is
 * added as the execution adds them (notice queued, item put with its follow-up timers) and the request
 * waits for it too, so no recipient of the subject's data goes untold (Art. 19).
 */
export async function settleErasure(deps: SettleErasureDependencies, controllerId: string, erasureId: string, now: Date): Promise<boolean> {
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (stored?.state !== 'awaiting_recipients') return false;
  const { named, held } = await recipientsOfErasure(deps, controllerId, erasureId, stored.request.subjectId);
  const late = named.filter((recipient) => !held.has(recipient.recipientId));
  if (late.length > 0) {
    // Put meanwhile by a concurrent call (false) or now: either way it is waited for, so not complete this time.
    await addErasureRecipients(deps, controllerId, erasureId, { notify: late, put: late }, now);
    return false;
  }
  const recipients = [...held.values()];
  if (!recipients.every(recipientSettled)) return false;
  const completion: ErasureCompletion = { type: 'erasure-completion', controllerId, erasureId, workId: `completion#${erasureId}` };
  await deps.notifyQueue.publish([{ id: 'completion', body: completion }], { delaySeconds: COMPLETION_DELAY_SECONDS });
  return deps.erasures.transition(controllerId, erasureId, 'awaiting_recipients', 'recipients_settled', {
    answered: recipients.filter((recipient) => recipient.answer).length,
    escalated: recipients.filter((recipient) => !recipient.answer && recipient.escalatedAt).length,
  }, now.toISOString());
}
