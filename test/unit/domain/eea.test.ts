import { describe, expect, it } from 'vitest';
import { EEA_COUNTRIES, isInEea } from '../../../shared/domain/policy/eea';

describe('EEA_COUNTRIES', () => {
  it('lists the 27 EU members and Iceland, Liechtenstein and Norway, each once, as upper-case alpha-2', () => {
    // Act
    const codes = [...EEA_COUNTRIES];

    // Assess
    expect(codes).toHaveLength(30);
    expect(new Set(codes).size).toBe(30);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect(codes.filter((code) => !['IS', 'LI', 'NO'].includes(code))).toHaveLength(27);
  });
});

describe('isInEea', () => {
  it.each(['NL', 'BE', 'DE', 'FR', 'IE', 'HR', 'CY', 'MT', 'GR'])('counts the EU member %s in', (country) => {
    // Act
    const inside = isInEea(country);

    // Assess
    expect(inside).toBe(true);
  });

  it.each(['NO', 'IS', 'LI'])('counts %s, an EEA member outside the EU, in', (country) => {
    // Act
    const inside = isInEea(country);

    // Assess
    expect(inside).toBe(true);
  });

  it.each(['CH', 'GB', 'US', 'TR', 'AD', 'MC'])('counts %s, a European or other country outside the EEA, out', (country) => {
    // Act
    const inside = isInEea(country);

    // Assess
    expect(inside).toBe(false);
  });

  it.each(['UK', 'EL', 'EU'])('does not take the non-ISO code %s for a member', (country) => {
    // Act
    const inside = isInEea(country);

    // Assess
    expect(inside).toBe(false);
  });

  it.each(['nl', 'no', 'De', ' NL', ''])('rejects %j: only upper-case ISO codes, as the API stores them, are recognised', (country) => {
    // Act
    const inside = isInEea(country);

    // Assess
    expect(inside).toBe(false);
  });
});
