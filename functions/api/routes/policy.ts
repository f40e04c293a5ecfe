import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, type ApiEvent, type ApiResult } from '../request';

/** The controller's policy profile as the pipeline holds it: the rules every disclosure is checked against. */
export async function getPolicy(event: ApiEvent, _deps: ApiDependencies): Promise<ApiResult> {
  return json(200, authorizedController(event));
}
