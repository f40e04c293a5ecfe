import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { verifyWebhook } from '../../../shared/domain/webhooks/standard-webhook';
import { webhookSecret } from '../../../shared/domain/webhooks/webhook-secret';

// The client calls through undici's fetch (its connections check the address they resolve: see the client's own
// tests, against a real server); here the recipient's server is the stubbed global fetch.
vi.mock('undici', async (importOriginal) => ({
  ...(await importOriginal<typeof import('undici')>()),
  fetch: (url: string, init: RequestInit) => globalThis.fetch(url, init),
}));

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
const context = { functionName: 'webhook', awsRequestId: 'r-1' } as Context;

const LINK_KEY = 'l'.repeat(64);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/000000000000/webhook';
const WEBHOOK = 'https://hooks.nordhealth.example/erasure';
const ERASURE_ID = '01KB0ERASURE0000000000000A';

type Item = Record<string, unknown>;

/** The items a call reads: the request, its recipient as told, the recipient now and the subject. */
function table(recipient: Item = {}, current: Item = {}) {
  const items: Item[] = [
    {
      ...keys.erasure('softmedex', ERASURE_ID),
      request: { controllerId: 'softmedex', erasureId: ERASURE_ID, subjectId: 'ann', receivedAt: '2027-02-01T09:00:00.000Z', channel: 'post', dueDate: '2027-03-01', recordedAt: '2027-02-01T09:00:00.000Z' },
      state: 'awaiting_recipients',
      seq: 7,
      lastHash: 'a'.repeat(64),
    },
    {
      ...keys.erasureRecipient('softmedex', ERASURE_ID, 'nordhealth'),
      recipientId: 'nordhealth',
      name: 'Nordhealth Software GmbH',
      kind: 'acquirer',
      country: 'DE',
      locale: 'en',
      webhookUrl: WEBHOOK,
      disclosures: [{ disclosureId: 'd-1', kind: 'merger_acquisition', dataCategories: ['Name'], disclosedAt: '2026-11-22T23:30:00Z' }],
      ...recipient,
    },
    { ...keys.recipient('softmedex', 'nordhealth'), controllerId: 'softmedex', recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE', webhookUrl: WEBHOOK, ...current },
    // Out of the audience since erasure began; its contact data stays until the subject is told it is done.
    { ...keys.subject('softmedex', 'ann'), controllerId: 'softmedex', subjectId: 'ann', email: 'ann@example.com', locale: 'en', name: 'Ann Smith', erasure: { erasureId: ERASURE_ID, startedAt: '2027-03-10T08:00:00.000Z' } },
  ];
  const find = (key: Item) => items.find((item) => item.pk === key.pk && item.sk === key.sk);
  dynamo.on(GetCommand).callsFake((input) => ({ Item: find(input.Key) }));
  dynamo.on(BatchGetCommand).callsFake((input) => ({
    Responses: Object.fromEntries(Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>).map(([name, { Keys }]) => [name, Keys.map(find).filter(Boolean)])),
  }));
}

const event = (receiveCount: number, recipientId = 'nordhealth'): SQSEvent => ({
  Records: [
    {
      messageId: 'm-1',
      receiptHandle: 'receipt-1',
      body: JSON.stringify({ type: 'erasure-webhook', controllerId: 'softmedex', erasureId: ERASURE_ID, recipientId, step: 'notice', workId: `webhook#notice#${recipientId}` }),
      attributes: { ApproximateReceiveCount: String(receiveCount) } as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:webhook',
      awsRegion: 'eu-west-1',
    },
  ],
});

