import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { planParts } from '../domain/disclosure/plan-parts';
import type { PlanMessage, PlanPhase } from '../messages/pipeline-messages';

/**
 * The plan messages of a disclosure recorded just now wait this long, so the disclosure they name is
 * recorded when they arrive; one that arrives first is simply tried again.
 */
export const PLAN_DELAY_SECONDS = 2;

/** Queues one plan message per audience part of a disclosure, for one phase. */
export async function queuePlan(
  deps: { planQueue: QueuePublisher },
  controllerId: string,
  disclosureId: string,
  parts: ReturnType<typeof planParts>,
  phase: PlanPhase,
  delaySeconds = PLAN_DELAY_SECONDS,
): Promise<void> {
  const messages: PlanMessage[] = parts.map((part) => ({ controllerId, disclosureId, phase, part }));
  await deps.planQueue.publish(
    messages.map((message, index) => ({ id: String(index), body: message })),
    { delaySeconds },
  );
}

