/** Counters kept on a disclosure while its notices go out. */
export interface DisclosureProgress {
  partsTotal: number;
  partsPlanned: number;
  subjects: number;
  notified: number;
  failed: number;
  suppressed: number;
}

export type DisclosureStatus = 'accepted' | 'planning' | 'notifying' | 'completed';

/** The status follows from the counters, so it is never stored and never out of step with them. */
export function disclosureStatus(progress: DisclosureProgress): DisclosureStatus {
  if (progress.partsPlanned === 0 && progress.subjects === 0) return 'accepted';
  if (progress.partsPlanned < progress.partsTotal) return 'planning';
  const settled = progress.notified + progress.failed + progress.suppressed;
  return settled < progress.subjects ? 'notifying' : 'completed';
}
