import { erasureExecutionBodySchema, erasureExtensionBodySchema, erasureIntakeBodySchema, erasureRejectionBodySchema, type ErasureView } from '../../../shared/api/schemas';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { HttpProblem, badRequest, notFound, unprocessable } from '../../../shared/http/problem';
import { extendErasure } from '../../../shared/workflow/extend-erasure';
import { startErasure } from '../../../shared/workflow/start-erasure';
import { receiveErasure } from '../../../shared/workflow/receive-erasure';
import { rejectErasure } from '../../../shared/workflow/reject-erasure';
import type { ApiDependencies } from '../dependencies';
import { actorOf, authorizedController, json, optionalIdempotencyKey, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * An erasure request that reached the legal team by mail, post or phone: recorded with its Art. 12(3) due
 * date, and the subject asked to confirm it through the address they registered.
 */
export async function postErasure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const body = parseBody(event, erasureIntakeBodySchema);
  const result = await receiveErasure(deps, profile, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'received-in-the-future':
      throw badRequest([{ field: 'receivedAt', message: 'must not be in the future' }]);
    case 'unknown-subject':
      throw notFound(`Unknown subject '${body.subjectId}': a request is confirmed through the address the subject registered`);
    case 'subject-has-open-request': {
      const open = `/v1/controllers/${profile.controllerId}/erasures/${result.openErasureId}`;
      throw new HttpProblem(409, 'Conflict', `Subject '${body.subjectId}' has an open erasure request, ${open}: one request at a time, until it is completed, lapsed or rejected`, undefined, {
        openErasureId: result.openErasureId,
      });
    }
    case 'received':
      return json(
        202,
        { erasureId: result.erasureId, state: 'received', dueDate: result.dueDate },
        { Location: `/v1/controllers/${profile.controllerId}/erasures/${result.erasureId}` },
      );
  }
}

/** The request with its state, due date and evidence trail. */
export async function getErasure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const erasureId = pathParam(event, 'erasureId');
  const [stored, events, recipients] = await Promise.all([
    deps.erasures.get(controllerId, erasureId),
    deps.erasures.events(controllerId, erasureId),
    deps.erasureRecipients.list(controllerId, erasureId),
  ]);
  if (!stored) throw notFound(`Unknown erasure request '${erasureId}'`);
  const view: ErasureView = {
    ...stored.request,
    firstDueDate: stored.request.dueDate,
    dueDate: stored.dueDate,
    extendedMonths: stored.extendedMonths,
    extensions: stored.extensions ?? [],
    state: stored.state,
    ...(stored.verificationExpiresAt ? { verificationExpiresAt: stored.verificationExpiresAt } : {}),
    ...(stored.overdueAt ? { overdueAt: stored.overdueAt } : {}),
    ...(stored.rejection ? { rejection: stored.rejection } : {}),
    ...(stored.retained ? { retained: stored.retained } : {}),
    // What each recipient was told and answered; its contacts stay with the recipient.
    recipients: recipients.map(({ recipientId, name, kind, notifiedAt, remindedAt, notifiedByWebhookAt, remindedByWebhookAt, escalatedAt, answer }) => ({
      recipientId,
      name,
      kind,
      ...(notifiedAt ? { notifiedAt } : {}),
      ...(remindedAt ? { remindedAt } : {}),
      ...(notifiedByWebhookAt ? { notifiedByWebhookAt } : {}),
      ...(remindedByWebhookAt ? { remindedByWebhookAt } : {}),
      ...(escalatedAt ? { escalatedAt } : {}),
      ...(answer ? { answer } : {}),
    })),
    evidence: {
      chainIntact: verifyChain(events),
      events: events.map(({ seq, type, at, data, hash }) => ({ seq, type, at, data, hash })),
    },
  };
  return json(200, view);
}

/** Extends the deadline (Art. 12(3)): before the first due date only, two months at most in all; the subject is told why. */
export async function postErasureExtension(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const erasureId = pathParam(event, 'erasureId');
  const body = parseBody(event, erasureExtensionBodySchema);
  const result = await extendErasure(deps, profile, erasureId, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'unknown-erasure':
      throw notFound(`Unknown erasure request '${erasureId}'`);
    case 'closed':
      throw new HttpProblem(409, 'Conflict', 'This erasure request is closed; its deadline cannot be extended');
    case 'after-first-due-date':
      throw unprocessable(`An extension must be decided before the first due date, ${result.firstDueDate} (GDPR Art. 12(3))`);
    case 'more-than-two-months':
      throw unprocessable(`The deadline was extended by ${result.extendedMonths} month(s) already; two months in all is the most GDPR Art. 12(3) allows`);
    case 'extended':
      return json(200, { erasureId, dueDate: result.dueDate, extendedMonths: result.extendedMonths });
  }
}

/**
 * Refuses the request (Art. 12(4)) on a ground of Art. 12(2), 12(5) or 17(3), with the legal team's reason,
 * before erasure has begun; the subject is told why and where to complain.
 */
export async function postErasureRejection(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const erasureId = pathParam(event, 'erasureId');
  const body = parseBody(event, erasureRejectionBodySchema);
  const result = await rejectErasure(deps, profile, erasureId, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'unknown-erasure':
      throw notFound(`Unknown erasure request '${erasureId}'`);
    case 'not-rejectable':
      throw new HttpProblem(409, 'Conflict', `This erasure request is ${result.state}; only one not yet being carried out can be rejected`);
    case 'rejected':
      return json(200, { erasureId, state: 'rejected', rejection: result.rejection });
  }
}

/**
 * Carries out a verified request: the subject's own data is erased (what the profile's retention rules and
 * the holds given keep stays, each with the day it may go), and every recipient that received the subject's
 * data is told (Art. 19). The legal team triggers this deliberately, never the pipeline on its own: erasure
 * cannot be undone, and the team must first check the grounds of Art. 17(3), legal holds and open disputes.
 */
export async function postErasureExecution(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const erasureId = pathParam(event, 'erasureId');
  const body = parseBody(event, erasureExecutionBodySchema);
  const result = await startErasure(deps, profile, erasureId, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'unknown-erasure':
      throw notFound(`Unknown erasure request '${erasureId}'`);
    case 'unknown-retention-categories':
      throw new HttpProblem(
        422,
        'Unprocessable Content',
        `The privacy policy of ${profile.legalName} has no retention rule for ${result.categories.map(({ category }) => `'${category}'`).join(', ')}`,
        result.categories.map(({ index }) => ({ field: `retentionStarts.${index}.category`, message: 'no retention rule of the profile has this category' })),
      );
    case 'not-verified':
      throw new HttpProblem(409, 'Conflict', `This erasure request is ${result.state}; only a verified one can be carried out`);
    case 'started':
      return json(202, { erasureId, state: result.state, retained: result.retained });
  }
}
