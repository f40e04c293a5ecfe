import type { CorsConfiguration } from '../template/http-api';

/**
 * The API's CorsConfiguration, applied as API Gateway applies it: it answers preflight requests itself
 * and sets the CORS headers on every response, overriding any the function returns.
 */
export function isPreflight(method: string, headers: Record<string, string[] | undefined>): boolean {
  return method === 'OPTIONS' && Boolean(headers.origin?.[0]) && Boolean(headers['access-control-request-method']?.[0]);
}

export function preflightHeaders(cors: CorsConfiguration, headers: Record<string, string[] | undefined>): Record<string, string> {
  const origin = allowedOrigin(cors, headers.origin?.[0]);
  if (!origin) return {};
  const requestedHeaders = headers['access-control-request-headers']?.[0];
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': cors.allowMethods.includes('*')
      ? (headers['access-control-request-method']?.[0] ?? '*')
      : cors.allowMethods.join(','),
    ...(cors.allowHeaders.length > 0
      ? { 'access-control-allow-headers': cors.allowHeaders.includes('*') ? (requestedHeaders ?? '*') : cors.allowHeaders.join(',') }
      : {}),
    ...(cors.maxAge !== undefined ? { 'access-control-max-age': String(cors.maxAge) } : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

export function responseCorsHeaders(cors: CorsConfiguration, requestOrigin: string | undefined): Record<string, string> {
  const origin = allowedOrigin(cors, requestOrigin);
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    ...(cors.exposeHeaders.length > 0 ? { 'access-control-expose-headers': cors.exposeHeaders.join(',') } : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}
