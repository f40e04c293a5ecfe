import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { audienceShard } from '../../../shared/domain/audience/shard';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';
import { findProfile } from '../../../shared/domain/policy/profiles';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.LINK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:link';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
// Subject writes key the address lookup with the link secret.
mockClient(SecretsManagerClient).on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
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

type Item = Record<string, any>;

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/**
 * Answers the document client's reads from items held here, as the single table would: Get and BatchGet
 * by key, Query by `pk` and sort key prefix. A transaction puts its items, refusing (as DynamoDB would) a
 * put conditioned on `attribute_not_exists(pk)` of an item that exists and an update conditioned on
 * `attribute_exists(pk)` of one that does not; its other updates are recorded but not applied.
 */
function mockTable(initial: readonly Item[] = []) {
  const items = new Map<string, Item>();
  const keyOf = (key: Item) => `${key.pk}|${key.sk}`;
  const put = (item: Item) => items.set(keyOf(item), structuredClone(item));
  initial.forEach(put);
  dynamo.on(GetCommand).callsFake((input) => {
    const item = items.get(keyOf(input.Key));
    return item ? { Item: structuredClone(item) } : {};
  });
  dynamo.on(BatchGetCommand).callsFake((input) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>).map(([table, request]) => [
        table,
        request.Keys.flatMap((key) => (items.has(keyOf(key)) ? [structuredClone(items.get(keyOf(key))!)] : [])),
      ]),
    ),
  }));
  dynamo.on(QueryCommand).callsFake((input) => {
    const { ':pk': pk, ':prefix': prefix } = input.ExpressionAttributeValues as Record<string, string>;
    const found = [...items.values()].filter((item) => item.pk === pk && (prefix === undefined || String(item.sk).startsWith(prefix)));
    return { Items: found.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).map((item) => structuredClone(item)) };
  });
  dynamo.on(TransactWriteCommand).callsFake((input) => {
    const codes = (input.TransactItems as Item[]).map((item) => {
      if (item.Put?.ConditionExpression === 'attribute_not_exists(pk)') return items.has(keyOf(item.Put.Item)) ? 'ConditionalCheckFailed' : 'None';
      if (item.Update?.ConditionExpression === 'attribute_exists(pk)') return items.has(keyOf(item.Update.Key)) ? 'None' : 'ConditionalCheckFailed';
      return 'None';
    });
    if (codes.includes('ConditionalCheckFailed')) throw cancelled(codes);
    for (const item of input.TransactItems as Item[]) if (item.Put) put(item.Put.Item);
    return {};
  });
  return { items, put, get: (key: { pk: string; sk: string }) => items.get(keyOf(key)) };
}

const recipient = (controllerId: string, recipientId: string, fields: Item) => ({
  ...keys.recipient(controllerId, recipientId),
  controllerId,
  recipientId,
  ...fields,
});

