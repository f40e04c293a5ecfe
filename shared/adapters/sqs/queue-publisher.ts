import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { chunk } from '../../domain/collections/chunk';

export interface QueuePublisher {
  publish(messages: readonly { id: string; body: unknown }[], options?: { delaySeconds?: number }): Promise<void>;
}

/** Sends JSON messages in batches of 10; a message SQS refuses fails the whole call, so the caller retries. */
export class SqsQueuePublisher implements QueuePublisher {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(messages: readonly { id: string; body: unknown }[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (const batch of chunk(messages, 10)) {
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, index) => ({
            Id: `m${index}`,
            MessageBody: JSON.stringify(message.body),
            ...(options.delaySeconds ? { DelaySeconds: options.delaySeconds } : {}),
          })),
        }),
      );
      if (result.Failed?.length) {
        throw new Error(`SQS refused ${result.Failed.length} message(s): ${result.Failed.map((f) => f.Code).join(', ')}`);
      }
    }
  }
}
