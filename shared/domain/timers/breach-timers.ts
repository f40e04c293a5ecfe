import { filingDeadline } from '../breach/breach-clock';
import type { BreachTimer, BreachTimerName } from './timer';

const HOUR_MS = 3600_000;

/** Hours after awareness at which each of a breach's timers fires; `filing-overdue` when the 72 hours have passed. */
export const BREACH_TIMER_HOURS: Readonly<Record<BreachTimerName, 24 | 48 | 60 | 70 | 72>> = {
  'filing-reminder-24h': 24,
  'filing-reminder-48h': 48,
  'filing-reminder-60h': 60,
  'filing-reminder-70h': 70,
  'filing-overdue': 72,
};

/**
 * The timers of a breach registered at `now`: the DPO's reminders at 24, 48, 60 and 70 hours after awareness and
 * the overdue alert 1 ms past the 72 hours. One whose time has passed at registration is left out, not sent late:
 * the registration's answer already says how many hours are left. Firing does nothing once a filing is recorded.
 */
export function breachFilingTimers(controllerId: string, breachId: string, awareAt: string, now: Date): BreachTimer[] {
  const aware = Date.parse(awareAt);
  return (Object.entries(BREACH_TIMER_HOURS) as [BreachTimerName, number][])
    .map(([name, hours]) => ({
      controllerId,
      breachId,
      name,
      // Past the deadline by a millisecond: a filing exactly at the 72nd hour is still in time.
      dueAt: name === 'filing-overdue' ? new Date(Date.parse(filingDeadline(awareAt)) + 1).toISOString() : new Date(aware + hours * HOUR_MS).toISOString(),
    }))
    .filter((timer) => Date.parse(timer.dueAt) > now.getTime());
}
