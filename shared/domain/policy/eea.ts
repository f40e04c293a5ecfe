// No maintained npm package lists the EEA; this is the EU member list (europa.eu) plus the EEA Agreement's IS, LI, NO, as of 2026.
export const EEA_COUNTRIES = [
  // EU 27
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
  // EEA Agreement, outside the EU
  'IS', 'LI', 'NO',
] as const;
export type EeaCountry = (typeof EEA_COUNTRIES)[number];

const EEA = new Set<string>(EEA_COUNTRIES);

/**
 * Whether an ISO 3166-1 alpha-2 code (upper-case, as the API stores it) is an EEA member. Anything
 * else — lower-case `nl`, the EU's `EL` for Greece, `UK` — is not recognised and counts as outside,
 * so a transfer check is asked for rather than skipped. Territories with a code of their own (e.g.
 * RE, GF, AX) are not listed and count as outside too.
 */
export function isInEea(country: string): country is EeaCountry {
  return EEA.has(country);
}
