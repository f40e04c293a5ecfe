import Holidays from 'date-holidays';
import { COUNTRY_TIME_ZONE, assertDeadlineCountry, type DeadlineCountry } from './deadline-countries';

/**
 * Calendar days, working days and time zones for the countries a controller can be established in.
 *
 * A calendar day is an ISO date string `YYYY-MM-DD` with no time and no zone; an instant is an ISO 8601
 * date-time with `Z` or an offset (`2027-01-31T23:30:00Z`, `2027-02-01T00:30:00+01:00`) or a `Date`.
 *
 * Public holidays come from `date-holidays` (3.x), type `public` only. For the two countries it marks:
 * - NL: New Year, Easter Sunday and Monday, Koningsdag (27 April, the 26th when the 27th is a Sunday),
 *   Ascension, Whit Sunday and Monday, Christmas Day and Boxing Day. Good Friday and Bevrijdingsdag
 *   (5 May, every year, lustrum years included) are type `school`, 31 December is `bank`: all working days.
 * - BE: New Year, Easter Monday, Labour Day (1 May), Ascension, Whit Monday, National Day (21 July),
 *   Assumption (15 August), All Saints (1 November), Armistice (11 November), Christmas Day. Easter Sunday,
 *   Whit Sunday, 2 and 15 November are `observance` (the Sundays are off anyway); 26 December is no holiday
 *   (an observance for Flemish government staff only): working days.
 * Neither country gets a substitute day for a holiday that falls on a weekend. The national calendar is
 * used: the library's states and regions (Flemish Community, Leiden…) add only observances.
 */

export {
  COUNTRY_TIME_ZONE,
  DEADLINE_COUNTRIES,
  assertDeadlineCountry,
  isDeadlineCountry,
  type DeadlineCountry,
} from './deadline-countries';

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A zone-less date-time would be read in the process's zone: refused. Hours 00-23 only (no 24:00). */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant as epoch milliseconds; throws a RangeError on an invalid one, or one without a zone. */
export function instantMs(instant: string | Date, field = 'instant'): number {
  const match = typeof instant === 'string' ? INSTANT.exec(instant) : null;
  // Date.parse rolls 30 February over to 1 March: the day is checked on its own.
  const validDay = match ? isRealDay(match[1]!) : instant instanceof Date;
  const ms = !validDay ? Number.NaN : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${field} is not an ISO 8601 instant with a zone: '${String(instant)}'`);
  return ms;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function readDay(day: string): Ymd | undefined {
  const match = CALENDAR_DAY.exec(day);
  if (!match) return undefined;
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth;
  return real ? { year, month, day: dayOfMonth } : undefined;
}

function isRealDay(day: string): boolean {
  return readDay(day) !== undefined;
}

function parseDay(day: string): Ymd {
  const ymd = readDay(day);
  if (!ymd) throw new RangeError(`Not a calendar day YYYY-MM-DD: '${day}'`);
  return ymd;
}

function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromUtcDate(date: Date): string {
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Checks a calendar day `YYYY-MM-DD`, throwing a RangeError for anything else (2027-02-29 included). */
export function assertCalendarDay(day: string): void {
  parseDay(day);
}

export function addDays(day: string, days: number): string {
  const { year, month, day: dayOfMonth } = parseDay(day);
  return fromUtcDate(new Date(Date.UTC(year, month - 1, dayOfMonth + days)));
}

/** The same day of the month `months` later, or the last day of that month when it has no such day. */
export function addCalendarMonths(day: string, months: number): string {
  const { year, month, day: dayOfMonth } = parseDay(day);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0));
  return fromUtcDate(new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), Math.min(dayOfMonth, lastDay.getUTCDate()))));
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar day an instant falls on in a zone. */
export function calendarDayIn(instant: string | Date, timeZone: string): string {
  const { year, month, day } = wallClock(instantMs(instant), timeZone);
  return formatDay(year, month, day);
}

/** Milliseconds the zone is ahead of UTC at an instant (3_600_000 for CET, 7_200_000 for CEST). */
function offsetMs(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The first instant of a calendar day in a zone, as epoch milliseconds (midnight is never skipped in NL or BE). */
export function startOfDayMs(day: string, timeZone: string): number {
  const { year, month, day: dayOfMonth } = parseDay(day);
  const midnightAsUtc = Date.UTC(year, month - 1, dayOfMonth);
  let start = midnightAsUtc - offsetMs(midnightAsUtc, timeZone);
  // Once more with the offset in force at the first guess, in case the zone changed offset in between.
  start = midnightAsUtc - offsetMs(start, timeZone);
  return start;
}

/** The last millisecond of a calendar day in a zone, as epoch milliseconds. */
export function endOfDayMs(day: string, timeZone: string): number {
  return startOfDayMs(addDays(day, 1), timeZone) - 1;
}

const calendars = new Map<DeadlineCountry, Holidays>();
const publicHolidaysByYear = new Map<string, ReadonlyMap<string, string>>();

/**
 * The public holidays of a country in a year, calendar day → name (English), as `date-holidays` marks them.
 * Only type `public` counts: `isHoliday` of the library may answer a `school` day first on a day that is
 * also public (Bevrijdingsdag and Ascension on 5 May 2016), so every holiday of the year is filtered here.
 */
export function publicHolidays(year: number, country: DeadlineCountry): ReadonlyMap<string, string> {
  assertDeadlineCountry(country);
  const key = `${country}:${year}`;
  let holidays = publicHolidaysByYear.get(key);
  if (!holidays) {
    let calendar = calendars.get(country);
    if (!calendar) {
      calendar = new Holidays(country, { languages: ['en'], timezone: COUNTRY_TIME_ZONE[country] });
      calendars.set(country, calendar);
    }
    const days = new Map<string, string>();
    // `date` is the local start day, "YYYY-MM-DD 00:00:00", whatever the process's zone.
    for (const holiday of calendar.getHolidays(year, 'en')) {
      if (holiday.type !== 'public') continue;
      const day = holiday.date.slice(0, 10);
      const sameDay = days.get(day);
      days.set(day, sameDay ? `${sameDay}, ${holiday.name}` : holiday.name);
    }
    holidays = days;
    publicHolidaysByYear.set(key, holidays);
  }
  return holidays;
}

export function isWeekend(day: string): boolean {
  const { year, month, day: dayOfMonth } = parseDay(day);
  const weekday = new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Monday to Friday, and not a public holiday of the country. */
export function isWorkingDay(day: string, country: DeadlineCountry): boolean {
  return !isWeekend(day) && !publicHolidays(parseDay(day).year, country).has(day);
}

/** The day itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(day: string, country: DeadlineCountry): string {
  let candidate = day;
  // The longest run of non-working days is four (NL: Christmas on a Thursday); the bound guards against bad data.
  for (let step = 0; step < 14; step += 1) {
    if (isWorkingDay(candidate, country)) return candidate;
    candidate = addDays(candidate, 1);
  }
  throw new Error(`No working day in ${country} within 14 days of ${day}`);
}
