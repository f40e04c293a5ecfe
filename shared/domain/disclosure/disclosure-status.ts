import type { NoticeMode } from './disclosure';

/** Counters kept on a disclosure's audience parts, summed on read. */
export interface DisclosureProgress {
  partsTotal: number;
  /** Parts whose ledger entries are all written. */
  partsPlanned: number;
  subjects: number;
  notified: number;
  failed: number;
  suppressed: number;
  notRequired: number;
  excludedNoConsent: number;
  excludedOptedOut: number;
  excludedObjected: number;
  /** Subjects whose erasure began before their ledger entry was written: their data does not go. */
  excludedErased: number;
  /** `before` only: parts whose intent notices are all queued, and those notices. */
  intentPartsPlanned: number;
  intentSubjects: number;
  intentNotified: number;
  intentFailed: number;
  intentSuppressed: number;
  /** `deferred` only: parts whose held notices were released. */
  partsReleased: number;
}

export const emptyProgress = (partsTotal: number): DisclosureProgress => ({
  partsTotal,
  partsPlanned: 0,
  subjects: 0,
  notified: 0,
  failed: 0,
  suppressed: 0,
  notRequired: 0,
  excludedNoConsent: 0,
  excludedOptedOut: 0,
  excludedObjected: 0,
  excludedErased: 0,
  intentPartsPlanned: 0,
  intentSubjects: 0,
  intentNotified: 0,
  intentFailed: 0,
  intentSuppressed: 0,
  partsReleased: 0,
});

/** When the phases of a disclosure began, as its state item records them. */
export interface DisclosurePhases {
  noticeMode: NoticeMode;
  intentStartedAt?: string;
  executionStartedAt?: string;
  releasedAt?: string;
}

export const DISCLOSURE_STATUSES = [
  /** `before`: waiting for the day the intent notices go out. */
  'scheduled',
  /** `before`: intent notices going out. */
  'announcing',
  /** `before`: intent notices out, objections taken until `plannedAt`. */
  'objection_window',
  'accepted',
  'planning',
  /** `deferred`: ledger written, subjects told when the hold ends. */
  'held',
  'notifying',
  'completed',
] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

/** The status follows from the phases and the counters, so it is never stored and never out of step with them. */
export function disclosureStatus(progress: DisclosureProgress, phases: DisclosurePhases = { noticeMode: 'after' }): DisclosureStatus {
  if (phases.noticeMode === 'before' && !phases.executionStartedAt) {
    if (!phases.intentStartedAt) return 'scheduled';
    const intentSettled = progress.intentNotified + progress.intentFailed + progress.intentSuppressed;
    if (progress.intentPartsPlanned < progress.partsTotal || intentSettled < progress.intentSubjects) return 'announcing';
    return 'objection_window';
  }
  if (progress.partsPlanned === 0 && progress.subjects === 0) return 'accepted';
  if (progress.partsPlanned < progress.partsTotal) return 'planning';
  if (phases.noticeMode === 'deferred' && !phases.releasedAt) return 'held';
  const settled = progress.notified + progress.failed + progress.suppressed + progress.notRequired;
  return settled < progress.subjects ? 'notifying' : 'completed';
}
