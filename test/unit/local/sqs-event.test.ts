import { describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../../../scripts/local/lambda/lambda-container';
import { failedMessageIds, sqsEvent } from '../../../scripts/local/sqs/sqs-event';

const queueArn = 'arn:aws:sqs:eu-west-1:000000000000:PlanQueue';

describe('sqsEvent', () => {
  it('builds the records Lambda hands a function, attributes in camel case and binaries in base64', () => {
    const event = sqsEvent(
      [
        {
          MessageId: 'm1',
          ReceiptHandle: 'rh1',
          Body: '{"work":1}',
          MD5OfBody: 'md5',
          MD5OfMessageAttributes: 'md5attrs',
          Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000', SenderId: '000000000000', ApproximateFirstReceiveTimestamp: '1700000000100' },
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: 'plan' },
            blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
          },
        },
      ],
      queueArn,
      'eu-west-1',
    );
    expect(event).toEqual({
      Records: [
        {
          messageId: 'm1',
          receiptHandle: 'rh1',
          body: '{"work":1}',
          attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000', SenderId: '000000000000', ApproximateFirstReceiveTimestamp: '1700000000100' },
          messageAttributes: {
            kind: { stringValue: 'plan', stringListValues: [], binaryListValues: [], dataType: 'String' },
            blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
          },
          md5OfBody: 'md5',
          md5OfMessageAttributes: 'md5attrs',
          eventSource: 'aws:sqs',
          eventSourceARN: queueArn,
          awsRegion: 'eu-west-1',
        },
      ],
    });
  });
});

describe('failedMessageIds', () => {
  const ids = ['m1', 'm2', 'm3'];
  const ok = (result: unknown): InvocationOutcome => ({ ok: true, result, requestId: 'r' });

  it('fails the whole batch when the invocation fails, with or without partial batch responses', () => {
    const thrown: InvocationOutcome = { ok: false, error: { errorType: 'Error', errorMessage: 'boom' }, requestId: 'r' };
    expect(failedMessageIds(thrown, ids, true)).toEqual(ids);
    expect(failedMessageIds(thrown, ids, false)).toEqual(ids);
  });

  it('ignores the result when the mapping does not report batch item failures', () => {
    expect(failedMessageIds(ok({ batchItemFailures: [{ itemIdentifier: 'm1' }] }), ids, false)).toEqual([]);
  });

  it('fails only the listed messages', () => {
    expect(failedMessageIds(ok({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm2' }] }), ids, true)).toEqual(['m2']);
  });

  it('counts an empty or missing response as complete success', () => {
    for (const result of [null, {}, { batchItemFailures: [] }, { batchItemFailures: null }, 'done']) {
      expect(failedMessageIds(ok(result), ids, true), JSON.stringify(result)).toEqual([]);
    }
  });

  it('fails the whole batch for an identifier that is empty, missing or not in the batch', () => {
    for (const failures of [[{ itemIdentifier: '' }], [{ itemIdentifier: null }], [{ id: 'm1' }], [{ itemIdentifier: 'm9' }], 'm1']) {
      expect(failedMessageIds(ok({ batchItemFailures: failures }), ids, true), JSON.stringify(failures)).toEqual(ids);
    }
  });
});
