import type { ErasureRejection } from './erasure-rejection';
import type { ErasureState } from './erasure-state';
import type { RetainedCategory } from './retention';

/** How a request reached the legal team (GDPR Art. 12(1): any channel counts). */
export const ERASURE_CHANNELS = ['email', 'post', 'phone', 'in_person', 'web'] as const;
export type ErasureChannel = (typeof ERASURE_CHANNELS)[number];

/** A subject's request to be forgotten (GDPR Art. 17), as the legal team recorded it. */
export interface ErasureRequest {
  controllerId: string;
  erasureId: string;
  subjectId: string;
  /** When the request reached the controller: the Art. 12(3) month runs from here. */
  receivedAt: string;
  channel: ErasureChannel;
  note?: string;
  /** The first due date: the end of this calendar day in the controller's country (YYYY-MM-DD). */
  dueDate: string;
  recordedAt: string;
}

/** An extension of the deadline (Art. 12(3)) as the subject is told it. */
export interface ErasureExtension {
  dueDate: string;
  months: number;
  /** What the subject was told, until the request completes; its hash afterwards. */
  reason?: string;
  reasonSha256?: string;
  extendedAt: string;
}

export interface StoredErasure {
  request: ErasureRequest;
  state: ErasureState;
  /** The due date now: the first one, or a later one after an extension. */
  dueDate: string;
  /** Months the deadline was extended by, in all (at most two). */
  extendedMonths: number;
  /** Each extension with the reason the subject was told; the evidence keeps only a hash of the reason. */
  extensions?: ErasureExtension[];
  /** Until when the subject can confirm through the link sent to their registered address. */
  verificationExpiresAt?: string;
  /** Why the legal team refused the request (Art. 12(4)), once it did. */
  rejection?: ErasureRejection;
  /** When the subject was reminded to confirm (once, halfway through the verification period). */
  verificationRemindedAt?: string;
  /** When the sweeper found the request past its due date, not yet closed. */
  overdueAt?: string;
  /** From execution on: what the erasure keeps, per category, why and until when. */
  retained?: RetainedCategory[];
  /** When the subject's contact data was erased, right after their completion email. */
  contactDataErasedAt?: string;
}
