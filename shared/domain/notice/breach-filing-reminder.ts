import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { breachClockValues, breachEndpoints, contactIsController } from './breach-filing-values';
import { escapeHtml, headerSafe } from './escape';
import { code, footer, h2, htmlDocument, p, row, table } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

/** Hours after awareness at which the DPO is reminded; 72: the deadline has passed. */
export type ReminderHours = 24 | 48 | 60 | 70 | 72;

export interface BreachFilingReminderInput {
  profile: PolicyProfile;
  /** The DPO's language: the profile's default locale unless given. */
  locale?: Locale;
  breachId: string;
  awareAt: string;
  hoursSinceAware: ReminderHours;
  /** When the mail is written: the hours it names are counted to here. */
  now: Date;
  /** Whom the mail greets: the breach contact of the profile (the DPO or contact point). */
  contactName: string;
}

type Key =
  | 'controllerName'
  | 'contactName'
  | 'authorityName'
  | 'breachId'
  | 'awareAt'
  | 'deadline'
  | 'deadlineUtc'
  | 'hoursElapsed'
  | 'hoursLeft'
  | 'draftEndpoint'
  | 'filingsEndpoint'
  | 'assessmentEndpoint';

interface ReminderCopy {
  subject: (v: Slot<Key>) => string;
  overdueSubject: (v: Slot<Key>) => string;
  greeting: (v: Slot<Key>) => string;
  teamGreeting: (v: Slot<Key>) => string;
  intro: (v: Slot<Key>) => string;
  deadline: (v: Slot<Key>) => string;
  overdue: (v: Slot<Key>) => string;
  labels: { breach: string; aware: string; deadline: string; deadlineUtc: string; elapsed: string; left: string };
  hours: (count: string) => string;
  todoHeading: string;
  draft: (v: Slot<Key>) => string;
  record: (v: Slot<Key>) => string;
  recordLate: (v: Slot<Key>) => string;
  notNeeded: (v: Slot<Key>) => string;
  schedule: string;
  noSubjects: string;
  footer: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, ReminderCopy>> = {
  nl: {
    subject: (v) => `Herinnering: datalek ${v('breachId')} is nog niet gemeld, nog ${v('hoursLeft')} uur`,
    overdueSubject: (v) => `Datalek ${v('breachId')} is niet binnen 72 uur gemeld bij de ${v('authorityName')}`,
    greeting: (v) => `Aan ${v('contactName')} en het privacyteam van ${v('controllerName')},`,
    teamGreeting: (v) => `Aan het privacyteam van ${v('controllerName')},`,
    intro: (v) =>
      `Datalek ${v('breachId')} is ontdekt op ${v('awareAt')}, ${v('hoursElapsed')} uur geleden. ` +
      `Er is nog geen melding bij de ${v('authorityName')} vastgelegd.`,
    deadline: (v) =>
      `Een datalek moet binnen 72 uur na de ontdekking worden gemeld (artikel 33, lid 1, AVG): uiterlijk op ${v('deadline')}, ` +
      `dat is ${v('deadlineUtc')}. Er blijft nog ${v('hoursLeft')} uur over.`,
    overdue: (v) =>
      `De termijn van 72 uur (artikel 33, lid 1, AVG) verliep op ${v('deadline')} (${v('deadlineUtc')}). Meld het datalek zo snel ` +
      `mogelijk. Een melding die nu wordt vastgelegd, moet de redenen voor de vertraging geven (delayReasons); zonder die redenen ` +
      `wordt zij niet vastgelegd.`,
    labels: {
      breach: 'Datalek',
      aware: 'Ontdekt op',
      deadline: 'Uiterste meldtermijn',
      deadlineUtc: 'Uiterste meldtermijn (UTC)',
      elapsed: 'Verstreken',
      left: 'Resterend',
    },
    hours: (count) => `${count} uur`,
    todoHeading: 'Wat u moet doen',
    draft: (v) => `Wat u op het meldformulier invult, staat vraag voor vraag in het concept: GET ${v('draftEndpoint')}`,
    record: (v) => `Leg de melding daarna vast, met wanneer, door wie en onder welk meldnummer: POST ${v('filingsEndpoint')}`,
    recordLate: (v) =>
      `Leg de melding daarna vast, met wanneer, door wie, onder welk meldnummer en de redenen voor de vertraging (delayReasons): ` +
      `POST ${v('filingsEndpoint')}`,
    notNeeded: (v) =>
      `Hoeft het datalek niet te worden gemeld, omdat het waarschijnlijk geen risico voor de betrokkenen inhoudt? Leg die ` +
      `beoordeling dan vast, risico "none" met de onderbouwing: POST ${v('assessmentEndpoint')}. Dan stoppen deze herinneringen; ` +
      `het datalek blijft in het register (artikel 33, lid 5, AVG).`,
    schedule: 'Zolang er geen melding is vastgelegd, herinneren wij u 24, 48, 60 en 70 uur na de ontdekking, en na 72 uur een laatste keer.',
    noSubjects: 'Dit bericht noemt geen betrokkenen: alleen de feiten van het datalek.',
    footer: (v) => `De disclosure pipeline van ${v('controllerName')} heeft dit bericht automatisch verstuurd.`,
  },
  en: {
    subject: (v) => `Reminder: breach ${v('breachId')} is not filed yet, ${v('hoursLeft')} hours left`,
    overdueSubject: (v) => `Breach ${v('breachId')} was not filed with the ${v('authorityName')} within 72 hours`,
    greeting: (v) => `To ${v('contactName')} and the privacy team of ${v('controllerName')},`,
    teamGreeting: (v) => `To the privacy team of ${v('controllerName')},`,
    intro: (v) =>
      `Breach ${v('breachId')} was discovered on ${v('awareAt')}, ${v('hoursElapsed')} hours ago. ` +
      `No filing with the ${v('authorityName')} has been recorded yet.`,
    deadline: (v) =>
      `A breach must be filed within 72 hours of its discovery (GDPR Art. 33(1)): by ${v('deadline')} at the latest, ` +
      `that is ${v('deadlineUtc')}. ${v('hoursLeft')} hours are left.`,
    overdue: (v) =>
      `The 72 hours (GDPR Art. 33(1)) ended on ${v('deadline')} (${v('deadlineUtc')}). File the breach without further delay. ` +
      `A filing recorded now must give the reasons for the delay (delayReasons); without them it is not recorded.`,
    labels: {
      breach: 'Breach',
      aware: 'Discovered on',
      deadline: 'Filing deadline',
      deadlineUtc: 'Filing deadline (UTC)',
      elapsed: 'Elapsed',
      left: 'Left',
    },
    hours: (count) => `${count} hours`,
    todoHeading: 'What to do',
    draft: (v) => `What to type on the authority's form, question by question, is in the draft: GET ${v('draftEndpoint')}`,
    record: (v) => `Then record the filing, with when, by whom and under which reference it was made: POST ${v('filingsEndpoint')}`,
    recordLate: (v) =>
      `Then record the filing, with when, by whom, under which reference it was made and the reasons for the delay (delayReasons): ` +
      `POST ${v('filingsEndpoint')}`,
    notNeeded: (v) =>
      `If the breach need not be filed, because it is unlikely to result in a risk to the data subjects, record that ` +
      `assessment, risk "none" with its reasoning: POST ${v('assessmentEndpoint')}. These reminders then stop; the breach stays ` +
      `in the register (GDPR Art. 33(5)).`,
    schedule: 'While no filing is recorded, we remind you 24, 48, 60 and 70 hours after the discovery, and once more after 72 hours.',
    noSubjects: 'This message names no data subjects: only the facts of the breach.',
    footer: (v) => `The disclosure pipeline of ${v('controllerName')} sent this message automatically.`,
  },
};

const ENDPOINT_KEYS: readonly Key[] = ['draftEndpoint', 'filingsEndpoint', 'assessmentEndpoint'];

/**
 * To the DPO and the privacy team, in the profile's default locale: a breach is not filed yet, how many hours
 * have passed, how many are left, when the 72 hours end in the controller's zone and in UTC, and what to do.
 * At 72 hours: the deadline has passed, and a filing now needs its reasons for the delay.
 */
export function renderBreachFilingReminder(input: BreachFilingReminderInput): RenderedEmail {
  const { profile, breachId, awareAt, hoursSinceAware, now, contactName } = input;
  const locale = input.locale ?? profile.defaultLocale;
  const c = COPY[locale];
  if (![24, 48, 60, 70, 72].includes(hoursSinceAware)) throw new RangeError(`Unknown reminder hour: ${headerSafe(String(hoursSinceAware))}`);
  const overdue = hoursSinceAware === 72;
  const clock = breachClockValues(profile, awareAt, now, locale);
  const endpoints = breachEndpoints(profile.controllerId, breachId);
  const { text, html } = renderSlots<Key>({
    controllerName: headerSafe(profile.legalName),
    contactName: headerSafe(contactName),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    breachId: headerSafe(breachId),
    awareAt: clock.awareAt,
    deadline: clock.deadline,
    deadlineUtc: clock.deadlineUtc,
    hoursElapsed: clock.hoursElapsed,
    hoursLeft: clock.hoursLeft,
    draftEndpoint: endpoints.draft,
    filingsEndpoint: endpoints.filings,
    assessmentEndpoint: endpoints.assessment,
  });
  const htmlWithCode: Slot<Key> = (key) => (ENDPOINT_KEYS.includes(key) ? code(html(key)) : html(key));
  const l = c.labels;
  const rows: [string, (slot: Slot<Key>) => string][] = [
    [l.breach, (v) => v('breachId')],
    [l.aware, (v) => v('awareAt')],
    [l.deadline, (v) => v('deadline')],
    [l.deadlineUtc, (v) => v('deadlineUtc')],
    [l.elapsed, (v) => c.hours(v('hoursElapsed'))],
    ...(overdue ? [] : ([[l.left, (v) => c.hours(v('hoursLeft'))]] as [string, (slot: Slot<Key>) => string][])),
  ];
  const greeting = contactIsController(contactName, profile) ? c.teamGreeting : c.greeting;
  const when = overdue ? c.overdue : c.deadline;
  const record = overdue ? c.recordLate : c.record;
  const subject = subjectLine((overdue ? c.overdueSubject : c.subject)(text));
  return {
    subject,
    text: `${greeting(text)}

${c.intro(text)}

${when(text)}

${rows.map(([label, value]) => `${label}: ${value(text)}`).join('\n')}

${c.todoHeading}
${c.draft(text)}

${record(text)}

${c.notNeeded(text)}

${c.schedule}

${c.noSubjects}

--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(greeting(html)),
        p(c.intro(html)),
        p(when(html)),
        table(rows.map(([label, value]) => row(label, value(html))).join('\n')),
        h2(c.todoHeading),
        p(c.draft(htmlWithCode)),
        p(record(htmlWithCode)),
        p(c.notNeeded(htmlWithCode)),
        p(c.schedule),
        p(c.noSubjects),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}
