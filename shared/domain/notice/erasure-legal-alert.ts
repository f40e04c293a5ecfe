import type { ErasureState } from '../erasure/erasure-state';
import type { ErasureLegalAlertKind } from '../erasure/legal-alerts';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml, headerSafe } from './escape';
import { formatCalendarDay, formatDate } from './notice-format';
import { code, footer, h2, htmlDocument, p, pre, row, table } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface ErasureLegalAlertInput {
  profile: PolicyProfile;
  /** The legal team's language: the profile's default locale unless given. */
  locale?: Locale;
  alert: ErasureLegalAlertKind;
  erasureId: string;
  /** The subject's pseudonymous id: never their name or address, which a shared mailbox need not see. */
  subjectId: string;
  state: ErasureState;
  /** When the request was received (ISO 8601 instant). */
  receivedAt: string;
  /** The due date now, `YYYY-MM-DD` in the controller's calendar. */
  dueDate: string;
  /** Whether the deadline may still be extended (before the first due date, two months at most in all). */
  extendable: boolean;
  /** With `recipient-escalated`: the name of the recipient that did not answer (a company's, not a person's). */
  recipientName?: string;
}

type Key = 'controllerName' | 'authorityName' | 'erasureId' | 'subjectId' | 'state' | 'receivedAt' | 'dueDate' | 'recipientName' | 'endpoint' | 'extensionEndpoint';

