import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emailLookup, emailLookupPrefix } from '../../../shared/domain/subject/email-lookup';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('emailLookup', () => {
  it('is the controller and the SHA-256 of the trimmed, lower-cased address, not the address', () => {
    // Act
    const lookup = emailLookup('softmedex', 'ann@example.com');

    // Assess
    expect(lookup).toBe(`C#softmedex#EMAIL#${sha256('ann@example.com')}`);
    expect(lookup).not.toContain('ann');
    expect(lookup.startsWith(emailLookupPrefix('softmedex'))).toBe(true);
  });

  it('finds the address however the subject types its case and surrounding spaces', () => {
    expect(emailLookup('softmedex', '  Ann@EXAMPLE.com\t')).toBe(emailLookup('softmedex', 'ann@example.com'));
  });

  it('tells different addresses apart', () => {
    expect(emailLookup('softmedex', 'ann@example.com')).not.toBe(emailLookup('softmedex', 'ann@example.org'));
    expect(emailLookup('softmedex', 'ann@example.com')).not.toBe(emailLookup('softmedex', 'ann.smith@example.com'));
  });

  it("never gives one controller another's key for the same address", () => {
    expect(emailLookup('softmedex', 'ann@example.com')).not.toBe(emailLookup('etsoft', 'ann@example.com'));
    expect(emailLookup('etsoft', 'ann@example.com').startsWith(emailLookupPrefix('softmedex'))).toBe(false);
  });
});
