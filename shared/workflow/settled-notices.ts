import type { BulkEmailResult } from '../adapters/ses/mailer';
import type { NoticeOutcome } from '../domain/disclosure/notice';

/**
 * The notices SES settled in one SendBulkEmail, in the order of the batch: sent or failed, with the message id;
 * those it did not take this time (`retry`) are left out, to stay queued and be tried again.
 */
export function settledNotices(batch: readonly { subjectId: string }[], results: readonly BulkEmailResult[]): NoticeOutcome[] {
  return results.flatMap((result, index): NoticeOutcome[] => {
    if (result.status === 'retry') return [];
    return [{ subjectId: batch[index]!.subjectId, status: result.status, ...(result.messageId ? { messageId: result.messageId } : {}) }];
  });
}
