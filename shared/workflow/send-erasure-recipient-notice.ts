import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { recipientSettled, type ErasureRecipient } from '../domain/erasure/erasure-recipient';
import { ackUrls, signAckToken } from '../domain/links/ack-link';
import { renderErasureRecipientNotice } from '../domain/notice/erasure-recipient-notice';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureRecipientNotice, WebhookCall } from '../messages/pipeline-messages';
import { ErasureStepNotRecordedError } from './erasure-step-not-recorded';
import { escalateRecipient, type EscalateRecipientDependencies } from './escalate-erasure-recipient';
import { mailFromController } from './mail-from-controller';
import { settleErasure } from './settle-erasure';

export interface ErasureRecipientNoticeDependencies extends EscalateRecipientDependencies {
  erasureRecipients: EscalateRecipientDependencies['erasureRecipients'] & Pick<ErasureRecipientStore, 'recordTold'>;
  subjects: Pick<SubjectStore, 'contactDuringErasure'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
  /** Where public links point, e.g. the API's URL. */
  publicBaseUrl: string;
  linkSecret: () => Promise<Uint8Array>;
  /** The webhook function's queue; without it, recipients are reached by email only. */
  webhookQueue?: QueuePublisher;
}

type Step = ErasureRecipientNotice['step'];

/** What went out: `emailed` once the mail service took it; `webhookQueued` a call queued, not yet made. */
export type RecipientNoticeResult = { sent: false; reason: 'told-before' | 'settled' } | { sent: boolean; step: Step; emailed: boolean; webhookQueued: boolean };

/**
 * Asks one recipient to erase the subject's data (Art. 19), or reminds it: by email from the controller in
 * the recipient's language, with a signed acknowledgement link and callback, and through its webhook when it
 * has one (queued; the webhook function records the delivery); then records how it went out, once per step.
 * A recipient with no channel at all cannot be told: that is recorded, and it goes to the legal team at once.
 * A reminder to a recipient that answered or was escalated is dropped; one whose notice never went out (its
 * message still failing) is sent as the notice.
 *
 * A step found done before finishes what a crash may have cut short after it was recorded: the escalation
 * of a recipient that cannot be told (its alert, the request's completion), the completion after an answer.
 */
export async function sendErasureRecipientNotice(deps: ErasureRecipientNoticeDependencies, message: ErasureRecipientNotice): Promise<RecipientNoticeResult> {
  const { controllerId, erasureId, recipientId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Recipient notice for an unknown controller');
  const [stored, recipient] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasureRecipients.get(controllerId, erasureId, recipientId)]);
  // Queued before the recipient is put: not (yet) recorded.
  if (!stored || !recipient) throw new ErasureStepNotRecordedError('recipient notice');
  const now = deps.clock.now();
  // A reminder names the day of the notice; without one it would remind of nothing.
  const step: Step = message.step === 'reminder' && !recipient.notifiedAt ? 'notice' : message.step;
  if (step === 'notice' ? recipient.notifiedAt : recipient.remindedAt) {
    await finishSettling(deps, controllerId, erasureId, recipient, now);
    return { sent: false, reason: 'told-before' };
  }
  if (message.step === 'reminder' && recipientSettled(recipient)) {
    await finishSettling(deps, controllerId, erasureId, recipient, now);
    return { sent: false, reason: 'settled' };
  }
  const emailed = Boolean(recipient.contactEmail);
  if (recipient.contactEmail) {
    const subject = await deps.subjects.contactDuringErasure(controllerId, stored.request.subjectId);
    const urls = ackUrls(deps.publicBaseUrl, await signAckToken({ controllerId, erasureId, recipientId }, await deps.linkSecret(), now));
    const email = renderErasureRecipientNotice({
      profile,
      locale: recipient.locale,
      step,
      recipientName: recipient.name,
      subject: { reference: stored.request.subjectId, ...(subject?.name ? { name: subject.name } : {}), ...(subject ? { email: subject.email } : {}) },
      disclosures: recipient.disclosures,
      ...(recipient.notifiedAt ? { notifiedAt: recipient.notifiedAt } : {}),
      ackUrl: urls.page,
      callbackUrl: urls.callback,
    });
    await mailFromController(deps, profile, recipient.contactEmail, email);
  }
  const webhookQueued = webhookReachable(deps, recipient);
  if (webhookQueued) {
    const call: WebhookCall = { type: 'erasure-webhook', controllerId, erasureId, recipientId, step, workId: `webhook#${erasureId}#${recipientId}#${step}` };
    await deps.webhookQueue!.publish([{ id: 'webhook', body: call }]);
  }
  // At least once: a crash between the email and this record mails the recipient again on the retry.
  await deps.erasureRecipients.recordTold(controllerId, erasureId, recipientId, { step, emailed, webhookQueued }, now.toISOString());
  if (!emailed && !webhookQueued) await escalateRecipient(deps, controllerId, erasureId, recipientId, now);
  return { sent: emailed || webhookQueued, step, emailed, webhookQueued };
}

function webhookReachable(deps: Pick<ErasureRecipientNoticeDependencies, 'webhookQueue'>, recipient: ErasureRecipient): boolean {
  return Boolean(recipient.webhookUrl) && deps.webhookQueue !== undefined;
}

/**
 * After a step recorded before: a recipient escalated without an answer, or one no channel reaches (a crash
 * between its record and its escalation), is escalated again (idempotent; the alert's work id keeps it to
 * one email); an answered one settles the request, in case that failed after the answer.
 */
async function finishSettling(deps: ErasureRecipientNoticeDependencies, controllerId: string, erasureId: string, recipient: ErasureRecipient, now: Date): Promise<void> {
  if (recipient.answer) {
    await settleErasure(deps, controllerId, erasureId, now);
    return;
  }
  const unreachable = !recipient.contactEmail && !webhookReachable(deps, recipient);
  if (recipient.escalatedAt || unreachable) await escalateRecipient(deps, controllerId, erasureId, recipient.recipientId, now);
}
