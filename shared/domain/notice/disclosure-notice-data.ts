import type { Disclosure } from '../disclosure/disclosure';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { DISCLOSURE_KIND_LABELS, LEGAL_BASIS_LABELS, RECIPIENT_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';

/** The per-disclosure values a notice shows; the same keys in every output form. */
export interface DisclosureNoticeValues {
  controllerName: string;
  recipientName: string;
  recipientKind: string;
  recipientCountry: string;
  disclosureKind: string;
  purpose: string;
  legalBasis: string;
  /** Pre-rendered list: `<li>` items in HTML, "- item" lines in text. */
  dataCategories: string;
  occurredOn: string;
  /** Empty when the disclosure has none; the template then leaves the line out. */
  reference: string;
  contactEmail: string;
  privacyEmail: string;
  authorityName: string;
  authorityWebsite: string;
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

export interface DisclosureNoticeInput {
  profile: PolicyProfile;
  disclosure: Disclosure;
  locale: Locale;
}

// en-GB writes "23 November 2026"; en-US would write "November 23, 2026".
const INTL_LOCALE: Readonly<Record<Locale, string>> = { nl: 'nl-NL', en: 'en-GB' };
// Controllers are Dutch and so is the calendar day their subjects expect to read.
const TIME_ZONE = 'Europe/Amsterdam';

const GREETINGS: Readonly<Record<Locale, { named: (name: string) => string; neutral: string }>> = {
  nl: { named: (name) => `Beste ${name},`, neutral: 'Geachte heer/mevrouw,' },
  en: { named: (name) => `Dear ${name},`, neutral: 'Dear Sir or Madam,' },
};

export function disclosureNoticeData({ profile, disclosure, locale }: DisclosureNoticeInput): DisclosureNoticeData {
  const { recipient, kind, legalBasis } = disclosure;
  const categories = disclosure.dataCategories.map(headerSafe).filter((category) => category !== '');
  // Every value is one clean line, so a stored value cannot add lines to the text or the subject.
  const plain: Omit<DisclosureNoticeValues, 'dataCategories'> = {
    controllerName: headerSafe(profile.legalName),
    recipientName: headerSafe(recipient.name),
    recipientKind: RECIPIENT_KIND_LABELS[locale][recipient.kind],
    recipientCountry: countryName(recipient.country, locale),
    disclosureKind: DISCLOSURE_KIND_LABELS[locale][kind],
    purpose: headerSafe(disclosure.purpose),
    legalBasis: LEGAL_BASIS_LABELS[locale][legalBasis],
    occurredOn: formatDate(disclosure.occurredAt, locale),
    reference: headerSafe(disclosure.reference ?? ''),
    contactEmail: headerSafe(profile.contactEmail),
    privacyEmail: headerSafe(profile.privacyEmail),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(profile.supervisoryAuthority.website),
  };
  const html = Object.fromEntries(
    Object.entries(plain).map(([key, value]) => [key, escapeHtml(value)]),
  ) as typeof plain;
  return {
    html: { ...html, dataCategories: categories.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n') },
    text: { ...plain, dataCategories: categories.map((c) => `- ${c}`).join('\n') },
    subject: { controllerName: plain.controllerName, recipientName: plain.recipientName },
  };
}

/** The greeting: by name when the controller gave one, neutral otherwise. */
export function subjectNoticeData({ name }: { name?: string }, locale: Locale): SubjectNoticeData {
  const clean = headerSafe(name ?? '');
  const greeting = clean === '' ? GREETINGS[locale].neutral : GREETINGS[locale].named(clean);
  return { addressee: { html: { greeting: escapeHtml(greeting) }, text: { greeting } } };
}

function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`occurredAt is not a date: '${iso}'`);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
}

/** "Duitsland" for DE in Dutch; the code itself if Intl does not know it. */
function countryName(code: string, locale: Locale): string {
  const clean = headerSafe(code);
  try {
    return new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' }).of(clean.toUpperCase()) ?? clean;
  } catch {
    return clean;
  }
}

/** The website becomes a link in the HTML part, so only http(s) may pass (no `javascript:`). */
function webAddress(value: string): string {
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') throw new RangeError(`Not a web address: '${value}'`);
  return headerSafe(value);
}
