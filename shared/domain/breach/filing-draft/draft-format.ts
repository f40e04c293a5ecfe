import { COUNTRY_TIME_ZONE, isDeadlineCountry } from '../../erasure/deadline-countries';
import { headerSafe } from '../../notice/escape';

/** The languages a filing draft is written in: the authorities' own (the AP's Dutch; the GBA's Dutch or French). */
export const FILING_LANGUAGES = ['nl', 'fr'] as const;
export type FilingLanguage = (typeof FILING_LANGUAGES)[number];

/** The zone a controller's people read times in: that of its country (Europe/Amsterdam, Europe/Brussels). */
export function controllerTimeZone(country: string): string {
  if (!isDeadlineCountry(country)) throw new RangeError(`No time zone for country '${headerSafe(country)}' (only NL and BE)`);
  return COUNTRY_TIME_ZONE[country];
}

/** Intl locales of a draft: Belgian forms are read in Belgium, the AP's in the Netherlands. */
const INTL: Readonly<Record<FilingLanguage, Record<'NL' | 'BE', string>>> = {
  nl: { NL: 'nl-NL', BE: 'nl-BE' },
  fr: { NL: 'fr-BE', BE: 'fr-BE' },
};

function intlLocale(language: FilingLanguage, country: string): string {
  return INTL[language][country === 'BE' ? 'BE' : 'NL'];
}

/** "23 november 2026 om 14:05 (Europe/Amsterdam)": the moment as the form asks it, in the controller's zone, zone named. */
export function formatMoment(iso: string, language: FilingLanguage, country: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a moment: '${headerSafe(iso)}'`);
  const timeZone = controllerTimeZone(country);
  const local = new Intl.DateTimeFormat(intlLocale(language, country), { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
  return `${local} (${timeZone})`;
}

/** "12.345" in Dutch, "12 345" in French. */
export function formatNumber(count: number, language: FilingLanguage, country: string): string {
  return new Intl.NumberFormat(intlLocale(language, country)).format(count);
}
