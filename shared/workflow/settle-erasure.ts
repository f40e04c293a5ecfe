import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { recipientSettled } from '../domain/erasure/erasure-recipient';
import type { ErasureCompletion } from '../messages/pipeline-messages';

export interface SettleErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition'>;
  erasureRecipients: Pick<ErasureRecipientStore, 'list'>;
  notifyQueue: QueuePublisher;
}

/** The completion email waits this long, so the completion it reports is recorded when it arrives. */
export const COMPLETION_DELAY_SECONDS = 2;

/**
 * Completes a request whose own data is done once every recipient answered or was escalated: the subject's
 * completion email is queued first, then `awaiting_recipients → completed` is recorded, once. Called after
 * each answer and escalation; true when this call completed the request.
 */
export async function settleErasure(deps: SettleErasureDependencies, controllerId: string, erasureId: string, now: Date): Promise<boolean> {
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (stored?.state !== 'awaiting_recipients') return false;
  const recipients = await deps.erasureRecipients.list(controllerId, erasureId);
  if (!recipients.every(recipientSettled)) return false;
  const completion: ErasureCompletion = { type: 'erasure-completion', controllerId, erasureId, workId: `completion#${erasureId}` };
  await deps.notifyQueue.publish([{ id: 'completion', body: completion }], { delaySeconds: COMPLETION_DELAY_SECONDS });
  return deps.erasures.transition(controllerId, erasureId, 'awaiting_recipients', 'recipients_settled', {
    answered: recipients.filter((recipient) => recipient.answer).length,
    escalated: recipients.filter((recipient) => !recipient.answer && recipient.escalatedAt).length,
  }, now.toISOString());
}
