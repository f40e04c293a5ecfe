import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Webhook calls signed after the Standard Webhooks spec (standardwebhooks.com), so a recipient can check
 * them with any of its libraries: `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`
 * under a `whsec_<base64>` secret. The spec's own TypeScript library computes the signature.
 */
export const WEBHOOK_SCHEME = 'standard-webhooks-v1';

export interface WebhookHeaders {
  'webhook-id': string;
  /** Unix seconds. */
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** How far a timestamp may stray from the verifier's clock, as the spec's libraries allow. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** The headers of one call: the id stays the same on every retry (the recipient's idempotency key), the timestamp is the attempt's. */
export function signWebhook(secret: string, call: { id: string; timestamp: Date; body: string }): WebhookHeaders {
  return {
    'webhook-id': call.id,
    'webhook-timestamp': String(Math.floor(call.timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(call.id, call.timestamp, call.body),
  };
}

/**
 * Whether a call is what the secret's holder sent: one of its `v1` signatures matches the body, id and
 * timestamp, and the timestamp is within the tolerance of `now` (a replayed old call fails). The spec's
 * library checks against the machine's clock; this takes the clock, so it can be checked at any time.
 */
export function verifyWebhook(secret: string, body: string, headers: Readonly<Record<string, string | undefined>>, now: Date = new Date()): boolean {
  const header = (name: keyof WebhookHeaders) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(new Webhook(secret).sign(id, new Date(seconds * 1000), body));
  return signatures.split(' ').some((signature) => {
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
