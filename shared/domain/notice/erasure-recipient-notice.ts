import type { DisclosedToRecipient } from '../erasure/erasure-recipient';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { DISCLOSURE_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';
import { erasureProfileValues, type ErasureProfileValues } from './erasure-profile-values';
import { formatDate, webAddress } from './notice-format';
import { callToAction, code, footer, h2, htmlDocument, list, p, pre, row, table } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface ErasureRecipientNoticeInput {
  profile: PolicyProfile;
  /** The recipient's language. */
  locale: Locale;
  /** `reminder`: sent after 7 days without an answer, naming when the notice went. */
  step: 'notice' | 'reminder';
  recipientName: string;
  /** Whose data: the controller's reference, and the contact data the recipient received from us, if still known. */
  subject: { reference: string; name?: string; email?: string };
  /** What the recipient received, oldest first. */
  disclosures: readonly DisclosedToRecipient[];
  /** `reminder` only: when the first notice went out (ISO 8601 instant). */
  notifiedAt?: string;
  /** The signed acknowledgement page (`/a/{token}`) and the callback (`/v1/public/acks/{token}`); http(s). */
  ackUrl: string;
  callbackUrl: string;
}

type Key = keyof ErasureProfileValues | 'recipientName' | 'reference' | 'subjectName' | 'subjectEmail' | 'notifiedAt' | 'ackUrl' | 'callbackUrl';

interface RecipientNoticeCopy {
  subject: (v: Slot<Key>) => string;
  reminderSubject: (v: Slot<Key>) => string;
  greeting: (v: Slot<Key>) => string;
  intro: (v: Slot<Key>) => string;
  reminder: (v: Slot<Key>) => string;
  whoHeading: string;
  labels: { reference: string; name: string; email: string };
  whatHeading: string;
  categories: string;
  askHeading: string;
  ask: string;
  answers: string[];
  button: string;
  linkFallback: string;
  callback: (v: Slot<Key>) => string;
  callbackBody: string;
  followUp: string;
  reminderFollowUp: string;
  questions: (v: Slot<Key>) => string;
  closing: string;
  footer: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, RecipientNoticeCopy>> = {
  nl: {
    subject: (v) => `Verzoek van ${v('controllerName')}: verwijder de persoonsgegevens van een betrokkene (artikel 17 en 19 AVG)`,
    reminderSubject: (v) => `Herinnering: verzoek van ${v('controllerName')} om de persoonsgegevens van een betrokkene te verwijderen`,
    greeting: (v) => `Aan ${v('recipientName')},`,
    intro: (v) =>
      `Een betrokkene heeft ${v('controllerName')} gevraagd zijn of haar persoonsgegevens te verwijderen, en wij ` +
      `voeren dat verzoek uit (artikel 17 van de AVG). U heeft gegevens van deze persoon van ons ontvangen. ` +
      `Artikel 19 van de AVG verplicht ons u daarover te informeren, zodat u die gegevens ook kunt verwijderen.`,
    reminder: (v) =>
      `Op ${v('notifiedAt')} hebben wij u gevraagd de persoonsgegevens hieronder te verwijderen. Wij hebben uw ` +
      `antwoord nog niet ontvangen.`,
    whoHeading: 'Om wie het gaat',
    labels: { reference: 'Ons kenmerk', name: 'Naam', email: 'E-mailadres' },
    whatHeading: 'Wat wij aan u hebben verstrekt',
    categories: 'gegevens',
    askHeading: 'Wat wij u vragen',
    ask:
      'Verwijder de gegevens van deze persoon die u van ons heeft ontvangen, en laat ons weten wat u heeft gedaan. ' +
      'U kunt antwoorden dat u:',
    answers: [
      'de gegevens heeft verwijderd;',
      'de gegevens niet (meer) had;',
      'de gegevens niet verwijdert, met de reden waarom (bijvoorbeeld een wettelijke bewaarplicht).',
    ],
    button: 'Antwoord geven',
    linkFallback: 'Werkt de knop niet? Open dan deze link:',
    callback: (v) => `Antwoordt u liever vanuit een systeem? Stuur dan een POST met JSON naar ${v('callbackUrl')}:`,
    callbackBody: '{"status": "erased" | "not_held" | "refused", "reason": "<verplicht bij refused>"}',
    followUp:
      'Antwoordt u niet binnen 7 dagen, dan sturen wij u een herinnering. Na 14 dagen zonder antwoord neemt ons ' +
      'juridische team de zaak over.',
    reminderFollowUp: 'Antwoordt u niet binnen 7 dagen, dan neemt ons juridische team de zaak over.',
    questions: (v) => `Heeft u vragen over dit verzoek? Neem dan contact met ons op via ${v('privacyEmail')}.`,
    closing: 'Met vriendelijke groet,',
    footer: (v) =>
      `U ontvangt dit bericht omdat ${v('controllerName')} persoonsgegevens aan ${v('recipientName')} heeft ` +
      `verstrekt. Dit bericht bevat persoonsgegevens: behandel het vertrouwelijk en stuur het niet door. De links ` +
      `zijn alleen voor u bedoeld.`,
  },
  en: {
    subject: (v) => `Request from ${v('controllerName')}: erase the personal data of a data subject (Articles 17 and 19 GDPR)`,
    reminderSubject: (v) => `Reminder: request from ${v('controllerName')} to erase the personal data of a data subject`,
    greeting: (v) => `To ${v('recipientName')},`,
    intro: (v) =>
      `A data subject asked ${v('controllerName')} to erase their personal data, and we are carrying out that ` +
      `request (Article 17 of the GDPR). You received this person's data from us. Article 19 of the GDPR requires ` +
      `us to tell you, so that you can erase that data too.`,
    reminder: (v) =>
      `On ${v('notifiedAt')} we asked you to erase the personal data below. We have not received your answer yet.`,
    whoHeading: 'Whose data',
    labels: { reference: 'Our reference', name: 'Name', email: 'Email address' },
    whatHeading: 'What we disclosed to you',
    categories: 'data',
    askHeading: 'What we ask of you',
    ask: "Please erase this person's data that you received from us, and tell us what you did. You can answer that you:",
    answers: [
      'erased the data;',
      'did not hold the data (any more);',
      'will not erase the data, and why (for example a legal obligation to keep it).',
    ],
    button: 'Answer',
    linkFallback: 'If the button does not work, open this link:',
    callback: (v) => `Would you rather answer from a system? Send a POST with JSON to ${v('callbackUrl')}:`,
    callbackBody: '{"status": "erased" | "not_held" | "refused", "reason": "<required with refused>"}',
    followUp: 'If you do not answer within 7 days, we will remind you. After 14 days without an answer, our legal team will take the matter up.',
    reminderFollowUp: 'If you do not answer within 7 days, our legal team will take the matter up.',
    questions: (v) => `If you have any questions about this request, please contact us at ${v('privacyEmail')}.`,
    closing: 'Kind regards,',
    footer: (v) =>
      `You are receiving this message because ${v('controllerName')} disclosed personal data to ` +
      `${v('recipientName')} and must tell you of its erasure. This message contains personal data: treat it as ` +
      `confidential and do not forward it. ` +
      `The links are meant for you only.`,
  },
};

/**
 * To a recipient of the subject's data, in the recipient's language, from the controller (Art. 19): which
 * subject, which disclosures, and how to answer, through the signed page or the callback. The subject's name
 * and address are the ones the recipient received from us, so it can find the data; they go in the body
 * only, never in the subject line.
 */
export function renderErasureRecipientNotice(input: ErasureRecipientNoticeInput): RenderedEmail {
  const { profile, locale, step, recipientName, subject: dataSubject, disclosures, notifiedAt, ackUrl, callbackUrl } = input;
  const c = COPY[locale];
  if (step === 'reminder' && !notifiedAt) throw new RangeError('A reminder names when the notice went out: notifiedAt is missing');
  if (disclosures.length === 0) throw new RangeError('A recipient is told of the disclosures it received: there are none');
  const { text, html: escaped } = renderSlots<Key>({
    ...erasureProfileValues(profile),
    recipientName: headerSafe(recipientName),
    reference: headerSafe(dataSubject.reference),
    subjectName: headerSafe(dataSubject.name ?? ''),
    subjectEmail: headerSafe(dataSubject.email ?? ''),
    notifiedAt: notifiedAt ? formatDate(notifiedAt, locale, 'notifiedAt') : '',
    ackUrl: webAddress(ackUrl),
    callbackUrl: webAddress(callbackUrl),
  });
  // The subject's address is data about the subject, not one to write to: plain text, no mailto link.
  const html: Slot<Key> = (key) => (key === 'subjectEmail' ? escapeHtml(text(key)) : key === 'callbackUrl' ? code(escaped(key)) : escaped(key));
  const who: [string, Key][] = [
    [c.labels.reference, 'reference'],
    ...(dataSubject.name ? [[c.labels.name, 'subjectName'] as [string, Key]] : []),
    ...(dataSubject.email ? [[c.labels.email, 'subjectEmail'] as [string, Key]] : []),
  ];
  const disclosed = disclosures.map((disclosure) => {
    const kind = DISCLOSURE_KIND_LABELS[locale][disclosure.kind];
    if (kind === undefined) throw new RangeError(`Unknown disclosure kind: '${headerSafe(String(disclosure.kind))}'`);
    const day = formatDate(disclosure.disclosedAt, locale, 'disclosedAt');
    const categories = disclosure.dataCategories.map(headerSafe).join(', ');
    return { text: `${day}: ${kind} (${c.categories}: ${categories})`, html: `${escapeHtml(day)}: ${escapeHtml(kind)} (${c.categories}: ${escapeHtml(categories)})` };
  });
  const reminder = step === 'reminder';
  const subject = subjectLine(reminder ? c.reminderSubject(text) : c.subject(text));
  return {
    subject,
    text: `${c.greeting(text)}

${reminder ? `${c.reminder(text)}\n\n` : ''}${c.intro(text)}

${c.whoHeading}
${who.map(([label, key]) => `${label}: ${text(key)}`).join('\n')}

${c.whatHeading}
${disclosed.map((line) => `- ${line.text}`).join('\n')}

${c.askHeading}
${c.ask}
${c.answers.map((answer) => `- ${answer}`).join('\n')}

${text('ackUrl')}

${c.callback(text)}
${c.callbackBody}

${reminder ? c.reminderFollowUp : c.followUp}

${c.questions(text)}

${c.closing}
${text('controllerName')}

--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(c.greeting(html)),
        ...(reminder ? [p(`<strong>${c.reminder(html)}</strong>`)] : []),
        p(c.intro(html)),
        h2(c.whoHeading),
        table(who.map(([label, key]) => row(label, html(key))).join('\n')),
        h2(c.whatHeading),
        list(disclosed.map((line) => `<li>${line.html}</li>`).join('\n')),
        h2(c.askHeading),
        p(c.ask),
        list(c.answers.map((answer) => `<li>${answer}</li>`).join('\n')),
        callToAction(escaped('ackUrl'), c.button, c.linkFallback),
        p(c.callback(html)),
        pre(escapeHtml(c.callbackBody)),
        p(reminder ? c.reminderFollowUp : c.followUp),
        p(c.questions(html)),
        p(`${c.closing}<br>${html('controllerName')}`),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}
