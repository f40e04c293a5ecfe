import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  // Reading a disclosure sums its part counters: none yet.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const SUBJECT_ROUTE = 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}';
const DISCLOSURE_ROUTE = 'POST /v1/controllers/{controllerId}/disclosures';
const recipientItem = { controllerId: 'softmedex', recipientId: 'acme', name: 'Acme Holding B.V.', kind: 'acquirer', country: 'NL' };
const mergerBody = {
  kind: 'merger_acquisition',
  recipientId: 'acme',
  legalBasis: 'legitimate_interests',
  purpose: 'Sale of the customer base to Acme',
  dataCategories: ['name', 'email address'],
  audience: { all: true },
};

const call = (event: ReturnType<typeof apiEvent>) => handler(event, lambdaContext);
const writes = () => [...dynamo.commandCalls(PutCommand), ...dynamo.commandCalls(UpdateCommand), ...dynamo.commandCalls(TransactWriteCommand)];

describe('bad input', () => {
  it('answers 400 problem+json naming each bad field and writes nothing', async () => {
    const response = await call(
      apiEvent({
        routeKey: SUBJECT_ROUTE,
        pathParameters: { controllerId: 'softmedex', subjectId: 's-1' },
        body: { email: 'not-an-email', locale: 'de' },
        scopes: ['subjects:write'],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem.status).toBe(400);
    expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual(['email', 'locale']);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a name carrying CR or LF, which could end up in a mail header', async () => {
    const response = await call(
      apiEvent({
        routeKey: 'PUT /v1/controllers/{controllerId}/recipients/{recipientId}',
        pathParameters: { controllerId: 'softmedex', recipientId: 'acme' },
        body: { name: 'Acme\r\nBcc: victim@example.com', kind: 'acquirer', country: 'NL' },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].field).toBe('name');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await call(
      apiEvent({ routeKey: SUBJECT_ROUTE, pathParameters: { controllerId: 'softmedex', subjectId: 's-1' }, body: '{nope' }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].field).toBe('(body)');
  });
});

describe('controller authorization', () => {
  it('answers 403 when the token does not name the controller in the path', async () => {
    const response = await call(
      apiEvent({
        routeKey: SUBJECT_ROUTE,
        pathParameters: { controllerId: 'softmedex', subjectId: 's-1' },
        body: { email: 'jan@example.com', locale: 'nl' },
        controllers: ['dsoft'],
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 404 for a controller the deployment has no policy profile for', async () => {
    const response = await call(
      apiEvent({
        routeKey: SUBJECT_ROUTE,
        pathParameters: { controllerId: 'unknown-co', subjectId: 's-1' },
        body: { email: 'jan@example.com', locale: 'nl' },
        controllers: ['unknown-co'],
      }),
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('PUT subject', () => {
  it('stores the contact data on the subject item only, and the subject in its audience shard without it', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const response = await call(
      apiEvent({
        routeKey: SUBJECT_ROUTE,
        pathParameters: { controllerId: 'softmedex', subjectId: 's-1' },
        body: { email: 'jan@example.com', locale: 'nl', name: 'Jan Jansen' },
      }),
    );
    expect(response.statusCode).toBe(204);
    const updates = dynamo.commandCalls(UpdateCommand).map((update) => update.args[0].input);
    const subject = updates.find((update) => update.Key!.pk === 'C#softmedex#S#s-1')!;
    const member = updates.find((update) => String(update.Key!.pk).startsWith('C#softmedex#AUDIENCE#'))!;
    expect(subject.ExpressionAttributeValues).toMatchObject({ ':email': 'jan@example.com', ':name': 'Jan Jansen', ':locale': 'nl' });
    expect(subject.UpdateExpression).toContain('createdAt = if_not_exists(createdAt, :now)');
    expect(member.Key).toEqual({ pk: expect.stringMatching(/^C#softmedex#AUDIENCE#\d+$/), sk: 's-1' });
    expect(member.UpdateExpression).toContain('addedAt = if_not_exists(addedAt, :now)');
    expect(JSON.stringify(member)).not.toContain('jan@example.com');
    expect(JSON.stringify(member)).not.toContain('Jan Jansen');
  });
});

describe('POST disclosure', () => {
  it('answers 404 for an unknown recipient and records nothing', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: mergerBody }));
    expect(response.statusCode).toBe(404);
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 400 naming each unknown subject of an explicit audience, and records nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: recipientItem });
    dynamo.on(BatchGetCommand).resolves({ Responses: { table: [{ subjectId: 's-1', locale: 'nl' }] } });
    const response = await call(
      apiEvent({
        routeKey: DISCLOSURE_ROUTE,
        pathParameters: { controllerId: 'softmedex' },
        body: { ...mergerBody, audience: { subjectIds: ['s-1', 's-404'] } },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'audience.subjectIds.1', message: 'unknown subject' }]);
    expect(writes()).toHaveLength(0);
  });

  it('records the disclosure with its first event and queues one plan part per audience shard', async () => {
    dynamo.on(GetCommand).resolves({ Item: recipientItem });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: mergerBody }));
    expect(response.statusCode).toBe(202);
    const { disclosureId } = JSON.parse(response.body);
    expect(response.headers.Location).toBe(`/v1/controllers/softmedex/disclosures/${disclosureId}`);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#00000001']);
    expect(items[0]!.Put!.Item!.disclosure.recipient).toEqual({ recipientId: 'acme', name: 'Acme Holding B.V.', kind: 'acquirer', country: 'NL' });
    const queued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(queued.map((message) => message.part.shard).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
  });

  it('returns the first disclosure for a retried Idempotency-Key and refuses the key for another request', async () => {
    const claimKey = { pk: 'C#softmedex#IDEMPOTENCY#k-1', sk: 'DISCLOSURE' };
    dynamo.on(GetCommand).resolves({ Item: recipientItem });
    dynamo.on(GetCommand, { Key: claimKey }).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const post = (body: unknown) =>
      call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body, headers: { 'idempotency-key': 'k-1' } }));
    const first = await post(mergerBody);
    const claim = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(claim.pk).toBe(claimKey.pk);
    dynamo.on(GetCommand, { Key: claimKey }).resolves({ Item: claim });
    const transactionsBefore = dynamo.commandCalls(TransactWriteCommand).length;

    const retry = await post(mergerBody);
    const other = await post({ ...mergerBody, purpose: 'Something else' });

    expect(retry.statusCode).toBe(202);
    expect(JSON.parse(retry.body).disclosureId).toBe(JSON.parse(first.body).disclosureId);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(transactionsBefore);
    const requeued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(new Set(requeued.map((message) => message.disclosureId))).toEqual(new Set([JSON.parse(first.body).disclosureId]));
    expect(other.statusCode).toBe(422);
  });

  it('queues the plan, delayed, before it records the disclosure, so no disclosure is ever recorded without its plan', async () => {
    const order: string[] = [];
    dynamo.on(GetCommand).resolves({ Item: recipientItem });
    dynamo.on(TransactWriteCommand).callsFake(() => {
      order.push('record');
      return {};
    });
    sqs.on(SendMessageBatchCommand).callsFake((input) => {
      order.push(`queue (delay ${input.Entries[0].DelaySeconds})`);
      return { Successful: [], Failed: [] };
    });

    await call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: mergerBody }));

    expect(order).toEqual(['queue (delay 2)', 'queue (delay 2)', 'record']);
  });

  it('records nothing when the plan cannot be queued', async () => {
    dynamo.on(GetCommand).resolves({ Item: recipientItem });
    sqs.on(SendMessageBatchCommand).rejects(new Error('SQS unavailable'));

    const response = await call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: mergerBody }));

    expect(response.statusCode).toBe(500);
    expect(writes()).toHaveLength(0);
  });
});

