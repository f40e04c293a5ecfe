import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { webhookSecret } from '../../../shared/domain/webhooks/webhook-secret';

const KEY = new TextEncoder().encode('k'.repeat(64));

describe('webhookSecret', () => {
  it('is the same for the same key, controller and recipient: nothing needs storing', () => {
    expect(webhookSecret(KEY, 'softmedex', 'acme')).toBe(webhookSecret(new TextEncoder().encode('k'.repeat(64)), 'softmedex', 'acme'));
  });

  it('differs per recipient, per controller and per key', () => {
    const secrets = [
      webhookSecret(KEY, 'softmedex', 'acme'),
      webhookSecret(KEY, 'softmedex', 'nordhealth'),
      webhookSecret(KEY, 'etsoft', 'acme'),
      webhookSecret(new TextEncoder().encode('j'.repeat(64)), 'softmedex', 'acme'),
    ];
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('is a Standard Webhooks secret: whsec_ and 32 bytes in base64, usable by its library', () => {
    const secret = webhookSecret(KEY, 'softmedex', 'acme');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
    // The link key itself is not in it.
    expect(secret).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 16));
  });
});
