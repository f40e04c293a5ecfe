import { DynamoDBClient, TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { transactWrite } from '../../../shared/adapters/dynamo/transact';
import '../../helpers/aws-matchers';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));

const input: TransactWriteCommandInput = {
  TransactItems: [
    { Put: { TableName: 't', Item: { pk: 'a', sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Update: { TableName: 't', Key: { pk: 'c', sk: 'd' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
  ],
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code): CancellationReason => ({ Code })),
  });

describe('transactWrite', () => {
  beforeEach(() => {
    dynamo.reset();
    // No jitter: retries happen at once.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers ok for a transaction that goes through, sending it as given', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await transactWrite(client, input);

    // Assess
    expect(outcome).toEqual({ ok: true });
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(TransactWriteCommand, input);
  });

  it('retries a transaction conflict and then succeeds', async () => {
    // Prepare
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});

    // Act
    const outcome = await transactWrite(client, input);

    // Assess
    expect(outcome).toEqual({ ok: true });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('gives up on conflicts after the allowed attempts and throws the last one', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    // Act
    const writing = transactWrite(client, input, 4);

    // Assess
    await expect(writing).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
  });

  it('answers the indexes of the failed conditions, without retrying', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'));

    // Act
    const outcome = await transactWrite(client, input);

    // Assess
    expect(outcome).toEqual({ ok: false, failedConditions: [0, 2] });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('rethrows a cancellation for another reason, without retrying', async () => {
    // Prepare
    const error = cancelled('ValidationError', 'None');
    dynamo.on(TransactWriteCommand).rejects(error);

    // Act
    const writing = transactWrite(client, input);

    // Assess
    await expect(writing).rejects.toBe(error);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('rethrows any other error, without retrying', async () => {
    // Prepare
    const error = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    dynamo.on(TransactWriteCommand).rejects(error);

    // Act
    const writing = transactWrite(client, input);

    // Assess
    await expect(writing).rejects.toThrow('Requested resource not found');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
