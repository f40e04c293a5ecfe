import { LOCALES, type Locale } from '../locale';
import type { DisclosureNoticeValues, SubjectLineValues } from './disclosure-notice-data';

/** A stored SES template (AWS::SES::Template): Handlebars, filled from DisclosureNoticeData and SubjectNoticeData. */
export interface NoticeTemplate {
  name: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

export function disclosureNoticeTemplateName(locale: Locale): string {
  return `disclosure-notice-${locale}`;
}

// Copy takes a slot function instead of writing placeholders, so a sentence can only name a value the
// data provides (checked by the compiler) and each part decides how that value is inserted.
type Slot = (key: keyof DisclosureNoticeValues) => string;
type SubjectSlot = (key: keyof SubjectLineValues) => string;

interface NoticeCopy {
  subject: (slot: SubjectSlot) => string;
  intro: (slot: Slot) => string;
  detailsHeading: string;
  labels: { recipient: string; kind: string; purpose: string; legalBasis: string; date: string; reference: string };
  categoriesHeading: string;
  questionsHeading: string;
  questions: (slot: Slot) => string;
  rightsHeading: string;
  rights: (slot: Slot) => string;
  complaintHeading: string;
  complaint: (slot: Slot) => string;
  closing: string;
  footer: (slot: Slot) => string;
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
    questionsHeading: 'Vragen',
    questions: (v) => `Heeft u vragen over deze verstrekking? Neem dan contact met ons op via ${v('contactEmail')}.`,
    rightsHeading: 'Uw rechten',
    rights: (v) =>
      `Op grond van de AVG heeft u het recht om uw persoonsgegevens in te zien, te laten corrigeren en te laten ` +
      `verwijderen. Ook kunt u ons vragen het gebruik van uw gegevens te beperken, en kunt u bezwaar maken tegen ` +
      `het gebruik ervan. Stuur uw verzoek naar ${v('privacyEmail')}.`,
    complaintHeading: 'Klacht indienen',
    complaint: (v) =>
      `Bent u niet tevreden over hoe wij met uw persoonsgegevens omgaan? Dan kunt u een klacht indienen bij de ` +
      `toezichthouder, de ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Met vriendelijke groet,',
    footer: (v) => `U ontvangt dit bericht omdat ${v('controllerName')} uw persoonsgegevens verwerkt.`,
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
    questionsHeading: 'Questions',
    questions: (v) => `If you have any questions about this disclosure, please contact us at ${v('contactEmail')}.`,
    rightsHeading: 'Your rights',
    rights: (v) =>
      `Under the GDPR you have the right to access your personal data and to have it corrected or erased. ` +
      `You can also ask us to restrict how we use your data, and you can object to our use of it. ` +
      `Please send your request to ${v('privacyEmail')}.`,
    complaintHeading: 'Complaints',
    complaint: (v) =>
      `If you are not satisfied with how we handle your personal data, you can lodge a complaint with the ` +
      `supervisory authority, the ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Kind regards,',
    footer: (v) => `You are receiving this message because ${v('controllerName')} processes your personal data.`,
  },
};

const subjectSlot: SubjectSlot = (key) => `{{{subject.${key}}}}`;
const textSlot: Slot = (key) => `{{{text.${key}}}}`;

const LINK = 'color:#1d4ed8;';
// Values are HTML-escaped by disclosureNoticeData, so they are safe inside quoted attributes too.
const htmlSlot: Slot = (key) => {
  const value = `{{{html.${key}}}}`;
  if (key === 'contactEmail' || key === 'privacyEmail') return `<a href="mailto:${value}" style="${LINK}">${value}</a>`;
  if (key === 'authorityWebsite') return `<a href="${value}" style="${LINK}">${value}</a>`;
  return value;
};

function textPart(c: NoticeCopy): string {
  const v = textSlot;
  const l = c.labels;
  return `{{{addressee.text.greeting}}}

${c.intro(v)}

${c.detailsHeading}
${l.recipient}: ${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})
${l.kind}: ${v('disclosureKind')}
${l.purpose}: ${v('purpose')}
${l.legalBasis}: ${v('legalBasis')}
${l.date}: ${v('occurredOn')}
{{#if text.reference}}${l.reference}: ${v('reference')}
{{/if}}

${c.categoriesHeading}
${v('dataCategories')}

${c.questionsHeading}
${c.questions(v)}

${c.rightsHeading}
${c.rights(v)}

${c.complaintHeading}
${c.complaint(v)}

${c.closing}
${v('controllerName')}

--
${c.footer(v)}
`;
}

const S = {
  body: 'margin:0;padding:0;background-color:#f3f4f6;',
  card:
    'max-width:600px;margin:0 auto;padding:32px 24px;background-color:#ffffff;color:#1f2937;' +
    'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;',
  h2: 'margin:24px 0 8px;font-size:16px;color:#111827;',
  p: 'margin:0 0 16px;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px;',
  th: 'text-align:left;vertical-align:top;padding:6px 16px 6px 0;width:38%;font-weight:bold;',
  td: 'vertical-align:top;padding:6px 0;',
  ul: 'margin:0 0 16px;padding-left:20px;',
  footer: 'margin:32px 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:13px;color:#6b7280;',
};

function htmlPart(c: NoticeCopy, locale: Locale): string {
  const v = htmlSlot;
  const l = c.labels;
  const row = (label: string, value: string) =>
    `<tr><th scope="row" style="${S.th}">${label}</th><td style="${S.td}">${value}</td></tr>`;
  const h2 = (text: string) => `<h2 style="${S.h2}">${text}</h2>`;
  const p = (text: string) => `<p style="${S.p}">${text}</p>`;
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${c.subject((key) => `{{{html.${key}}}}`)}</title>
</head>
<body style="${S.body}">
<div style="${S.card}">
${p('{{{addressee.html.greeting}}}')}
${p(c.intro(v))}
${h2(c.detailsHeading)}
<table role="presentation" style="${S.table}">
${row(l.recipient, `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})`)}
${row(l.kind, v('disclosureKind'))}
${row(l.purpose, v('purpose'))}
${row(l.legalBasis, v('legalBasis'))}
${row(l.date, v('occurredOn'))}
{{#if html.reference}}${row(l.reference, v('reference'))}{{/if}}
</table>
${h2(c.categoriesHeading)}
<ul style="${S.ul}">
${v('dataCategories')}
</ul>
${h2(c.questionsHeading)}
${p(c.questions(v))}
${h2(c.rightsHeading)}
${p(c.rights(v))}
${h2(c.complaintHeading)}
${p(c.complaint(v))}
${p(`${c.closing}<br>${v('controllerName')}`)}
<p style="${S.footer}">${c.footer(v)}</p>
</div>
</body>
</html>
`;
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
