/** Turning a function's result into the HTTP response, as API Gateway does for payload format 2.0. */

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export function jsonMessage(statusCode: number, message: string): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export const INTERNAL_SERVER_ERROR = jsonMessage(500, 'Internal Server Error');

/**
 * A result with a `statusCode` is a structured response (statusCode, headers, cookies, body,
 * isBase64Encoded); any other JSON value becomes a 200 `application/json` response with that value as
 * its body (a string as it is). A structured response API Gateway cannot use is a 500.
 */
export function apiGatewayResponse(result: unknown): HttpResponse {
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)),
    };
  }
  const structured = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown[];
    body?: unknown;
    isBase64Encoded?: boolean;
  };
  const statusCode = Number(structured.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return INTERNAL_SERVER_ERROR;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies.map(String);
  const body = structured.body === undefined || structured.body === null ? '' : String(structured.body);
  return { statusCode, headers, body: Buffer.from(body, structured.isBase64Encoded ? 'base64' : 'utf8') };
}
