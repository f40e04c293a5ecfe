import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ROUTE = 'POST /v1/controllers/{controllerId}/erasures/{erasureId}/rejection';
const ERASURE_ID = '01KB0ERASURE0000000000000A';
const scopes = ['erasures:write', 'erasures:read'];
const body = { ground: 'legal_obligation', reason: 'Tax law makes us keep your invoices for seven years.' };

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

/** What was sent, in order, across the table and the queue: the notice must go before the rejection is written. */
let sent: string[];
type Item = Record<string, unknown>;

/** A request in `state`, as the table holds it, with a claim when given; transactions are recorded. */
function table(state: ErasureState | undefined, options: { claim?: Item } = {}) {
  const items = new Map<string, Item>();
  const keyOf = (key: Item) => `${key.pk}|${key.sk}`;
  if (state) {
    items.set(keyOf(keys.erasure('softmedex', ERASURE_ID)), {
      ...keys.erasure('softmedex', ERASURE_ID),
      request: { controllerId: 'softmedex', erasureId: ERASURE_ID, subjectId: 'ann', receivedAt: '2026-11-20T10:00:00.000Z', channel: 'web', dueDate: '2026-12-21', recordedAt: '2026-11-20T10:00:00.000Z' },
      state,
      dueDate: '2026-12-21',
      extendedMonths: 0,
      seq: 2,
      lastHash: 'a'.repeat(64),
    });
  }
  if (options.claim) items.set(keyOf(keys.erasureIdempotencyKey('softmedex', 'refuse-1')), options.claim);
  dynamo.on(GetCommand).callsFake((input) => ({ Item: items.get(keyOf(input.Key)) }));
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(TransactWriteCommand).callsFake(() => {
    sent.push('transaction');
    return {};
  });
}

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sent = [];
  sqs.on(SendMessageBatchCommand).callsFake(() => {
    sent.push('notice');
    return { Successful: [], Failed: [] };
  });
});

const reject = (requestBody: unknown = body, headers: Record<string, string> = {}) =>
  handler(apiEvent({ routeKey: ROUTE, pathParameters: { controllerId: 'softmedex', erasureId: ERASURE_ID }, body: requestBody, scopes, headers }), lambdaContext);

describe('POST erasure rejection', () => {
  it('records the rejection from the state it was read in, after queueing the notice, and answers it', async () => {
    // Prepare
    table('verified');

    // Act
    const response = await reject();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      erasureId: ERASURE_ID,
      state: 'rejected',
      rejection: { ...body, rejectedAt: expect.any(String) },
    });
    expect(sent).toEqual(['notice', 'transaction']);
    const message = JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!);
    expect(message).toEqual({ type: 'erasure-rejection', controllerId: 'softmedex', erasureId: ERASURE_ID, workId: `rejection#${ERASURE_ID}` });
    const [update] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':from': 'verified', ':set_state': 'rejected' });
  });

  it.each(['in_progress', 'awaiting_recipients', 'completed', 'lapsed', 'rejected'] as const)(
    'answers 409 problem+json for a request %s, queueing and writing nothing',
    async (state) => {
      // Prepare
      table(state);

      // Act
      const response = await reject();

      // Assess
      expect(response.statusCode).toBe(409);
      expect(response.headers?.['Content-Type']).toBe('application/problem+json');
      expect(JSON.parse(response.body).detail).toContain(state);
      expect(sent).toEqual([]);
    },
  );

  it('answers 404 for a request it does not know', async () => {
    table(undefined);
    const response = await reject();
    expect(response.statusCode).toBe(404);
    expect(sent).toEqual([]);
  });

  it.each([
    ['a ground the law does not give', { ...body, ground: 'too_busy' }, 'ground'],
    ['no reason', { ground: 'excessive' }, 'reason'],
    ['an empty reason', { ground: 'excessive', reason: '   ' }, 'reason'],
    // The notice could never be written: recorded, the subject would never be told.
    ['a reason of control characters only', { ground: 'excessive', reason: '\u0001\u0002\u0007' }, 'reason'],
    ['a reason over 2000 characters', { ground: 'excessive', reason: 'x'.repeat(2001) }, 'reason'],
  ])('answers 400 naming the field for %s, writing nothing', async (_, requestBody, field) => {
    // Prepare
    table('verified');

    // Act
    const response = await reject(requestBody);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual([field]);
    expect(sent).toEqual([]);
  });

  it('answers 422 for an Idempotency-Key used before for another request, writing nothing', async () => {
    // Prepare
    table('rejected', { claim: { erasureId: ERASURE_ID, requestHash: 'f'.repeat(64) } });

    // Act
    const response = await reject(body, { 'idempotency-key': 'refuse-1' });

    // Assess
    expect(response.statusCode).toBe(422);
    expect(sent).toEqual([]);
  });
});

describe('GET erasure', () => {
  it('shows the rejection of a rejected request', async () => {
    // Prepare
    const rejection = { ground: 'excessive', reason: 'Third request this month.', rejectedAt: '2026-11-24T10:00:00.000Z' };
    dynamo.on(GetCommand).resolves({
      Item: {
        request: { controllerId: 'softmedex', erasureId: ERASURE_ID, subjectId: 'ann', receivedAt: '2026-11-20T10:00:00.000Z', channel: 'web', dueDate: '2026-12-21', recordedAt: '2026-11-20T10:00:00.000Z' },
        state: 'rejected',
        dueDate: '2026-12-21',
        extendedMonths: 0,
        rejection,
      },
    });
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const response = await handler(
      apiEvent({ routeKey: 'GET /v1/controllers/{controllerId}/erasures/{erasureId}', pathParameters: { controllerId: 'softmedex', erasureId: ERASURE_ID }, scopes }),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ state: 'rejected', rejection });
  });
});

describe('the OpenAPI document', () => {
  it('describes the rejection with its grounds, and the website intake without a token', async () => {
    // Act
    const response = await handler(apiEvent({ routeKey: 'GET /v1/openapi.json' }), lambdaContext);

    // Assess
    const document = JSON.parse(response.body);
    expect(document.components.schemas.ErasureRejection.properties.ground.enum).toEqual(expect.arrayContaining(['identity_not_established', 'legal_claims']));
    expect(Object.keys(document.paths['/v1/controllers/{controllerId}/erasures/{erasureId}/rejection'].post.responses)).toEqual(
      expect.arrayContaining(['200', '409', '422']),
    );
    const intake = document.paths['/v1/public/controllers/{controllerId}/erasures'].post;
    expect(intake.security).toEqual([]);
    expect(Object.keys(intake.responses).sort()).toEqual(['202', '400', '404', '429']);
    expect(document.components.schemas.PublicErasureRequest.required).toEqual(['email']);
  });
});
