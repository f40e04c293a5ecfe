import { hkdfSync } from 'node:crypto';

/**
 * The secret a recipient's webhook calls are signed with, derived from the link-signing key with
 * HKDF-SHA256 (RFC 5869), so no secret is stored per recipient: the same key, controller and recipient
 * always give the same secret, and one recipient's secret tells nothing of another's or of the key.
 * Rotating the link key changes every recipient's secret: hand them out again then.
 */
export function webhookSecret(linkKey: Uint8Array, controllerId: string, recipientId: string): string {
  const derived = hkdfSync('sha256', linkKey, new Uint8Array(0), `webhook-signing:${controllerId}:${recipientId}`, 32);
  return `whsec_${Buffer.from(derived).toString('base64')}`;
}
