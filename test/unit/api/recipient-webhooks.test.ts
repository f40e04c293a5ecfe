import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { webhookSecret } from '../../../shared/domain/webhooks/webhook-secret';
import { apiEvent, lambdaContext } from '../../helpers/api-event';

const dynamo = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const LINK_KEY = 'k'.repeat(64);
const SECRET_ROUTE = 'GET /v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret';
const PUT_ROUTE = 'PUT /v1/controllers/{controllerId}/recipients/{recipientId}';
const acme = { ...keys.recipient('softmedex', 'acme'), controllerId: 'softmedex', recipientId: 'acme', name: 'Acme Holding B.V.', kind: 'acquirer', country: 'NL' };

/** The handler builds its dependencies from the environment once: each test loads it afresh. */
async function loadHandler(env: Record<string, string> = {}) {
  vi.resetModules();
  const base = {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    TABLE_NAME: 'table',
    PLAN_QUEUE_URL: 'https://sqs.local/plan',
    NOTIFY_QUEUE_URL: 'https://sqs.local/notify',
    AUDIENCE_SHARDS: '16',
    LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:link',
  };
  for (const [name, value] of Object.entries({ ...base, ...env })) vi.stubEnv(name, value);
  const { handler } = await import('../../../functions/api/handler');
  return (event: ReturnType<typeof apiEvent>) => (handler as unknown as (event: unknown, context: unknown) => Promise<any>)(event, lambdaContext);
}

beforeEach(() => {
  dynamo.reset();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: LINK_KEY });
  dynamo.on(GetCommand).callsFake((input) => (input.Key.pk === acme.pk ? { Item: acme } : {}));
  dynamo.on(PutCommand).resolves({});
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('GET .../recipients/{recipientId}/webhook-secret', () => {
  const request = (recipientId: string, controllers = ['softmedex']) =>
    apiEvent({ routeKey: SECRET_ROUTE, pathParameters: { controllerId: 'softmedex', recipientId }, scopes: ['recipients:write'], controllers });

  it("answers the recipient's Standard Webhooks secret, derived from the link key, the same on every call", async () => {
    const call = await loadHandler();

    const first = await call(request('acme'));
    const second = await call(request('acme'));

    expect(first.statusCode).toBe(200);
    expect(first.headers['Cache-Control']).toBe('no-store');
    const body = JSON.parse(first.body);
    expect(body).toEqual({ secret: webhookSecret(new TextEncoder().encode(LINK_KEY), 'softmedex', 'acme'), scheme: 'standard-webhooks-v1' });
    expect(JSON.parse(second.body)).toEqual(body);
    // Nothing is stored: the secret is derived, not kept.
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers 404 for a recipient the controller does not have, and 403 for a token of another controller', async () => {
    const call = await loadHandler();

    const unknown = await call(request('nobody'));
    const foreign = await call(request('acme', ['etsoft']));

    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['Content-Type']).toBe('application/problem+json');
    expect(foreign.statusCode).toBe(403);
    expect(JSON.stringify([unknown.body, foreign.body])).not.toContain('whsec_');
  });
});

describe('PUT .../recipients/{recipientId} with a webhook', () => {
  const put = (webhookUrl: string) =>
    apiEvent({
      routeKey: PUT_ROUTE,
      pathParameters: { controllerId: 'softmedex', recipientId: 'acme' },
      scopes: ['recipients:write'],
      body: { name: 'Acme Holding B.V.', kind: 'acquirer', country: 'NL', webhookUrl },
    });

  it('takes an https webhook', async () => {
    const call = await loadHandler();

    const response = await call(put('https://hooks.acme.example/erasure'));

    expect(response.statusCode).toBe(204);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ webhookUrl: 'https://hooks.acme.example/erasure' });
  });

  it('refuses a plain http webhook, naming the field and writing nothing, unless the deployment allows it', async () => {
    const refusing = await loadHandler();
    const refused = await refusing(put('http://hooks.acme.example/erasure'));
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).errors).toEqual([{ field: 'webhookUrl', message: 'must be an https URL of a public host' }]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);

    const local = await loadHandler({ ALLOW_HTTP_WEBHOOKS: 'true' });
    expect((await local(put('http://127.0.0.1:4010/hook'))).statusCode).toBe(204);
  });

  it.each(['https://169.254.169.254/latest/meta-data/', 'https://localhost/hook', 'https://10.0.0.8/hook', 'https://[::1]/hook'])(
    'refuses the internal address %s, naming the field and writing nothing',
    async (webhookUrl) => {
      const call = await loadHandler();

      const response = await call(put(webhookUrl));

      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).errors).toEqual([{ field: 'webhookUrl', message: 'must be an https URL of a public host' }]);
      expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    },
  );

  it('refuses a webhook that is no web address at all', async () => {
    const call = await loadHandler({ ALLOW_HTTP_WEBHOOKS: 'true' });

    const response = await call(put('ftp://hooks.acme.example/erasure'));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual(['webhookUrl']);
  });
});
