import type { RecipientKind } from '../disclosure/disclosure';
import type { RecipientAnswer } from '../erasure/erasure-recipient';
import { isIsoPeriod, type RetainedCategory } from '../erasure/retention';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { RECIPIENT_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';
import { authorityWebsiteLinked, erasureProfileValues, type ErasureProfileValues } from './erasure-profile-values';
import { greeting } from './greeting';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { formatCalendarDay, formatDate } from './notice-format';
import { h2, htmlDocument, list, p } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';
import { signOffHtml, signOffText } from './subject-sign-off';

/** A recipient the subject's data went to, as the completion email names it (Art. 19, second sentence). */
export interface ToldRecipient {
  name: string;
  kind: RecipientKind;
  answer?: Pick<RecipientAnswer, 'status' | 'reason'>;
  /** Without an answer: no notice is known to have got through (no address, or its webhook calls all failed). */
  unreached?: boolean;
}

export interface ErasureCompletionInput {
  profile: PolicyProfile;
  locale: Locale;
  /** The subject's name, if the controller has one; the greeting is neutral otherwise. */
  name?: string;
  /** When the request was received (ISO 8601 instant). */
  receivedOn: string;
  /** What is kept, per category, why and until when. */
  retained: readonly RetainedCategory[];
  /** Every recipient asked, with its answer; one without an answer (or not reached) was handed to the legal team. */
  recipients: readonly ToldRecipient[];
}

type Key = keyof ErasureProfileValues | 'receivedOn';

interface CompletionCopy {
  subject: (v: Slot<Key>) => string;
  done: (v: Slot<Key>) => string;
  erasedHeading: string;
  erased: string[];
  keptHeading: string;
  keptIntro: string;
  nothingKept: string;
  keptUntil: (until: string, period: string, startsOn: string) => string;
  keptStatutory: string;
  keptUntilSettled: string;
  policySays: (source: string) => string;
  legalHold: (until: string | undefined) => string;
  openDispute: (until: string | undefined) => string;
  afterwards: string;
  toldHeading: string;
  toldIntro: string;
  toldIntroSomeUnreached: string;
  toldNobody: string;
  answers: { erased: string; not_held: string; refused: (reason: string | undefined) => string; none: string; unreached: string };
  period: { year: [string, string]; month: [string, string]; week: [string, string]; day: [string, string]; and: string };
  questions: (v: Slot<Key>) => string;
  footer: (v: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, CompletionCopy>> = {
  nl: {
    subject: (v) => `${v('controllerName')} heeft uw persoonsgegevens verwijderd`,
    done: (v) =>
      `Op ${v('receivedOn')} heeft u ons, ${v('controllerName')}, gevraagd uw persoonsgegevens te verwijderen. ` +
      `Dat hebben wij gedaan. Hieronder leest u wat wij hebben verwijderd, wat wij moeten bewaren en tot wanneer, ` +
      `en wie wij hebben gevraagd uw gegevens ook te verwijderen.`,
    erasedHeading: 'Wat wij hebben verwijderd',
    erased: [
      'Uw naam, uw e-mailadres en uw taalvoorkeur. Wij verwijderen ze direct nadat wij u dit bericht hebben gestuurd.',
      'Uw voorkeuren voor het delen van uw gegevens, en uw plaats in onze verzendlijsten: u ontvangt geen berichten meer van ons.',
      'Onze vastlegging van wat wij over u hebben verstrekt en van de berichten die wij u stuurden, verwijst voortaan ' +
        'alleen nog naar een kenmerk dat niet meer met u in verband kan worden gebracht.',
    ],
    keptHeading: 'Wat wij bewaren, waarom en tot wanneer',
    keptIntro: 'De wet of ons privacybeleid verplicht ons sommige gegevens langer te bewaren (artikel 17, lid 3, van de AVG):',
    nothingKept: 'Wij bewaren verder niets over u.',
    keptUntil: (until, period, startsOn) => `bewaard tot ${until} (${period} vanaf ${startsOn}).`,
    keptStatutory: 'bewaard tot de wettelijke bewaartermijn afloopt.',
    keptUntilSettled: 'bewaard tot het geschil definitief is beslecht.',
    policySays: (source) => `Ons privacybeleid zegt: "${source}"`,
    legalHold: (until) => `bewaard omdat een wettelijke verplichting of een bevel ons dat oplegt, ${until ? `tot ${until}` : 'tot die afloopt'}.`,
    openDispute: (until) => `bewaard voor een lopend geschil, ${until ? `tot ${until}` : 'tot het geschil is beslecht'}.`,
    afterwards: 'Daarna verwijderen wij ook deze gegevens. Tot die tijd gebruiken wij ze alleen waarvoor wij ze moeten bewaren.',
    toldHeading: 'Wie wij hebben gevraagd uw gegevens te verwijderen',
    toldIntro:
      'Wij hebben uw gegevens aan de organisaties hieronder verstrekt. Wij hebben elk van hen gevraagd uw gegevens ' +
      'ook te verwijderen (artikel 19 van de AVG). Hun antwoorden:',
    toldIntroSomeUnreached:
      'Wij hebben uw gegevens aan de organisaties hieronder verstrekt. Wij hebben elk van hen die wij konden ' +
      'bereiken gevraagd uw gegevens ook te verwijderen (artikel 19 van de AVG). Hun antwoorden:',
    toldNobody: 'Wij hebben uw gegevens aan geen andere organisatie verstrekt.',
    answers: {
      erased: 'heeft uw gegevens verwijderd',
      not_held: 'had uw gegevens niet (meer)',
      refused: (reason) => (reason ? `weigert uw gegevens te verwijderen, met als reden: "${reason}"` : 'weigert uw gegevens te verwijderen'),
      none: 'heeft niet geantwoord; ons juridische team volgt dit op',
      unreached: 'was voor ons niet bereikbaar; ons juridische team volgt dit op',
    },
    period: { year: ['jaar', 'jaar'], month: ['maand', 'maanden'], week: ['week', 'weken'], day: ['dag', 'dagen'], and: 'en' },
    questions: (v) => `Heeft u vragen over uw verzoek of over wat wij bewaren? Neem dan contact met ons op via ${v('privacyEmail')}.`,
    footer: (v) =>
      `U ontvangt dit bericht op het e-mailadres dat ${v('controllerName')} van u had, omdat u heeft gevraagd uw ` +
      `persoonsgegevens te verwijderen. Direct hierna verwijderen wij ook dit adres.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `${v('controllerName')} has erased your personal data`,
    done: (v) =>
      `On ${v('receivedOn')} you asked us, ${v('controllerName')}, to erase your personal data. We have done so. ` +
      `Below you can read what we erased, what we must keep and until when, and whom we asked to erase your data too.`,
    erasedHeading: 'What we erased',
    erased: [
      'Your name, your email address and your language preference. We erase them right after sending you this message.',
      'Your preferences for sharing your data, and your place on our mailing lists: you will receive no more messages from us.',
      'Our records of what we disclosed about you and of the messages we sent you now refer only to a reference ' +
        'that can no longer be linked to you.',
    ],
    keptHeading: 'What we keep, why, and until when',
    keptIntro: 'The law or our privacy policy requires us to keep some data for longer (Article 17(3) of the GDPR):',
    nothingKept: 'We keep nothing else about you.',
    keptUntil: (until, period, startsOn) => `kept until ${until} (${period} from ${startsOn}).`,
    keptStatutory: 'kept until the legal period ends.',
    keptUntilSettled: 'kept until the dispute is settled.',
    policySays: (source) => `Our privacy policy says: "${source}"`,
    legalHold: (until) => `kept because a legal obligation or an order requires it, ${until ? `until ${until}` : 'until it ends'}.`,
    openDispute: (until) => `kept for an open dispute, ${until ? `until ${until}` : 'until the dispute is settled'}.`,
    afterwards: 'We will erase this data too after that. Until then we use it only for what we must keep it for.',
    toldHeading: 'Whom we asked to erase your data',
    toldIntro:
      'We disclosed your data to the organisations below. We asked each of them to erase your data too ' +
      '(Article 19 of the GDPR). Their answers:',
    toldIntroSomeUnreached:
      'We disclosed your data to the organisations below. We asked each of them that we could reach to erase ' +
      'your data too (Article 19 of the GDPR). Their answers:',
    toldNobody: 'We did not disclose your data to any other organisation.',
    answers: {
      erased: 'erased your data',
      not_held: 'did not hold your data (any more)',
      refused: (reason) => (reason ? `refuses to erase your data, giving as its reason: "${reason}"` : 'refuses to erase your data'),
      none: 'did not answer; our legal team is following this up',
      unreached: 'could not be reached; our legal team is following this up',
    },
    period: { year: ['year', 'years'], month: ['month', 'months'], week: ['week', 'weeks'], day: ['day', 'days'], and: 'and' },
    questions: (v) => `If you have any questions about your request or about what we keep, please contact us at ${v('privacyEmail')}.`,
    footer: (v) =>
      `You are receiving this message at the email address ${v('controllerName')} had for you, because you asked ` +
      `it to erase your personal data. We erase this address right after sending it.`,
    closing: CLOSING_COPY.en,
  },
};

/** "7 years", "1 jaar en 6 maanden": an ISO 8601 period of years, months, weeks and days, in words. */
export function periodInWords(period: string, locale: Locale): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(period);
  if (!match || period === 'P') throw new RangeError(`Not an ISO 8601 period: '${headerSafe(period)}'`);
  const words = COPY[locale].period;
  const parts = (['year', 'month', 'week', 'day'] as const)
    .map((unit, index) => [unit, Number(match[index + 1] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([unit, count]) => `${count} ${words[unit][count === 1 ? 0 : 1]}`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${words.and} ${parts.at(-1)}` : parts[0]!;
}

/** One retained category as plain lines: what, until when and why. Values come out plain; callers escape. */
function keptLines(retained: RetainedCategory, c: CompletionCopy, locale: Locale): { head: string; why?: string } {
  const day = (value: string, field: string) => formatCalendarDay(value, locale, field);
  // A policy category in the subject's language; a hold keeps the legal team's words.
  const category = headerSafe(retained.label?.[locale] ?? retained.category);
  switch (retained.reason) {
    case 'policy': {
      const { rule, until, startsOn } = retained;
      if (!rule) throw new RangeError(`The retained category '${category}' names no rule`);
      const how =
        until && startsOn && isIsoPeriod(rule.period)
          ? c.keptUntil(day(until, 'until'), periodInWords(rule.period, locale), day(startsOn, 'startsOn'))
          : rule.period === 'until_settled'
            ? c.keptUntilSettled
            : c.keptStatutory;
      return { head: `${category}: ${how}`, why: c.policySays(headerSafe(rule.source)) };
    }
    case 'legal_hold':
    case 'open_dispute': {
      const until = retained.until ? day(retained.until, 'until') : undefined;
      const how = retained.reason === 'legal_hold' ? c.legalHold(until) : c.openDispute(until);
      const detail = headerSafe(retained.detail ?? '');
      return { head: `${category}: ${how}`, ...(detail ? { why: detail } : {}) };
    }
  }
}

function answerWords(recipient: ToldRecipient, c: CompletionCopy): string {
  const { answer } = recipient;
  if (!answer) return recipient.unreached ? c.answers.unreached : c.answers.none;
  if (answer.status === 'refused') return c.answers.refused(answer.reason ? headerSafe(answer.reason) : undefined);
  return c.answers[answer.status];
}

/**
 * To the subject, in their language, once every recipient answered or was escalated: what was erased, what
 * is kept with the rule that keeps it and until when, and which recipients were told, with each one's
 * answer, or that it could not be reached (Art. 12(3), 17(3), 19). Sent to the registered address just
 * before it is erased.
 */
export function renderErasureCompletion(input: ErasureCompletionInput): RenderedEmail {
  const { profile, locale, name, receivedOn, retained, recipients } = input;
  const c = COPY[locale];
  const { text, html: escaped } = renderSlots<Key>({ ...erasureProfileValues(profile), receivedOn: formatDate(receivedOn, locale, 'receivedOn') });
  const html = authorityWebsiteLinked(escaped);
  const kept = retained.map((category) => keptLines(category, c, locale));
  const told = recipients.map((recipient) => {
    const kind = RECIPIENT_KIND_LABELS[locale][recipient.kind];
    if (kind === undefined) throw new RangeError(`Unknown recipient kind: '${headerSafe(String(recipient.kind))}'`);
    return `${headerSafe(recipient.name)} (${kind}): ${answerWords(recipient, c)}`;
  });
  const hello = greeting(name, locale);
  const subject = subjectLine(c.subject(text));
  const k = c.closing;
  const keptText = kept.length
    ? `${c.keptIntro}\n${kept.map(({ head, why }) => `- ${head}${why ? `\n  ${why}` : ''}`).join('\n')}\n\n${c.afterwards}`
    : c.nothingKept;
  const keptHtml = kept.length
    ? [
        p(c.keptIntro),
        list(kept.map(({ head, why }) => `<li>${escapeHtml(head)}${why ? `<br>${escapeHtml(why)}` : ''}</li>`).join('\n')),
        p(c.afterwards),
      ]
    : [p(c.nothingKept)];
  // "We asked each of them" would not be true of one no notice reached.
  const toldIntro = recipients.some((recipient) => !recipient.answer && recipient.unreached) ? c.toldIntroSomeUnreached : c.toldIntro;
  const toldText = told.length ? `${toldIntro}\n${told.map((line) => `- ${line}`).join('\n')}` : c.toldNobody;
  const toldHtml = told.length ? [p(toldIntro), list(told.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n'))] : [p(c.toldNobody)];
  return {
    subject,
    text: `${hello}

${c.done(text)}

${c.erasedHeading}
${c.erased.map((line) => `- ${line}`).join('\n')}

${c.keptHeading}
${keptText}

${c.toldHeading}
${toldText}

${signOffText(k, { questions: c.questions(text), complaint: k.complaint(text), controllerName: text('controllerName'), footer: c.footer(text) })}`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(escapeHtml(hello)),
        p(c.done(html)),
        h2(c.erasedHeading),
        list(c.erased.map((line) => `<li>${line}</li>`).join('\n')),
        h2(c.keptHeading),
        ...keptHtml,
        h2(c.toldHeading),
        ...toldHtml,
        ...signOffHtml(k, { questions: c.questions(html), complaint: k.complaint(html), controllerName: html('controllerName'), footer: c.footer(html) }),
      ].join('\n'),
    }),
  };
}
