import type { Disclosure } from '../disclosure/disclosure';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { DISCLOSURE_KIND_LABELS, LEGAL_BASIS_LABELS, RECIPIENT_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';
import { countryName, webAddress } from './notice-format';

/** What every message about a disclosure can name: who shares what with whom, why, and whom to ask. */
export interface TransferValues {
  controllerName: string;
  recipientName: string;
  recipientKind: string;
  recipientCountry: string;
  disclosureKind: string;
  purpose: string;
  legalBasis: string;
  /** Pre-rendered list: `<li>` items in HTML, "- item" lines in text. */
  dataCategories: string;
  /** Empty when the disclosure has none; a template then leaves the line out. */
  reference: string;
  contactEmail: string;
  privacyEmail: string;
  authorityName: string;
  authorityWebsite: string;
}

export interface NoticeValuesInput {
  profile: PolicyProfile;
  disclosure: Disclosure;
  locale: Locale;
}

export type PlainValues<V> = Omit<V, 'dataCategories'>;

/** The values as plain text, each one clean line, so a stored value cannot add lines to a text or a subject. */
export function transferValues({ profile, disclosure, locale }: NoticeValuesInput): PlainValues<TransferValues> {
  const { recipient, kind, legalBasis } = disclosure;
  return {
    controllerName: headerSafe(profile.legalName),
    recipientName: headerSafe(recipient.name),
    recipientKind: RECIPIENT_KIND_LABELS[locale][recipient.kind],
    recipientCountry: countryName(recipient.country, locale),
    disclosureKind: DISCLOSURE_KIND_LABELS[locale][kind],
    purpose: headerSafe(disclosure.purpose),
    legalBasis: LEGAL_BASIS_LABELS[locale][legalBasis],
    reference: headerSafe(disclosure.reference ?? ''),
    contactEmail: headerSafe(profile.contactEmail),
    privacyEmail: headerSafe(profile.privacyEmail),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(profile.supervisoryAuthority.website),
  };
}

/** Every value HTML-escaped: safe in element content and in quoted attributes. */
export function escapeAll<T extends Record<string, string>>(plain: T): T {
  return Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, escapeHtml(value)])) as T;
}

/** Both output forms of a template's values, with the data categories as a list in each; blank ones dropped. */
export function inBothForms<T extends Record<string, string>>(
  plain: T,
  dataCategories: readonly string[],
): { html: T & { dataCategories: string }; text: T & { dataCategories: string } } {
  const categories = dataCategories.map(headerSafe).filter((category) => category !== '');
  return {
    html: { ...escapeAll(plain), dataCategories: categories.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n') },
    text: { ...plain, dataCategories: categories.map((c) => `- ${c}`).join('\n') },
  };
}
