import type { Disclosure } from '../disclosure/disclosure';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml, headerSafe } from './escape';
import { formatCount, formatDateTime } from './notice-format';
import { code, footer, h2, htmlDocument, p, pre, row, table } from './notice-html';
import type { Slot } from './notice-template';
import { transferValues } from './notice-values';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface HoldReminderInput {
  profile: PolicyProfile;
  /** A disclosure with a hold. */
  disclosure: Disclosure;
  /** The legal team's language: the profile's default locale unless given. */
  locale?: Locale;
  /** Days until the hold ends: 7 and 1 are sent; 0 reads "today". */
  daysLeft: number;
  /** How many subjects will be told when the hold ends. */
  subjects: number;
}

type Key =
  | 'controllerName'
  | 'disclosureId'
  | 'recipientName'
  | 'recipientKind'
  | 'recipientCountry'
  | 'until'
  | 'when'
  | 'subjects'
  | 'endpoint';

interface ReminderCopy {
  subject: (v: Slot<Key>) => string;
  greeting: (v: Slot<Key>) => string;
  intro: (v: Slot<Key>) => string;
  labels: { disclosure: string; recipient: string; until: string };
  nextHeading: string;
  next: (v: Slot<Key>) => string;
  extendHeading: string;
  extend: (v: Slot<Key>) => string;
  body: string;
  nothing: string;
  footer: (v: Slot<Key>) => string;
  when: (daysLeft: number) => string;
  subjects: (count: string, one: boolean) => string;
}

const COPY: Readonly<Record<Locale, ReminderCopy>> = {
  nl: {
    subject: (v) => `Geheimhouding van verstrekking ${v('disclosureId')} eindigt ${v('when')}`,
    greeting: (v) => `Aan het juridische team van ${v('controllerName')},`,
    intro: (v) =>
      `De geheimhouding van verstrekking ${v('disclosureId')} eindigt ${v('when')}, op ${v('until')}. ` +
      `Daarna mogen de betrokkenen over deze verstrekking worden geïnformeerd.`,
    labels: {
      disclosure: 'Verstrekking',
      recipient: 'Ontvanger',
      until: 'Geheimhouding tot',
    },
    nextHeading: 'Wat er daarna gebeurt',
    next: (v) =>
      `Zodra de geheimhouding eindigt, informeren wij ${v('subjects')} automatisch over deze verstrekking. ` +
      `Het kenmerk en de reden van het bevel staan niet in die berichten.`,
    extendHeading: 'Geheimhouding verlengen',
    extend: (v) =>
      `Moet de geheimhouding langer duren, bijvoorbeeld omdat het bevel is verlengd? Verleng haar dan vóór ` +
      `${v('until')} met een POST naar ${v('endpoint')}, met de nieuwe einddatum en de reden:`,
    body: '{"until": "<nieuwe einddatum, ISO 8601>", "reason": "<reden van de verlenging>"}',
    nothing: 'Doet u niets, dan gaan de berichten automatisch uit.',
    footer: (v) => `De disclosure pipeline van ${v('controllerName')} heeft dit bericht automatisch verstuurd.`,
    when: (days) => (days === 0 ? 'vandaag' : days === 1 ? 'morgen' : `over ${days} dagen`),
    subjects: (count, one) => (one ? `${count} betrokkene` : `${count} betrokkenen`),
  },
  en: {
    subject: (v) => `Non-disclosure hold on disclosure ${v('disclosureId')} ends ${v('when')}`,
    greeting: (v) => `To the legal team of ${v('controllerName')},`,
    intro: (v) =>
      `The non-disclosure hold on disclosure ${v('disclosureId')} ends ${v('when')}, on ${v('until')}. ` +
      `After that, the data subjects may be told about this disclosure.`,
    labels: {
      disclosure: 'Disclosure',
      recipient: 'Recipient',
      until: 'Hold until',
    },
    nextHeading: 'What happens next',
    next: (v) =>
      `As soon as the hold ends, we will tell ${v('subjects')} about this disclosure automatically. ` +
      `Those messages do not show the order reference or the reason.`,
    extendHeading: 'Extending the hold',
    extend: (v) =>
      `If the hold must last longer, for example because the order was extended, extend it before ` +
      `${v('until')} with a POST to ${v('endpoint')}, giving the new end date and the reason:`,
    body: '{"until": "<new end date, ISO 8601>", "reason": "<reason for the extension>"}',
    nothing: 'If you do nothing, the messages go out automatically.',
    footer: (v) => `The disclosure pipeline of ${v('controllerName')} sent this message automatically.`,
    when: (days) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`),
    subjects: (count, one) => (one ? `${count} data subject` : `${count} data subjects`),
  },
};

/**
 * To the controller's legal team (`profile.legalTeamEmail`), days before a non-disclosure hold ends. It names
 * the disclosure, not the order: its reference and reason stay in the pipeline (GET the disclosure), since a
 * mailbox may be read by more people than the order allows.
 */
export function renderHoldReminder(input: HoldReminderInput): RenderedEmail {
  const { profile, disclosure, daysLeft, subjects } = input;
  const locale = input.locale ?? profile.defaultLocale;
  const { hold } = disclosure;
  if (!hold) throw new RangeError(`Disclosure ${disclosure.disclosureId} has no hold to remind of`);
  if (!Number.isInteger(daysLeft) || daysLeft < 0) throw new RangeError(`daysLeft must be a whole number >= 0: ${daysLeft}`);
  if (!Number.isInteger(subjects) || subjects < 0) throw new RangeError(`subjects must be a whole number >= 0: ${subjects}`);
  const c = COPY[locale];
  const values = transferValues({ profile, disclosure, locale });
  const controllerId = encodeURIComponent(disclosure.controllerId);
  const disclosureId = headerSafe(disclosure.disclosureId);
  const { text, html } = renderSlots<Key>({
    ...values,
    disclosureId,
    until: formatDateTime(hold.until, locale, 'hold.until'),
    when: c.when(daysLeft),
    subjects: c.subjects(formatCount(subjects, locale), subjects === 1),
    endpoint: `/v1/controllers/${controllerId}/disclosures/${encodeURIComponent(disclosure.disclosureId)}/hold`,
  });
  const l = c.labels;
  const htmlExtend = c.extend((key) => (key === 'endpoint' ? code(html(key)) : html(key)));
  const subject = subjectLine(c.subject(text));
  return {
    subject,
    text: `${c.greeting(text)}

${c.intro(text)}

${l.disclosure}: ${text('disclosureId')}
${l.recipient}: ${text('recipientName')} (${text('recipientKind')}, ${text('recipientCountry')})
${l.until}: ${text('until')}

${c.nextHeading}
${c.next(text)}

${c.extendHeading}
${c.extend(text)}

${c.body}

${c.nothing}

--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(c.greeting(html)),
        p(c.intro(html)),
        table(
          [
            row(l.disclosure, html('disclosureId')),
            row(l.recipient, `${html('recipientName')} (${html('recipientKind')}, ${html('recipientCountry')})`),
            row(l.until, html('until')),
          ].join('\n'),
        ),
        h2(c.nextHeading),
        p(c.next(html)),
        h2(c.extendHeading),
        p(htmlExtend),
        pre(escapeHtml(c.body)),
        p(c.nothing),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}
