import { erasureExtensionBodySchema, erasureIntakeBodySchema, type ErasureView } from '../../../shared/api/schemas';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { HttpProblem, badRequest, notFound, unprocessable } from '../../../shared/http/problem';
import { extendErasure } from '../../../shared/workflow/extend-erasure';
import { receiveErasure } from '../../../shared/workflow/receive-erasure';
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
  const [stored, events] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasures.events(controllerId, erasureId)]);
  if (!stored) throw notFound(`Unknown erasure request '${erasureId}'`);
  const view: ErasureView = {
    ...stored.request,
    firstDueDate: stored.request.dueDate,
    dueDate: stored.dueDate,
    extendedMonths: stored.extendedMonths,
    state: stored.state,
    ...(stored.verificationExpiresAt ? { verificationExpiresAt: stored.verificationExpiresAt } : {}),
    ...(stored.overdueAt ? { overdueAt: stored.overdueAt } : {}),
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