interface AlertCopy {
  subject: Readonly<Record<ErasureLegalAlertKind, (v: Slot<Key>) => string>>;
  intro: Readonly<Record<ErasureLegalAlertKind, (v: Slot<Key>) => string>>;
  todo: Readonly<Record<ErasureLegalAlertKind, (v: Slot<Key>) => string>>;
  greeting: (v: Slot<Key>) => string;
  labels: { erasure: string; subject: string; state: string; received: string; due: string; recipient: string };
  states: Readonly<Record<ErasureState, string>>;
  todoHeading: string;
  extend: (v: Slot<Key>) => string;
  extendBody: string;
  notExtendable: string;
  request: (v: Slot<Key>) => string;
  pseudonymous: string;
  footer: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, AlertCopy>> = {
  nl: {
    subject: {
      'due-in-7-days': (v) => `Termijn van verwijderverzoek ${v('erasureId')} verloopt over 7 dagen, op ${v('dueDate')}`,
      'due-in-1-day': (v) => `Termijn van verwijderverzoek ${v('erasureId')} verloopt morgen, op ${v('dueDate')}`,
      overdue: (v) => `Verwijderverzoek ${v('erasureId')} is te laat: de termijn verliep op ${v('dueDate')}`,
      'recipient-escalated': (v) => `Verwijderverzoek ${v('erasureId')}: ${v('recipientName')} heeft na 14 dagen niet geantwoord`,
    },
    intro: {
      'due-in-7-days': (v) => `Verwijderverzoek ${v('erasureId')} moet uiterlijk op ${v('dueDate')} zijn beantwoord (artikel 12, lid 3, AVG). Dat is over 7 dagen.`,
      'due-in-1-day': (v) => `Verwijderverzoek ${v('erasureId')} moet uiterlijk op ${v('dueDate')} zijn beantwoord (artikel 12, lid 3, AVG). Dat is morgen.`,
      overdue: (v) =>
        `Verwijderverzoek ${v('erasureId')} had uiterlijk op ${v('dueDate')} beantwoord moeten zijn, maar is nog niet afgerond. ` +
        `De wettelijke termijn (artikel 12, lid 3, AVG) is overschreden.`,
      'recipient-escalated': (v) =>
        `${v('recipientName')} heeft gegevens van de betrokkene ontvangen en is over verwijderverzoek ${v('erasureId')} ` +
        `geïnformeerd (artikel 19 AVG), maar heeft binnen 14 dagen niet geantwoord.`,
    },
    todo: {
      'due-in-7-days': (v) =>
        `Zorg dat vóór het einde van ${v('dueDate')} de gegevens zijn verwijderd, de ontvangers zijn geïnformeerd en de betrokkene antwoord heeft.`,
      'due-in-1-day': (v) =>
        `Zorg dat vóór het einde van ${v('dueDate')} de gegevens zijn verwijderd, de ontvangers zijn geïnformeerd en de betrokkene antwoord heeft.`,
      overdue: (v) =>
        `Rond het verzoek zo snel mogelijk af en geef de betrokkene antwoord. Leg vast waarom het te laat is: de betrokkene ` +
        `kan een klacht indienen bij de ${v('authorityName')}.`,
      'recipient-escalated': (v) =>
        `De pipeline wacht niet langer op dit antwoord. Neem zelf contact op met ${v('recipientName')}, bijvoorbeeld per ` +
        `telefoon of brief, en leg vast wat de ontvanger antwoordt: artikel 19 AVG vraagt dat u elke ontvanger informeert, ` +
        `tenzij dat onmogelijk blijkt of onevenredig veel inspanning kost.`,
    },
    greeting: (v) => `Aan het juridische team van ${v('controllerName')},`,
    labels: {
      erasure: 'Verwijderverzoek',
      subject: 'Betrokkene (kenmerk)',
      state: 'Status',
      received: 'Ontvangen op',
      due: 'Uiterste datum',
      recipient: 'Ontvanger',
    },
    states: {
      received: 'ontvangen, bevestigingsmail nog niet verstuurd',
      awaiting_verification: 'wacht op bevestiging door de betrokkene',
      verified: 'bevestigd, verwijdering nog niet gestart',
      in_progress: 'verwijdering loopt',
      awaiting_recipients: 'wacht op antwoord van ontvangers',
      completed: 'afgerond',
      lapsed: 'vervallen (niet bevestigd)',
      rejected: 'afgewezen',
    },
    todoHeading: 'Wat u moet doen',
    extend: (v) =>
      `Is het verzoek ingewikkeld, of zijn er veel verzoeken? Dan mag u de termijn nog verlengen, met ten hoogste twee ` +
      `maanden in totaal, als u de betrokkene vertelt waarom. Verleng vóór het einde van ${v('dueDate')} met een POST naar ` +
      `${v('extensionEndpoint')}, met het aantal maanden en de reden:`,
    extendBody: '{"months": 1, "reason": "<reden van de verlenging, die de betrokkene leest>"}',
    notExtendable: 'De termijn kan niet meer worden verlengd.',
    request: (v) => `Het verzoek, zijn status en het volledige bewijsspoor: GET ${v('endpoint')}`,
    pseudonymous: 'Dit bericht noemt de betrokkene alleen bij kenmerk; naam en e-mailadres blijven in de pipeline.',
    footer: (v) => `De disclosure pipeline van ${v('controllerName')} heeft dit bericht automatisch verstuurd.`,
  },
  en: {
    subject: {
      'due-in-7-days': (v) => `Erasure request ${v('erasureId')} is due in 7 days, on ${v('dueDate')}`,
      'due-in-1-day': (v) => `Erasure request ${v('erasureId')} is due tomorrow, on ${v('dueDate')}`,
      overdue: (v) => `Erasure request ${v('erasureId')} is overdue: it was due on ${v('dueDate')}`,
      'recipient-escalated': (v) => `Erasure request ${v('erasureId')}: ${v('recipientName')} did not answer in 14 days`,
    },
    intro: {
      'due-in-7-days': (v) => `Erasure request ${v('erasureId')} must be answered by ${v('dueDate')} at the latest (GDPR Art. 12(3)). That is in 7 days.`,
      'due-in-1-day': (v) => `Erasure request ${v('erasureId')} must be answered by ${v('dueDate')} at the latest (GDPR Art. 12(3)). That is tomorrow.`,
      overdue: (v) =>
        `Erasure request ${v('erasureId')} had to be answered by ${v('dueDate')} and is not completed yet. ` +
        `The deadline the law sets (GDPR Art. 12(3)) has passed.`,
      'recipient-escalated': (v) =>
        `${v('recipientName')} received the subject's data and was told of erasure request ${v('erasureId')} ` +
        `(GDPR Art. 19), but did not answer within 14 days.`,
    },
    todo: {
      'due-in-7-days': (v) =>
        `Make sure that before the end of ${v('dueDate')} the data is erased, the recipients are told and the subject has an answer.`,
      'due-in-1-day': (v) =>
        `Make sure that before the end of ${v('dueDate')} the data is erased, the recipients are told and the subject has an answer.`,
      overdue: (v) =>
        `Complete the request without further delay and answer the subject. Record why it is late: the subject may lodge a ` +
        `complaint with the ${v('authorityName')}.`,
      'recipient-escalated': (v) =>
        `The pipeline no longer waits for this answer. Follow up with ${v('recipientName')} yourselves, by phone or letter ` +
        `for example, and keep a record of what it answers: GDPR Art. 19 asks you to tell every recipient unless that ` +
        `proves impossible or involves disproportionate effort.`,
    },
    greeting: (v) => `To the legal team of ${v('controllerName')},`,
    labels: {
      erasure: 'Erasure request',
      subject: 'Data subject (id)',
      state: 'State',
      received: 'Received on',
      due: 'Due date',
      recipient: 'Recipient',
    },
    states: {
      received: 'received, confirmation email not sent yet',
      awaiting_verification: "waiting for the subject's confirmation",
      verified: 'confirmed, erasure not started',
      in_progress: 'erasure in progress',
      awaiting_recipients: 'waiting for recipients to answer',
      completed: 'completed',
      lapsed: 'lapsed (never confirmed)',
      rejected: 'rejected',
    },
    todoHeading: 'What to do',
    extend: (v) =>
      `If the request is complex, or there are many requests, you may still extend the deadline, by two months at most ` +
      `in all, telling the subject why. Extend it before the end of ${v('dueDate')} with a POST to ` +
      `${v('extensionEndpoint')}, giving the months and the reason:`,
    extendBody: '{"months": 1, "reason": "<reason for the extension, which the subject reads>"}',
    notExtendable: 'The deadline can no longer be extended.',
    request: (v) => `The request, its state and its full evidence trail: GET ${v('endpoint')}`,
    pseudonymous: 'This message names the subject by id only; their name and email address stay in the pipeline.',
    footer: (v) => `The disclosure pipeline of ${v('controllerName')} sent this message automatically.`,
  },
};

/** The due-date alerts, which may offer an extension; an overdue request or a silent recipient cannot. */
const DUE_SOON: readonly ErasureLegalAlertKind[] = ['due-in-7-days', 'due-in-1-day'];

/**
 * To the controller's legal team (`profile.legalTeamEmail`), in the profile's default locale: an erasure
 * request is due soon, overdue, or a recipient stayed silent. It names the request and the subject's
 * pseudonymous id only, never the subject's name or address, says where the request stands and what to do.
 */
export function renderErasureLegalAlert(input: ErasureLegalAlertInput): RenderedEmail {
  const { profile, alert, erasureId, subjectId, state, receivedAt, dueDate, extendable, recipientName } = input;
  const locale = input.locale ?? profile.defaultLocale;
  const c = COPY[locale];
  if (!Object.hasOwn(c.subject, alert)) throw new RangeError(`Unknown alert: '${headerSafe(String(alert))}'`);
  if (!Object.hasOwn(c.states, state)) throw new RangeError(`Unknown state: '${headerSafe(String(state))}'`);
  const escalated = alert === 'recipient-escalated';
  if (escalated && !recipientName?.trim()) throw new RangeError('recipientName is required for a recipient-escalated alert');
  const endpoint = `/v1/controllers/${encodeURIComponent(profile.controllerId)}/erasures/${encodeURIComponent(erasureId)}`;
  const { text, html } = renderSlots<Key>({
    controllerName: headerSafe(profile.legalName),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    erasureId: headerSafe(erasureId),
    subjectId: headerSafe(subjectId),
    state: c.states[state],
    receivedAt: formatDate(receivedAt, locale, 'receivedAt'),
    dueDate: formatCalendarDay(dueDate, locale, 'dueDate'),
    recipientName: headerSafe(recipientName ?? ''),
    endpoint,
    extensionEndpoint: `${endpoint}/extension`,
  });
  const l = c.labels;
  const htmlWithCode: Slot<Key> = (key) => (key === 'endpoint' || key === 'extensionEndpoint' ? code(html(key)) : html(key));
  const dueSoon = DUE_SOON.includes(alert);
  const extendText = dueSoon ? (extendable ? `${c.extend(text)}\n\n${c.extendBody}` : c.notExtendable) : undefined;
  const extendHtml = dueSoon
    ? extendable
      ? [p(c.extend(htmlWithCode)), pre(escapeHtml(c.extendBody))]
      : [p(c.notExtendable)]
    : [];
  const rows: [string, Key][] = [
    [l.erasure, 'erasureId'],
    [l.subject, 'subjectId'],
    [l.state, 'state'],
    [l.received, 'receivedAt'],
    [l.due, 'dueDate'],
    ...(escalated ? ([[l.recipient, 'recipientName']] as [string, Key][]) : []),
  ];
  const subject = subjectLine(c.subject[alert](text));
  return {
    subject,
    text: `${c.greeting(text)}

${c.intro[alert](text)}

${rows.map(([label, key]) => `${label}: ${text(key)}`).join('\n')}

${c.todoHeading}
${c.todo[alert](text)}
${extendText === undefined ? '' : `\n${extendText}\n`}
${c.request(text)}

${c.pseudonymous}

--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(c.greeting(html)),
        p(c.intro[alert](html)),
        table(rows.map(([label, key]) => row(label, html(key))).join('\n')),
        h2(c.todoHeading),
        p(c.todo[alert](html)),
        ...extendHtml,
        p(c.request(htmlWithCode)),
        p(c.pseudonymous),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}
