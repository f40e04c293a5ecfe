import type { Locale } from '../locale';
import { headerSafe } from './escape';

/**
 * How notices write dates, countries, numbers and links. Plain strings: callers escape them for where
 * they go.
 */

// en-GB writes "23 November 2026"; en-US would write "November 23, 2026".
const INTL_LOCALE: Readonly<Record<Locale, string>> = { nl: 'nl-NL', en: 'en-GB' };
// Controllers are Dutch and so is the calendar day their subjects expect to read.
const TIME_ZONE = 'Europe/Amsterdam';

function toDate(iso: string, field: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not a date: '${iso}'`);
  return date;
}

/** "23 november 2026": the calendar day in Amsterdam. */
export function formatDate(iso: string, locale: Locale, field = 'date'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: TIME_ZONE }).format(toDate(iso, field));
}

/** "1 maart 2027 om 09:00": day and Amsterdam time, for deadlines someone has to act before. */
export function formatDateTime(iso: string, locale: Locale, field = 'date'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    toDate(iso, field),
  );
}

/** "12.345" in Dutch, "12,345" in English. */
export function formatCount(count: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(count);
}

/** "Duitsland" for DE in Dutch; the code itself if Intl does not know it. */
export function countryName(code: string, locale: Locale): string {
  const clean = headerSafe(code);
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' }).of(clean.toUpperCase()) ?? clean;
  } catch {
    return clean;
  }
}

/**
 * A value that becomes a link: only http(s) may pass (no `javascript:`), and nothing that would break
 * the link in a text part or an attribute (white space, control characters). Throws otherwise.
 */
export function webAddress(value: string): string {
  const trimmed = value.trim();
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(trimmed)) throw new RangeError(`Not a web address: '${headerSafe(value)}'`);
  let protocol: string;
  try {
    protocol = new URL(trimmed).protocol;
  } catch {
    throw new RangeError(`Not a web address: '${trimmed}'`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new RangeError(`Not a web address: '${trimmed}'`);
  return trimmed;
}

/**
 * "5 april 2027" for the calendar day `2027-04-05` (a due date in the controller's calendar): noon UTC is
 * that same day in Amsterdam and Brussels, summer or winter. Throws, naming the field, for anything that is
 * not a real calendar day.
 */
export function formatCalendarDay(day: string, locale: Locale, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${field} is not a calendar day YYYY-MM-DD: '${headerSafe(String(day))}'`);
  }
  return formatDate(`${day}T12:00:00Z`, locale, field);
}
