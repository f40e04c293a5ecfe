import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emailLookup, emailLookupPrefix } from '../../../shared/domain/subject/email-lookup';

const KEY = new TextEncoder().encode('k'.repeat(64));
const OTHER_KEY = new TextEncoder().encode('j'.repeat(64));
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('emailLookup', () => {
  it("is the controller and the HMAC-SHA256 of the trimmed, lower-cased address under the controller's HKDF key, not the address", () => {
    // Prepare: the key as RFC 5869 derives it from the link key, for this controller.
    const controllerKey = Buffer.from(hkdfSync('sha256', KEY, new Uint8Array(0), 'email-lookup:softmedex', 32));

    // Act
    const lookup = emailLookup(KEY, 'softmedex', 'ann@example.com');

    // Assess
    expect(lookup).toBe(`C#softmedex#EMAIL#${createHmac('sha256', controllerKey).update('ann@example.com').digest('hex')}`);
    expect(lookup).not.toContain('ann');
    expect(lookup.startsWith(emailLookupPrefix('softmedex'))).toBe(true);
  });

  it('is not the plain SHA-256 a guessed address could be checked against in one hash', () => {
    expect(emailLookup(KEY, 'softmedex', 'ann@example.com')).not.toContain(sha256('ann@example.com'));
  });

  it('is stable: the same key, controller and address always give the same lookup key', () => {
    expect(emailLookup(KEY, 'softmedex', 'ann@example.com')).toBe(emailLookup(new TextEncoder().encode('k'.repeat(64)), 'softmedex', 'ann@example.com'));
  });

  it('finds the address however the subject types its case and surrounding spaces', () => {
    expect(emailLookup(KEY, 'softmedex', '  Ann@EXAMPLE.com\t')).toBe(emailLookup(KEY, 'softmedex', 'ann@example.com'));
  });

  it('tells different addresses apart', () => {
    expect(emailLookup(KEY, 'softmedex', 'ann@example.com')).not.toBe(emailLookup(KEY, 'softmedex', 'ann@example.org'));
    expect(emailLookup(KEY, 'softmedex', 'ann@example.com')).not.toBe(emailLookup(KEY, 'softmedex', 'ann.smith@example.com'));
  });

  it("never gives one controller another's key for the same address, not even in its hex part", () => {
    const softmedex = emailLookup(KEY, 'softmedex', 'ann@example.com');
    const etsoft = emailLookup(KEY, 'etsoft', 'ann@example.com');
    expect(etsoft.startsWith(emailLookupPrefix('softmedex'))).toBe(false);
    expect(softmedex.slice(emailLookupPrefix('softmedex').length)).not.toBe(etsoft.slice(emailLookupPrefix('etsoft').length));
  });

  it('changes with the link key: a rotated key gives every address a new lookup key', () => {
    expect(emailLookup(OTHER_KEY, 'softmedex', 'ann@example.com')).not.toBe(emailLookup(KEY, 'softmedex', 'ann@example.com'));
  });
});
