import type { Timer } from './timer';

const DAY_MS = 24 * 3600_000;

/**
 * The timers of a hold ending at `until`: reminders to the legal team 7 days and 1 day before, and the
 * release. A reminder whose time has already passed when the hold is set is left out, not sent late.
 */
export function holdTimers(controllerId: string, disclosureId: string, until: string, now: Date): Timer[] {
  const end = Date.parse(until);
  const reminders = [
    { name: 'hold-reminder-7d' as const, dueAt: end - 7 * DAY_MS },
    { name: 'hold-reminder-1d' as const, dueAt: end - DAY_MS },
  ].filter((reminder) => reminder.dueAt > now.getTime());
  return [
    ...reminders.map(({ name, dueAt }) => ({ controllerId, disclosureId, name, dueAt: new Date(dueAt).toISOString() })),
    { controllerId, disclosureId, name: 'release', dueAt: new Date(end).toISOString() },
  ];
}