/** The items of a recorded disclosure: its state, its chained events, its parts' counters. */
function recordedDisclosure(options: {
  controllerId: string;
  disclosureId: string;
  disclosure: Item;
  state?: Item;
  events?: { type: string; data?: Item }[];
  counters?: Item[];
}): Item[] {
  const { controllerId, disclosureId } = options;
  const events: EvidenceEvent[] = [];
  for (const [index, { type, data = {} }] of (options.events ?? [{ type: 'disclosure.recorded', data: options.disclosure }]).entries()) {
    events.push(chainEvent({ aggregateId: disclosureId, seq: index + 1, type, at: '2026-11-24T10:00:00.000Z', data, prevHash: events.at(-1)?.hash ?? GENESIS_HASH }));
  }
  return [
    {
      ...keys.disclosure(controllerId, disclosureId),
      type: 'disclosure',
      controllerId,
      disclosure: { controllerId, disclosureId, ...options.disclosure },
      audience: { all: true },
      partsTotal: 16,
      seq: events.length,
      lastHash: events.at(-1)!.hash,
      ...options.state,
    },
    ...events.map((event) => ({ ...keys.disclosureEvent(controllerId, disclosureId, event.seq), type: 'event', controllerId, event })),
    ...(options.counters ?? []).map((counts, index) => ({ ...keys.counter(controllerId, disclosureId, `shard-${index}`), controllerId, ...counts })),
  ];
}

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
  it('stores the contact data on the subject item only, and the subject in its audience shard without it, in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await call(
      apiEvent({
        routeKey: SUBJECT_ROUTE,
        pathParameters: { controllerId: 'softmedex', subjectId: 's-1' },
        body: { email: 'jan@example.com', locale: 'nl', name: 'Jan Jansen' },
      }),
    );
    expect(response.statusCode).toBe(204);
    const updates = dynamo.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems!.map((item) => item.Update!));
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
    dynamo.on(BatchGetCommand).resolves({ Responses: { table: [{ subjectId: 's-1', email: 's-1@example.com', locale: 'nl' }] } });
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
    mockTable([recipient('softmedex', 'acme', recipientItem)]);
    const response = await call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: mergerBody }));
    expect(response.statusCode).toBe(202);
    const { disclosureId } = JSON.parse(response.body);
    expect(response.headers.Location).toBe(`/v1/controllers/softmedex/disclosures/${disclosureId}`);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#00000001']);
    expect(items[0]!.Put!.Item!.disclosure.recipient).toEqual({ recipientId: 'acme', name: 'Acme Holding B.V.', kind: 'acquirer', country: 'NL' });
    expect(items[0]!.Put!.Item!.disclosure.noticeMode).toBe('after');
    expect(JSON.parse(response.body).status).toBe('accepted');
    const queued = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(queued.map((message) => message.part.shard).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
  });

  it('returns the first disclosure for a retried Idempotency-Key and refuses the key for another request', async () => {
    const claimKey = { pk: 'C#softmedex#IDEMPOTENCY#k-1', sk: 'DISCLOSURE' };
    const table = mockTable([recipient('softmedex', 'acme', recipientItem)]);
    const post = (body: unknown) =>
      call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'softmedex' }, body, headers: { 'idempotency-key': 'k-1' } }));
    const first = await post(mergerBody);
    const claim = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(claim.pk).toBe(claimKey.pk);
    expect(table.get(claimKey)).toBeDefined();
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
    dynamo.on(TransactWriteCommand).rejects(new Error('secret internal detail jan@example.com'));
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
      '/v1/controllers/{controllerId}/breaches',
      '/v1/controllers/{controllerId}/breaches/{breachId}',
      '/v1/controllers/{controllerId}/breaches/{breachId}/assessment',
      '/v1/controllers/{controllerId}/breaches/{breachId}/filing-draft',
      '/v1/controllers/{controllerId}/breaches/{breachId}/filings',
      '/v1/controllers/{controllerId}/breaches/{breachId}/notices',
      '/v1/controllers/{controllerId}/breaches/{breachId}/public-communication',
      '/v1/controllers/{controllerId}/disclosures',
      '/v1/controllers/{controllerId}/disclosures/{disclosureId}',
      '/v1/controllers/{controllerId}/disclosures/{disclosureId}/events',
      '/v1/controllers/{controllerId}/disclosures/{disclosureId}/hold',
      '/v1/controllers/{controllerId}/erasures',
      '/v1/controllers/{controllerId}/erasures/{erasureId}',
      '/v1/controllers/{controllerId}/erasures/{erasureId}/execution',
      '/v1/controllers/{controllerId}/erasures/{erasureId}/extension',
      '/v1/controllers/{controllerId}/erasures/{erasureId}/rejection',
      '/v1/controllers/{controllerId}/policy',
      '/v1/controllers/{controllerId}/recipients/{recipientId}',
      '/v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret',
      '/v1/controllers/{controllerId}/subjects/batch',
      '/v1/controllers/{controllerId}/subjects/{subjectId}',
      '/v1/controllers/{controllerId}/subjects/{subjectId}/disclosures',
      '/v1/controllers/{controllerId}/subjects/{subjectId}/preferences',
      '/v1/openapi.json',
      '/v1/public/acks/{token}',
      '/v1/public/controllers/{controllerId}/erasures',
    ]);
    expect(document.components.schemas.DisclosureCreate.properties.kind.enum).toContain('merger_acquisition');
    expect(Object.keys(document.components.schemas.DisclosureCreate.properties)).toEqual(
      expect.arrayContaining(['plannedAt', 'hold', 'transferMechanism', 'thirdPartyMarketing', 'override']),
    );
    expect(Object.keys(document.components.schemas.Problem.properties)).toContain('violations');
    expect(document.paths['/v1/openapi.json'].get.security).toEqual([]);
    // A recipient's callback: the signed token in the path is its credential.
    expect(document.paths['/v1/public/acks/{token}'].post.security).toEqual([]);
    expect(document.components.schemas.RecipientAnswer.properties.status.enum).toEqual(['erased', 'not_held', 'refused']);
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
    mockTable([recipient('softmedex', 'acme', recipientItem)]);
    const response = await call(
      apiEvent({
        routeKey: DISCLOSURE_ROUTE,
        pathParameters: { controllerId: 'softmedex' },
        body: { ...mergerBody, occurredAt: new Date(Date.now() + 24 * 3600_000).toISOString() },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'occurredAt', message: expect.stringMatching(/^must not be in the future/) }]);
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });
});

