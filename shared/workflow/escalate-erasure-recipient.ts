import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureLegalAlert } from '../messages/pipeline-messages';
import { settleErasure, type SettleErasureDependencies } from './settle-erasure';

export interface EscalateRecipientDependencies extends SettleErasureDependencies {
  erasureRecipients: SettleErasureDependencies['erasureRecipients'] & Pick<ErasureRecipientStore, 'get' | 'recordEscalated'>;
}

/**
 * Hands a recipient that did not answer (or could not be told) to the legal team: `erasure.recipient_escalated`
 * is recorded once, the legal team is alerted, and the request completes if no other recipient is waited for.
 * The alert goes whenever the recipient stands escalated without an answer, so a retry after a crash still
 * sends it; its work id lets the sender send it once. True when this call escalated it.
 */
export async function escalateRecipient(
  deps: EscalateRecipientDependencies,
  controllerId: string,
  erasureId: string,
  recipientId: string,
  now: Date,
): Promise<boolean> {
  const escalated = await deps.erasureRecipients.recordEscalated(controllerId, erasureId, recipientId, now.toISOString());
  const [stored, recipient] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasureRecipients.get(controllerId, erasureId, recipientId)]);
  if (stored && recipient?.escalatedAt && !recipient.answer) {
    const alert: ErasureLegalAlert = {
      type: 'erasure-legal-alert',
      controllerId,
      erasureId,
      workId: `recipient-escalated#${erasureId}#${recipientId}`,
      alert: 'recipient-escalated',
      dueDate: stored.dueDate,
      recipientId,
      recipientName: recipient.name,
    };
    await deps.notifyQueue.publish([{ id: 'escalation', body: alert }]);
  }
  await settleErasure(deps, controllerId, erasureId, now);
  return escalated;
}
