import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Moves every message from a dead-letter queue back to the queue it came from, after the cause was
 * fixed. SQS's own StartMessageMoveTask does this in the cloud, but the local emulator lacks it; this
 * receive-send-delete loop works on both, and a message is deleted only once it was sent again.
 */
export async function redrive(client: SQSClient, deadLetterQueueUrl: string, targetQueueUrl: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const { Messages: messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (messages.length === 0) return moved;
    const sent = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: targetQueueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body!,
          MessageAttributes: message.MessageAttributes,
        })),
      }),
    );
    const sentIndexes = (sent.Successful ?? []).map((entry) => Number(entry.Id));
    if (sentIndexes.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: sentIndexes.map((index) => ({ Id: String(index), ReceiptHandle: messages[index]!.ReceiptHandle! })),
        }),
      );
    }
    moved += sentIndexes.length;
    if (sent.Failed?.length) throw new Error(`${sent.Failed.length} message(s) could not be sent back; they stay in the dead-letter queue`);
  }
}
