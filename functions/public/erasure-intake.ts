import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { identifierSchema, publicErasureBodySchema } from '../../shared/api/schemas';
import { findProfile } from '../../shared/domain/policy/profiles';
import { emailLookup } from '../../shared/domain/subject/email-lookup';
import { fieldErrors, type FieldError } from '../../shared/http/problem';
import type { PublicErasureRequest } from '../../shared/messages/pipeline-messages';
import type { PublicDependencies } from './dependencies';
import type { Result } from './page';

/** The one answer to every well-formed request: it says nothing about whether the address is known. */
export const PUBLIC_ERASURE_ACCEPTED = {
  status: 'accepted',
  detail:
    'If this address is registered with us, we have sent it an email to confirm the request. Nothing is erased ' +
    'until the request is confirmed through that email.',
} as const;

const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * `POST /v1/public/controllers/{controllerId}/erasures` `{email}`: an erasure request typed on the controller's
 * website. Whether or not the address is known, it does the same work (key the address, queue the request for
 * the sender) and gives the same answer, so neither the answer nor its timing tells who is a customer; the
 * sender makes a request only for a registered address, and writes only to it. Bad input names the field.
 */
export async function erasureIntake(event: APIGatewayProxyEventV2, deps: PublicDependencies): Promise<Result> {
  const controllerId = identifierSchema.safeParse(event.pathParameters?.controllerId);
  const profile = controllerId.success ? findProfile(controllerId.data) : undefined;
  if (!profile) return problem(404, 'Not Found', 'Unknown controller');
  const body = parseJson(event);
  if (!body.ok) return problem(400, 'Bad Request', 'Invalid (body)', [{ field: '(body)', message: 'must be a JSON document' }]);
  const parsed = publicErasureBodySchema.safeParse(body.value);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return problem(400, 'Bad Request', `Invalid ${errors.map((error) => error.field).join(', ')}`, errors);
  }
  const message: PublicErasureRequest = {
    type: 'public-erasure-request',
    controllerId: profile.controllerId,
    // Keyed with the link secret: the message (and its dead letter, if any) names no address a guess could confirm.
    emailLookup: emailLookup(await deps.linkSecret(), profile.controllerId, parsed.data.email),
    receivedAt: deps.clock.now().toISOString(),
    workId: `public-erasure#${deps.newId()}`,
  };
  await deps.notifyQueue.publish([{ id: 'public-erasure', body: message }]);
  return { statusCode: 202, headers: { 'Content-Type': 'application/json', ...HEADERS }, body: JSON.stringify(PUBLIC_ERASURE_ACCEPTED) };
}

function parseJson(event: APIGatewayProxyEventV2): { ok: true; value: unknown } | { ok: false } {
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return { ok: true, value: JSON.parse(raw ?? '') };
  } catch {
    return { ok: false };
  }
}

/** An RFC 9457 problem, as the /v1 API answers one. */
function problem(status: number, title: string, detail: string, errors?: FieldError[]): Result {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/problem+json', ...HEADERS },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }),
  };
}
