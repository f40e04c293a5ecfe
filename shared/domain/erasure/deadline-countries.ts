/**
 * The countries whose working-day calendars deadlines count, apart from the calendar itself: a profile
 * checks its country against this list without loading the holiday library.
 */
export const DEADLINE_COUNTRIES = ['NL', 'BE'] as const;
export type DeadlineCountry = (typeof DEADLINE_COUNTRIES)[number];

/** The zone whose calendar days count for a controller of that country. */
export const COUNTRY_TIME_ZONE: Readonly<Record<DeadlineCountry, string>> = {
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
};

export function isDeadlineCountry(country: string): country is DeadlineCountry {
  return (DEADLINE_COUNTRIES as readonly string[]).includes(country);
}

export function assertDeadlineCountry(country: string): asserts country is DeadlineCountry {
  if (!isDeadlineCountry(country)) throw new RangeError(`No working-day calendar for country '${country}' (only ${DEADLINE_COUNTRIES.join(', ')})`);
}
