import { preferencesBodySchema } from '../../../shared/api/schemas';
import { HttpProblem, notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * Replaces what a subject told the controller about sharing: kinds they approved beforehand and kinds
 * they asked to stop. Disclosures recorded from now on leave them out accordingly.
 */
export async function putPreferences(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  const body = parseBody(event, preferencesBodySchema);
  const preferences = { consentTo: [...new Set(body.consentTo)], stopSharing: [...new Set(body.stopSharing)] };
  const updatedAt = deps.clock.now().toISOString();
  const outcome = await deps.subjects.setPreferences(controllerId, subjectId, preferences, updatedAt);
  if (outcome === 'unknown-subject') throw notFound(`Unknown subject '${subjectId}'`);
  if (outcome === 'superseded') throw new HttpProblem(409, 'Conflict', 'A later change of these preferences was recorded meanwhile; read them and try again');
  return json(200, { subjectId, ...preferences, updatedAt });
}

/**
 * A subject's sharing preferences and every change of them, oldest first: consent must be demonstrable
 * (GDPR Art. 7(1)), so the answer shows when each was given or withdrawn.
 */
export async function getPreferences(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  const [subject, history] = await Promise.all([
    deps.subjects.getMany(controllerId, [subjectId]).then((found) => found.get(subjectId)),
    deps.subjects.preferencesHistory(controllerId, subjectId),
  ]);
  if (!subject) throw notFound(`Unknown subject '${subjectId}'`);
  const current = subject.preferences ?? { consentTo: [], stopSharing: [] };
  return json(200, { subjectId, ...current, history });
}