describe('POST disclosure the policy does not allow', () => {
  const problemOf = (response: { headers: Record<string, string>; body: string }) => {
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    return JSON.parse(response.body) as { status: number; title: string; detail: string; violations: { rule: string; message: string; source: string }[] };
  };
  const post = (controllerId: string, body: unknown, scopes: string[] = ['disclosures:write']) =>
    call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId }, body, controllers: [controllerId], scopes }));

  it("answers 422 for a sale of Softshop's customers, quoting the policy sentence, and records and queues nothing", async () => {
    mockTable([recipient('softshop', 'acme', { name: 'Acme B.V.', kind: 'acquirer', country: 'NL' })]);
    const profile = findProfile('softshop')!;

    const response = await post('softshop', mergerBody);

    expect(response.statusCode).toBe(422);
    const problem = problemOf(response);
    expect(problem.status).toBe(422);
    expect(problem.violations).toEqual([
      { rule: 'disclosureRules.merger_acquisition', message: expect.stringContaining('merger_acquisition'), source: profile.disclosureRules.merger_acquisition.source },
    ]);
    expect(problem.violations[0]!.source).toContain('Softshop verkoopt uw gegevens niet!');
    expect(problem.detail).toContain(profile.disclosureRules.merger_acquisition.source);
    expect(problem.detail).toContain('disclosures:override');
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 422 for a D Soft disclosure to a recipient in the US, quoting its rule on exports', async () => {
    mockTable([recipient('dsoft', 'cloudco', { name: 'CloudCo Inc.', kind: 'processor', country: 'US' })]);
    const profile = findProfile('dsoft')!;

    const response = await post('dsoft', {
      ...mergerBody,
      kind: 'processor_handoff',
      recipientId: 'cloudco',
      legalBasis: 'contract',
      purpose: 'Hosting of the customer administration',
      transferMechanism: 'sccs',
    });

    expect(response.statusCode).toBe(422);
    const { violations } = problemOf(response);
    expect(violations).toEqual([
      { rule: 'internationalTransfers.outsideEea', message: expect.stringContaining('US'), source: profile.internationalTransfers.source },
    ]);
    expect(violations[0]!.source).toContain('niet geëxporteerd naar landen buiten de Europese Economische Ruimte');
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 422 when a buyer of Softmedex would use the data for its own marketing', async () => {
    mockTable([recipient('softmedex', 'acme', recipientItem)]);
    const profile = findProfile('softmedex')!;

    const response = await post('softmedex', { ...mergerBody, thirdPartyMarketing: true });

    expect(response.statusCode).toBe(422);
    const { violations } = problemOf(response);
    expect(violations).toEqual([{ rule: 'thirdPartyMarketing', message: expect.any(String), source: profile.thirdPartyMarketing.source }]);
    expect(violations[0]!.source).toContain('verdere marketingactiviteiten');
    expect(writes()).toHaveLength(0);
  });

  const override = { reason: 'Court-approved sale of the web shop as a going concern', approvedBy: 'J. de Vries, DPO' };

  it('answers 403 to an override without the scope disclosures:override, and records nothing', async () => {
    mockTable([recipient('softshop', 'acme', { name: 'Acme B.V.', kind: 'acquirer', country: 'NL' })]);

    const response = await post('softshop', { ...mergerBody, override });

    expect(response.statusCode).toBe(403);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).detail).toContain('disclosures:override');
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('records an override with the scope as an approved exception, naming the rules it breaks, and answers 202', async () => {
    mockTable([recipient('softshop', 'acme', { name: 'Acme B.V.', kind: 'acquirer', country: 'NL' })]);

    const response = await post('softshop', { ...mergerBody, override }, ['disclosures:write', 'disclosures:override']);

    expect(response.statusCode).toBe(202);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#00000001', 'EVENT#00000002']);
    const disclosure = items[0]!.Put!.Item!.disclosure;
    expect(disclosure.exception).toEqual({ ...override, rules: ['disclosureRules.merger_acquisition'] });
    // A kind the policy refuses is told after: subjects hear of it.
    expect(disclosure.noticeMode).toBe('after');
    const exceptionEvent = items[2]!.Put!.Item!.event as EvidenceEvent;
    expect(exceptionEvent.type).toBe('disclosure.exception_approved');
    expect(exceptionEvent.data).toMatchObject({ ...override, violations: [expect.objectContaining({ rule: 'disclosureRules.merger_acquisition' })] });
    expect(sqs.commandCalls(SendMessageBatchCommand).length).toBeGreaterThan(0);
  });

  it('answers 400 to an override of a disclosure the policy allows', async () => {
    mockTable([recipient('softmedex', 'acme', recipientItem)]);

    const response = await post('softmedex', { ...mergerBody, override }, ['disclosures:write', 'disclosures:override']);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual(['override']);
    expect(writes()).toHaveLength(0);
  });
});

