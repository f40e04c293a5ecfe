/**
 * What the legal team is alerted to about an erasure request: its due date is a week or a day away, it has
 * passed, or a recipient never answered the erasure notice (Art. 19) and needs following up by hand.
 */
export const ERASURE_LEGAL_ALERTS = ['due-in-7-days', 'due-in-1-day', 'overdue', 'recipient-escalated'] as const;
export type ErasureLegalAlertKind = (typeof ERASURE_LEGAL_ALERTS)[number];
