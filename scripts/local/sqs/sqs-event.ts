import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { InvocationOutcome } from '../lambda/lambda-container';

/** The event Lambda's SQS poller hands a function for a batch of received messages. */
export function sqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? '',
        attributes: message.Attributes as unknown as SQSRecordAttributes,
        messageAttributes: recordMessageAttributes(message),
        md5OfBody: message.MD5OfBody!,
        ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: region,
      }),
    ),
  };
}

/** Lambda spells message attributes in camel case, with binary values in base64. */
function recordMessageAttributes(message: Message): SQSMessageAttributes {
  const attributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return attributes;
}

/**
 * Which messages of a batch failed, by Lambda's rules. A failed invocation fails the whole batch. With
 * ReportBatchItemFailures, only the listed `batchItemFailures` failed; an empty or missing list means
 * none did, and an identifier that is empty or names no message of the batch fails the whole batch.
 */
export function failedMessageIds(
  outcome: InvocationOutcome,
  messageIds: readonly string[],
  reportBatchItemFailures: boolean,
): string[] {
  if (!outcome.ok) return [...messageIds];
  if (!reportBatchItemFailures) return [];
  const result = outcome.result as { batchItemFailures?: unknown } | null;
  if (result === null || typeof result !== 'object') return [];
  const failures = result.batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return [...messageIds];
  const ids = failures.map((failure) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  const allValid = ids.every((id) => typeof id === 'string' && messageIds.includes(id));
  return allValid ? [...new Set(ids as string[])] : [...messageIds];
}
