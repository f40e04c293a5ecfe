import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { dentists4dentists } from '../../../shared/domain/policy/profiles/dentists4dentists';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

const CONTROLLER = 'dentists4dentists';
const ERASURE = '01KB0ERASURE0000000000000A';
const EXECUTION_ROUTE = 'POST /v1/controllers/{controllerId}/erasures/{erasureId}/execution';
const STATE_KEY = keys.erasure(CONTROLLER, ERASURE);
const request = {
  controllerId: CONTROLLER,
  erasureId: ERASURE,
  subjectId: 'praktijk-1',
  receivedAt: '2026-11-02T10:00:00.000Z',
  channel: 'email',
  dueDate: '2026-12-02',
  recordedAt: '2026-11-02T10:05:00.000Z',
};

/** Every call in the order the API made it: a queue message is `sqs`, a transaction `dynamo`. */
let calls: string[] = [];

function withRequest(state: string | undefined) {
  dynamo.on(GetCommand, { Key: STATE_KEY }).resolves(state ? { Item: { ...STATE_KEY, request, state, dueDate: '2026-12-02', extendedMonths: 0, seq: 3, lastHash: 'a'.repeat(64) } } : {});
}

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  calls = [];
  dynamo.on(GetCommand).resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(TransactWriteCommand).callsFake(() => {
    calls.push('dynamo');
    return {};
  });
  sqs.on(SendMessageBatchCommand).callsFake(() => {
    calls.push('sqs');
    return { Successful: [], Failed: [] };
  });
});

const execute = (body: unknown, headers: Record<string, string> = {}) =>
  handler(apiEvent({ routeKey: EXECUTION_ROUTE, pathParameters: { controllerId: CONTROLLER, erasureId: ERASURE }, body, headers, controllers: [CONTROLLER] }), lambdaContext);
const problem = (response: { headers: Record<string, string>; body: string }) => {
  expect(response.headers['Content-Type']).toBe('application/problem+json');
  return JSON.parse(response.body);
};
const nothingWritten = () => {
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
};

describe('POST erasure execution', () => {
  it('queues the execution, then starts the request with the invoices kept 7 years from the date given', async () => {
    // Prepare
    withRequest('verified');

    // Act
    const response = await execute({ retentionStarts: [{ category: 'Copies of invoices', from: '2026-03-15' }] });

    // Assess
    expect(response.statusCode).toBe(202);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ erasureId: ERASURE, state: 'in_progress' });
    expect(body.retained[0]).toEqual({
      category: 'Copies of invoices',
      label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' },
      reason: 'policy',
      rule: { period: 'P7Y', from: 'the invoice date', source: dentists4dentists.retention[0]!.source },
      startsOn: '2026-03-15',
      until: '2033-03-15',
    });
    expect(calls).toEqual(['sqs', 'dynamo']);
    expect(JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!)).toEqual({
      type: 'erasure-execution',
      controllerId: CONTROLLER,
      erasureId: ERASURE,
      workId: `execution#${ERASURE}`,
    });
    const [state, event] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(state!.Update).toMatchObject({ ConditionExpression: 'seq = :seq AND (#state = :from)', ExpressionAttributeValues: { ':from': 'verified', ':set_state': 'in_progress', ':set_retained': body.retained } });
    expect(event!.Put!.Item!.event).toMatchObject({ type: 'erasure.erasure_started', data: { retained: body.retained, from: 'verified', to: 'in_progress' } });
  });

  it('claims an Idempotency-Key in the same transaction', async () => {
    withRequest('verified');

    await execute({}, { 'idempotency-key': 'start-1' });

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)!.Put!.Item).toMatchObject({ ...keys.erasureIdempotencyKey(CONTROLLER, 'start-1'), erasureId: ERASURE });
  });

  it('answers 400 naming each bad field, and writes and queues nothing', async () => {
    withRequest('verified');

    const response = await execute({
      retentionStarts: [{ category: 'Copies of invoices', from: '2026-02-30' }],
      holds: [{ category: 'Support', ground: 'whim', detail: 'x' }],
      extra: true,
    });

    expect(response.statusCode).toBe(400);
    expect(problem(response).errors.map((error: { field: string }) => error.field).sort()).toEqual(['(body)', 'holds.0.ground', 'retentionStarts.0.from']);
    nothingWritten();
  });

  it('answers 400 for a category started twice', async () => {
    withRequest('verified');

    const response = await execute({ retentionStarts: [{ category: 'Copies of invoices', from: '2026-03-15' }, { category: 'Copies of invoices', from: '2026-04-15' }] });

    expect(response.statusCode).toBe(400);
    expect(problem(response).errors).toEqual([{ field: 'retentionStarts.1.category', message: 'appears more than once' }]);
    nothingWritten();
  });

  it("answers 422 naming a retention start the profile has no rule for, and writes nothing", async () => {
    withRequest('verified');

    const response = await execute({ retentionStarts: [{ category: 'Invoices', from: '2026-03-15' }] });

    expect(response.statusCode).toBe(422);
    const body = problem(response);
    expect(body.errors).toEqual([{ field: 'retentionStarts.0.category', message: 'no retention rule of the profile has this category' }]);
    expect(body.detail).toContain("'Invoices'");
    nothingWritten();
  });

  it.each(['awaiting_verification', 'in_progress', 'completed', 'rejected'])('answers 409 for a request that is %s, and writes nothing', async (state) => {
    withRequest(state);

    const response = await execute({});

    expect(response.statusCode).toBe(409);
    expect(problem(response).detail).toContain(state);
    nothingWritten();
  });

  it('answers 404 for a request it does not know', async () => {
    withRequest(undefined);

    const response = await execute({});

    expect(response.statusCode).toBe(404);
    nothingWritten();
  });
});

