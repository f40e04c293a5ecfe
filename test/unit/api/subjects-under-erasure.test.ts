import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const LINK_KEY = 'k'.repeat(64);
const PUT_ROUTE = 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}';
const BATCH_ROUTE = 'POST /v1/controllers/{controllerId}/subjects/batch';
const STARTED_AT = '2026-11-20T09:00:00.000Z';
const ERASED_AT = '2026-11-22T15:30:00.000Z';

type Item = Record<string, any>;

/** The handler builds its dependencies from the environment once: each test loads it afresh. */
async function loadHandler() {
  vi.resetModules();
  const env = {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    TABLE_NAME: 'table',
    PLAN_QUEUE_URL: 'https://sqs.local/plan',
    NOTIFY_QUEUE_URL: 'https://sqs.local/notify',
    AUDIENCE_SHARDS: '16',
    LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:link',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { handler } = await import('../../../functions/api/handler');
  return (event: ReturnType<typeof apiEvent>) => (handler as unknown as (event: unknown, context: unknown) => Promise<any>)(event, lambdaContext);
}

/**
 * Subject items held here, as the table would: a transaction's first update (the subject item) applies only while
 * its condition holds, judged on the item's erasure marks as DynamoDB would, and cancels the whole transaction
 * otherwise; a consistent get reads what is held.
 */
function subjectTable(initial: Item[]) {
  const items = new Map<string, Item>(initial.map((item) => [item.pk, structuredClone(item)]));
  dynamo.on(TransactWriteCommand).callsFake((input) => {
    const [subject, member] = input.TransactItems as Item[];
    const known = items.get(subject!.Update.Key.pk);
    const condition = subject!.Update.ConditionExpression as string;
    const names = subject!.Update.ExpressionAttributeNames as Record<string, string>;
    const marked = (attribute: string) => known?.[attribute] !== undefined;
    const refused =
      condition !== 'attribute_not_exists(#erasure) AND attribute_not_exists(erasedAt)' || names['#erasure'] !== 'erasure'
        ? true
        : marked('erasure') || marked('erasedAt');
    if (refused) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      });
    }
    const values = subject!.Update.ExpressionAttributeValues as Item;
    items.set(subject!.Update.Key.pk, { ...known, ...subject!.Update.Key, email: values[':email'], emailLookup: values[':emailLookup'], locale: values[':locale'] });
    items.set(member!.Update.Key.pk + member!.Update.Key.sk, { ...member!.Update.Key });
    return {};
  });
  dynamo.on(GetCommand).callsFake((input) => {
    const item = items.get(input.Key.pk);
    return item ? { Item: structuredClone(item) } : {};
  });
  return { get: (subjectId: string) => items.get(keys.subject('softmedex', subjectId).pk), size: () => items.size };
}

const beingErased = (subjectId: string) => ({
  ...keys.subject('softmedex', subjectId),
  controllerId: 'softmedex',
  subjectId,
  email: `${subjectId}@example.com`,
  locale: 'nl',
  erasure: { erasureId: 'e-1', startedAt: STARTED_AT },
});
// Erased: only the pseudonymous id and the marks are left.
const erased = (subjectId: string) => ({ ...keys.subject('softmedex', subjectId), controllerId: 'softmedex', subjectId, erasure: { erasureId: 'e-2', startedAt: STARTED_AT }, erasedAt: ERASED_AT });

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: LINK_KEY });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('PUT .../subjects/{subjectId}', () => {
  const put = (subjectId: string) =>
    apiEvent({ routeKey: PUT_ROUTE, pathParameters: { controllerId: 'softmedex', subjectId }, body: { email: 'new@example.com', locale: 'en' }, scopes: ['subjects:write'] });

  it('writes a subject not under erasure, with the lookup key of its address under the link key', async () => {
    const table = subjectTable([]);
    const call = await loadHandler();

    const response = await call(put('ann'));

    expect(response.statusCode).toBe(204);
    expect(table.get('ann')).toMatchObject({ email: 'new@example.com', emailLookup: emailLookup(new TextEncoder().encode(LINK_KEY), 'softmedex', 'new@example.com') });
  });

  it('answers 409 problem+json for a subject being erased, and its contact data stays as the erasure left it', async () => {
    const table = subjectTable([beingErased('bea')]);
    const call = await loadHandler();

    const response = await call(put('bea'));

    expect(response.statusCode).toBe(409);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', subjectId: 'bea', reason: 'being_erased' });
    expect(problem.detail).toBe("Subject 'bea' is being erased (since 2026-11-20): register the person under a new subject id");
    expect(table.get('bea')).toEqual(beingErased('bea'));
    expect(table.size()).toBe(1);
  });

  it('answers 409 problem+json naming the day for an erased subject, and brings no contact data back', async () => {
    const table = subjectTable([erased('cor')]);
    const call = await loadHandler();

    const response = await call(put('cor'));

    expect(response.statusCode).toBe(409);
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ reason: 'erased', subjectId: 'cor' });
    expect(problem.detail).toBe("Subject 'cor' was erased on 2026-11-22: register the person under a new subject id");
    expect(table.get('cor')).toEqual(erased('cor'));
    // Nothing re-adds it to its audience either.
    expect(table.size()).toBe(1);
  });
});

describe('POST .../subjects/batch', () => {
  it('writes the subjects not under erasure and answers 200 naming each one refused and why', async () => {
    const table = subjectTable([beingErased('bea'), erased('cor')]);
    const call = await loadHandler();

    const response = await call(
      apiEvent({
        routeKey: BATCH_ROUTE,
        pathParameters: { controllerId: 'softmedex' },
        scopes: ['subjects:write'],
        body: {
          subjects: ['ann', 'bea', 'cor', 'dirk'].map((subjectId) => ({ subjectId, email: `${subjectId}.new@example.com`, locale: 'nl' })),
        },
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      upserted: 2,
      refused: [
        { subjectId: 'bea', reason: 'being_erased' },
        { subjectId: 'cor', reason: 'erased' },
      ],
    });
    expect(table.get('ann')).toMatchObject({ email: 'ann.new@example.com' });
    expect(table.get('dirk')).toMatchObject({ email: 'dirk.new@example.com' });
    expect(table.get('bea')).toEqual(beingErased('bea'));
    expect(table.get('cor')).toEqual(erased('cor'));
  });

  it('answers an empty refusal list when every subject was written', async () => {
    subjectTable([]);
    const call = await loadHandler();

    const response = await call(
      apiEvent({
        routeKey: BATCH_ROUTE,
        pathParameters: { controllerId: 'softmedex' },
        scopes: ['subjects:write'],
        body: { subjects: [{ subjectId: 'ann', email: 'ann@example.com', locale: 'en' }] },
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ upserted: 1, refused: [] });
  });
});

describe('the OpenAPI document', () => {
  it("lists PUT's 409 and the batch answer's refusals", async () => {
    const call = await loadHandler();

    const document = JSON.parse((await call(apiEvent({ routeKey: 'GET /v1/openapi.json' }))).body);

    expect(document.paths['/v1/controllers/{controllerId}/subjects/{subjectId}'].put.responses['409'].content['application/problem+json']).toBeDefined();
    const batch = document.paths['/v1/controllers/{controllerId}/subjects/batch'].post.responses['200'].content['application/json'].schema;
    expect(batch.required).toEqual(['upserted', 'refused']);
    expect(batch.properties.refused.items.properties.reason.enum).toEqual(['erased', 'being_erased']);
  });
});
