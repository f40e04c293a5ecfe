import { createHash } from 'node:crypto';
import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { WebhookClient } from '../adapters/http/webhook-client';
import type { Clock } from '../domain/clock';
import { signAckToken } from '../domain/links/ack-link';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { signWebhook } from '../domain/webhooks/standard-webhook';
import { webhookSecret } from '../domain/webhooks/webhook-secret';
import { webhookUrlAllowed } from '../domain/webhooks/webhook-url';
import { erasureWebhookBody } from '../domain/webhooks/erasure-webhook-body';
import type { WebhookCall } from '../messages/pipeline-messages';

export interface WebhookCallDependencies {
  erasures: Pick<ErasureStore, 'get'>;
  erasureRecipients: Pick<ErasureRecipientStore, 'get' | 'recordWebhookDelivered'>;
  recipients: Pick<RecipientStore, 'get'>;
  subjects: Pick<SubjectStore, 'contactDuringErasure'>;
  webhooks: WebhookClient;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  linkSecret: () => Promise<Uint8Array>;
  /** Where the acknowledgement page and callback are, e.g. the API's URL. */
  publicBaseUrl: string;
  clock: Clock;
  /** Plain http webhook URLs pass only where the deployment allows them (the local runtime). */
  allowHttpWebhooks: boolean;
}

/** Why a call sent nothing, and was right to. */
export type WebhookSkip = 'answered' | 'no-webhook' | 'no-contact-data';
export type WebhookCallOutcome = { called: true; status: number } | { called: false; skipped: WebhookSkip };

/** The request or its recipient is not (yet) recorded: the call may have been queued before they were. */
export class WebhookRecipientNotRecordedError extends Error {
  constructor() {
    super('Webhook call for an erasure request or recipient that is not recorded');
    this.name = 'WebhookRecipientNotRecordedError';
  }
}

/**
 * The recipient did not take the call, or could not be called: its message is retried, with backoff, and ends
 * in the dead-letter queue, whose alarm tells the operators. `internal-address`: its host is or resolves to
 * an internal address; `no-webhook`: its webhook was removed, and it has no email address either, so
 * nothing tells it.
 */
export class WebhookDeliveryError extends Error {
  constructor(readonly failure: { status: number } | { failure: 'network' | 'timeout' | 'insecure-url' | 'internal-address' | 'no-webhook' }) {
    super(`Webhook call failed: ${'status' in failure ? `status ${failure.status}` : failure.failure}`);
    this.name = 'WebhookDeliveryError';
  }
}

/**
 * Calls a recipient's webhook about an erasure request (Art. 19), signed after Standard Webhooks with the
 * recipient's own secret, carrying a fresh acknowledgement token, and records the delivery once the webhook
 * took it (`erasure.recipient_webhook_delivered`): only then is the recipient known to be told. Every try of
 * one step has the same `webhook-id`, so a recipient that got a call whose answer was lost can tell the retry
 * apart. A recipient that answered, one without a webhook now but with an email address, or a subject whose
 * contact data is gone: nothing to send. One without a webhook now and without an email address fails.
 */
export async function callRecipientWebhook(deps: WebhookCallDependencies, message: WebhookCall): Promise<WebhookCallOutcome> {
  const { controllerId, erasureId, recipientId, step } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Webhook call for an unknown controller');
  const [stored, told, current] = await Promise.all([
    deps.erasures.get(controllerId, erasureId),
    deps.erasureRecipients.get(controllerId, erasureId, recipientId),
    deps.recipients.get(controllerId, recipientId),
  ]);
  if (!stored || !told) throw new WebhookRecipientNotRecordedError();
  if (told.answer) return { called: false, skipped: 'answered' };
  // The recipient's address now: one corrected after calls failed is used when they are redriven.
  const url = current ? current.webhookUrl : told.webhookUrl;
  if (!url) {
    if (told.contactEmail) return { called: false, skipped: 'no-webhook' };
    throw new WebhookDeliveryError({ failure: 'no-webhook' });
  }
  if (!webhookUrlAllowed(url, deps.allowHttpWebhooks)) throw new WebhookDeliveryError({ failure: 'insecure-url' });
  // Kept while the request runs (the subject is out of the audience by now); gone once the subject was told it is done.
  const subject = await deps.subjects.contactDuringErasure(controllerId, stored.request.subjectId);
  if (!subject?.email) return { called: false, skipped: 'no-contact-data' };

  const now = deps.clock.now();
  const key = await deps.linkSecret();
  const body = JSON.stringify(
    erasureWebhookBody({
      step,
      erasureId,
      controller: profile,
      subject,
      disclosures: told.disclosures,
      ackToken: await signAckToken({ controllerId, erasureId, recipientId }, key, now),
      publicBaseUrl: deps.publicBaseUrl,
      sentAt: now,
    }),
  );
  const webhookId = erasureWebhookId(message);
  const headers = signWebhook(webhookSecret(key, controllerId, recipientId), { id: webhookId, timestamp: now, body });
  const response = await deps.webhooks.post({ url, body, headers: { ...headers } });
  if ('failure' in response) throw new WebhookDeliveryError(response);
  if (response.status < 200 || response.status > 299) throw new WebhookDeliveryError({ status: response.status });
  // At least once: a crash before this record calls again on the retry, with the same webhook-id.
  await deps.erasureRecipients.recordWebhookDelivered(controllerId, erasureId, recipientId, { step, webhookId, status: response.status }, now.toISOString());
  return { called: true, status: response.status };
}

/** One id per recipient and step of a request, the same on every try: `msg_` and a hash, no personal data. */
export function erasureWebhookId(message: Pick<WebhookCall, 'controllerId' | 'erasureId' | 'recipientId' | 'step'>): string {
  const digest = createHash('sha256').update(JSON.stringify([message.controllerId, message.erasureId, message.recipientId, message.step])).digest('base64url');
  return `msg_${digest.slice(0, 26)}`;
}
