import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { aBreachReport } from '../../helpers/breach-fakes';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const CONTROLLER = 'softmedex';
const scopes = ['breaches:write', 'breaches:read'];
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  // The API reads the system clock: the hours left are counted from this instant.
  vi.useFakeTimers({ now: new Date('2026-12-01T09:00:00.000Z'), toFake: ['Date'] });
});

afterEach(() => vi.useRealTimers());

const { controllerId: _c, breachId: _b, recordedAt: _r, recordedBy: _by, ...reportBody } = aBreachReport();

describe('the breach routes, through the API function', () => {
  it('registers a breach in one transaction: its state, first event, register entry and the five timers', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const response = await handler(apiEvent({ routeKey: 'POST /v1/controllers/{controllerId}/breaches', pathParameters: { controllerId: CONTROLLER }, body: reportBody, scopes }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(201);
    const { breachId } = JSON.parse(response.body) as { breachId: string };
    expect(response.headers?.Location).toBe(`/v1/controllers/${CONTROLLER}/breaches/${breachId}`);
    const [transaction] = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    const sortKeys = transaction!.map((item) => `${item.Put?.Item?.pk} ${item.Put?.Item?.sk}`);
    expect(sortKeys).toEqual([
      `C#${CONTROLLER}#B#${breachId} STATE`,
      `C#${CONTROLLER}#B#${breachId} EVENT#00000001`,
      `C#${CONTROLLER}#BREACHES BREACH#${breachId}`,
      ...['filing-reminder-24h', 'filing-reminder-48h', 'filing-reminder-60h', 'filing-reminder-70h', 'filing-overdue'].map((name) => `C#${CONTROLLER}#B#${breachId} TIMER#${name}`),
    ]);
  });

  it('answers bad input as problem+json naming the field, writing nothing', async () => {
    const response = await handler(
      apiEvent({ routeKey: 'POST /v1/controllers/{controllerId}/breaches', pathParameters: { controllerId: CONTROLLER }, body: { ...reportBody, nature: ['leak'] }, scopes }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).errors[0].field).toBe('nature.0');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('lists the register from its entries and the breaches they name', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...keys.breachRegisterEntry(CONTROLLER, 'b1'), breachId: 'b1', awareAt: '2026-12-01T08:00:00.000Z' }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { table: [{ ...keys.breach(CONTROLLER, 'b1'), report: aBreachReport({ controllerId: CONTROLLER, breachId: 'b1' }), filings: [], seq: 1 }] } });
    dynamo.on(GetCommand).resolves({});
    const event = apiEvent({ routeKey: 'GET /v1/controllers/{controllerId}/breaches', pathParameters: { controllerId: CONTROLLER }, scopes });
    event.queryStringParameters = { open: 'true' };
    const response = await handler(event, lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).items).toEqual([
      { breachId: 'b1', awareAt: '2026-12-01T08:00:00.000Z', deadline: '2026-12-04T08:00:00.000Z', hoursLeft: 71, risk: null, filed: false, outstanding: ['assessment', 'filing'], open: true },
    ]);
  });
});
