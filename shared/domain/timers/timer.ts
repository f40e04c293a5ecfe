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

export type TimerName = DisclosureTimerName | ErasureTimerName;

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

export type Timer = DisclosureTimer | ErasureTimer;

/** The disclosure or erasure request a timer belongs to. */
export function timerAggregateId(timer: Timer): string {
  return 'erasureId' in timer ? timer.erasureId : timer.disclosureId;
}
