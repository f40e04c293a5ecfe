import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { identifierSchema, idempotencyKeySchema } from '../../shared/api/schemas';
import { controllersInScope } from '../../shared/auth/scopes';
import type { Actor } from '../../shared/domain/evidence/actor';
import type { PolicyProfile } from '../../shared/domain/policy/policy-profile';
import { findProfile } from '../../shared/domain/policy/profiles';
import { badRequest, fieldErrors, forbidden, notFound } from '../../shared/http/problem';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function noContent(): ApiResult {
  return { statusCode: 204 };
}

/** A path parameter, checked like any other input. */
export function pathParam(event: ApiEvent, name: string): string {
  const parsed = identifierSchema.safeParse(event.pathParameters?.[name]);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error, name));
  return parsed.data;
}

/**
 * The controller the request acts for: named in the path and in the token's scopes. The authorizer has
 * already checked the route scope; this checks the controller (403 before 404, so nothing leaks).
 */
export function authorizedController(event: ApiEvent): PolicyProfile {
  const controllerId = pathParam(event, 'controllerId');
  if (!controllersInScope(scopeClaim(event)).includes(controllerId)) {
    throw forbidden('The token does not name this controller');
  }
  const profile = findProfile(controllerId);
  if (!profile) throw notFound(`Unknown controller '${controllerId}'`);
  return profile;
}

/** The token's space-separated scopes, as the authorizer passed them on. */
export function scopeClaim(event: ApiEvent): string | undefined {
  const claim = event.requestContext.authorizer?.jwt?.claims?.scope;
  return typeof claim === 'string' ? claim : undefined;
}

/** The credential behind the request, as the authorizer passed its claims on. */
export function actorOf(event: ApiEvent): Actor {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const claim = (name: string) => (typeof claims[name] === 'string' ? { [name === 'client_id' ? 'clientId' : name]: claims[name] as string } : {});
  return { ...claim('client_id'), ...claim('sub') };
}

export function parseBody<Schema extends z.ZodType>(event: ApiEvent, schema: Schema): z.infer<Schema> {
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let body: unknown;
  try {
    body = JSON.parse(raw ?? '');
  } catch {
    throw badRequest([{ field: '(body)', message: 'must be a JSON document' }]);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error));
  return parsed.data;
}

export function parseQuery<Schema extends z.ZodType>(event: ApiEvent, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error));
  return parsed.data;
}

export function header(event: ApiEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

/** The optional `Idempotency-Key` header, checked like any other input. */
export function optionalIdempotencyKey(event: ApiEvent): string | undefined {
  const value = header(event, 'Idempotency-Key');
  if (value === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error, 'Idempotency-Key'));
  return parsed.data;
}
