import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import { lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.AUDIENCE_SHARDS = '16';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.LINK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:links';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ROUTE = 'POST /v1/public/controllers/{controllerId}/erasures';
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
const LINK_KEY = 'k'.repeat(64);
let handler: (event: APIGatewayProxyEventV2, context: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;

beforeAll(async () => {
  handler = (await import('../../../functions/public/handler')).handler as unknown as typeof handler;
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  secrets.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: LINK_KEY });
});

/** A request as the controller's website sends it: no token, a JSON body. */
function typed(body: unknown, controllerId = 'softmedex'): APIGatewayProxyEventV2 {
  const rawPath = `/v1/public/controllers/${controllerId}/erasures`;
  return {
    version: '2.0',
    routeKey: ROUTE,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { controllerId },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: ROUTE,
      stage: '$default',
      time: '23/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const queued = () =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.MessageBody!) as Record<string, unknown>));

describe('POST /v1/public/controllers/{controllerId}/erasures', () => {
  it('queues the lookup key of the address typed, keyed with the link secret, never the address, and answers 202 without reading the table', async () => {
    // Act
    const response = await handler(typed({ email: ' Ann@Example.com ' }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'accepted' });
    const [message, ...others] = queued();
    expect(others).toEqual([]);
    expect(message).toEqual({
      type: 'public-erasure-request',
      controllerId: 'softmedex',
      emailLookup: emailLookup(new TextEncoder().encode(LINK_KEY), 'softmedex', 'ann@example.com'),
      receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      workId: expect.stringMatching(/^public-erasure#[0-9A-Z]{26}$/),
    });
    expect(JSON.stringify(message)).not.toMatch(/ann@example\.com/i);
    // The same work whether or not the address is known: nothing is looked up here.
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers every well-formed address the same, status, headers and body, and gives each its own unit of work', async () => {
    // Act
    const answers = [];
    for (const email of ['ann@example.com', 'nobody-we-know@example.org', 'x@y.example']) answers.push(await handler(typed({ email }), lambdaContext));

    // Assess
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.headers).toMatchObject({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    const workIds = queued().map((message) => message.workId);
    expect(new Set(workIds).size).toBe(3);
  });

  it.each([
    ['a malformed address', { email: 'not an address' }],
    ['no address', {}],
    ['an address that is not a string', { email: 42 }],
    ['an address too long', { email: `${'a'.repeat(250)}@example.com` }],
  ])('answers 400 problem+json naming email for %s, queueing nothing', async (_, body) => {
    // Act
    const response = await handler(typed(body), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['email']);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON, and for fields it does not take', async () => {
    const notJson = await handler(typed('email=ann@example.com'), lambdaContext);
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(notJson.body).errors).toEqual([{ field: '(body)', message: 'must be a JSON document' }]);
    const extra = await handler(typed({ email: 'ann@example.com', subjectId: 'ann' }), lambdaContext);
    expect(extra.statusCode).toBe(400);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 404 problem+json for a controller the deployment does not serve, queueing nothing', async () => {
    for (const controllerId of ['nobody', '../softmedex']) {
      const response = await handler(typed({ email: 'ann@example.com' }, controllerId), lambdaContext);
      expect(response.statusCode, controllerId).toBe(404);
      expect(response.headers['Content-Type']).toBe('application/problem+json');
    }
    expect(sqs.calls()).toHaveLength(0);
  });
});
