import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { BreachFilingDraftMail } from '../messages/pipeline-messages';

/** The draft mail waits this long, so the decision it follows is recorded when it arrives. */
export const FILING_DRAFT_DELAY_SECONDS = 2;

/**
 * Queues the filing draft to the DPO after a decision that changes what the authority is told (an assessment
 * that needs a filing, a filing recorded). Queued before the decision is recorded, so a crash in between loses no
 * mail; its work id names the event the decision is about to append (`eventSeq`), so two decisions never share
 * one and a retry of the same decision does.
 */
export async function queueBreachFilingDraft(notifyQueue: QueuePublisher, controllerId: string, breachId: string, eventSeq: number): Promise<void> {
  const draft: BreachFilingDraftMail = { type: 'breach-filing-draft', controllerId, breachId, workId: `filing-draft#${eventSeq}` };
  await notifyQueue.publish([{ id: 'filing-draft', body: draft }], { delaySeconds: FILING_DRAFT_DELAY_SECONDS });
}