describe('POST disclosure announced before it happens', () => {
  const etsoftBuyer = recipient('etsoft', 'acme', { name: 'Acme B.V.', kind: 'acquirer', country: 'NL' });
  const post = (body: unknown) =>
    call(apiEvent({ routeKey: DISCLOSURE_ROUTE, pathParameters: { controllerId: 'etsoft' }, body, controllers: ['etsoft'], scopes: ['disclosures:write'] }));

  it('answers 400 naming plannedAt when the policy announces the kind ahead and no plannedAt is given', async () => {
    mockTable([etsoftBuyer]);

    const response = await post(mergerBody);

    expect(response.statusCode).toBe(400);
    const problem = JSON.parse(response.body);
    expect(problem.errors).toEqual([{ field: 'plannedAt', message: expect.stringContaining('required') }]);
    expect(problem.detail).toContain('plannedAt');
    expect(writes()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('records a transfer planned far enough ahead with its intent and execute timers, queues nothing yet, and answers scheduled', async () => {
    mockTable([etsoftBuyer]);
    const plannedAt = new Date(Date.now() + 60 * 24 * 3600_000).toISOString();

    const response = await post({ ...mergerBody, plannedAt });

    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body).status).toBe('scheduled');
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#00000001', 'TIMER#intent', 'TIMER#execute']);
    expect(items[0]!.Put!.Item!.disclosure).toMatchObject({ noticeMode: 'before', plannedAt, intentAt: new Date(Date.parse(plannedAt) - 30 * 24 * 3600_000).toISOString() });
    expect(items[3]!.Put!.Item).toMatchObject({ dueAt: plannedAt, duePk: 'C#etsoft#DUE' });
    expect(sqs.calls()).toHaveLength(0);
  });
});

describe('GET policy', () => {
  const route = 'GET /v1/controllers/{controllerId}/policy';

  it("answers the controller's policy profile, with its rules and their sources", async () => {
    const response = await call(apiEvent({ routeKey: route, pathParameters: { controllerId: 'softmedex' }, scopes: ['disclosures:read'] }));

    expect(response.statusCode).toBe(200);
    const profile = JSON.parse(response.body);
    expect(profile.controllerId).toBe('softmedex');
    expect(profile.disclosureRules.merger_acquisition).toMatchObject({ allowed: true, notice: { mode: 'after' }, source: expect.any(String) });
    expect(profile.internationalTransfers.outsideEea).toBe('with_safeguards');
    expect(profile).toEqual(JSON.parse(JSON.stringify(findProfile('softmedex'))));
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 403 for a controller the token does not name', async () => {
    const response = await call(
      apiEvent({ routeKey: route, pathParameters: { controllerId: 'softmedex' }, controllers: ['dsoft'], scopes: ['disclosures:read'] }),
    );

    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('disclosureRules');
  });
});

describe('PUT preferences', () => {
  const route = 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}/preferences';
  const subjectItems = (subjectId: string) => [
    { ...keys.subject('etsoft', subjectId), controllerId: 'etsoft', subjectId, email: 'jan@example.nl', locale: 'nl' },
    { ...keys.audienceMember('etsoft', audienceShard(subjectId, 16), subjectId), controllerId: 'etsoft', subjectId, locale: 'nl' },
  ];
  const put = (subjectId: string, body: unknown) =>
    call(apiEvent({ routeKey: route, pathParameters: { controllerId: 'etsoft', subjectId }, body, controllers: ['etsoft'], scopes: ['subjects:write'] }));

  it("replaces a known subject's preferences, each kind once, and keeps the change as evidence", async () => {
    const table = mockTable(subjectItems('jan'));

    const response = await put('jan', { consentTo: ['business_partner', 'business_partner'], stopSharing: ['debt_collection'] });

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toEqual({ subjectId: 'jan', consentTo: ['business_partner'], stopSharing: ['debt_collection'], updatedAt: expect.any(String) });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ExpressionAttributeValues![':preferences']).toEqual({ consentTo: ['business_partner'], stopSharing: ['debt_collection'] });
    const evidence = [...table.items.values()].filter((item) => String(item.sk).startsWith(`PREFERENCES#${body.updatedAt}#`));
    expect(evidence).toEqual([expect.objectContaining({ preferences: { consentTo: ['business_partner'], stopSharing: ['debt_collection'] } })]);
  });

  it('answers 404 for a subject it does not know', async () => {
    mockTable(subjectItems('jan'));

    const response = await put('nobody', { consentTo: [], stopSharing: ['business_partner'] });

    expect(response.statusCode).toBe(404);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
  });

  it('answers 400 naming a kind of disclosure that does not exist, and writes nothing', async () => {
    mockTable(subjectItems('jan'));

    const response = await put('jan', { consentTo: ['business_partner', 'telepathy'], stopSharing: [] });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual(['consentTo.1']);
    expect(writes()).toHaveLength(0);
  });
});

