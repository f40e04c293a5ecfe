/**
 * The states an erasure request goes through (GDPR Art. 12, 17, 19), after the privacy-request states of
 * ethyca/fides: received from the legal team, waiting for the subject to confirm through their registered
 * address, verified, own data being erased, waiting for recipients to answer, and the three ends.
 */
export const ERASURE_STATES = [
  'received',
  'awaiting_verification',
  'verified',
  'in_progress',
  'awaiting_recipients',
  'completed',
  'lapsed',
  'rejected',
] as const;
export type ErasureState = (typeof ERASURE_STATES)[number];

/** What moves a request on; each is recorded as an event of the request. */
export const ERASURE_EVENTS = [
  'verification_sent',
  'verified',
  'lapsed',
  'rejected',
  'erasure_started',
  'own_data_done',
  'recipients_settled',
] as const;
export type ErasureEvent = (typeof ERASURE_EVENTS)[number];

const TRANSITIONS: Readonly<Record<ErasureState, Partial<Record<ErasureEvent, ErasureState>>>> = {
  received: { verification_sent: 'awaiting_verification', rejected: 'rejected' },
  awaiting_verification: { verified: 'verified', lapsed: 'lapsed', rejected: 'rejected' },
  verified: { erasure_started: 'in_progress', rejected: 'rejected' },
  in_progress: { own_data_done: 'awaiting_recipients' },
  awaiting_recipients: { recipients_settled: 'completed' },
  completed: {},
  lapsed: {},
  rejected: {},
};

/** The states a request never leaves. */
export const FINAL_ERASURE_STATES: readonly ErasureState[] = ['completed', 'lapsed', 'rejected'];

/**
 * The state an event moves a request to, or undefined when the event cannot happen in that state (a
 * second confirmation, a lapse after verification, a rejection once erasure has begun): the caller then
 * records nothing, which is what makes a confirmation link single-use.
 */
export function nextErasureState(current: ErasureState, event: ErasureEvent): ErasureState | undefined {
  return TRANSITIONS[current][event];
}
