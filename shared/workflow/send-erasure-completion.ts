import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { recipientReached } from '../domain/erasure/erasure-recipient';
import { renderErasureCompletion, type ToldRecipient } from '../domain/notice/erasure-completion';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureCompletion } from '../messages/pipeline-messages';
import { ErasureStepNotRecordedError } from './erasure-step-not-recorded';
import { mailFromController } from './mail-from-controller';

export interface ErasureCompletionDependencies {
  erasures: Pick<ErasureStore, 'get' | 'recordContactDataErased'>;
  erasureRecipients: Pick<ErasureRecipientStore, 'list' | 'scrubAnswerReason'>;
  subjects: Pick<SubjectStore, 'contactDuringErasure' | 'eraseContactWrite'>;
  ledger: Pick<LedgerStore, 'recipientEntries'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

/**
 * Tells the subject their erasure is done, in their language, at their registered address: what was erased,
 * what is kept with its rule and until when, and every recipient told with its answer (Art. 19, second
 * sentence), or that it could not be reached. Then the last of their contact data goes: email, name,
 * locale and the address's lookup key leave the subject item, and the free text people wrote (the legal
 * team's note, holds' details, extensions' reasons) the request, in one transaction with
 * `erasure.contact_data_erased`; then the recipients' refusal reasons leave their answers. A retry after
 * that finds no contact data and sends nothing.
 *
 * A recipient whose disclosures a non-disclosure order still holds is left out of the email, as it is of
 * the subject's access report: telling the subject would break the order.
 */
export async function sendErasureCompletion(deps: ErasureCompletionDependencies, message: ErasureCompletion): Promise<{ sent: boolean }> {
  const { controllerId, erasureId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Completion email for an unknown controller');
  const stored = await deps.erasures.get(controllerId, erasureId);
  // Queued before the completion is recorded: not (yet) completed.
  if (!stored || stored.state !== 'completed') throw new ErasureStepNotRecordedError('completion');
  if (stored.contactDataErasedAt) {
    // A retry after the contact data went: finish what may have been cut short.
    await scrubRecipientReasons(deps, controllerId, erasureId);
    return { sent: false };
  }
  const { subjectId } = stored.request;
  const subject = await deps.subjects.contactDuringErasure(controllerId, subjectId);
  const now = deps.clock.now().toISOString();
  if (subject) {
    const [recipients, entries] = await Promise.all([deps.erasureRecipients.list(controllerId, erasureId), deps.ledger.recipientEntries(controllerId, subjectId)]);
    const held = new Set(entries.filter((entry) => entry.noticeStatus === 'held').map((entry) => entry.disclosureId));
    const told: ToldRecipient[] = recipients
      .filter((recipient) => recipient.disclosures.some((disclosure) => !held.has(disclosure.disclosureId)))
      .map((recipient) => {
        const { name, kind, answer } = recipient;
        // A webhook call only queued, or one that ended in the dead-letter queue, told nobody.
        const reached = recipientReached(recipient);
        const answered = answer ? { answer: { status: answer.status, ...(answer.reason ? { reason: answer.reason } : {}) } } : {};
        return { name, kind, ...answered, ...(reached ? {} : { unreached: true }) };
      });
    const email = renderErasureCompletion({
      profile,
      locale: noticeLocale(subject.locale, profile),
      ...(subject.name ? { name: subject.name } : {}),
      receivedOn: stored.request.receivedAt,
      retained: stored.retained ?? [],
      recipients: told,
    });
    // At least once: a crash between this email and the record below sends it again on the retry.
    await mailFromController(deps, profile, subject.email, email);
  }
  await deps.erasures.recordContactDataErased(
    controllerId,
    erasureId,
    stored,
    { completionEmailed: subject !== undefined },
    now,
    subject ? [deps.subjects.eraseContactWrite(controllerId, subjectId, now)] : [],
  );
  await scrubRecipientReasons(deps, controllerId, erasureId);
  return { sent: subject !== undefined };
}

/** The recipients' refusal reasons leave their answers once the subject was told them (they may name the subject). */
async function scrubRecipientReasons(deps: Pick<ErasureCompletionDependencies, 'erasureRecipients'>, controllerId: string, erasureId: string): Promise<void> {
  for (const recipient of await deps.erasureRecipients.list(controllerId, erasureId)) {
    if (recipient.answer?.reason !== undefined) await deps.erasureRecipients.scrubAnswerReason(controllerId, erasureId, recipient.recipientId, recipient.answer.reason);
  }
}
