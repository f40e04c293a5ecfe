import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Clock } from '../domain/clock';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureVerificationReminder } from '../messages/pipeline-messages';
import { mailVerificationLink, type VerificationLinkMailDependencies } from './mail-verification-link';

export interface ErasureVerificationReminderDependencies extends VerificationLinkMailDependencies {
  erasures: Pick<ErasureStore, 'get' | 'recordVerificationReminder'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

/**
 * Reminds the subject, once, at the address they registered and in their language, that their erasure
 * request still waits for their confirmation: a fresh personal link that expires when the first one does,
 * so the reminder never lengthens the period. Recorded as `erasure.verification_reminded`. Nothing is sent
 * once the request was confirmed, closed or reminded of, or its link has expired.
 */
export async function sendErasureVerificationReminder(
  deps: ErasureVerificationReminderDependencies,
  message: ErasureVerificationReminder,
): Promise<{ sent: boolean }> {
  const { controllerId, erasureId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Verification reminder for an unknown controller');
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) throw new Error('Verification reminder for an unknown erasure request');
  const now = deps.clock.now();
  const expiresAt = stored.verificationExpiresAt;
  const waiting = stored.state === 'awaiting_verification' && expiresAt !== undefined && Date.parse(expiresAt) > now.getTime();
  if (!waiting || stored.verificationRemindedAt) return { sent: false };
  const subject = (await deps.subjects.getMany(controllerId, [stored.request.subjectId])).get(stored.request.subjectId);
  // A subject no longer known has no registered address to remind: the request lapses.
  if (!subject) return { sent: false };
  await mailVerificationLink(deps, profile, stored.request, subject, expiresAt, { reminder: true });
  await deps.erasures.recordVerificationReminder(controllerId, erasureId, expiresAt, now.toISOString());
  return { sent: true };
}
