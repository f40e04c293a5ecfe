import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, pathParam, type ApiEvent, type ApiResult } from '../request';

/** A subject's disclosures and their recipients: the answer to an Art. 15(1)(c) access request. */
export async function getSubjectDisclosures(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  return json(200, { items: await deps.ledger.forSubject(controllerId, subjectId) });
}
