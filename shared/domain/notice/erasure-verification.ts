import type { ErasureChannel } from '../erasure/erasure-request';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml, headerSafe } from './escape';
import { authorityWebsiteLinked, erasureProfileValues, type ErasureProfileValues } from './erasure-profile-values';
import { greeting } from './greeting';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { formatDate, formatDateTime, webAddress } from './notice-format';
import { callToAction, htmlDocument, p } from './notice-html';
import type { Slot } from './notice-template';
import { signOffHtml, signOffText } from './subject-sign-off';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface ErasureVerificationInput {
  profile: PolicyProfile;
  locale: Locale;
  /** The subject's name, if the controller has one; the greeting is neutral otherwise. */
  name?: string;
  /** When the request was received (ISO 8601 instant). */
  receivedOn: string;
  channel: ErasureChannel;
  /** The subject's own signed, single-use link (`/v/{token}`); must be http(s). */
  verifyUrl: string;
  /** When the link stops working (ISO 8601 instant). */
  expiresAt: string;
  /** The one reminder, halfway through the period: says the confirmation is still missing, with a fresh link expiring as the first. */
  reminder?: boolean;
}

type Key = keyof ErasureProfileValues | 'receivedOn' | 'channel' | 'verifyUrl' | 'expiresAt';

interface VerificationCopy {
  subject: (v: Slot<Key>) => string;
  reminderSubject: (v: Slot<Key>) => string;
  received: (v: Slot<Key>) => string;
  reminder: (v: Slot<Key>) => string;
  confirm: (v: Slot<Key>) => string;
  button: string;
  linkFallback: string;
  onlyOnPage: string;
  personalLink: string;
  notYou: string;
  questions: (v: Slot<Key>) => string;
  footer: (v: Slot<Key>) => string;
  channels: Readonly<Record<ErasureChannel, string>>;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, VerificationCopy>> = {
  nl: {
    subject: (v) => `Bevestig uw verzoek aan ${v('controllerName')} om uw persoonsgegevens te verwijderen`,
    reminderSubject: (v) => `Herinnering: bevestig uw verzoek aan ${v('controllerName')} om uw persoonsgegevens te verwijderen`,
    received: (v) =>
      `Op ${v('receivedOn')} hebben wij, ${v('controllerName')}, ${v('channel')} een verzoek ontvangen om uw ` +
      `persoonsgegevens te verwijderen.`,
    reminder: (v) =>
      `Wij hebben uw bevestiging nog niet ontvangen. Bevestigt u het verzoek niet vóór ${v('expiresAt')}, dan sluiten wij ` +
      `het en verwijderen wij niets. U kunt daarna altijd een nieuw verzoek doen.`,
    confirm: (v) =>
      `Om u te beschermen voeren wij dit verzoek pas uit als u het bevestigt via uw persoonlijke link hieronder. ` +
      `De link is geldig tot ${v('expiresAt')}.`,
    button: 'Verzoek bevestigen',
    linkFallback: 'Werkt de knop niet? Open dan deze link:',
    onlyOnPage: 'Het openen van de link verwijdert nog niets: u bevestigt het verzoek op de pagina die dan opent.',
    personalLink: 'De link is alleen voor u bedoeld. Stuur deze e-mail daarom niet door.',
    notYou: 'Heeft u dit niet gevraagd? Negeer deze e-mail dan: er wordt niets verwijderd.',
    questions: (v) => `Heeft u vragen over dit verzoek? Neem dan contact met ons op via ${v('privacyEmail')}.`,
    footer: (v) =>
      `U ontvangt dit bericht op het e-mailadres dat ${v('controllerName')} van u heeft, omdat er een verzoek is ` +
      `ontvangen om uw persoonsgegevens te verwijderen.`,
    channels: {
      email: 'per e-mail',
      in_person: 'persoonlijk',
      post: 'per post',
      phone: 'telefonisch',
      web: 'via onze website',
    },
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `Please confirm your request to ${v('controllerName')} to erase your personal data`,
    reminderSubject: (v) => `Reminder: please confirm your request to ${v('controllerName')} to erase your personal data`,
    received: (v) =>
      `On ${v('receivedOn')} we, ${v('controllerName')}, received a request ${v('channel')} to erase your ` +
      `personal data.`,
    reminder: (v) =>
      `We have not received your confirmation yet. If you do not confirm the request before ${v('expiresAt')}, we will ` +
      `close it and erase nothing. You can always make a new request after that.`,
    confirm: (v) =>
      `To protect you, we act on it only once you confirm it through your personal link below. ` +
      `The link is valid until ${v('expiresAt')}.`,
    button: 'Confirm the request',
    linkFallback: 'If the button does not work, open this link:',
    onlyOnPage: 'Opening the link does not erase anything yet: you confirm the request on the page it opens.',
    personalLink: 'This link is meant for you only, so please do not forward this email.',
    notYou: 'If you did not ask for this, ignore this email: nothing will be erased.',
    questions: (v) => `If you have any questions about this request, please contact us at ${v('privacyEmail')}.`,
    footer: (v) =>
      `You are receiving this message at the email address ${v('controllerName')} has for you, because it ` +
      `received a request to erase your personal data.`,
    channels: {
      email: 'by email',
      in_person: 'in person',
      post: 'by post',
      phone: 'by phone',
      web: 'through our website',
    },
    closing: CLOSING_COPY.en,
  },
};

/**
 * To the address the subject registered with the controller, and only there: asks them to confirm an erasure
 * request through their own link before anything is erased. The link opens a page whose button POSTs
 * (erasure-verification-page.ts): following it, as mail scanners do, confirms nothing. The reminder variant
 * says the confirmation is still missing and what happens without it.
 */
export function renderErasureVerification(input: ErasureVerificationInput): RenderedEmail {
  const { profile, locale, name, receivedOn, channel, verifyUrl, expiresAt, reminder = false } = input;
  const c = COPY[locale];
  if (!Object.hasOwn(c.channels, channel)) throw new RangeError(`Unknown channel: '${headerSafe(String(channel))}'`);
  const values = erasureProfileValues(profile);
  const { text, html: escaped } = renderSlots<Key>({
    ...values,
    receivedOn: formatDate(receivedOn, locale, 'receivedOn'),
    channel: c.channels[channel],
    verifyUrl: webAddress(verifyUrl),
    expiresAt: formatDateTime(expiresAt, locale, 'expiresAt'),
  });
  const html = authorityWebsiteLinked(escaped);
  const hello = greeting(name, locale);
  const subject = subjectLine((reminder ? c.reminderSubject : c.subject)(text));
  const k = c.closing;
  return {
    subject,
    text: `${hello}

${c.received(text)}
${reminder ? `\n${c.reminder(text)}\n` : ''}
${c.confirm(text)}

${text('verifyUrl')}

${c.onlyOnPage} ${c.personalLink}

${c.notYou}

${signOffText(k, { questions: c.questions(text), complaint: k.complaint(text), controllerName: text('controllerName'), footer: c.footer(text) })}`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(escapeHtml(hello)),
        p(c.received(html)),
        ...(reminder ? [p(c.reminder(html))] : []),
        p(c.confirm(html)),
        callToAction(html('verifyUrl'), c.button, c.linkFallback),
        p(`${c.onlyOnPage} ${c.personalLink}`),
        p(`<strong>${c.notYou}</strong>`),
        ...signOffHtml(k, { questions: c.questions(html), complaint: k.complaint(html), controllerName: html('controllerName'), footer: c.footer(html) }),
      ].join('\n'),
    }),
  };
}
