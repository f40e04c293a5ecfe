import { recipientBodySchema } from '../../../shared/api/schemas';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, noContent, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

export async function putRecipient(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const recipientId = pathParam(event, 'recipientId');
  const body = parseBody(event, recipientBodySchema);
  await deps.recipients.upsert({ controllerId, recipientId, ...body }, deps.clock.now().toISOString());
  return noContent();
}
