import { dueInstant, reminderInstants, type DeadlineCountry } from '../erasure/deadline';
import type { ErasureTimer } from './timer';

const DAY_MS = 24 * 3600_000;

/** The legal team's reminders before a due date, by timer name: how many days ahead each one warns. */
export const DUE_REMINDER_DAYS = { 'due-reminder-7d': 7, 'due-reminder-1d': 1 } as const;
export type DueReminderName = keyof typeof DUE_REMINDER_DAYS;

/**
 * The first moment past the due date. A request due on a day is in time until the end of it
 * (`isOverdue` is strict), so the flag is armed a millisecond later: a sweep exactly at the due instant
 * would otherwise find nothing overdue and spend the timer.
 */
export function overdueInstant(dueDate: string, country: DeadlineCountry): string {
  return new Date(Date.parse(dueInstant(dueDate, country)) + 1).toISOString();
}

/**
 * The timers of a due date: reminders to the legal team 7 days and 1 day before it, and the overdue flag
 * once it has passed. A reminder whose time has already passed at `now` is left out, not sent late.
 * Arming them again for a later due date replaces the old ones, which then cannot fire.
 */
export function dueDateTimers(controllerId: string, erasureId: string, dueDate: string, country: DeadlineCountry, now: Date): ErasureTimer[] {
  const reminders = reminderInstants(dueDate, country)
    .filter((reminder) => Date.parse(reminder.at) > now.getTime())
    .map(({ daysBefore, at }) => ({ controllerId, erasureId, name: daysBefore === 7 ? ('due-reminder-7d' as const) : ('due-reminder-1d' as const), dueAt: at }));
  return [...reminders, { controllerId, erasureId, name: 'overdue', dueAt: overdueInstant(dueDate, country) }];
}

/**
 * The timers of a verification email sent at `sentAt`: one reminder to the subject halfway through the
 * period (rounded up to whole days), and the lapse when the link expires. No reminder when there is no
 * address to remind (`remind` false), nor when halfway is not before the expiry (a period of one day).
 */
export function verificationTimers(
  controllerId: string,
  erasureId: string,
  sentAt: Date,
  expiresAt: string,
  lapseDays: number,
  remind = true,
): ErasureTimer[] {
  const reminderAt = sentAt.getTime() + Math.ceil(lapseDays / 2) * DAY_MS;
  const reminder =
    remind && reminderAt < Date.parse(expiresAt) ? [{ controllerId, erasureId, name: 'verification-reminder' as const, dueAt: new Date(reminderAt).toISOString() }] : [];
  return [...reminder, { controllerId, erasureId, name: 'verification-lapse', dueAt: new Date(expiresAt).toISOString() }];
}
