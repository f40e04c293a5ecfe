import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

const ROUTE = 'POST /v1/controllers/{controllerId}/erasures';
const OPEN = '01KB0ERASURE0000000000OPEN';
const SUBJECT_KEY = keys.subject('softmedex', 'ann');
const body = { subjectId: 'ann', receivedAt: '2026-11-20T10:00:00.000Z', channel: 'post' };

/** Every call in the order the API made it: a queue message is `sqs`, a transaction `dynamo`. */
let calls: string[];

/** Ann, registered with Softmedex, and the request her subject item names as open (none unless given). */
function ann(openErasureId?: string) {
  const item = { ...SUBJECT_KEY, controllerId: 'softmedex', subjectId: 'ann', email: 'ann@mail.example', locale: 'nl', ...(openErasureId ? { openErasureId } : {}) };
  dynamo.on(BatchGetCommand).resolves({ Responses: { table: [item] } });
  dynamo.on(GetCommand, { Key: SUBJECT_KEY }).resolves({ Item: item });
}

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  calls = [];
  dynamo.on(GetCommand).resolves({});
  dynamo.on(TransactWriteCommand).callsFake(() => {
    calls.push('dynamo');
    return {};
  });
  sqs.on(SendMessageBatchCommand).callsFake(() => {
    calls.push('sqs');
    return { Successful: [], Failed: [] };
  });
});

const receive = () => handler(apiEvent({ routeKey: ROUTE, pathParameters: { controllerId: 'softmedex' }, body, scopes: ['erasures:write'] }), lambdaContext);

describe('POST erasure intake, one open request per subject', () => {
  it('records a request for a subject with none open, claiming the subject in the same transaction', async () => {
    // Prepare
    ann();

    // Act
    const response = await receive();

    // Assess
    expect(response.statusCode).toBe(202);
    const { erasureId } = JSON.parse(response.body);
    expect(calls).toEqual(['sqs', 'dynamo']);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Update?.Key)).toContainEqual(SUBJECT_KEY);
    expect(items.find((item) => item.Update)!.Update!.ExpressionAttributeValues).toEqual({ ':erasureId': erasureId });
  });

  it('answers 409 problem+json naming the open request, with its link, queueing and writing nothing', async () => {
    // Prepare
    ann(OPEN);

    // Act
    const response = await receive();

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 409, openErasureId: OPEN });
    expect(problem.detail).toContain(`/v1/controllers/softmedex/erasures/${OPEN}`);
    expect(calls).toEqual([]);
  });

  it('answers 409 when the recording transaction finds the subject claimed by a request recorded at the same moment', async () => {
    // Prepare: the check reads no open request; the transaction's claim fails, and the read back names the winner.
    ann();
    dynamo.on(TransactWriteCommand).callsFake(() => {
      calls.push('dynamo');
      dynamo.on(GetCommand, { Key: SUBJECT_KEY }).resolves({ Item: { ...SUBJECT_KEY, openErasureId: OPEN } });
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
      });
    });

    // Act
    const response = await receive();

    // Assess: the queued verification finds no request; the sender drops it.
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).openErasureId).toBe(OPEN);
    expect(calls).toEqual(['sqs', 'dynamo']);
  });
});
