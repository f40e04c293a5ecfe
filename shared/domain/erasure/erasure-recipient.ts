import type { DisclosureKind, RecipientKind } from '../disclosure/disclosure';
import type { Locale } from '../locale';

/** What a recipient answers to an erasure notice (Art. 19): it erased the data, never held it, or refuses. */
export const RECIPIENT_ANSWERS = ['erased', 'not_held', 'refused'] as const;
export type RecipientAnswerStatus = (typeof RECIPIENT_ANSWERS)[number];

/** How an answer came in: the acknowledgement page behind the signed link, or the machine callback. */
export const ANSWER_CHANNELS = ['link', 'callback'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

export interface RecipientAnswer {
  status: RecipientAnswerStatus;
  /** Why it refuses: required with `refused`; taken off once the subject was told, leaving `reasonSha256`. */
  reason?: string;
  reasonSha256?: string;
  answeredAt: string;
  via: AnswerChannel;
}

/** One disclosure of the subject's data to the recipient, as the ledger recorded it. */
export interface DisclosedToRecipient {
  disclosureId: string;
  kind: DisclosureKind;
  dataCategories: string[];
  disclosedAt: string;
}

/**
 * A recipient that received the subject's data, as an erasure request tells it (Art. 19): whom, which
 * disclosures, how it was reached, and where it stands. Settled once it answered or was escalated.
 */
export interface ErasureRecipient {
  recipientId: string;
  name: string;
  kind: RecipientKind;
  country: string;
  locale: Locale;
  contactEmail?: string;
  webhookUrl?: string;
  disclosures: DisclosedToRecipient[];
  /** When the first notice went out. */
  notifiedAt?: string;
  /** When the reminder went out (7 silent days after the notice). */
  remindedAt?: string;
  /** When its webhook took the notice's call (2xx); the call is only queued when `notifiedAt` is set. */
  notifiedByWebhookAt?: string;
  /** When its webhook took the reminder's call. */
  remindedByWebhookAt?: string;
  /** When the legal team was told it stayed silent (14 days after the notice). */
  escalatedAt?: string;
  answer?: RecipientAnswer;
}

/** Nothing more is waited for from this recipient: it answered, or the legal team took it over. */
export function recipientSettled(recipient: Pick<ErasureRecipient, 'answer' | 'escalatedAt'>): boolean {
  return recipient.answer !== undefined || recipient.escalatedAt !== undefined;
}

/**
 * Whether a notice or reminder is known to have got through: an email went to its address, its webhook
 * took a call, or it answered (so it was told somehow). A queued webhook call proves nothing yet.
 */
export function recipientReached(
  recipient: Pick<ErasureRecipient, 'contactEmail' | 'notifiedAt' | 'remindedAt' | 'notifiedByWebhookAt' | 'remindedByWebhookAt' | 'answer'>,
): boolean {
  const emailed = Boolean(recipient.contactEmail) && (recipient.notifiedAt !== undefined || recipient.remindedAt !== undefined);
  const called = recipient.notifiedByWebhookAt !== undefined || recipient.remindedByWebhookAt !== undefined;
  return emailed || called || recipient.answer !== undefined;
}

/** A ledger entry of the subject, as far as telling its recipient goes. */
export interface LedgerEntryOfSubject {
  disclosureId: string;
  kind: DisclosureKind;
  recipient: { recipientId: string; name: string; kind: RecipientKind; country: string };
  dataCategories: string[];
  disclosedAt: string;
}

/**
 * Every recipient the subject's data went to, once each, with the disclosures it received, oldest first:
 * from the subject's ledger, the one place that knows (Art. 19). Contact details come from the recipient
 * items; a recipient without a stored item keeps the snapshot the disclosure took.
 */
export function recipientsFromLedger(
  entries: readonly LedgerEntryOfSubject[],
  contacts: ReadonlyMap<string, { name?: string; contactEmail?: string; webhookUrl?: string; locale?: Locale }>,
  defaultLocale: Locale,
): ErasureRecipient[] {
  const byRecipient = new Map<string, ErasureRecipient>();
  const sorted = [...entries].sort((a, b) => a.disclosedAt.localeCompare(b.disclosedAt) || a.disclosureId.localeCompare(b.disclosureId));
  for (const entry of sorted) {
    const { recipientId } = entry.recipient;
    let recipient = byRecipient.get(recipientId);
    if (!recipient) {
      const contact = contacts.get(recipientId);
      recipient = {
        recipientId,
        name: contact?.name ?? entry.recipient.name,
        kind: entry.recipient.kind,
        country: entry.recipient.country,
        locale: contact?.locale ?? defaultLocale,
        ...(contact?.contactEmail ? { contactEmail: contact.contactEmail } : {}),
        ...(contact?.webhookUrl ? { webhookUrl: contact.webhookUrl } : {}),
        disclosures: [],
      };
      byRecipient.set(recipientId, recipient);
    }
    recipient.disclosures.push({ disclosureId: entry.disclosureId, kind: entry.kind, dataCategories: entry.dataCategories, disclosedAt: entry.disclosedAt });
  }
  return [...byRecipient.values()];
}
