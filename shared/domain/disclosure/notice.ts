/** Where a subject's notice of one disclosure stands. `queued` until the sender settles it. */
export const NOTICE_STATUSES = ['queued', 'sent', 'failed', 'suppressed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** How a notice settled: sent (with the SES message id), failed for good, or suppressed (subject gone). */
export interface NoticeOutcome {
  subjectId: string;
  status: Exclude<NoticeStatus, 'queued'>;
  messageId?: string;
}
