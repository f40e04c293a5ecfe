import {
  breachAssessmentBodySchema,
  breachBodySchema,
  breachFilingBodySchema,
  breachesQuerySchema,
  publicCommunicationBodySchema,
  type BreachSummaryView,
  type BreachView,
} from '../../../shared/api/breach-schemas';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { filingDeadline, hoursLeft } from '../../../shared/domain/breach/breach-clock';
import { breachObligations } from '../../../shared/domain/breach/breach-obligations';
import type { BreachRefusal } from '../../../shared/domain/breach/breach-refusal';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { HttpProblem, badRequest, notFound, unprocessable } from '../../../shared/http/problem';
import { assessBreach } from '../../../shared/workflow/assess-breach';
import { recordBreachFiling } from '../../../shared/workflow/record-breach-filing';
import { recordPublicCommunication } from '../../../shared/workflow/record-public-communication';
import { registerBreach } from '../../../shared/workflow/register-breach';
import type { ApiDependencies } from '../dependencies';
import { actorOf, authorizedController, json, optionalIdempotencyKey, parseBody, parseQuery, pathParam, type ApiEvent, type ApiResult } from '../request';

/** Registers a breach (Art. 33(5)); the answer says when the 72 hours of Art. 33(1) end and how many are left. */
export async function postBreach(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const body = parseBody(event, breachBodySchema);
  const result = await registerBreach(deps, profile, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'refused':
      throw refusalProblem(result.refusal);
    case 'unknown-recipient':
      throw new HttpProblem(404, 'Not Found', `Unknown recipient '${result.recipientId}': record it with PUT .../recipients/${result.recipientId} first`, [
        { field: 'source.recipientId', message: 'no recipient of the controller has this id' },
      ]);
    case 'registered': {
      const { breachId, awareAt } = result.report;
      return json(
        201,
        { breachId, awareAt, ...clockOf({ report: result.report, filings: [] }, deps.clock.now()) },
        { Location: `/v1/controllers/${profile.controllerId}/breaches/${breachId}` },
      );
    }
  }
}

/** The controller's breach register, soonest deadline first; `open=true` lists those with an obligation outstanding. */
export async function getBreaches(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const { open } = parseQuery(event, breachesQuerySchema);
  const now = deps.clock.now();
  const items = (await deps.breaches.list(controllerId))
    .map((breach) => summaryOf(breach, now))
    .filter((summary) => !open || summary.open)
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
  return json(200, { items });
}

/** One breach: its report, decisions, the clock, what is still outstanding, and its evidence trail. */
export async function getBreach(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const [stored, events] = await Promise.all([deps.breaches.get(controllerId, breachId), deps.breaches.events(controllerId, breachId)]);
  if (!stored) throw notFound(`Unknown breach '${breachId}'`);
  const { controllerId: _controllerId, breachId: _breachId, ...report } = stored.report;
  const { notices } = stored;
  const view: BreachView = {
    breachId,
    controllerId,
    report,
    ...clockOf(stored, deps.clock.now()),
    ...(stored.assessment ? { assessment: stored.assessment } : {}),
    filings: stored.filings,
    ...(stored.lateByMinutes === undefined ? {} : { lateByMinutes: stored.lateByMinutes }),
    obligations: breachObligations(stored),
    ...(notices
      ? {
          notices: {
            audience: notices.audience,
            languages: Object.keys(notices.words),
            ...(notices.disclosedUpTo ? { disclosedUpTo: notices.disclosedUpTo } : {}),
            partsTotal: notices.partsTotal,
            startedAt: notices.startedAt,
          },
        }
      : {}),
    ...(stored.publicCommunication ? { publicCommunication: stored.publicCommunication } : {}),
    ...(stored.closedAt ? { closedAt: stored.closedAt } : {}),
    evidence: {
      chainIntact: verifyChain(events),
      events: events.map(({ seq, type, at, data, hash }) => ({ seq, type, at, data, hash })),
    },
  };
  return json(200, view);
}

/** Records the risk assessment (Art. 33(1), 34): `none` closes the breach with its reasoning; `risk` and `high` send the filing draft. */
export async function postBreachAssessment(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const body = parseBody(event, breachAssessmentBodySchema);
  const result = await assessBreach(deps, controllerId, breachId, body, actorOf(event));
  switch (result.outcome) {
    case 'unknown-breach':
      throw notFound(`Unknown breach '${breachId}'`);
    case 'refused':
      throw refusalProblem(result.refusal);
    case 'assessed': {
      const stored = (await deps.breaches.get(controllerId, breachId))!;
      return json(200, { breachId, assessment: result.assessment, obligations: breachObligations(stored), ...(stored.closedAt ? { closedAt: stored.closedAt } : {}) });
    }
  }
}

/** Records a filing made on the authority's form (Art. 33(1), 33(4)): when, by whom, under which reference. */
export async function postBreachFiling(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const body = parseBody(event, breachFilingBodySchema);
  const result = await recordBreachFiling(deps, profile, breachId, body, actorOf(event), optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'unknown-breach':
      throw notFound(`Unknown breach '${breachId}'`);
    case 'refused':
      throw refusalProblem(result.refusal);
    case 'filed': {
      const stored = (await deps.breaches.get(profile.controllerId, breachId))!;
      return json(200, { breachId, filing: result.filing, lateByMinutes: result.lateByMinutes, obligations: breachObligations(stored) });
    }
  }
}

/** Records the public communication made about a high-risk breach (Art. 34(3)(c)). */
export async function postPublicCommunication(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const body = parseBody(event, publicCommunicationBodySchema);
  const result = await recordPublicCommunication(deps, controllerId, breachId, body, actorOf(event));
  switch (result.outcome) {
    case 'unknown-breach':
      throw notFound(`Unknown breach '${breachId}'`);
    case 'refused':
      throw refusalProblem(result.refusal);
    case 'recorded': {
      const stored = (await deps.breaches.get(controllerId, breachId))!;
      return json(200, { breachId, publicCommunication: result.publicCommunication, obligations: breachObligations(stored) });
    }
  }
}

/**
 * The 72 hours as the API's clock reads them. Hours left only while the clock matters: a filing is needed and
 * none is recorded yet (negative once it has passed); null after, when the lateness is frozen instead.
 */
function clockOf(breach: Pick<StoredBreach, 'report' | 'assessment' | 'filings'>, now: Date): { deadline: string; hoursLeft: number | null } {
  const { awareAt } = breach.report;
  const running = breach.filings.length === 0 && breach.assessment?.risk !== 'none';
  return { deadline: filingDeadline(awareAt), hoursLeft: running ? hoursLeft(awareAt, now) : null };
}

function summaryOf(breach: StoredBreach, now: Date): BreachSummaryView {
  const { outstanding, open } = breachObligations(breach);
  return {
    breachId: breach.report.breachId,
    awareAt: breach.report.awareAt,
    ...clockOf(breach, now),
    risk: breach.assessment?.risk ?? null,
    filed: breach.filings.length > 0,
    ...(breach.lateByMinutes === undefined ? {} : { lateByMinutes: breach.lateByMinutes }),
    outstanding,
    open,
    ...(breach.closedAt ? { closedAt: breach.closedAt } : {}),
  };
}

/** A refused decision: 400 naming the field when the request is wrong, 409 naming it when the breach's state forbids it. */
function refusalProblem(refusal: BreachRefusal): HttpProblem {
  const error = { field: refusal.field, message: refusal.message };
  return refusal.kind === 'invalid' ? badRequest([error]) : new HttpProblem(409, 'Conflict', `${refusal.field}: ${refusal.message}`, [error]);
}
