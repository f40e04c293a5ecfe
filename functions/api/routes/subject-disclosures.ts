import { notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * A subject's disclosures and their recipients: the answer to an Art. 15(1)(c) access request. An erased
 * subject keeps its (pseudonymous) entries; a subject never known and never disclosed is a 404.
 */
export async function getSubjectDisclosures(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  const items = await deps.ledger.forSubject(controllerId, subjectId);
  if (items.length === 0 && !(await deps.subjects.getMany(controllerId, [subjectId])).has(subjectId)) {
    throw notFound(`Unknown subject '${subjectId}'`);
  }
  return json(200, { items });
}