describe('failures', () => {
  it('answers 500 with a problem that reveals nothing of the cause', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('secret internal detail jan@example.com'));
    const response = await call(
      apiEvent({ routeKey: SUBJECT_ROUTE, pathParameters: { controllerId: 'softmedex', subjectId: 's-1' }, body: { email: 'jan@example.com', locale: 'nl' } }),
    );
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body).title).toBe('Internal Server Error');
  });
});

describe('GET /v1/openapi.json', () => {
  it('describes every route from the same schemas the API validates with', async () => {
    const response = await call(apiEvent({ routeKey: 'GET /v1/openapi.json' }));
    const document = JSON.parse(response.body);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/controllers/{controllerId}/disclosures',
      '/v1/controllers/{controllerId}/disclosures/{disclosureId}',
      '/v1/controllers/{controllerId}/recipients/{recipientId}',
      '/v1/controllers/{controllerId}/subjects/batch',
      '/v1/controllers/{controllerId}/subjects/{subjectId}',
      '/v1/controllers/{controllerId}/subjects/{subjectId}/disclosures',
      '/v1/openapi.json',
    ]);
    expect(document.components.schemas.DisclosureCreate.properties.kind.enum).toContain('merger_acquisition');
  });
});

describe('batch and recipient validation', () => {
  it('refuses a batch naming one subject twice, before writing any of it', async () => {
    const response = await call(
      apiEvent({
        routeKey: 'POST /v1/controllers/{controllerId}/subjects/batch',
        pathParameters: { controllerId: 'softmedex' },
        body: {
          subjects: [
            { subjectId: 'a', email: 'a@example.com', locale: 'nl' },
            { subjectId: 'b', email: 'b@example.com', locale: 'en' },
            { subjectId: 'a', email: 'a2@example.com', locale: 'nl' },
          ],
        },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'subjects.2.subjectId', message: 'appears more than once in this batch' }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a country code that is not ISO 3166-1 alpha-2', async () => {
    const response = await call(
      apiEvent({
        routeKey: 'PUT /v1/controllers/{controllerId}/recipients/{recipientId}',
        pathParameters: { controllerId: 'softmedex', recipientId: 'acme' },
        body: { name: 'Acme', kind: 'acquirer', country: 'ZZ' },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].field).toBe('country');
  });
});

describe('GET subject disclosures', () => {
  it('answers 404 for a subject never known and never disclosed', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { table: [] } });
    const response = await call(
      apiEvent({
        routeKey: 'GET /v1/controllers/{controllerId}/subjects/{subjectId}/disclosures',
        pathParameters: { controllerId: 'softmedex', subjectId: 'nobody' },
      }),
    );
    expect(response.statusCode).toBe(404);
  });
});

