import { notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { subjectDisclosuresQuerySchema } from '../../../shared/api/schemas';
import { authorizedController, json, parseQuery, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * A subject's disclosures and their recipients: the answer to an Art. 15(1)(c) access request. An erased
 * subject keeps its (pseudonymous) entries; a subject never known and never disclosed is a 404.
 * Disclosures under a non-disclosure order (notice `held`) are left out unless asked for with
 * `includeHeld=true`: an answer passed on to the subject must not reveal them (GDPR Art. 23).
 */
export async function getSubjectDisclosures(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  const { includeHeld } = parseQuery(event, subjectDisclosuresQuerySchema);
  const entries = await deps.ledger.forSubject(controllerId, subjectId);
  const items = includeHeld ? entries : entries.filter((entry) => entry.notice.status !== 'held');
  if (entries.length === 0 && !(await deps.subjects.getMany(controllerId, [subjectId])).has(subjectId)) {
    throw notFound(`Unknown subject '${subjectId}'`);
  }
  return json(200, { items });
}