/** The handler reads its environment when its module loads: each test loads it afresh. */
async function loadHandler() {
  vi.resetModules();
  const env = { POWERTOOLS_LOG_LEVEL: 'SILENT', TABLE_NAME: 't', AUDIENCE_SHARDS: '16', LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:link', PUBLIC_BASE_URL: 'https://privacy.example.com', WEBHOOK_QUEUE_URL: QUEUE_URL };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import('../../../functions/webhook/handler')).handler;
}

/** fetch as the recipient's server answers: the statuses in turn (a thrown error for `'down'`). */
function recipientServer(...answers: (number | 'down')[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer === 'down') throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED ${new URL(url).host}`) });
    return new Response(null, { status: answer });
  });
  return calls;
}

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: LINK_KEY });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
});

/** The events the handler appended to the request's trail. */
const appended = () =>
  dynamo.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems!.flatMap((item) => (item.Put?.Item?.event ? [item.Put.Item.event] : [])));

/** Everything the handler hands its logger, as one string. */
async function logCalls() {
  const { logger } = await import('../../../shared/observability/logger');
  const calls: unknown[][] = [];
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void calls.push(args));
  }
  return () => JSON.stringify(calls);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the webhook handler', () => {
  it("POSTs the signed call to the recipient's webhook and reports no failure", async () => {
    table();
    const calls = recipientServer(200);
    const handler = await loadHandler();

    const response = await handler(event(1), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe(WEBHOOK);
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('manual');
    expect(init.signal).toBeInstanceOf(AbortSignal);
    const headers = init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    const secret = webhookSecret(new TextEncoder().encode(LINK_KEY), 'softmedex', 'nordhealth');
    expect(verifyWebhook(secret, init.body as string, headers)).toBe(true);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    // The delivery is evidence that the recipient was told.
    expect(appended()).toMatchObject([
      { seq: 8, type: 'erasure.recipient_webhook_delivered', data: { recipientId: 'nordhealth', step: 'notice', webhookId: headers['webhook-id'], status: 200 } },
    ]);
  });

  it('fails the record, calling nothing, when the webhook host is an internal address', async () => {
    table({ webhookUrl: 'https://169.254.169.254/erasure' }, { webhookUrl: 'https://169.254.169.254/erasure' });
    const calls = recipientServer(200);
    const handler = await loadHandler();

    const response = await handler(event(1), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(calls).toEqual([]);
    expect(appended()).toEqual([]);
  });

  it('fails the record when the webhook was removed from a recipient without an email address, so it reaches the dead-letter queue', async () => {
    table({}, { webhookUrl: undefined });
    const calls = recipientServer(200);
    const handler = await loadHandler();

    const response = await handler(event(5), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(calls).toEqual([]);
  });

  it.each([
    [1, 30],
    [2, 120],
    [4, 1920],
  ])('fails the record when the webhook answers 500, holding it back first (receive %i: %i s)', async (receiveCount, seconds) => {
    table();
    recipientServer(500);
    const handler = await loadHandler();

    const response = await handler(event(receiveCount), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'receipt-1', VisibilityTimeout: seconds },
    ]);
    expect(appended()).toEqual([]);
  });

  it('fails and backs off when the webhook cannot be reached, logging neither its address nor the body', async () => {
    table();
    recipientServer('down');
    const handler = await loadHandler();
    const logged = await logCalls();

    const response = await handler(event(3), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input.VisibilityTimeout).toBe(480);
    const output = logged();
    expect(output).toContain('Webhook call failed');
    expect(output).toContain('network');
    for (const secretive of ['hooks.nordhealth.example', 'ann@example.com', 'Ann Smith']) expect(output).not.toContain(secretive);
  });

  it('sends nothing to a recipient that answered already, and reports no failure', async () => {
    table({ answer: { status: 'not_held', answeredAt: '2027-03-10T09:00:00.000Z', via: 'callback' } });
    const calls = recipientServer(200);
    const handler = await loadHandler();

    const response = await handler(event(1), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('retries a call whose recipient is not recorded yet, and drops it after three receives', async () => {
    table();
    const calls = recipientServer(200);
    const handler = await loadHandler();

    const early = await handler(event(1, 'unknown'), context);
    const late = await handler(event(3, 'unknown'), context);

    expect(early).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(late).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });
});
