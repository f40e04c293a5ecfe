import type { Locale } from '../locale';
import { escapeHtml } from './escape';
import { greeting } from './greeting';
import { formatDate } from './notice-format';
import { footer, htmlDocument, p } from './notice-html';
import type { Slot } from './notice-template';
import { transferValues, type NoticeValuesInput } from './notice-values';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface ObjectionConfirmationInput extends NoticeValuesInput {
  /** The subject's name, if the controller gave one; the greeting is neutral otherwise. */
  name?: string;
  /** When the objection was recorded (ISO 8601). */
  objectedAt: string;
}

type Key = 'controllerName' | 'recipientName' | 'recipientKind' | 'recipientCountry' | 'plannedOn' | 'objectedOn' | 'contactEmail';

interface ConfirmationCopy {
  subject: (v: Slot<Key>) => string;
  recorded: (v: Slot<Key>) => string;
  questions: (v: Slot<Key>) => string;
  closing: string;
  footer: string;
}

const COPY: Readonly<Record<Locale, ConfirmationCopy>> = {
  nl: {
    subject: (v) => `Uw bezwaar tegen de overdracht aan ${v('recipientName')} is vastgelegd`,
    recorded: (v) =>
      `Op ${v('objectedOn')} hebben wij uw bezwaar vastgelegd tegen de overdracht van uw persoonsgegevens aan ` +
      `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')}), gepland op ${v('plannedOn')}. ` +
      `Uw gegevens worden niet overgedragen. U hoeft verder niets te doen.`,
    questions: (v) => `Heeft u vragen? Neem dan contact met ons op via ${v('contactEmail')}.`,
    closing: 'Met vriendelijke groet,',
    footer: 'U ontvangt dit bericht omdat u via uw persoonlijke link bezwaar heeft gemaakt.',
  },
  en: {
    subject: (v) => `Your objection to the transfer to ${v('recipientName')} has been recorded`,
    recorded: (v) =>
      `On ${v('objectedOn')} we recorded your objection to the transfer of your personal data to ` +
      `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')}), planned for ${v('plannedOn')}. ` +
      `Your data will not be part of the transfer. You do not need to do anything else.`,
    questions: (v) => `If you have any questions, please contact us at ${v('contactEmail')}.`,
    closing: 'Kind regards,',
    footer: 'You are receiving this message because you objected using your personal link.',
  },
};

/** To the subject, after their objection to a planned transfer (mode `before`) was recorded. */
export function renderObjectionConfirmation(input: ObjectionConfirmationInput): RenderedEmail {
  const { disclosure, locale, name, objectedAt } = input;
  if (disclosure.plannedAt === undefined) {
    throw new RangeError(`Disclosure ${disclosure.disclosureId} has no plannedAt: nothing to object to`);
  }
  const values = transferValues(input);
  const { text, html } = renderSlots<Key>({
    ...values,
    plannedOn: formatDate(disclosure.plannedAt, locale, 'plannedAt'),
    objectedOn: formatDate(objectedAt, locale, 'objectedAt'),
  });
  const c = COPY[locale];
  const hello = greeting(name, locale);
  const subject = subjectLine(c.subject(text));
  return {
    subject,
    text: `${hello}

${c.recorded(text)}

${c.questions(text)}

${c.closing}
${values.controllerName}

--
${c.footer}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(escapeHtml(hello)),
        p(c.recorded(html)),
        p(c.questions(html)),
        p(`${c.closing}<br>${html('controllerName')}`),
        footer(c.footer),
      ].join('\n'),
    }),
  };
}
