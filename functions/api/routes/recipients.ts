import { recipientBodySchema, type WebhookSecretView } from '../../../shared/api/schemas';
import { WEBHOOK_SCHEME } from '../../../shared/domain/webhooks/standard-webhook';
import { webhookSecret } from '../../../shared/domain/webhooks/webhook-secret';
import { webhookUrlAllowed } from '../../../shared/domain/webhooks/webhook-url';
import { badRequest, notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, noContent, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

export async function putRecipient(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const recipientId = pathParam(event, 'recipientId');
  const body = parseBody(event, recipientBodySchema);
  // Webhook calls carry the subject's contact data: never in clear, never inside our network (SSRF), except
  // on a local runtime's own machine.
  if (body.webhookUrl !== undefined && !webhookUrlAllowed(body.webhookUrl, deps.allowHttpWebhooks)) {
    throw badRequest([{ field: 'webhookUrl', message: 'must be an https URL of a public host' }]);
  }
  await deps.recipients.upsert({ controllerId, recipientId, ...body }, deps.clock.now().toISOString());
  return noContent();
}

/**
 * The secret the recipient's webhook calls are signed with, for the legal team to hand to the recipient:
 * derived, never stored, so asking again gives the same one (until the link key is rotated).
 */
export async function getWebhookSecret(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const recipientId = pathParam(event, 'recipientId');
  if (!(await deps.recipients.get(controllerId, recipientId))) throw notFound(`Unknown recipient '${recipientId}'`);
  const view: WebhookSecretView = { secret: webhookSecret(await deps.linkSecret(), controllerId, recipientId), scheme: WEBHOOK_SCHEME };
  return json(200, view, { 'Cache-Control': 'no-store' });
}
