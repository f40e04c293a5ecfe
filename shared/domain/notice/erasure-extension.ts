import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml } from './escape';
import { authorityWebsiteLinked, erasureProfileValues, type ErasureProfileValues } from './erasure-profile-values';
import { greeting } from './greeting';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { formatCalendarDay, formatDate } from './notice-format';
import { h2, htmlDocument, p } from './notice-html';
import type { Slot } from './notice-template';
import { reasonBlock } from './reason-lines';
import { signOffHtml, signOffText } from './subject-sign-off';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface ErasureExtensionInput {
  profile: PolicyProfile;
  locale: Locale;
  /** The subject's name, if the controller has one; the greeting is neutral otherwise. */
  name?: string;
  /** When the request was received (ISO 8601 instant). */
  receivedOn: string;
  /** The due date before this extension, `YYYY-MM-DD` in the controller's calendar. */
  previousDueDate: string;
  /** The due date after it, `YYYY-MM-DD` in the controller's calendar; later than `previousDueDate`. */
  dueDate: string;
  /** Why more time is needed, as the legal team wrote it: several lines allowed, shown line by line. */
  reason: string;
}

type Key = keyof ErasureProfileValues | 'receivedOn' | 'previousDueDate' | 'dueDate';

interface ExtensionCopy {
  subject: (v: Slot<Key>) => string;
  received: (v: Slot<Key>) => string;
  law: string;
  extended: (v: Slot<Key>) => string;
  reasonHeading: string;
  stillHandled: string;
  disagree: (v: Slot<Key>) => string;
  questions: (v: Slot<Key>) => string;
  footer: (v: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, ExtensionCopy>> = {
  nl: {
    subject: (v) => `${v('controllerName')} heeft meer tijd nodig voor uw verzoek om uw persoonsgegevens te verwijderen`,
    received: (v) =>
      `Op ${v('receivedOn')} hebben wij, ${v('controllerName')}, uw verzoek ontvangen om uw persoonsgegevens te ` +
      `verwijderen.`,
    law:
      'Normaal gesproken beantwoorden wij een verzoek binnen een maand. Is een verzoek ingewikkeld, of krijgen wij veel ' +
      'verzoeken, dan mogen wij die termijn met ten hoogste twee maanden verlengen. Dat staat in de wet ' +
      '(artikel 12, lid 3, van de AVG).',
    extended: (v) =>
      `Wij hebben meer tijd nodig. Wij beantwoorden uw verzoek daarom uiterlijk op ${v('dueDate')}, in plaats van ` +
      `uiterlijk op ${v('previousDueDate')}.`,
    reasonHeading: 'Waarom wij meer tijd nodig hebben',
    stillHandled: 'Wij blijven aan uw verzoek werken. U hoeft zelf niets te doen.',
    disagree: (v) =>
      `Bent u het niet eens met deze verlenging? Dan kunt u een klacht indienen bij de toezichthouder, de ` +
      `${v('authorityName')} (${v('authorityWebsite')}).`,
    questions: (v) =>
      `Heeft u vragen over uw verzoek of over deze verlenging? Neem dan contact met ons op via ${v('privacyEmail')}.`,
    footer: (v) =>
      `U ontvangt dit bericht op het e-mailadres dat ${v('controllerName')} van u heeft, omdat u heeft gevraagd ` +
      `uw persoonsgegevens te verwijderen.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `${v('controllerName')} needs more time for your request to erase your personal data`,
    received: (v) => `On ${v('receivedOn')} we, ${v('controllerName')}, received your request to erase your personal data.`,
    law:
      'We usually answer such a request within one month. When a request is complex, or when we receive many ' +
      'requests, we may extend that period by up to two months. The law allows this (Article 12(3) of the GDPR).',
    extended: (v) =>
      `We need more time. We will therefore answer your request by ${v('dueDate')} at the latest, instead of by ` +
      `${v('previousDueDate')}.`,
    reasonHeading: 'Why we need more time',
    stillHandled: 'We are still working on your request. You do not need to do anything.',
    disagree: (v) =>
      `If you do not agree with this extension, you can lodge a complaint with the supervisory authority, the ` +
      `${v('authorityName')} (${v('authorityWebsite')}).`,
    questions: (v) =>
      `If you have any questions about your request or this extension, please contact us at ${v('privacyEmail')}.`,
    footer: (v) =>
      `You are receiving this message at the email address ${v('controllerName')} has for you, because you asked ` +
      `it to erase your personal data.`,
    closing: CLOSING_COPY.en,
  },
};

/**
 * To the subject, in their language, before the first due date: the request to erase their data takes
 * longer (Art. 12(3)), until when instead of when, and why, in the legal team's own words. The reason goes
 * in the body only, line by line, never in the subject line.
 */
export function renderErasureExtension(input: ErasureExtensionInput): RenderedEmail {
  const { profile, locale, name, receivedOn, previousDueDate, dueDate, reason } = input;
  const c = COPY[locale];
  const previous = formatCalendarDay(previousDueDate, locale, 'previousDueDate');
  const due = formatCalendarDay(dueDate, locale, 'dueDate');
  // Both are checked YYYY-MM-DD, so they compare as strings.
  if (dueDate <= previousDueDate) throw new RangeError(`dueDate ${dueDate} is not after previousDueDate ${previousDueDate}`);
  const why = reasonBlock(reason);
  const values = erasureProfileValues(profile);
  const { text, html: escaped } = renderSlots<Key>({
    ...values,
    receivedOn: formatDate(receivedOn, locale, 'receivedOn'),
    previousDueDate: previous,
    dueDate: due,
  });
  const html = authorityWebsiteLinked(escaped);
  const hello = greeting(name, locale);
  const subject = subjectLine(c.subject(text));
  const k = c.closing;
  return {
    subject,
    text: `${hello}

${c.received(text)}

${c.law}

${c.extended(text)}

${c.reasonHeading}
${why.text}

${c.stillHandled}

${signOffText(k, { questions: c.questions(text), complaint: c.disagree(text), controllerName: text('controllerName'), footer: c.footer(text) })}`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(escapeHtml(hello)),
        p(c.received(html)),
        p(c.law),
        p(`<strong>${c.extended(html)}</strong>`),
        h2(c.reasonHeading),
        why.html,
        p(c.stillHandled),
        ...signOffHtml(k, { questions: c.questions(html), complaint: c.disagree(html), controllerName: html('controllerName'), footer: c.footer(html) }),
      ].join('\n'),
    }),
  };
}
