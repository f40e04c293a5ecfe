/** Names of the things due on a disclosure. */
export const DISCLOSURE_TIMER_NAMES = ['intent', 'execute', 'hold-reminder-7d', 'hold-reminder-1d', 'release'] as const;
export type DisclosureTimerName = (typeof DISCLOSURE_TIMER_NAMES)[number];

/**
 * Names of the things due on an erasure request: the subject's reminder and the lapse of an unconfirmed
 * request, the legal team's reminders before the due date, the overdue flag.
 */
export const ERASURE_TIMER_NAMES = ['verification-reminder', 'verification-lapse', 'due-reminder-7d', 'due-reminder-1d', 'overdue'] as const;
/** Per recipient of an erasure request (Art. 19): a reminder after 7 silent days, the escalation after 14. */
export type RecipientTimerName = `recipient-reminder#${string}` | `recipient-escalation#${string}`;
export type ErasureTimerName = (typeof ERASURE_TIMER_NAMES)[number] | RecipientTimerName;

/**
 * Names of the things due on a breach: the DPO's reminders 24, 48, 60 and 70 hours after awareness while no
 * filing is recorded, and the alert when the 72 hours of Art. 33(1) have passed.
 */
export const BREACH_TIMER_NAMES = ['filing-reminder-24h', 'filing-reminder-48h', 'filing-reminder-60h', 'filing-reminder-70h', 'filing-overdue'] as const;
export type BreachTimerName = (typeof BREACH_TIMER_NAMES)[number];

export type TimerName = DisclosureTimerName | ErasureTimerName | BreachTimerName;

/** Something due on a disclosure at a time, fired by the sweeper. */
export interface DisclosureTimer {
  controllerId: string;
  disclosureId: string;
  name: DisclosureTimerName;
  dueAt: string;
}

/** Something due on an erasure request at a time, fired by the sweeper. */
export interface ErasureTimer {
  controllerId: string;
  erasureId: string;
  name: ErasureTimerName;
  dueAt: string;
}

/** Something due on a breach at a time, fired by the sweeper. */
export interface BreachTimer {
  controllerId: string;
  breachId: string;
  name: BreachTimerName;
  dueAt: string;
}

export type Timer = DisclosureTimer | ErasureTimer | BreachTimer;

/** The disclosure, erasure request or breach a timer belongs to. */
export function timerAggregateId(timer: Timer): string {
  if ('breachId' in timer) return timer.breachId;
  return 'erasureId' in timer ? timer.erasureId : timer.disclosureId;
}
