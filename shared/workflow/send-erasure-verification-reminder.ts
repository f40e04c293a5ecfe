import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { signLink } from '../domain/links/signed-link';
import { renderErasureVerification } from '../domain/notice/erasure-verification';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureVerificationReminder } from '../messages/pipeline-messages';
import { mailFromController } from './mail-from-controller';

export interface ErasureVerificationReminderDependencies {
  erasures: Pick<ErasureStore, 'get' | 'recordVerificationReminder'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
  /** Where public links point, e.g. the API's URL. */
  publicBaseUrl: string;
  linkSecret: () => Promise<Uint8Array>;
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
  const token = await signLink(
    { purpose: 'verify', controllerId, aggregateId: erasureId, subjectId: subject.subjectId, expiresAt: new Date(expiresAt) },
    await deps.linkSecret(),
  );
  const email = renderErasureVerification({
    profile,
    locale: noticeLocale(subject.locale, profile),
    name: subject.name,
    receivedOn: stored.request.receivedAt,
    channel: stored.request.channel,
    verifyUrl: new URL(`/v/${token}`, deps.publicBaseUrl).toString(),
    expiresAt,
    reminder: true,
  });
  await mailFromController(deps, profile, subject.email, email);
  await deps.erasures.recordVerificationReminder(controllerId, erasureId, expiresAt, now.toISOString());
  return { sent: true };
}
