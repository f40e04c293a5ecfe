import { LOCALES, type Locale } from '../locale';
import type { DisclosureNoticeValues, SubjectLineValues } from './disclosure-notice-data';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { h2, htmlDocument, list, p, row, table } from './notice-html';
import {
  closingHtml,
  closingText,
  htmlSlot,
  subjectSlot,
  textSlot,
  type NoticeTemplate,
  type Slot,
} from './notice-template';

export type { NoticeTemplate } from './notice-template';

export function disclosureNoticeTemplateName(locale: Locale): string {
  return `disclosure-notice-${locale}`;
}

type Key = keyof DisclosureNoticeValues;

interface NoticeCopy {
  subject: (slot: Slot<keyof SubjectLineValues>) => string;
  intro: (slot: Slot<Key>) => string;
  detailsHeading: string;
  labels: { recipient: string; kind: string; purpose: string; legalBasis: string; date: string; reference: string };
  categoriesHeading: string;
  questions: (slot: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, NoticeCopy>> = {
  nl: {
    subject: (v) => `Uw persoonsgegevens zijn gedeeld met ${v('recipientName')}`,
    intro: (v) =>
      `Met deze e-mail laten wij, ${v('controllerName')}, u weten dat wij uw persoonsgegevens hebben gedeeld ` +
      `met een andere organisatie. Hieronder leest u met wie, waarom en om welke gegevens het gaat.`,
    detailsHeading: 'Details van de verstrekking',
    labels: {
      recipient: 'Ontvanger',
      kind: 'Soort verstrekking',
      purpose: 'Doel',
      legalBasis: 'Rechtsgrond',
      date: 'Datum van verstrekking',
      reference: 'Ons kenmerk',
    },
    categoriesHeading: 'Welke gegevens zijn gedeeld',
    questions: (v) => `Heeft u vragen over deze verstrekking? Neem dan contact met ons op via ${v('contactEmail')}.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `Your personal data was shared with ${v('recipientName')}`,
    intro: (v) =>
      `We, ${v('controllerName')}, are writing to let you know that we have shared your personal data with ` +
      `another organisation. Below you can read who received it, why, and which data it concerns.`,
    detailsHeading: 'Details of the disclosure',
    labels: {
      recipient: 'Recipient',
      kind: 'Type of disclosure',
      purpose: 'Purpose',
      legalBasis: 'Legal basis',
      date: 'Date of disclosure',
      reference: 'Our reference',
    },
    categoriesHeading: 'What data was shared',
    questions: (v) => `If you have any questions about this disclosure, please contact us at ${v('contactEmail')}.`,
    closing: CLOSING_COPY.en,
  },
};

function textPart(c: NoticeCopy): string {
  const v = textSlot;
  const l = c.labels;
  return `{{{addressee.text.greeting}}}

${c.intro(v)}

{{#if text.deferralNote}}${v('deferralNote')}

{{/if}}${c.detailsHeading}
${l.recipient}: ${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})
${l.kind}: ${v('disclosureKind')}
${l.purpose}: ${v('purpose')}
${l.legalBasis}: ${v('legalBasis')}
${l.date}: ${v('occurredOn')}
{{#if text.reference}}${l.reference}: ${v('reference')}
{{/if}}

${c.categoriesHeading}
${v('dataCategories')}

${closingText(c.questions(v), c.closing)}`;
}

function htmlPart(c: NoticeCopy, locale: Locale): string {
  const v = htmlSlot;
  const l = c.labels;
  const content = `${p('{{{addressee.html.greeting}}}')}
${p(c.intro(v))}
{{#if html.deferralNote}}${p(v('deferralNote'))}{{/if}}
${h2(c.detailsHeading)}
${table(`${row(l.recipient, `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})`)}
${row(l.kind, v('disclosureKind'))}
${row(l.purpose, v('purpose'))}
${row(l.legalBasis, v('legalBasis'))}
${row(l.date, v('occurredOn'))}
{{#if html.reference}}${row(l.reference, v('reference'))}{{/if}}`)}
${h2(c.categoriesHeading)}
${list(v('dataCategories'))}
${closingHtml(c.questions(v), c.closing)}`;
  return htmlDocument({ lang: locale, title: c.subject((key) => `{{{html.${key}}}}`), content });
}

function noticeTemplate(locale: Locale): NoticeTemplate {
  const copy = COPY[locale];
  return {
    name: disclosureNoticeTemplateName(locale),
    locale,
    subject: copy.subject(subjectSlot),
    text: textPart(copy),
    html: htmlPart(copy, locale),
  };
}

/** One per locale; COPY being a Record over Locale makes a new locale fail to compile until it has texts. */
export const DISCLOSURE_NOTICE_TEMPLATES: readonly NoticeTemplate[] = LOCALES.map(noticeTemplate);
