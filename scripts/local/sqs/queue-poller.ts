import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_REGION, localClientConfig } from '../emulators/local-aws';
import type { InvocationOutcome } from '../lambda/lambda-container';
import type { Log } from '../log';
import type { LocalQueue } from '../template/data-stores';
import type { QueueMapping } from '../template/triggers';
import { failedMessageIds, sqsEvent } from './sqs-event';

export interface QueuePollerOptions {
  mapping: QueueMapping;
  queue: LocalQueue;
  sqsEndpoint: string;
  invoke(event: unknown): Promise<InvocationOutcome>;
  log: Log;
}

/**
 * Lambda gives a failed message back to the queue only when its visibility timeout (the template's,
 * 6 x the function timeout) runs out. Locally that would stall a retry for minutes, so a failed message
 * is made visible again after this short backoff; receive counts, and so the redrive to the
 * dead-letter queue after maxReceiveCount, are unchanged.
 */
const LOCAL_RETRY_BACKOFF_SECONDS = 1;
const LONG_POLL_SECONDS = 20;

/**
 * One SQS event source mapping: MaximumConcurrency pollers, each receiving up to BatchSize messages,
 * invoking the function, then deleting what succeeded.
 */
export class QueuePoller {
  private readonly client: SQSClient;
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly options: QueuePollerOptions) {
    this.client = new SQSClient(localClientConfig(options.sqsEndpoint));
  }

  start(): void {
    this.loops = Array.from({ length: this.options.mapping.maximumConcurrency }, () => this.poll());
  }

  /** Stops receiving at once; call `finished` after the function's containers are stopped. */
  stopReceiving(): void {
    this.abort.abort();
  }

  async finished(): Promise<void> {
    await Promise.all(this.loops);
    this.client.destroy();
  }

  private async poll(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        const messages = await this.receive(signal);
        if (messages.length > 0 && !signal.aborted) await this.process(messages);
      } catch (error) {
        if (signal.aborted) return;
        this.options.log(`${this.options.mapping.logicalId}: polling failed (${(error as Error).name}); retrying`);
        await sleep(1000, undefined, { signal }).catch(() => {});
      }
    }
  }

  private async receive(signal: AbortSignal): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queue.url,
        MaxNumberOfMessages: this.options.mapping.batchSize,
        WaitTimeSeconds: LONG_POLL_SECONDS,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return Messages;
  }

  private async process(messages: Message[]): Promise<void> {
    const { mapping, queue, log } = this.options;
    const started = Date.now();
    const outcome = await this.options.invoke(sqsEvent(messages, queue.arn, LOCAL_REGION));
    const messageIds = messages.map((message) => message.MessageId!);
    const failed = new Set(failedMessageIds(outcome, messageIds, mapping.reportBatchItemFailures));
    const entries = (list: Message[]) =>
      list.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! }));
    const succeeded = messages.filter((message) => !failed.has(message.MessageId!));
    const retried = messages.filter((message) => failed.has(message.MessageId!));
    if (succeeded.length > 0) {
      await this.client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries(succeeded) }));
    }
    if (retried.length > 0) {
      await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: entries(retried).map((entry) => ({ ...entry, VisibilityTimeout: LOCAL_RETRY_BACKOFF_SECONDS })),
        }),
      );
    }
    const failure = outcome.ok ? '' : `, invocation failed with ${outcome.error.errorType}`;
    const counts = `${messages.length} message(s), ${retried.length} failed${failure}`;
    log(`${mapping.functionLogicalId} <- ${queue.logicalId}: ${counts} (${Date.now() - started} ms)`);
  }
}
