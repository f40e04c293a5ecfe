import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { StoredErasure } from '../domain/erasure/erasure-request';

export type VerificationState =
  | { state: 'open'; stored: StoredErasure }
  | { state: 'confirmed'; stored: StoredErasure }
  | { state: 'already'; stored: StoredErasure }
  | { state: 'closed'; stored: StoredErasure }
  | { state: 'unknown' };

/** States in which the request was confirmed before: verified, or further on. */
const CONFIRMED_BEFORE = new Set(['verified', 'in_progress', 'awaiting_recipients', 'completed']);

/** Where a subject's confirmation of their erasure request stands. */
export async function verificationState(
  deps: { erasures: Pick<ErasureStore, 'get'> },
  controllerId: string,
  erasureId: string,
  subjectId: string,
  now: Date,
): Promise<VerificationState> {
  const stored = await deps.erasures.get(controllerId, erasureId);
  // A link names its subject: it confirms that subject's request only.
  if (!stored || stored.request.subjectId !== subjectId) return { state: 'unknown' };
  if (CONFIRMED_BEFORE.has(stored.state)) return { state: 'already', stored };
  const expired = !stored.verificationExpiresAt || Date.parse(stored.verificationExpiresAt) <= now.getTime();
  if (stored.state !== 'awaiting_verification' || expired) return { state: 'closed', stored };
  return { state: 'open', stored };
}

/**
 * The subject confirms through the link sent to their registered address: the request moves to
 * `verified`, once, recorded as an event. The link is single-use because only `awaiting_verification`
 * can move to `verified`.
 */
export async function confirmErasure(
  deps: { erasures: Pick<ErasureStore, 'get' | 'transition'> },
  controllerId: string,
  erasureId: string,
  subjectId: string,
  now: Date,
): Promise<VerificationState> {
  const before = await verificationState(deps, controllerId, erasureId, subjectId, now);
  if (before.state !== 'open') return before;
  const confirmed = await deps.erasures.transition(controllerId, erasureId, 'awaiting_verification', 'verified', { via: 'link' }, now.toISOString());
  if (!confirmed) return verificationState(deps, controllerId, erasureId, subjectId, now);
  return { state: 'confirmed', stored: { ...before.stored, state: 'verified' } };
}
