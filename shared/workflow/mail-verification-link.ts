import type { Mailer } from '../adapters/ses/mailer';
import type { Subject } from '../domain/disclosure/disclosure';
import type { ErasureRequest } from '../domain/erasure/erasure-request';
import { signLink } from '../domain/links/signed-link';
import { renderErasureVerification } from '../domain/notice/erasure-verification';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { mailFromController } from './mail-from-controller';

export interface VerificationLinkMailDependencies {
  mailer: Pick<Mailer, 'sendOne'>;
  configurationSet?: string;
  /** Where public links point, e.g. the API's URL. */
  publicBaseUrl: string;
  linkSecret: () => Promise<Uint8Array>;
}

/**
 * Mails the subject, at the address they registered and in their language, their own signed link to confirm
 * the erasure request, valid until `expiresAt`: the first email, or the reminder, whose fresh link expires
 * when the first one does.
 */
export async function mailVerificationLink(
  deps: VerificationLinkMailDependencies,
  profile: PolicyProfile,
  request: ErasureRequest,
  subject: Subject,
  expiresAt: string,
  { reminder }: { reminder: boolean },
): Promise<void> {
  const token = await signLink(
    { purpose: 'verify', controllerId: request.controllerId, aggregateId: request.erasureId, subjectId: subject.subjectId, expiresAt: new Date(expiresAt) },
    await deps.linkSecret(),
  );
  const email = renderErasureVerification({
    profile,
    locale: noticeLocale(subject.locale, profile),
    name: subject.name,
    receivedOn: request.receivedAt,
    channel: request.channel,
    verifyUrl: new URL(`/v/${token}`, deps.publicBaseUrl).toString(),
    expiresAt,
    reminder,
  });
  await mailFromController(deps, profile, subject.email, email);
}
