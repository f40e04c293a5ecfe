import { describe, expect, it } from 'vitest';
import { type IncomingApiRequest, buildApiEvent } from '../../../scripts/local/http/api-event';

const request = (overrides: Partial<IncomingApiRequest> = {}): IncomingApiRequest => ({
  method: 'PUT',
  url: '/v1/controllers/softmedex/subjects/s%201?tag=a&tag=b&q=x%20y',
  headers: {
    host: ['127.0.0.1:3000'],
    'content-type': ['application/json'],
    'user-agent': ['curl/8'],
    'x-custom': ['one', 'two'],
    cookie: ['a=1; b=2'],
  },
  body: Buffer.from('{"email":"jan@example.com"}'),
  sourceIp: '127.0.0.1',
  port: 3000,
  ...overrides,
});

const routeKey = 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}';
const now = new Date('2026-03-12T19:03:58.123Z');

describe('buildApiEvent (HTTP API payload format 2.0)', () => {
  const event = buildApiEvent({
    request: request(),
    routeKey,
    pathParameters: { controllerId: 'softmedex', subjectId: 's 1' },
    requestId: 'req-1',
    jwt: { claims: { scope: 'disclosure-pipeline/subjects:write', exp: '1700000000' }, scopes: ['disclosure-pipeline/subjects:write'] },
    now,
  });

  it('carries the route, raw path and query, decoded parameters and the text body', () => {
    expect(event).toMatchObject({
      version: '2.0',
      routeKey,
      rawPath: '/v1/controllers/softmedex/subjects/s%201',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      pathParameters: { controllerId: 'softmedex', subjectId: 's 1' },
      body: '{"email":"jan@example.com"}',
      isBase64Encoded: false,
    });
  });

  it('lowercases headers, joins repeated ones with commas, moves cookies out and adds the forwarding headers', () => {
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'x-custom': 'one,two',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '3000',
      'x-forwarded-proto': 'http',
      'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
    });
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('fills the request context, with the JWT claims and scopes on a JWT route', () => {
    expect(event.requestContext).toEqual({
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1:3000',
      domainPrefix: '127',
      http: { method: 'PUT', path: '/v1/controllers/softmedex/subjects/s%201', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: now.getTime(),
      authorizer: { jwt: { claims: { scope: 'disclosure-pipeline/subjects:write', exp: '1700000000' }, scopes: ['disclosure-pipeline/subjects:write'] } },
    });
  });

  it('leaves out body, query, cookies, path parameters and authorizer when there are none', () => {
    const bare = buildApiEvent({
      request: request({ method: 'GET', url: '/v1/openapi.json', headers: {}, body: Buffer.alloc(0) }),
      routeKey: 'GET /v1/openapi.json',
      pathParameters: {},
      requestId: 'req-2',
    });
    expect(bare).not.toHaveProperty('body');
    expect(bare).not.toHaveProperty('queryStringParameters');
    expect(bare).not.toHaveProperty('cookies');
    expect(bare).not.toHaveProperty('pathParameters');
    expect(bare.requestContext).not.toHaveProperty('authorizer');
    expect(bare.rawQueryString).toBe('');
    expect(bare.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a body whose content type is not text', () => {
    const binary = buildApiEvent({
      request: request({ headers: { 'content-type': ['application/octet-stream'] }, body: Buffer.from([0xff, 0x00, 0x10]) }),
      routeKey,
      pathParameters: {},
      requestId: 'req-3',
    });
    expect(binary).toMatchObject({ body: '/wAQ', isBase64Encoded: true });
  });

  it('base64-encodes a form post too, and a body without a content type, as real HTTP APIs do', () => {
    // HTTP APIs pass text/*, application/json, application/xml and application/javascript bodies as text
    // and base64-encode the rest, application/x-www-form-urlencoded included.
    const form = buildApiEvent({
      request: request({ method: 'POST', headers: { 'content-type': ['application/x-www-form-urlencoded'] }, body: Buffer.from('choice=object&note=a%20b') }),
      routeKey: 'POST /o/{token}',
      pathParameters: { token: 't' },
      requestId: 'req-4',
    });
    expect(form).toMatchObject({ body: Buffer.from('choice=object&note=a%20b').toString('base64'), isBase64Encoded: true });
    const untyped = buildApiEvent({ request: request({ headers: {}, body: Buffer.from('x') }), routeKey, pathParameters: {}, requestId: 'req-5' });
    expect(untyped.isBase64Encoded).toBe(true);
    const text = buildApiEvent({
      request: request({ headers: { 'content-type': ['text/plain; charset=utf-8'] }, body: Buffer.from('hallo') }),
      routeKey,
      pathParameters: {},
      requestId: 'req-6',
    });
    expect(text).toMatchObject({ body: 'hallo', isBase64Encoded: false });
  });
});
