import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalQueue } from './template/data-stores';

/** What is still going on; empty when the pipeline is idle. */
export type BusyReport = string[];

/** Visible, in-flight and delayed messages of each queue that feeds a function. */
export async function busyQueues(client: SQSClient, queues: readonly LocalQueue[]): Promise<BusyReport> {
  const busy: BusyReport = [];
  for (const queue of queues) {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const visible = Number(Attributes.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    const delayed = Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    if (visible + inFlight + delayed > 0) busy.push(`${queue.logicalId}: ${visible} visible, ${inFlight} in flight, ${delayed} delayed`);
  }
  return busy;
}

/**
 * Resolves once `check` reports nothing busy twice in a row (a message can sit between a delete and
 * the next send for a moment), and rejects with what is still busy after `timeoutMs`.
 */
export async function waitUntilIdle(check: () => Promise<BusyReport>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idleChecks = 0;
  let lastReport: BusyReport = [];
  while (Date.now() < deadline) {
    lastReport = await check();
    idleChecks = lastReport.length === 0 ? idleChecks + 1 : 0;
    if (idleChecks >= 2) return;
    await sleep(intervalMs);
  }
  throw new Error(`Not idle after ${timeoutMs} ms: ${lastReport.join('; ') || 'became busy again'}`);
}
