import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const context = { functionName: 'public', awsRequestId: 'r-1' } as Context;
const event = (routeKey: string) => ({ routeKey, pathParameters: { token: 'x' }, headers: {}, isBase64Encoded: false, body: '{}' }) as unknown as APIGatewayProxyEventV2;

/** A function whose environment is missing fails on every route, as any unexpected failure would. */
async function brokenHandler() {
  vi.resetModules();
  vi.unstubAllEnvs();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('TABLE_NAME', '');
  return (await import('../../../functions/public/handler')).handler;
}

describe('the public function, when something unexpected fails', () => {
  beforeEach(() => vi.unstubAllEnvs());

  it.each(['POST /v1/public/acks/{token}', 'POST /v1/public/controllers/{controllerId}/erasures'])('answers the machines calling %s problem+json, with no internals', async (routeKey) => {
    const handler = await brokenHandler();

    const response = await handler(event(routeKey), context);

    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' });
    expect(JSON.parse(response.body!)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
  });

  it('answers a person on a page a short text in both languages', async () => {
    const handler = await brokenHandler();

    const response = await handler(event('GET /a/{token}'), context);

    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Type': 'text/plain; charset=utf-8' });
    expect(response.body).toContain('Something went wrong');
  });
});
