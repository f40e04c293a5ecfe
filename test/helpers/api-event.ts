import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { controllerScope, fullScope } from '../../shared/auth/scopes';

/** An API Gateway HTTP API (payload 2.0) event as the JWT authorizer passes it on. */
export function apiEvent(options: {
  routeKey: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  controllers?: string[];
  scopes?: string[];
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = options.routeKey.split(' ') as [string, string];
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? '');
  const scope = [...(options.scopes ?? []).map(fullScope), ...(options.controllers ?? ['softmedex']).map(controllerScope)].join(' ');
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters: options.pathParameters,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: options.routeKey,
      stage: '$default',
      time: '23/Nov/2026:12:00:00 +0000',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { scope }, scopes: scope.split(' ') } },
    },
  };
}

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'request-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;
