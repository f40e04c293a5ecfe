import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { recipientAnswerBodySchema, type RecipientAnswerBody } from '../../shared/api/schemas';
import type { RecipientAnswer } from '../../shared/domain/erasure/erasure-recipient';
import { renderAckPage, type AckFormError } from '../../shared/domain/notice/ack-page';
import { noticeLocale } from '../../shared/domain/notice/notice-locale';
import { findProfile } from '../../shared/domain/policy/profiles';
import { fieldErrors } from '../../shared/http/problem';
import type { PublicRouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import {
  recipientAnswerState,
  recordRecipientAnswer,
  type AckContext,
  type AnswerOutcome,
  type RecipientAnswerDependencies,
} from '../../shared/workflow/record-recipient-answer';
import { page, type Result } from './page';

/**
 * `/a/{token}`: a recipient answers an erasure notice (Art. 19) on a page. GET shows the request and a
 * form; only the form's POST records. A second answer changes nothing and shows the first (409).
 */
export async function acknowledgementPage(event: APIGatewayProxyEventV2, deps: RecipientAnswerDependencies): Promise<Result> {
  const token = event.pathParameters?.token ?? '';
  const submitted = (event.routeKey as PublicRouteKey) === 'POST /a/{token}';
  if (!submitted) {
    const state = await recipientAnswerState(deps, token);
    if (state.state === 'unknown') return invalid();
    return state.state === 'answered' ? answeredPage(409, 'already', state.context, state.answer) : formPage(200, state.context, token);
  }
  const form = formAnswer(event);
  if (!form.ok) {
    const state = await recipientAnswerState(deps, token);
    if (state.state === 'unknown') return invalid();
    if (state.state === 'answered') return answeredPage(409, 'already', state.context, state.answer);
    return formPage(400, state.context, token, form.error);
  }
  const outcome = await recordRecipientAnswer(deps, token, form.answer, 'link');
  if (outcome.outcome === 'unknown') return invalid();
  logOutcome(outcome);
  return outcome.outcome === 'recorded'
    ? answeredPage(200, 'recorded', outcome.context, outcome.answer)
    : answeredPage(409, 'already', outcome.context, outcome.answer);
}

/**
 * `POST /v1/public/acks/{token}`: the same answer from the recipient's systems, as JSON `{status, reason?}`,
 * the URL its webhook call named. 200 with the answer recorded; 409 with the first answer when answered before.
 */
export async function acknowledgementCallback(event: APIGatewayProxyEventV2, deps: RecipientAnswerDependencies): Promise<Result> {
  const token = event.pathParameters?.token ?? '';
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let body: unknown;
  try {
    body = JSON.parse(raw ?? '');
  } catch {
    return problem(400, 'Bad Request', 'Invalid (body)', { errors: [{ field: '(body)', message: 'must be a JSON document' }] });
  }
  const parsed = recipientAnswerBodySchema.safeParse(body);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return problem(400, 'Bad Request', `Invalid ${errors.map((error) => error.field).join(', ')}`, { errors });
  }
  const outcome = await recordRecipientAnswer(deps, token, parsed.data, 'callback');
  if (outcome.outcome === 'unknown') return problem(404, 'Not Found', 'The link is invalid or has expired');
  logOutcome(outcome);
  if (outcome.outcome === 'already-answered') {
    return problem(409, 'Conflict', 'This request was answered before; the first answer stands', { answer: outcome.answer });
  }
  return json(200, { status: outcome.answer.status, answeredAt: outcome.answer.answeredAt });
}

/** The form's fields, checked like the callback's JSON; an empty reason is no reason. */
function formAnswer(event: APIGatewayProxyEventV2): { ok: true; answer: RecipientAnswerBody } | { ok: false; error: AckFormError } {
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  const fields = new URLSearchParams(raw);
  const reason = fields.get('reason')?.trim();
  const parsed = recipientAnswerBodySchema.safeParse({ status: fields.get('status') ?? undefined, ...(reason ? { reason } : {}) });
  if (parsed.success) return { ok: true, answer: parsed.data };
  return { ok: false, error: parsed.error.issues.some((issue) => issue.path[0] === 'status') ? 'status' : 'reason' };
}

function logOutcome(outcome: Exclude<AnswerOutcome, { outcome: 'unknown' }>): void {
  const ids = { erasureId: outcome.context.erasureId, recipientId: outcome.context.recipient.recipientId, via: outcome.answer.via };
  if (outcome.outcome === 'recorded') logger.info('Recipient answer recorded', { ...ids, status: outcome.answer.status });
  else logger.info('Recipient answered before', ids);
}

/** The recipient's language, if the controller writes in it. */
function pageContext(context: AckContext) {
  const profile = findProfile(context.controllerId);
  if (!profile) throw new Error('Acknowledgement for an unknown controller');
  return { profile, locale: noticeLocale(context.recipient.locale, profile), recipientName: context.recipient.name };
}

function formPage(statusCode: number, context: AckContext, token: string, error?: AckFormError): Result {
  return page(
    statusCode,
    renderAckPage({
      state: 'form',
      ...pageContext(context),
      erasureId: context.erasureId,
      subjectReference: context.subjectId,
      disclosures: context.recipient.disclosures,
      formAction: `/a/${token}`,
      ...(error ? { error } : {}),
    }),
  );
}

function answeredPage(statusCode: number, state: 'recorded' | 'already', context: AckContext, answer: RecipientAnswer): Result {
  return page(statusCode, renderAckPage({ state, ...pageContext(context), answer }));
}

function invalid(): Result {
  return page(404, renderAckPage({ state: 'invalid' }));
}

function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(body) };
}

/** An RFC 9457 problem, as the API answers one. */
function problem(status: number, title: string, detail: string, extensions: Record<string, unknown> = {}): Result {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, ...extensions }),
  };
}