describe('POST hold', () => {
  const route = 'POST /v1/controllers/{controllerId}/disclosures/{disclosureId}/hold';
  const until = '2099-03-01T00:00:00.000Z';
  const hold = { until, reason: 'Court order', orderReference: 'RB-2026-123' };
  const policeRequest = { kind: 'law_enforcement', recipient: { recipientId: 'police', name: 'Politie', kind: 'authority', country: 'NL' }, noticeMode: 'deferred', hold };
  const post = (disclosureId: string, body: unknown) =>
    call(apiEvent({ routeKey: route, pathParameters: { controllerId: 'softmedex', disclosureId }, body, scopes: ['disclosures:write'] }));

  it('extends the hold with its reason as an event, re-arming the reminders and the release for the new end', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-held', disclosure: policeRequest }));
    const later = '2099-06-01T00:00:00.000Z';

    const response = await post('d-held', { until: later, reason: 'The court extended the order' });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ disclosureId: 'd-held', until: later });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const state = items[0]!.Update!;
    expect(state.ConditionExpression).toContain('attribute_not_exists(releasedAt)');
    expect(state.ExpressionAttributeValues).toMatchObject({ ':seq': 1, ':previousUntil': until, ':set_disclosure': expect.objectContaining({ hold: { ...hold, until: later } }) });
    const event = items[1]!.Put!.Item!.event as EvidenceEvent;
    expect(event).toMatchObject({ seq: 2, type: 'disclosure.hold_extended', data: { previousUntil: until, until: later, reason: 'The court extended the order' } });
    expect(items.slice(2).map((item) => [item.Put!.Item!.name, item.Put!.Item!.dueAt])).toEqual([
      ['hold-reminder-7d', '2099-05-25T00:00:00.000Z'],
      ['hold-reminder-1d', '2099-05-31T00:00:00.000Z'],
      ['release', later],
    ]);
  });

  // HOLD and UNTIL are DynamoDB reserved words: named directly, DynamoDB refuses the transaction with a
  // ValidationException, which the mocked client above would not show.
  it('names hold and until, DynamoDB reserved words, in the guard only through expression attribute names', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-held', disclosure: policeRequest }));

    await post('d-held', { until: '2099-06-01T00:00:00.000Z', reason: 'The court extended the order' });

    const condition = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!.ConditionExpression!;
    const bareNames = condition.match(/(?<![#:\w])[A-Za-z_]\w*/g) ?? [];
    expect(bareNames.map((name) => name.toLowerCase())).not.toContain('hold');
    expect(bareNames.map((name) => name.toLowerCase())).not.toContain('until');
  });

  it('answers 409 for a disclosure that is not held', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-after', disclosure: { ...policeRequest, noticeMode: 'after', hold: undefined } }));

    const response = await post('d-after', { until: '2099-06-01T00:00:00.000Z', reason: 'The court extended the order' });

    expect(response.statusCode).toBe(409);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(writes()).toHaveLength(0);
  });

  it('answers 409 for a hold that has ended and whose subjects were told', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-released', disclosure: policeRequest, state: { releasedAt: '2099-03-01T00:05:00.000Z' } }));

    const response = await post('d-released', { until: '2099-06-01T00:00:00.000Z', reason: 'The court extended the order' });

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).detail).toMatch(/ended/);
    expect(writes()).toHaveLength(0);
  });

  it('answers 400 naming until when the new end is not after the current one', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-held', disclosure: policeRequest }));

    const response = await post('d-held', { until: '2099-02-01T00:00:00.000Z', reason: 'Shorter' });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors).toEqual([{ field: 'until', message: expect.stringContaining(until) }]);
    expect(writes()).toHaveLength(0);
  });

  it('answers 400 naming reason when the extension gives none', async () => {
    mockTable(recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-held', disclosure: policeRequest }));

    const response = await post('d-held', { until: '2099-06-01T00:00:00.000Z' });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual(['reason']);
  });

  it('answers 404 for a disclosure it does not know', async () => {
    mockTable();

    const response = await post('d-unknown', { until: '2099-06-01T00:00:00.000Z', reason: 'The court extended the order' });

    expect(response.statusCode).toBe(404);
  });
});

