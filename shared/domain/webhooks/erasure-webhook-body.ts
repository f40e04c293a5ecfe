import { ackUrls } from '../links/ack-link';
import { RECIPIENT_ANSWERS, type DisclosedToRecipient, type RecipientAnswerStatus } from '../erasure/erasure-recipient';

/** What a recipient's webhook receives about an erasure request: the first notice, or the reminder. */
export const ERASURE_WEBHOOK_TYPES = { notice: 'erasure.requested', reminder: 'erasure.reminder' } as const;
export type ErasureWebhookType = (typeof ERASURE_WEBHOOK_TYPES)[keyof typeof ERASURE_WEBHOOK_TYPES];

export interface ErasureWebhookBody {
  type: ErasureWebhookType;
  erasureId: string;
  controller: { id: string; legalName: string };
  /** Whose data to erase: the controller's reference and the contact data the recipient knows them by. */
  subject: { reference: string; email: string; name?: string };
  /** What the recipient received of the subject's data, oldest first. */
  disclosures: DisclosedToRecipient[];
  /** Where to answer: `url` takes a JSON POST `{status, reason?}`, `page` is the same answer for a person. */
  answer: { url: string; page: string; options: readonly RecipientAnswerStatus[] };
  sentAt: string;
}

export interface ErasureWebhookInput {
  step: keyof typeof ERASURE_WEBHOOK_TYPES;
  erasureId: string;
  controller: { controllerId: string; legalName: string };
  subject: { subjectId: string; email: string; name?: string };
  disclosures: readonly DisclosedToRecipient[];
  /** The recipient's signed acknowledgement token. */
  ackToken: string;
  publicBaseUrl: string;
  sentAt: Date;
}

/** The body of one webhook call, with both ways to answer built from the same signed token. */
export function erasureWebhookBody(input: ErasureWebhookInput): ErasureWebhookBody {
  const { subject } = input;
  const urls = ackUrls(input.publicBaseUrl, input.ackToken);
  return {
    type: ERASURE_WEBHOOK_TYPES[input.step],
    erasureId: input.erasureId,
    controller: { id: input.controller.controllerId, legalName: input.controller.legalName },
    subject: { reference: subject.subjectId, email: subject.email, ...(subject.name ? { name: subject.name } : {}) },
    disclosures: input.disclosures.map(({ disclosureId, kind, dataCategories, disclosedAt }) => ({ disclosureId, kind, dataCategories: [...dataCategories], disclosedAt })),
    answer: {
      url: urls.callback,
      page: urls.page,
      options: RECIPIENT_ANSWERS,
    },
    sentAt: input.sentAt.toISOString(),
  };
}
