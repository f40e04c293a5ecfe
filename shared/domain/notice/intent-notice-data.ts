import type { Locale } from '../locale';
import type { SubjectLineValues } from './disclosure-notice-data';
import { escapeHtml } from './escape';
import { greeting } from './greeting';
import { formatDate, webAddress } from './notice-format';
import { inBothForms, transferValues, type NoticeValuesInput, type PlainValues, type TransferValues } from './notice-values';

/** What an intent notice (mode `before`) shows of the planned transfer; the same keys in every output form. */
export interface IntentNoticeValues extends TransferValues {
  /** The day the transfer is to happen, and the last day to object. */
  plannedOn: string;
}

/** SES DefaultTemplateData: `html` values are HTML-escaped, `text` values plain, `subject` values one clean line. */
export interface IntentNoticeData {
  html: IntentNoticeValues;
  text: IntentNoticeValues;
  subject: SubjectLineValues;
}

/** SES ReplacementTemplateData, under its own top-level key (see SubjectNoticeData): greeting and personal link. */
export interface SubjectIntentData {
  addressee: {
    html: { greeting: string; objectionUrl: string };
    text: { greeting: string; objectionUrl: string };
  };
}

export function intentNoticeData(input: NoticeValuesInput): IntentNoticeData {
  const { disclosure, locale } = input;
  if (disclosure.plannedAt === undefined) {
    throw new RangeError(`Disclosure ${disclosure.disclosureId} has no plannedAt: an intent notice needs one`);
  }
  const plain: PlainValues<IntentNoticeValues> = {
    ...transferValues(input),
    plannedOn: formatDate(disclosure.plannedAt, locale, 'plannedAt'),
  };
  return {
    ...inBothForms(plain, disclosure.dataCategories),
    subject: { controllerName: plain.controllerName, recipientName: plain.recipientName },
  };
}

/** The greeting and the subject's own objection link, which must be an http(s) URL (it becomes an href). */
export function subjectIntentData({ name }: { name?: string }, locale: Locale, objectionUrl: string): SubjectIntentData {
  const url = webAddress(objectionUrl);
  const text = greeting(name, locale);
  return {
    addressee: {
      html: { greeting: escapeHtml(text), objectionUrl: escapeHtml(url) },
      text: { greeting: text, objectionUrl: url },
    },
  };
}