describe('GET disclosure events', () => {
  const route = 'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}/events';
  const get = (disclosureId: string) =>
    call(apiEvent({ routeKey: route, pathParameters: { controllerId: 'softmedex', disclosureId }, scopes: ['disclosures:read'] }));

  it('answers every event in order and that the hash chain is intact', async () => {
    mockTable(
      recordedDisclosure({
        controllerId: 'softmedex',
        disclosureId: 'd-1',
        disclosure: { kind: 'merger_acquisition', noticeMode: 'after' },
        events: [{ type: 'disclosure.recorded' }, { type: 'disclosure.notices_settled', data: { subjects: 2 } }],
      }),
    );

    const response = await get('d-1');

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.chainIntact).toBe(true);
    expect(body.items.map((event: EvidenceEvent) => [event.seq, event.type])).toEqual([
      [1, 'disclosure.recorded'],
      [2, 'disclosure.notices_settled'],
    ]);
  });

  it('answers that the chain is broken when an event was changed after it was written', async () => {
    const table = mockTable(
      recordedDisclosure({
        controllerId: 'softmedex',
        disclosureId: 'd-1',
        disclosure: { kind: 'merger_acquisition', noticeMode: 'after' },
        events: [{ type: 'disclosure.recorded' }, { type: 'disclosure.notices_settled', data: { subjects: 2 } }],
      }),
    );
    table.get(keys.disclosureEvent('softmedex', 'd-1', 2))!.event.data.subjects = 1;

    const response = await get('d-1');

    expect(JSON.parse(response.body).chainIntact).toBe(false);
  });

  it('answers 404 for a disclosure without events', async () => {
    mockTable();

    const response = await get('d-unknown');

    expect(response.statusCode).toBe(404);
  });
});

