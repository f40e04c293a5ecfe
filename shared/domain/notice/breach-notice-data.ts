import type { BreachNoticeWords, StoredBreach } from '../breach/breach';
import { breachContactOf } from '../breach/breach-contact';
import type { DisclosureKind } from '../disclosure/disclosure';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { DISCLOSURE_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';
import { greeting } from './greeting';
import { formatDate, webAddress } from './notice-format';
import { escapeAll } from './notice-values';
import { reasonLines } from './reason-lines';

/**
 * The subject's breach notice (Art. 34(2)), an SES stored template like the disclosure notice: the values
 * every subject of one breach and locale shares (DefaultTemplateData), and each subject's own
 * (ReplacementTemplateData). `html` values are HTML-escaped, `text` values plain, `subject` values one line.
 */
export function breachNoticeTemplateName(locale: Locale): string {
  return `breach-notice-${locale}`;
}

/** The same keys in every output form; an empty value makes the template leave its sentence out. */
export interface BreachNoticeValues {
  controllerName: string;
  /** The legal team's words: what happened, what it may mean, what is done, what the subject can do. */
  whatHappened: string;
  consequences: string;
  measures: string;
  advice: string;
  /** Empty for a breach at the controller itself, and when the notice does not name the recipient. */
  recipientName: string;
  /** Empty when the report does not say when the breach began. */
  occurredOn: string;
  awareOn: string;
  /** Pre-rendered list: `<li>` items in HTML, "- item" lines in text. */
  dataCategories: string;
  breachContactName: string;
  breachContactEmail: string;
  /** Empty when the profile gives none. */
  breachContactPhone: string;
  contactEmail: string;
  privacyEmail: string;
  authorityName: string;
  authorityWebsite: string;
}

export type BreachSubjectLineValues = Pick<BreachNoticeValues, 'controllerName'>;

export interface BreachNoticeData {
  html: BreachNoticeValues;
  text: BreachNoticeValues;
  subject: BreachSubjectLineValues;
}

/** Under its own top-level key, as SubjectNoticeData: SES lays it over the shared values, never replacing them. */
export interface SubjectBreachNoticeData {
  addressee: {
    html: { greeting: string; disclosures: string };
    text: { greeting: string; disclosures: string };
  };
}

export interface BreachNoticeInput {
  profile: PolicyProfile;
  breach: StoredBreach;
  words: BreachNoticeWords;
  locale: Locale;
  /**
   * Whether the notice names the breached recipient (and may list what went there): only for the `recipient`
   * audience, which leaves out disclosures still under a non-disclosure order. Any other audience may reach a
   * subject whose only disclosure there is held, and naming the recipient would tell them of it.
   */
  namesRecipient: boolean;
  /** The breached recipient's name: required when the notice names it. */
  recipientName?: string;
}

/** A disclosure to the breached recipient, as the ledger holds it: what of this subject went there, and when. */
export interface DisclosureToRecipient {
  disclosedAt: string;
  dataCategories: readonly string[];
  kind: DisclosureKind;
}

/** At most this many disclosures are listed, the latest; the others are counted, keeping each mail small. */
export const LISTED_DISCLOSURES = 20;

const EARLIER: Readonly<Record<Locale, (count: number) => string>> = {
  nl: (count) => `En nog ${count} keer eerder.`,
  en: (count) => `And ${count} ${count === 1 ? 'time' : 'times'} before that.`,
};

export function breachNoticeData({ profile, breach, words, locale, namesRecipient, recipientName }: BreachNoticeInput): BreachNoticeData {
  const { report } = breach;
  if (namesRecipient && report.source.type !== 'recipient') {
    throw new RangeError(`Breach ${report.breachId} did not happen at a recipient: its notice has no recipient to name`);
  }
  if (namesRecipient && report.source.type === 'recipient' && !headerSafe(recipientName ?? '')) {
    throw new RangeError(`Breach ${report.breachId} happened at recipient ${report.source.recipientId}: its notice needs the recipient's name`);
  }
  const contact = breachContactOf(profile);
  const oneLine = {
    controllerName: headerSafe(profile.legalName),
    recipientName: namesRecipient ? headerSafe(recipientName ?? '') : '',
    occurredOn: report.occurredAt ? formatDate(report.occurredAt, locale, 'occurredAt') : '',
    awareOn: formatDate(report.awareAt, locale, 'awareAt'),
    breachContactName: headerSafe(contact.name),
    breachContactEmail: headerSafe(contact.email),
    breachContactPhone: headerSafe(contact.phone ?? ''),
    contactEmail: headerSafe(profile.contactEmail),
    privacyEmail: headerSafe(profile.privacyEmail),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(profile.supervisoryAuthority.website),
  };
  // The words may run over several lines: kept line by line, each line clean.
  const paragraphs = {
    whatHappened: wordLines(words, 'nature'),
    consequences: wordLines(words, 'consequences'),
    measures: wordLines(words, 'measures'),
    advice: wordLines(words, 'advice'),
  };
  const categories = distinct([...report.dataCategories, ...(report.specialCategories ?? [])]);
  return {
    text: {
      ...oneLine,
      ...mapValues(paragraphs, (lines) => lines.join('\n')),
      dataCategories: categories.map((category) => `- ${category}`).join('\n'),
    },
    html: {
      ...escapeAll(oneLine),
      ...mapValues(paragraphs, (lines) => lines.map(escapeHtml).join('<br>')),
      dataCategories: categories.map((category) => `<li>${escapeHtml(category)}</li>`).join('\n'),
    },
    subject: { controllerName: oneLine.controllerName },
  };
}

/**
 * The greeting, and for a breach at a recipient what of this subject went to that recipient and when (the
 * ledger's disclosures, oldest first): empty otherwise, and the template then leaves the section out.
 * `earlierCounted` are disclosures before these that were counted rather than kept (see recipientAudience).
 */
export function subjectBreachNoticeData(
  { name }: { name?: string },
  locale: Locale,
  disclosures: readonly DisclosureToRecipient[] = [],
  earlierCounted = 0,
): SubjectBreachNoticeData {
  const hello = greeting(name, locale);
  const ordered = [...disclosures].sort((a, b) => Date.parse(a.disclosedAt) - Date.parse(b.disclosedAt));
  const listed = ordered.slice(-LISTED_DISCLOSURES);
  const items = listed.map((disclosure) => disclosureLine(disclosure, locale));
  const earlier = ordered.length - listed.length + earlierCounted;
  const more = earlier > 0 ? EARLIER[locale](earlier) : '';
  return {
    addressee: {
      html: {
        greeting: escapeHtml(hello),
        disclosures: [...items.map((item) => `<li>${escapeHtml(item)}</li>`), ...(more ? [`<li>${escapeHtml(more)}</li>`] : [])].join('\n'),
      },
      text: { greeting: hello, disclosures: [...items, ...(more ? [more] : [])].map((item) => `- ${item}`).join('\n') },
    },
  };
}

/** "3 november 2026: Naam en contactgegevens, Facturen (Overdracht aan een verwerker ...)", one plain line. */
function disclosureLine({ disclosedAt, dataCategories, kind }: DisclosureToRecipient, locale: Locale): string {
  const categories = distinct(dataCategories).join(', ');
  const what = categories ? `${categories} (${DISCLOSURE_KIND_LABELS[locale][kind]})` : DISCLOSURE_KIND_LABELS[locale][kind];
  return `${formatDate(disclosedAt, locale, 'disclosedAt')}: ${what}`;
}

/** One of the legal team's texts, line by line; Art. 34(2) needs each, so an empty one throws, naming it. */
function wordLines(words: BreachNoticeWords, field: keyof BreachNoticeWords): string[] {
  try {
    return reasonLines(words[field]);
  } catch {
    throw new RangeError(`words.${field} is empty: the subject notice must say it`);
  }
}

/** Each category once, one clean line each, blank ones dropped. */
function distinct(categories: readonly string[]): string[] {
  return [...new Set(categories.map(headerSafe).filter((category) => category !== ''))];
}

function mapValues<K extends string, A, B>(record: Record<K, A>, map: (value: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as A)])) as Record<K, B>;
}