describe('GET erasure, once carried out', () => {
  it("shows what is kept and each recipient's steps and answer, without its contacts", async () => {
    // Prepare
    const retained = [{ category: 'Copies of invoices', reason: 'policy', rule: { period: 'P7Y', from: 'the invoice date', source: 's' }, startsOn: '2026-03-15', until: '2033-03-15' }];
    dynamo.on(GetCommand, { Key: STATE_KEY }).resolves({ Item: { ...STATE_KEY, request, state: 'awaiting_recipients', dueDate: '2026-12-02', extendedMonths: 0, retained, seq: 5 } });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': STATE_KEY.pk, ':prefix': 'RECIPIENT#' } }).resolves({
      Items: [
        {
          ...keys.erasureRecipient(CONTROLLER, ERASURE, 'incasso'),
          type: 'erasure-recipient',
          controllerId: CONTROLLER,
          erasureId: ERASURE,
          recipientId: 'incasso',
          name: 'Incassobureau Brabant B.V.',
          kind: 'debt_collector',
          country: 'NL',
          locale: 'nl',
          contactEmail: 'privacy@incasso.example',
          disclosures: [{ disclosureId: 'd-1', kind: 'debt_collection', dataCategories: ['factuur'], disclosedAt: '2026-03-01T10:00:00Z' }],
          notifiedAt: '2026-11-23T09:00:02.000Z',
          answer: { status: 'erased', answeredAt: '2026-11-24T09:00:00.000Z', via: 'link' },
        },
        {
          ...keys.erasureRecipient(CONTROLLER, ERASURE, 'acme'),
          type: 'erasure-recipient',
          controllerId: CONTROLLER,
          erasureId: ERASURE,
          recipientId: 'acme',
          name: 'Acme Health B.V.',
          kind: 'acquirer',
          country: 'NL',
          locale: 'en',
          webhookUrl: 'https://acme.example/hooks',
          disclosures: [{ disclosureId: 'd-2', kind: 'merger_acquisition', dataCategories: ['name'], disclosedAt: '2026-04-01T10:00:00Z' }],
          notifiedAt: '2026-11-23T09:00:02.000Z',
          notifiedByWebhookAt: '2026-11-23T09:00:04.000Z',
        },
      ],
    });

    // Act
    const response = await handler(
      apiEvent({ routeKey: 'GET /v1/controllers/{controllerId}/erasures/{erasureId}', pathParameters: { controllerId: CONTROLLER, erasureId: ERASURE }, controllers: [CONTROLLER] }),
      lambdaContext,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    const view = JSON.parse(response.body);
    expect(view).toMatchObject({ state: 'awaiting_recipients', retained });
    expect(view.recipients).toEqual([
      {
        recipientId: 'incasso',
        name: 'Incassobureau Brabant B.V.',
        kind: 'debt_collector',
        notifiedAt: '2026-11-23T09:00:02.000Z',
        answer: { status: 'erased', answeredAt: '2026-11-24T09:00:00.000Z', via: 'link' },
      },
      // Its webhook took the notice: a call only queued would show no notifiedByWebhookAt. No contact data in the view.
      { recipientId: 'acme', name: 'Acme Health B.V.', kind: 'acquirer', notifiedAt: '2026-11-23T09:00:02.000Z', notifiedByWebhookAt: '2026-11-23T09:00:04.000Z' },
    ]);
  });
});