describe('GET disclosure announced before it happens', () => {
  const route = 'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}';

  it('shows the intent notice counts and the subjects who objected', async () => {
    const table = mockTable(
      recordedDisclosure({
        controllerId: 'etsoft',
        disclosureId: 'd-before',
        disclosure: { kind: 'merger_acquisition', noticeMode: 'before', plannedAt: '2099-01-31T00:00:00.000Z', intentAt: '2099-01-01T00:00:00.000Z' },
        state: { partsTotal: 2, intentStartedAt: '2099-01-01T00:00:00.000Z' },
        counters: [
          { intentPartsPlanned: 1, intentSubjects: 3, intentNotified: 2, intentFailed: 1 },
          { intentPartsPlanned: 1, intentSubjects: 2, intentNotified: 1, intentSuppressed: 1 },
        ],
      }),
    );
    for (const subjectId of ['s-2', 's-1']) {
      table.put({ ...keys.objection('etsoft', 'd-before', subjectId), controllerId: 'etsoft', disclosureId: 'd-before', subjectId, objectedAt: '2099-01-05T00:00:00.000Z' });
    }

    const response = await call(
      apiEvent({ routeKey: route, pathParameters: { controllerId: 'etsoft', disclosureId: 'd-before' }, controllers: ['etsoft'], scopes: ['disclosures:read'] }),
    );

    expect(response.statusCode).toBe(200);
    const view = JSON.parse(response.body);
    expect(view.status).toBe('objection_window');
    expect(view.noticeMode).toBe('before');
    expect(view.plannedAt).toBe('2099-01-31T00:00:00.000Z');
    expect(view.intent).toEqual({ subjects: 5, notified: 3, failed: 1, suppressed: 1 });
    expect(view.objectors).toEqual([
      { subjectId: 's-1', objectedAt: '2099-01-05T00:00:00.000Z' },
      { subjectId: 's-2', objectedAt: '2099-01-05T00:00:00.000Z' },
    ]);
    expect(view.counts).toMatchObject({ subjects: 0, notified: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0 } });
  });

  it('shows neither intent nor objectors for a disclosure told after', async () => {
    mockTable(
      recordedDisclosure({ controllerId: 'softmedex', disclosureId: 'd-after', disclosure: { kind: 'merger_acquisition', noticeMode: 'after' }, counters: [{ subjects: 2, notified: 2, partsPlanned: 16 }] }),
    );

    const response = await call(
      apiEvent({ routeKey: route, pathParameters: { controllerId: 'softmedex', disclosureId: 'd-after' }, scopes: ['disclosures:read'] }),
    );

    const view = JSON.parse(response.body);
    expect(view.status).toBe('completed');
    expect(view).not.toHaveProperty('intent');
    expect(view).not.toHaveProperty('objectors');
    expect(dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':prefix'])).not.toContain('OBJECTION#');
  });
});

describe('GET an erasure request', () => {
  const ERASURE_ROUTE = 'GET /v1/controllers/{controllerId}/erasures/{erasureId}';
  const request = {
    controllerId: 'softmedex',
    erasureId: 'e-1',
    subjectId: 's-1',
    receivedAt: '2027-01-31T10:00:00.000Z',
    channel: 'post',
    dueDate: '2027-03-01',
    recordedAt: '2027-01-31T10:00:00.000Z',
  };
  const stateItem = (fields: Item = {}) => ({ ...keys.erasure('softmedex', 'e-1'), type: 'erasure', controllerId: 'softmedex', request, state: 'verified', dueDate: '2027-03-01', extendedMonths: 0, seq: 0, ...fields });
  const get = () => call(apiEvent({ routeKey: ERASURE_ROUTE, pathParameters: { controllerId: 'softmedex', erasureId: 'e-1' }, scopes: ['erasures:read'] }));

  it('shows when the request was flagged overdue', async () => {
    mockTable([stateItem({ overdueAt: '2027-03-01T23:00:05.000Z' })]);

    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ state: 'verified', dueDate: '2027-03-01', overdueAt: '2027-03-01T23:00:05.000Z' });
  });

  it('shows no overdueAt while the request is in time', async () => {
    mockTable([stateItem()]);

    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).not.toHaveProperty('overdueAt');
  });
});
