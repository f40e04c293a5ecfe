import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { TimerStore } from '../adapters/dynamo/timer-store';
import type { Clock } from '../domain/clock';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { verificationTimers } from '../domain/timers/erasure-timers';
import type { ErasureVerification } from '../messages/pipeline-messages';
import { mailVerificationLink, type VerificationLinkMailDependencies } from './mail-verification-link';

export interface ErasureVerificationDependencies extends VerificationLinkMailDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  timers: Pick<TimerStore, 'armWrite'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

/** The request is not (yet) recorded: its verification email is queued before it is recorded. */
export class ErasureNotRecordedError extends Error {
  constructor() {
    super('Verification of an erasure request that is not recorded');
    this.name = 'ErasureNotRecordedError';
  }
}

const DAY_MS = 24 * 3600_000;

/**
 * Asks the subject to confirm their erasure request through the address they registered, and no other:
 * a personal link valid for the profile's verification period. The request moves from `received` to
 * `awaiting_verification` with the email, once; a repeated message finds it moved and sends nothing.
 * The same transition arms the subject's reminder halfway through the period and the lapse at its end.
 */
export async function sendErasureVerification(deps: ErasureVerificationDependencies, message: ErasureVerification): Promise<{ sent: boolean }> {
  const { controllerId, erasureId } = message;
  const stored = await deps.erasures.get(controllerId, erasureId);
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Verification for an unknown controller');
  if (!stored) throw new ErasureNotRecordedError();
  if (stored.state !== 'received') return { sent: false };
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + profile.requests.verificationLapseDays * DAY_MS).toISOString();
  const subject = (await deps.subjects.getMany(controllerId, [stored.request.subjectId])).get(stored.request.subjectId);
  if (subject) await mailVerificationLink(deps, profile, stored.request, subject, expiresAt, { reminder: false });
  // A subject no longer known has no registered address to confirm from, nor to be reminded at: the request waits, and lapses.
  const timers = verificationTimers(controllerId, erasureId, now, expiresAt, profile.requests.verificationLapseDays, subject !== undefined);
  await deps.erasures.transition(
    controllerId,
    erasureId,
    'received',
    'verification_sent',
    { sent: subject !== undefined, expiresAt },
    now.toISOString(),
    { verificationExpiresAt: expiresAt },
    timers.map((timer) => deps.timers.armWrite(timer)),
  );
  return { sent: subject !== undefined };
}
