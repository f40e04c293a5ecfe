/** Names of the things due on a disclosure. */
export const TIMER_NAMES = ['intent', 'execute', 'hold-reminder-7d', 'hold-reminder-1d', 'release'] as const;
export type TimerName = (typeof TIMER_NAMES)[number];

/** Something due on a disclosure at a time, fired by the sweeper. */
export interface Timer {
  controllerId: string;
  disclosureId: string;
  name: TimerName;
  dueAt: string;
}
