import {
  COUNTRY_TIME_ZONE,
  addCalendarMonths,
  addDays,
  assertCalendarDay,
  assertDeadlineCountry,
  calendarDayIn,
  endOfDayMs,
  instantMs,
  startOfDayMs,
  workingDayOnOrAfter,
  type DeadlineCountry,
} from './working-days';

export { DEADLINE_COUNTRIES, isDeadlineCountry, type DeadlineCountry } from './working-days';

/**
 * When an erasure request must be answered (GDPR Art. 12(3)): one calendar month from receipt, extendable
 * by two more months when the subject is told, with the reasons, within the first month.
 *
 * Conventions, for every function here:
 * - An instant (`receivedAt`, `now`) is an ISO 8601 date-time with `Z` or an offset, or a `Date` (what the
 *   clock port gives). A date-time without a zone is refused (RangeError): it would be read in the
 *   process's zone.
 * - A due date is a calendar day `YYYY-MM-DD` in the controller's zone: Europe/Amsterdam for NL,
 *   Europe/Brussels for BE (the profile's `country`). The request is due by the end of that day;
 *   `dueInstant` gives the last millisecond of it as a UTC ISO instant, for the sweeper to compare with.
 * - The receipt day is the calendar day of `receivedAt` in that zone, not in UTC: a request received on
 *   31 January at 23:30 UTC arrived on 1 February in Amsterdam and Brussels, and is due on 1 March.
 * - A month later is the same day of the month, or the last day of the month when there is no such day
 *   (31 January → 28 or 29 February; 31 March → 30 April). When that day is a Saturday, a Sunday or a
 *   public holiday of the country (`date-holidays`, type `public`: see working-days.ts), the request is
 *   due on the next working day. Every period counts from the receipt day itself, not from an earlier due
 *   date: an extension of 2 months is receipt + 3 months (31 January → 30 April), never 28 February + 2.
 */

export type Instant = string | Date;
export type ExtensionMonths = 1 | 2;

/** At most two months of extension in all (Art. 12(3)). */
export const MAX_EXTENSION_MONTHS = 2;

/** The calendar day the request was received on, in the controller's zone. */
export function receiptDay(receivedAt: Instant, country: DeadlineCountry): string {
  assertDeadlineCountry(country);
  return calendarDayIn(new Date(instantMs(receivedAt, 'receivedAt')), COUNTRY_TIME_ZONE[country]);
}

function dueAfterMonths(receivedAt: Instant, country: DeadlineCountry, months: number): string {
  return workingDayOnOrAfter(addCalendarMonths(receiptDay(receivedAt, country), months), country);
}

/** The first due date: one calendar month after the receipt day, on a working day (`YYYY-MM-DD`). */
export function initialDueDate(receivedAt: Instant, country: DeadlineCountry): string {
  return dueAfterMonths(receivedAt, country, 1);
}

/** The due date once extended by `months` in all: 1 + `months` calendar months after the receipt day. */
export function extendedDueDate(receivedAt: Instant, country: DeadlineCountry, months: ExtensionMonths): string {
  assertExtensionMonths(months, 'months');
  return dueAfterMonths(receivedAt, country, 1 + months);
}

/** The last moment of the due date in the controller's zone, as an ISO instant in UTC (`…T22:59:59.999Z` in winter). */
export function dueInstant(dueDate: string, country: DeadlineCountry): string {
  assertDeadlineCountry(country);
  assertCalendarDay(dueDate);
  return new Date(endOfDayMs(dueDate, COUNTRY_TIME_ZONE[country])).toISOString();
}

/** Past the due instant: the whole due date still counts as in time. */
export function isOverdue(dueDate: string, country: DeadlineCountry, now: Instant): boolean {
  return instantMs(now, 'now') > Date.parse(dueInstant(dueDate, country));
}

export type ExtensionDecision =
  | { allowed: true; dueDate: string }
  | { allowed: false; reason: 'after_first_due_date' | 'more_than_two_months' };

/**
 * Whether the request may be extended by `months` more, given the months it has been extended by so far,
 * and to which due date. Allowed only up to the initial due instant (the last moment of the first due
 * date, inclusive), and only while the extensions add up to at most two months. After the first due
 * date no extension is possible at all, so that reason wins when both apply.
 */
export function canExtend(
  receivedAt: Instant,
  country: DeadlineCountry,
  now: Instant,
  extensionsSoFarMonths: number,
  months: ExtensionMonths,
): ExtensionDecision {
  assertExtensionMonths(months, 'months');
  if (!Number.isInteger(extensionsSoFarMonths) || extensionsSoFarMonths < 0 || extensionsSoFarMonths > MAX_EXTENSION_MONTHS) {
    throw new RangeError(`extensionsSoFarMonths must be 0, 1 or 2, not ${extensionsSoFarMonths}`);
  }
  if (isOverdue(initialDueDate(receivedAt, country), country, now)) return { allowed: false, reason: 'after_first_due_date' };
  const total = extensionsSoFarMonths + months;
  if (total > MAX_EXTENSION_MONTHS) return { allowed: false, reason: 'more_than_two_months' };
  return { allowed: true, dueDate: extendedDueDate(receivedAt, country, total as ExtensionMonths) };
}

export interface DueReminder {
  daysBefore: 7 | 1;
  /** ISO instant in UTC. */
  at: string;
}

/**
 * When the sweeper reminds the legal team: 7 days and 1 day before the due date, earliest first. Days are
 * calendar days in the controller's zone, and each reminder comes at the start of its day (midnight), so the
 * team has the whole day before the due date to act, not a message landing on the due date itself.
 */
export function reminderInstants(dueDate: string, country: DeadlineCountry): DueReminder[] {
  assertCalendarDay(dueDate);
  assertDeadlineCountry(country);
  const timeZone = COUNTRY_TIME_ZONE[country];
  return ([7, 1] as const).map((daysBefore) => ({ daysBefore, at: new Date(startOfDayMs(addDays(dueDate, -daysBefore), timeZone)).toISOString() }));
}

function assertExtensionMonths(months: number, field: string): asserts months is ExtensionMonths {
  if (months !== 1 && months !== 2) throw new RangeError(`${field} must be 1 or 2, not ${months}`);
}
