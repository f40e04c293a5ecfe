import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Holds a message back before its next receive: a failed record's message stays invisible for `seconds`
 * from now (Lambda leaves a failed message to its visibility timeout), so retries can back off.
 */
export async function delayNextReceive(client: SQSClient, queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
  await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
}
