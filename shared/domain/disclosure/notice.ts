/**
 * Where a subject's notice of one disclosure stands: `queued` until the sender settles it; `held` while a
 * non-disclosure order lasts; `not_required` when the policy promises no notice for the kind.
 */
export const NOTICE_STATUSES = ['queued', 'held', 'sent', 'failed', 'suppressed', 'not_required'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** How a notice settled: sent (with the SES message id), failed for good, or suppressed (subject gone). */
export interface NoticeOutcome {
  subjectId: string;
  status: 'sent' | 'failed' | 'suppressed';
  messageId?: string;
}
