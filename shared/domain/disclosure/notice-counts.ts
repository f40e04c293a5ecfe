import type { DisclosureProgress } from './disclosure-status';
import type { NoticeOutcome, NoticeStatus } from './notice';

export type Counted = Exclude<keyof DisclosureProgress, 'partsTotal'>;
export type CounterIncrements = Partial<Record<Counted, number>>;

/**
 * Which notices a chunk settles: the subject's ledger entry of the disclosure, or (mode `before`) the
 * intent entry of the transfer announced. Each has its own counters.
 */
export type NoticeTrack = 'ledger' | 'intent';

const SETTLED_COUNTERS: Readonly<Record<NoticeTrack, Readonly<Record<NoticeOutcome['status'], Counted>>>> = {
  ledger: { sent: 'notified', failed: 'failed', suppressed: 'suppressed' },
  intent: { sent: 'intentNotified', failed: 'intentFailed', suppressed: 'intentSuppressed' },
};

/** What settling one notice of a track adds to the counters. */
export function settledIncrements(track: NoticeTrack, status: NoticeOutcome['status']): CounterIncrements {
  return { [SETTLED_COUNTERS[track][status]]: 1 };
}

/** What creating a ledger entry with a given first status adds to the counters. */
export function entryIncrements(status: NoticeStatus): CounterIncrements {
  switch (status) {
    case 'queued':
    case 'held':
      return { subjects: 1 };
    case 'not_required':
      return { subjects: 1, notRequired: 1 };
    default:
      return { subjects: 1, ...settledIncrements('ledger', status) };
  }
}
