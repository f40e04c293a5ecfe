import type { Locale } from '../locale';
import { escapeHtml } from './escape';
import { greeting } from './greeting';
import { formatDate } from './notice-format';
import { inBothForms, transferValues, type NoticeValuesInput, type PlainValues, type TransferValues } from './notice-values';

/** The per-disclosure values a notice shows; the same keys in every output form. */
export interface DisclosureNoticeValues extends TransferValues {
  occurredOn: string;
  /**
   * Why the notice comes late, when a non-disclosure order held it back; empty otherwise, and the
   * template then leaves the paragraph out. Never names the order or its reason.
   */
  deferralNote: string;
}

export type SubjectLineValues = Pick<DisclosureNoticeValues, 'controllerName' | 'recipientName'>;

/** SES DefaultTemplateData: `html` values are HTML-escaped, `text` values plain, `subject` values one clean line. */
export interface DisclosureNoticeData {
  html: DisclosureNoticeValues;
  text: DisclosureNoticeValues;
  subject: SubjectLineValues;
}

/**
 * SES ReplacementTemplateData. Under its own top-level key: SES lays these keys over DefaultTemplateData,
 * so sharing `html` or `text` would wipe the per-disclosure values.
 */
export interface SubjectNoticeData {
  addressee: { html: { greeting: string }; text: { greeting: string } };
}

export type DisclosureNoticeInput = NoticeValuesInput;

// Says that an order kept us silent, not which order or why: its reference and reason stay with the legal team.
const DEFERRAL_NOTES: Readonly<Record<Locale, string>> = {
  nl:
    'Wij konden u hierover niet eerder informeren. Een wettelijke verplichting of een bevel van een ' +
    'bevoegde instantie verbood ons dat tot nu toe.',
  en:
    'We could not tell you about this earlier. A legal obligation or an order of an authority prevented ' +
    'us from doing so until now.',
};

export function disclosureNoticeData(input: DisclosureNoticeInput): DisclosureNoticeData {
  const { disclosure, locale } = input;
  const plain: PlainValues<DisclosureNoticeValues> = {
    ...transferValues(input),
    occurredOn: formatDate(disclosure.occurredAt, locale, 'occurredAt'),
    deferralNote: disclosure.hold ? DEFERRAL_NOTES[locale] : '',
  };
  return {
    ...inBothForms(plain, disclosure.dataCategories),
    subject: { controllerName: plain.controllerName, recipientName: plain.recipientName },
  };
}

/** The greeting: by name when the controller gave one, neutral otherwise. */
export function subjectNoticeData({ name }: { name?: string }, locale: Locale): SubjectNoticeData {
  const text = greeting(name, locale);
  return { addressee: { html: { greeting: escapeHtml(text) }, text: { greeting: text } } };
}
