const HOUR_MS = 3600_000;

/** Art. 33(1): the authority is notified within 72 hours of the controller becoming aware, real hours, no calendar. */
export const FILING_HOURS = 72;

/** The last instant of the 72 hours from `awareAt`. */
export function filingDeadline(awareAt: string): string {
  return new Date(Date.parse(awareAt) + FILING_HOURS * HOUR_MS).toISOString();
}

/** Hours left until the deadline at `now`, one decimal, negative once it has passed. */
export function hoursLeft(awareAt: string, now: Date): number {
  return Math.round(((Date.parse(filingDeadline(awareAt)) - now.getTime()) / HOUR_MS) * 10) / 10;
}

/** Whether a filing made at `filedAt` comes after the 72 hours (then it must give reasons for the delay). */
export function isLateFiling(awareAt: string, filedAt: string): boolean {
  return Date.parse(filedAt) > Date.parse(filingDeadline(awareAt));
}

/** Whole minutes a filing made at `filedAt` came after the deadline, rounded up; 0 when in time. */
export function lateByMinutes(awareAt: string, filedAt: string): number {
  return Math.max(0, Math.ceil((Date.parse(filedAt) - Date.parse(filingDeadline(awareAt))) / 60_000));
}
