import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiServer, startApiServer } from '../../../scripts/local/http/api-server';
import type { InvocationOutcome } from '../../../scripts/local/lambda/lambda-container';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, issueLocalAccessToken, localJwks } from '../../../scripts/local/local-jwt';
import type { HttpApi } from '../../../scripts/local/template/http-api';

const WRITE = 'disclosure-pipeline/subjects:write';
const api: HttpApi = {
  routes: [
    {
      routeKey: 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}',
      functionLogicalId: 'ApiFunction',
      authorization: { type: 'JWT', issuer: LOCAL_JWT_ISSUER, audience: [LOCAL_JWT_AUDIENCE], scopes: [WRITE] },
    },
    { routeKey: 'GET /v1/openapi.json', functionLogicalId: 'ApiFunction', authorization: { type: 'NONE' } },
    { routeKey: 'GET /v1/broken', functionLogicalId: 'BrokenFunction', authorization: { type: 'NONE' } },
    { routeKey: 'GET /o/{token}', functionLogicalId: 'PageFunction', authorization: { type: 'NONE' } },
    { routeKey: 'POST /o/{token}', functionLogicalId: 'PageFunction', authorization: { type: 'NONE' } },
  ],
  cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['authorization', 'content-type'], exposeHeaders: [], allowCredentials: false },
};

const PAGE = {
  statusCode: 200,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  body: '<!doctype html><html lang="nl"><p>Uw gegevens — "bezwaar" &amp; meer</p></html>',
};

let keyDir: string;
let server: ApiServer;
const lines: string[] = [];
const invoke = vi.fn(async (functionLogicalId: string, event: unknown): Promise<InvocationOutcome> => {
  if (functionLogicalId === 'PageFunction') return { ok: true, requestId: 'r', result: PAGE };
  if (functionLogicalId === 'BrokenFunction') return { ok: false, requestId: 'r', error: { errorType: 'Error', errorMessage: 'jan@example.com' } };
  return { ok: true, requestId: 'r', result: { statusCode: 200, headers: { 'access-control-allow-origin': 'https://evil.example' }, body: JSON.stringify(event) } };
});

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'local-api-'));
  server = await startApiServer({ port: 0, api, jwks: await localJwks(keyDir), invoke, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await server.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

const put = (authorization?: string) =>
  fetch(`${server.url}/v1/controllers/softmedex/subjects/s-1?dryRun=1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: '{"email":"jan@example.com"}',
  });

describe('the local HTTP API', () => {
  it('hands an authorized request to the function as a payload 2.0 event and returns its response', async () => {
    const token = await issueLocalAccessToken({ scopes: [WRITE], keyDir });
    const response = await put(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const event = await response.json();
    expect(invoke).toHaveBeenCalledWith('ApiFunction', event);
    expect(event).toMatchObject({
      routeKey: 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}',
      pathParameters: { controllerId: 'softmedex', subjectId: 's-1' },
      queryStringParameters: { dryRun: '1' },
      body: '{"email":"jan@example.com"}',
      requestContext: { requestId: response.headers.get('apigw-requestid'), authorizer: { jwt: { scopes: [WRITE] } } },
    });
  });

  it('answers 401 and 403 itself, without invoking the function', async () => {
    invoke.mockClear();
    expect(await (await put()).json()).toEqual({ message: 'Unauthorized' });
    const reader = await issueLocalAccessToken({ scopes: ['disclosure-pipeline/disclosures:read'], keyDir });
    const forbidden = await put(`Bearer ${reader}`);
    expect([forbidden.status, await forbidden.json()]).toEqual([403, { message: 'Forbidden' }]);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown route and 500 when the function fails', async () => {
    const missing = await fetch(`${server.url}/v1/nothing`);
    expect([missing.status, await missing.json()]).toEqual([404, { message: 'Not Found' }]);
    const broken = await fetch(`${server.url}/v1/broken`);
    expect([broken.status, await broken.json()]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('answers CORS preflights itself and sets the configured CORS headers over the function ones', async () => {
    const preflight = await fetch(`${server.url}/v1/openapi.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const response = await fetch(`${server.url}/v1/openapi.json`, { headers: { origin: 'https://console.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('passes a text/html response through unchanged: status, content type, headers and body', async () => {
    const response = await fetch(`${server.url}/o/tok_123`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(PAGE.body);
  });

  it('hands a public form post to the function without a token, its body base64-encoded as HTTP APIs do', async () => {
    invoke.mockClear();
    const form = new URLSearchParams({ choice: 'object', note: 'geen marketing & zo' });
    const response = await fetch(`${server.url}/o/tok_123`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const [functionLogicalId, event] = invoke.mock.calls[0] as [string, Record<string, any>];
    expect(functionLogicalId).toBe('PageFunction');
    expect(event).toMatchObject({
      routeKey: 'POST /o/{token}',
      pathParameters: { token: 'tok_123' },
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      isBase64Encoded: true,
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(Buffer.from(event.body, 'base64').toString('utf8')).toBe(form.toString());
  });

  it('logs route keys and statuses, never paths, bodies or error messages', () => {
    const log = lines.join('\n');
    expect(log).toContain('PUT /v1/controllers/{controllerId}/subjects/{subjectId} -> 401');
    expect(log).toContain('GET /v1/broken: function failed with Error');
    expect(log).not.toMatch(/s-1|softmedex|jan@example\.com/);
  });
});
