import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const PUT_ROUTE = 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}';
const BATCH_ROUTE = 'POST /v1/controllers/{controllerId}/subjects/batch';

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

const put = (body: unknown) =>
  apiEvent({ routeKey: PUT_ROUTE, pathParameters: { controllerId: 'softmedex', subjectId: 'ann' }, body, scopes: ['subjects:write'] });
const batch = (subjects: unknown[]) => apiEvent({ routeKey: BATCH_ROUTE, pathParameters: { controllerId: 'softmedex' }, body: { subjects }, scopes: ['subjects:write'] });

/** The updates of each transaction written: the subject item's, then its audience item's. */
const updatesWritten = () => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!.map((item) => item.Update!));

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('data categories of a subject', () => {
  it('PUT writes them on the subject item and on its audience item', async () => {
    const call = await loadHandler();

    const response = await call(put({ email: 'ann@example.com', locale: 'nl', dataCategories: ['Naam en contactgegevens', 'Facturen'] }));

    expect(response.statusCode).toBe(204);
    const [[subject, member]] = updatesWritten() as [[any, any]];
    expect(subject.ExpressionAttributeValues[':dataCategories']).toEqual(['Naam en contactgegevens', 'Facturen']);
    expect(member.ExpressionAttributeValues[':dataCategories']).toEqual(['Naam en contactgegevens', 'Facturen']);
  });

  it('the batch writes each subject with its own categories, and removes them from one sent without', async () => {
    const call = await loadHandler();

    const response = await call(
      batch([
        { subjectId: 'ann', email: 'ann@example.com', locale: 'nl', dataCategories: ['Facturen'] },
        { subjectId: 'bea', email: 'bea@example.com', locale: 'en' },
      ]),
    );

    expect(response.statusCode).toBe(200);
    const byId = Object.fromEntries(updatesWritten().map(([subject, member]) => [subject!.ExpressionAttributeValues![':subjectId'], { subject, member }]));
    expect(byId.ann!.member!.ExpressionAttributeValues![':dataCategories']).toEqual(['Facturen']);
    expect(byId.bea!.member!.UpdateExpression).toMatch(/ REMOVE dataCategories$/);
  });

  it.each([
    ['not a list', 'Facturen', 'dataCategories'],
    ['a category named twice', ['Facturen', 'Facturen'], 'dataCategories'],
    ['an empty category', ['Facturen', ' '], 'dataCategories.1'],
    ['a category over two lines', ['Facturen\nBcc: x@example.com'], 'dataCategories.0'],
    ['more than 50 categories', Array.from({ length: 51 }, (_, index) => `Categorie ${index}`), 'dataCategories'],
  ])('answers 400 problem+json naming the field for %s, writing nothing', async (_case, dataCategories, field) => {
    const call = await loadHandler();

    const response = await call(put({ email: 'ann@example.com', locale: 'nl', dataCategories }));

    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual([field]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the batch names the subject whose categories are wrong, writing no one', async () => {
    const call = await loadHandler();

    const response = await call(
      batch([
        { subjectId: 'ann', email: 'ann@example.com', locale: 'nl', dataCategories: ['Facturen'] },
        { subjectId: 'bea', email: 'bea@example.com', locale: 'en', dataCategories: [42] },
      ]),
    );

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual(['subjects.1.dataCategories.0']);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the OpenAPI document describes them as an optional list of strings on the subject', async () => {
    const call = await loadHandler();

    const document = JSON.parse((await call(apiEvent({ routeKey: 'GET /v1/openapi.json' }))).body);

    const upsert = document.components.schemas.SubjectUpsert;
    expect(upsert.properties.dataCategories).toMatchObject({ type: 'array', items: { type: 'string' }, maxItems: 50 });
    expect(upsert.required).not.toContain('dataCategories');
  });
});
