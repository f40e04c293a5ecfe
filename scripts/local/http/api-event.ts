import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** What the local server knows about an incoming request, before routing. */
export interface IncomingApiRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/v1/x?a=1&a=2`. */
  url: string;
  /** Header values by lowercased name, every occurrence (node's `headersDistinct`). */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  /** The local port, for `x-forwarded-port`. */
  port: number;
}

export interface ApiEventInput {
  request: IncomingApiRequest;
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  /** Present on JWT routes: what the authorizer passes on. */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
  now?: Date;
}

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|xml|javascript|problem\+json|[\w.+-]+\+(json|xml))\b)/i;

/** The API Gateway HTTP API payload format 2.0 event for a request that matched a route. */
export function buildApiEvent(input: ApiEventInput): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, now = new Date() } = input;
  const [rawPath = '/', rawQueryString = ''] = splitOnce(request.url, '?');
  const headers = eventHeaders(request);
  const cookies = request.headers.cookie?.flatMap((header) => header.split(';')).map((cookie) => cookie.trim()).filter(Boolean);
  const queryStringParameters = queryParameters(rawQueryString);
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = request.body.length > 0 && !TEXT_CONTENT_TYPE.test(contentType);
  const host = headers.host ?? `localhost:${request.port}`;

  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0]!.split(':')[0]!,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
      ...(input.jwt ? { authorizer: { jwt: input.jwt } } : {}),
    },
    ...(Object.keys(input.pathParameters).length > 0 ? { pathParameters: input.pathParameters } : {}),
    ...(request.body.length > 0 ? { body: request.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

/** Lowercased headers, repeated ones joined by commas, cookies moved out, plus the ones API Gateway adds. */
function eventHeaders(request: IncomingApiRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (name === 'cookie' || !values) continue;
    headers[name.toLowerCase()] = values.join(',');
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.port);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return headers;
}

/** Query parameters decoded, repeated names joined by commas, as payload 2.0 does; absent when none. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's requestContext.time. */
function requestTime(date: Date): string {
  const [, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const index = text.indexOf(separator);
  return index < 0 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}
