import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { recipientSettled } from '../domain/erasure/erasure-recipient';
import { ackUrls, signAckToken } from '../domain/links/ack-link';
import { renderErasureRecipientNotice } from '../domain/notice/erasure-recipient-notice';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureRecipientNotice, WebhookCall } from '../messages/pipeline-messages';
import { ErasureStepNotRecordedError } from './erasure-step-not-recorded';
import { escalateRecipient, type EscalateRecipientDependencies } from './escalate-erasure-recipient';
import { mailFromController } from './mail-from-controller';

export interface ErasureRecipientNoticeDependencies extends EscalateRecipientDependencies {
  erasureRecipients: Pick<ErasureRecipientStore, 'get' | 'list' | 'recordTold' | 'recordEscalated'>;
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

export type RecipientNoticeResult = { sent: false; reason: 'told-before' | 'settled' } | { sent: boolean; channels: ('email' | 'webhook')[] };

/**
 * Asks one recipient to erase the subject's data (Art. 19), or reminds it: by email from the controller in
 * the recipient's language, with a signed acknowledgement link and callback, and through its webhook when it
 * has one; then records which channels told it, once per step. A recipient with no channel at all cannot be
 * told: that is recorded, and it goes to the legal team at once. A reminder to a recipient that answered or
 * was escalated is dropped.
 */
export async function sendErasureRecipientNotice(deps: ErasureRecipientNoticeDependencies, message: ErasureRecipientNotice): Promise<RecipientNoticeResult> {
  const { controllerId, erasureId, recipientId, step } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Recipient notice for an unknown controller');
  const [stored, recipient] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasureRecipients.get(controllerId, erasureId, recipientId)]);
  // Queued before the recipient is put: not (yet) recorded.
  if (!stored || !recipient) throw new ErasureStepNotRecordedError('recipient notice');
  if (step === 'notice' ? recipient.notifiedAt : recipient.remindedAt) return { sent: false, reason: 'told-before' };
  if (step === 'reminder' && recipientSettled(recipient)) return { sent: false, reason: 'settled' };
  const now = deps.clock.now();
  const channels: ('email' | 'webhook')[] = [];
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
    channels.push('email');
  }
  if (recipient.webhookUrl && deps.webhookQueue) {
    const call: WebhookCall = { type: 'erasure-webhook', controllerId, erasureId, recipientId, step, workId: `webhook#${erasureId}#${recipientId}#${step}` };
    await deps.webhookQueue.publish([{ id: 'webhook', body: call }]);
    channels.push('webhook');
  }
  await deps.erasureRecipients.recordTold(controllerId, erasureId, recipientId, { step, channels }, now.toISOString());
  if (channels.length === 0) await escalateRecipient(deps, controllerId, erasureId, recipientId, now);
  return { sent: channels.length > 0, channels };
}
