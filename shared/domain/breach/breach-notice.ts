import type { DisclosureKind } from '../disclosure/disclosure';

/**
 * Where a subject's notice of a high-risk breach (Art. 34) stands: `queued` until the sender settles it as `sent`,
 * `failed` (SES refused it for good) or `suppressed` (the subject was erased, or could not be reached); `bounced`
 * when SES reports a permanent bounce of one sent.
 */
export const BREACH_NOTICE_STATUSES = ['queued', 'sent', 'failed', 'suppressed', 'bounced'] as const;
export type BreachNoticeStatus = (typeof BREACH_NOTICE_STATUSES)[number];

/** A disclosure to the breached recipient that a subject's notice names: what of theirs was there, since when. */
export interface BreachDisclosure {
  disclosureId: string;
  disclosedAt: string;
  kind: DisclosureKind;
  dataCategories: string[];
}

/** What marking a notice bounced found (the events function's question; see record-bounce). */
export type BounceOutcome = 'bounced' | 'already-bounced' | 'not-sent-yet' | 'no-notice';

/**
 * The counts of a breach's notices, kept per audience part: pages planned to the part's end, subjects given a
 * notice, notices settled each way, bounces, and subjects of a breached recipient left out because every
 * disclosure of theirs to it is still under a non-disclosure order.
 */
export const BREACH_NOTICE_COUNTED = ['partsPlanned', 'subjects', 'notified', 'failed', 'suppressed', 'bounced', 'excludedUnderOrder'] as const;
export type BreachNoticeCounted = (typeof BREACH_NOTICE_COUNTED)[number];
export type BreachNoticeCounts = Record<BreachNoticeCounted, number>;
export type BreachNoticeIncrements = Partial<BreachNoticeCounts>;

export function noBreachNoticeCounts(): BreachNoticeCounts {
  return Object.fromEntries(BREACH_NOTICE_COUNTED.map((field) => [field, 0])) as BreachNoticeCounts;
}

const SETTLED: Readonly<Record<'sent' | 'failed' | 'suppressed', BreachNoticeCounted>> = { sent: 'notified', failed: 'failed', suppressed: 'suppressed' };

/** What creating a notice adds: a subject, and its outcome when it is settled at once (suppressed). */
export function createdNoticeIncrements(status: 'queued' | 'suppressed'): BreachNoticeIncrements {
  return status === 'queued' ? { subjects: 1 } : { subjects: 1, suppressed: 1 };
}

/** What settling a queued notice adds. */
export function settledNoticeIncrements(status: 'sent' | 'failed' | 'suppressed'): BreachNoticeIncrements {
  return { [SETTLED[status]]: 1 };
}

export type BreachNoticesStatus = 'planning' | 'sending' | 'completed';

export interface BreachNoticesProgress extends BreachNoticeCounts {
  partsTotal: number;
  /** Notices not settled yet. */
  pending: number;
  /** Subjects the notice did not reach: failed, suppressed or bounced. */
  unreachable: number;
  status: BreachNoticesStatus;
}

/**
 * The notices' progress from their parts' summed counts: `planning` until every part's last page is planned,
 * `sending` while a notice is queued, `completed` after. A bounce may still come after `completed`.
 */
export function breachNoticesProgress(partsTotal: number, counts: BreachNoticeCounts): BreachNoticesProgress {
  const pending = counts.subjects - counts.notified - counts.failed - counts.suppressed;
  const status: BreachNoticesStatus = counts.partsPlanned < partsTotal ? 'planning' : pending > 0 ? 'sending' : 'completed';
  return { partsTotal, ...counts, pending, unreachable: counts.failed + counts.suppressed + counts.bounced, status };
}
