import type { ErasureTimer } from './timer';

const DAY_MS = 24 * 3600_000;

/** A recipient that has not answered is reminded after this many days, and handed to the legal team after that many. */
export const RECIPIENT_REMINDER_DAYS = 7;
export const RECIPIENT_ESCALATION_DAYS = 14;

/** The follow-up of one recipient told at `now`: the reminder after 7 days, the escalation after 14. */
export function recipientFollowUpTimers(controllerId: string, erasureId: string, recipientId: string, now: Date): ErasureTimer[] {
  const after = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  return [
    { controllerId, erasureId, name: `recipient-reminder#${recipientId}`, dueAt: after(RECIPIENT_REMINDER_DAYS) },
    { controllerId, erasureId, name: `recipient-escalation#${recipientId}`, dueAt: after(RECIPIENT_ESCALATION_DAYS) },
  ];
}

/** Which step of which recipient a timer name stands for; undefined for a timer of the request itself. */
export function recipientFollowUp(name: string): { step: 'reminder' | 'escalation'; recipientId: string } | undefined {
  const match = /^recipient-(reminder|escalation)#(.+)$/.exec(name);
  return match ? { step: match[1] as 'reminder' | 'escalation', recipientId: match[2]! } : undefined;
}
