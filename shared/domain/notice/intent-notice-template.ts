import { LOCALES, type Locale } from '../locale';
import type { SubjectLineValues } from './disclosure-notice-data';
import type { IntentNoticeValues } from './intent-notice-data';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { callToAction, h2, htmlDocument, list, p, row, table } from './notice-html';
import {
  closingHtml,
  closingText,
  htmlSlot,
  subjectSlot,
  textSlot,
  type NoticeTemplate,
  type Slot,
} from './notice-template';

/**
 * The intent notice: sent `objectionDays` before a transfer in mode `before` (a sale of the business),
 * with each subject's own link to object. Filled from IntentNoticeData and SubjectIntentData.
 */
export function intentNoticeTemplateName(locale: Locale): string {
  return `disclosure-intent-${locale}`;
}

type Key = keyof IntentNoticeValues;

interface IntentCopy {
  subject: (slot: Slot<keyof SubjectLineValues>) => string;
  intro: (slot: Slot<Key>) => string;
  detailsHeading: string;
  labels: { recipient: string; kind: string; purpose: string; legalBasis: string; date: string; reference: string };
  categoriesHeading: string;
  objectionHeading: string;
  objection: (slot: Slot<Key>) => string;
  button: string;
  linkFallback: string;
  objectionEffect: string;
  personalLink: string;
  questions: (slot: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, IntentCopy>> = {
  nl: {
    subject: (v) => `Wij zijn van plan uw persoonsgegevens over te dragen aan ${v('recipientName')}`,
    intro: (v) =>
      `Met deze e-mail laten wij, ${v('controllerName')}, u weten dat wij van plan zijn uw persoonsgegevens op ` +
      `${v('plannedOn')} over te dragen aan ${v('recipientName')}. Dat is nog niet gebeurd. Hieronder leest u ` +
      `waarom, om welke gegevens het gaat en hoe u bezwaar kunt maken.`,
    detailsHeading: 'Details van de voorgenomen overdracht',
    labels: {
      recipient: 'Ontvanger',
      kind: 'Soort overdracht',
      purpose: 'Doel',
      legalBasis: 'Rechtsgrond',
      date: 'Geplande datum',
      reference: 'Ons kenmerk',
    },
    categoriesHeading: 'Om welke gegevens het gaat',
    objectionHeading: 'Bezwaar maken',
    objection: (v) =>
      `U kunt tot ${v('plannedOn')} bezwaar maken. Open daarvoor uw persoonlijke link en bevestig uw bezwaar. ` +
      `U hoeft niet in te loggen.`,
    button: 'Bezwaar maken',
    linkFallback: 'Werkt de knop niet? Open dan deze link:',
    objectionEffect: 'Als u bezwaar maakt, worden uw gegevens niet overgedragen.',
    personalLink: 'De link is alleen voor u bedoeld. Stuur deze e-mail daarom niet door.',
    questions: (v) =>
      `Heeft u vragen over deze voorgenomen overdracht? Neem dan contact met ons op via ${v('contactEmail')}.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `We intend to transfer your personal data to ${v('recipientName')}`,
    intro: (v) =>
      `We, ${v('controllerName')}, are writing to let you know that we intend to transfer your personal data ` +
      `to ${v('recipientName')} on ${v('plannedOn')}. This has not happened yet. Below you can read why, which ` +
      `data it concerns, and how you can object.`,
    detailsHeading: 'Details of the planned transfer',
    labels: {
      recipient: 'Recipient',
      kind: 'Type of transfer',
      purpose: 'Purpose',
      legalBasis: 'Legal basis',
      date: 'Planned date',
      reference: 'Our reference',
    },
    categoriesHeading: 'What data it concerns',
    objectionHeading: 'How to object',
    objection: (v) =>
      `You can object until ${v('plannedOn')}. To do so, open your personal link and confirm your objection. ` +
      `You do not need to log in.`,
    button: 'Object to the transfer',
    linkFallback: 'If the button does not work, open this link:',
    objectionEffect: 'If you object, your data will not be part of the transfer.',
    personalLink: 'This link is meant for you only, so please do not forward this email.',
    questions: (v) => `If you have any questions about this planned transfer, please contact us at ${v('contactEmail')}.`,
    closing: CLOSING_COPY.en,
  },
};

function textPart(c: IntentCopy): string {
  const v = textSlot;
  const l = c.labels;
  return `{{{addressee.text.greeting}}}

${c.intro(v)}

${c.detailsHeading}
${l.recipient}: ${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})
${l.kind}: ${v('disclosureKind')}
${l.purpose}: ${v('purpose')}
${l.legalBasis}: ${v('legalBasis')}
${l.date}: ${v('plannedOn')}
{{#if text.reference}}${l.reference}: ${v('reference')}
{{/if}}

${c.categoriesHeading}
${v('dataCategories')}

${c.objectionHeading}
${c.objection(v)}

{{{addressee.text.objectionUrl}}}

${c.objectionEffect} ${c.personalLink}

${closingText(c.questions(v), c.closing)}`;
}

function htmlPart(c: IntentCopy, locale: Locale): string {
  const v = htmlSlot;
  const l = c.labels;
  const content = `${p('{{{addressee.html.greeting}}}')}
${p(c.intro(v))}
${h2(c.detailsHeading)}
${table(`${row(l.recipient, `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})`)}
${row(l.kind, v('disclosureKind'))}
${row(l.purpose, v('purpose'))}
${row(l.legalBasis, v('legalBasis'))}
${row(l.date, v('plannedOn'))}
{{#if html.reference}}${row(l.reference, v('reference'))}{{/if}}`)}
${h2(c.categoriesHeading)}
${list(v('dataCategories'))}
${h2(c.objectionHeading)}
${p(c.objection(v))}
${callToAction('{{{addressee.html.objectionUrl}}}', c.button, c.linkFallback)}
${p(`${c.objectionEffect} ${c.personalLink}`)}
${closingHtml(c.questions(v), c.closing)}`;
  return htmlDocument({ lang: locale, title: c.subject((key) => `{{{html.${key}}}}`), content });
}

function intentTemplate(locale: Locale): NoticeTemplate {
  const copy = COPY[locale];
  return {
    name: intentNoticeTemplateName(locale),
    locale,
    subject: copy.subject(subjectSlot),
    text: textPart(copy),
    html: htmlPart(copy, locale),
  };
}

/** One per locale, like DISCLOSURE_NOTICE_TEMPLATES. */
export const INTENT_NOTICE_TEMPLATES: readonly NoticeTemplate[] = LOCALES.map(intentTemplate);
