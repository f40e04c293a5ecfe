import { breachNoticesBodySchema, type BreachNoticesStartedView, type BreachNoticesView } from '../../../shared/api/breach-notice-schemas';
import type { BreachNoticeCampaign } from '../../../shared/domain/breach/breach';
import { breachNoticesProgress } from '../../../shared/domain/breach/breach-notice';
import { breachObligations } from '../../../shared/domain/breach/breach-obligations';
import { HttpProblem, badRequest, notFound } from '../../../shared/http/problem';
import { startBreachNotices } from '../../../shared/workflow/start-breach-notices';
import type { ApiDependencies } from '../dependencies';
import { actorOf, authorizedController, json, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

const noticesPath = (controllerId: string, breachId: string) => `/v1/controllers/${controllerId}/breaches/${breachId}/notices`;

/**
 * Starts the notices of a high-risk breach to its subjects (Art. 34), once: 202, as they go out in the
 * background; their counts at the Location.
 */
export async function postBreachNotices(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const body = parseBody(event, breachNoticesBodySchema);
  const result = await startBreachNotices(deps, profile, breachId, body, actorOf(event));
  switch (result.outcome) {
    case 'unknown-breach':
      throw notFound(`Unknown breach '${breachId}'`);
    case 'invalid':
      throw badRequest(result.errors);
    case 'refused': {
      const { field, message } = result.refusal;
      throw new HttpProblem(409, 'Conflict', `${field}: ${message}`, [{ field, message }]);
    }
    case 'started': {
      const location = noticesPath(profile.controllerId, breachId);
      return json(202, { ...startedView(breachId, result.notices), links: { notices: location } }, { Location: location });
    }
  }
}

/**
 * How the notices of a breach go: who is told, how many were planned, sent, failed, suppressed or bounced, and
 * whether a public communication is required (Art. 34(3)(c)) or advised (some subjects were not reached).
 */
export async function getBreachNotices(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const stored = await deps.breaches.get(controllerId, breachId);
  if (!stored) throw notFound(`Unknown breach '${breachId}'`);
  if (!stored.notices) throw notFound(`No notices were started for breach '${breachId}': start them with POST ${noticesPath(controllerId, breachId)}`);
  const { status, unreachable, ...progress } = breachNoticesProgress(stored.notices.partsTotal, await deps.breachNotices.progress(controllerId, breachId));
  const view: BreachNoticesView = {
    ...startedView(breachId, stored.notices),
    status,
    progress,
    unreachable,
    publicCommunication: {
      required: breachObligations(stored).needed.includes('public-communication'),
      advised: unreachable > 0,
      unreachable,
      ...(stored.publicCommunication ? { recordedAt: stored.publicCommunication.recordedAt } : {}),
    },
  };
  return json(200, view);
}

function startedView(breachId: string, notices: BreachNoticeCampaign): BreachNoticesStartedView {
  const { audience } = notices;
  return {
    breachId,
    // A list is shown by its size; its slices' hashes are the planner's business.
    audience: audience.type === 'list' ? { type: 'list', subjects: audience.subjects } : audience,
    languages: Object.keys(notices.words),
    ...(notices.disclosedUpTo ? { disclosedUpTo: notices.disclosedUpTo } : {}),
    partsTotal: notices.partsTotal,
    startedAt: notices.startedAt,
  };
}
