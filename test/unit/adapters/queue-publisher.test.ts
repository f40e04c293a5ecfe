import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsQueuePublisher } from '../../../shared/adapters/sqs/queue-publisher';
import '../../helpers/aws-matchers';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/notify';

const messages = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `work-${index}`, body: { workId: `work-${index}`, n: index } }));

describe('SqsQueuePublisher', () => {
  beforeEach(() => {
    sqs.reset();
  });

  it('sends 23 messages as 3 batches of at most 10, in order, as JSON', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const publisher = new SqsQueuePublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);
    const sent = messages(23);

    // Act
    await publisher.publish(sent);

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    const batches = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(batches.map((batch) => batch.Entries!.length)).toEqual([10, 10, 3]);
    expect(batches.every((batch) => batch.QueueUrl === QUEUE_URL)).toBe(true);
    expect(batches.flatMap((batch) => batch.Entries!.map((entry) => JSON.parse(entry.MessageBody!)))).toEqual(
      sent.map((message) => message.body),
    );
    for (const batch of batches) {
      const ids = batch.Entries!.map((entry) => entry.Id!);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    }
  });

  it('sends nothing for no messages', async () => {
    // Prepare
    const publisher = new SqsQueuePublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);

    // Act
    await publisher.publish([]);

    // Assess
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('throws when SQS refuses an entry, so the caller retries', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: 'm0', MessageId: 'x', MD5OfMessageBody: 'y' }],
      Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }],
    });
    const publisher = new SqsQueuePublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);

    // Act
    const publishing = publisher.publish(messages(2));

    // Assess
    await expect(publishing).rejects.toThrow(/InternalError/);
  });

  it('stops at the first refused batch', async () => {
    // Prepare
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [{ Id: 'm3', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Successful: [], Failed: [] });
    const publisher = new SqsQueuePublisher(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);

    // Act
    const publishing = publisher.publish(messages(25));

    // Assess
    await expect(publishing).rejects.toThrow();
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
  });
});