describe('the OpenAPI document of POST disclosures', () => {
  it('documents the Idempotency-Key header, the Location header and the 422 answer', async () => {
    const response = await call(apiEvent({ routeKey: 'GET /v1/openapi.json' }));
    const post = JSON.parse(response.body).paths['/v1/controllers/{controllerId}/disclosures'].post;
    expect(post.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(
      expect.arrayContaining(['path:controllerId', 'header:idempotency-key']),
    );
    expect(post.responses['202'].headers.Location).toBeDefined();
    expect(post.responses['422']).toBeDefined();
  });
});

describe('reserved and impossible values', () => {
  it("refuses the subject id 'batch', which is the batch route's path", async () => {
    const response = await call(
      apiEvent({ routeKey: SUBJECT_ROUTE, pathParameters: { controllerId: 'softmedex', subjectId: 'batch' }, body: { email: 'a@example.com', locale: 'nl' } }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].field).toBe('subjectId');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a disclosure said to have occurred in the future, and records nothing', async () => {
    const response = await call(
      apiEvent({
        routeKey: DISCLOSURE_ROUTE,
        pathParameters: { controllerId: 'softmedex' },
        body: { ...mergerBody, occurredAt: new Date(Date.now() + 24 * 3600_000).toISOString() },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'occurredAt', message: 'must not be in the future' }]);
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });
});
