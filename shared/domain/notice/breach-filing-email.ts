import type { AuthorityFilingDraft } from '../breach/filing-draft/filing-draft';
import { filingDraftHtmlContent } from '../breach/filing-draft/render-html';
import { renderFilingDraftMarkdown } from '../breach/filing-draft/render-markdown';
import { filingLanguages } from '../breach/filing-draft/filing-forms';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { breachClockValues, breachEndpoints, contactIsController } from './breach-filing-values';
import { escapeHtml, headerSafe } from './escape';
import { webAddress } from './notice-format';
import { code, footer, h2, htmlDocument, link, p, pre } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';

export interface BreachFilingEmailInput {
  profile: PolicyProfile;
  /** The draft to send, in the authority's language. */
  draft: AuthorityFilingDraft;
  /** When the breach's controller became aware: the 72 hours run from here. */
  awareAt: string;
  /** The language of the mail around the draft: the profile's default locale unless given. */
  locale?: Locale;
  now: Date;
  /** Whom the mail greets: the breach contact of the profile (the DPO or contact point). */
  contactName: string;
}

type Key =
  | 'controllerName'
  | 'contactName'
  | 'authorityName'
  | 'authorityWebsite'
  | 'form'
  | 'breachId'
  | 'deadline'
  | 'deadlineUtc'
  | 'hoursLeft'
  | 'pending'
  | 'draftEndpoint'
  | 'filingsEndpoint';

interface DraftMailCopy {
  subject: { initial: (v: Slot<Key>) => string; late: (v: Slot<Key>) => string; supplement: (v: Slot<Key>) => string };
  greeting: (v: Slot<Key>) => string;
  teamGreeting: (v: Slot<Key>) => string;
  intro: { initial: (v: Slot<Key>) => string; supplement: (v: Slot<Key>) => string };
  inTime: (v: Slot<Key>) => string;
  late: (v: Slot<Key>) => string;
  pending: (v: Slot<Key>) => string;
  howHeading: string;
  where: (v: Slot<Key>) => string;
  record: { initial: (v: Slot<Key>) => string; supplement: (v: Slot<Key>) => string };
  body: { initial: string; late: string; supplement: string };
  formats: (v: Slot<Key>) => string;
  french: string;
  noSubjects: string;
  footer: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, DraftMailCopy>> = {
  nl: {
    subject: {
      initial: (v) => `Concept-melding van datalek ${v('breachId')} voor de ${v('authorityName')}: uiterlijk ${v('deadline')}`,
      late: (v) => `Datalek ${v('breachId')}: meld nu bij de ${v('authorityName')}, de termijn van 72 uur is verstreken`,
      supplement: (v) => `Concept-aanvulling op de melding van datalek ${v('breachId')} bij de ${v('authorityName')}`,
    },
    greeting: (v) => `Aan ${v('contactName')} en het privacyteam van ${v('controllerName')},`,
    teamGreeting: (v) => `Aan het privacyteam van ${v('controllerName')},`,
    intro: {
      initial: (v) =>
        `Datalek ${v('breachId')} moet worden gemeld bij de ${v('authorityName')} (artikel 33 AVG). Hieronder staat, vraag ` +
        `voor vraag, wat u invult op het ${v('form')}.`,
      supplement: (v) =>
        `De melding van datalek ${v('breachId')} bij de ${v('authorityName')} is vastgelegd. Wat toen nog niet bekend was, mag ` +
        `u later aanvullen (artikel 33, lid 4, AVG). Hieronder staat de stand van nu, als aanvulling op het ${v('form')}.`,
    },
    inTime: (v) => `De termijn van 72 uur na de ontdekking verloopt op ${v('deadline')} (${v('deadlineUtc')}): nog ${v('hoursLeft')} uur.`,
    late: (v) =>
      `De termijn van 72 uur na de ontdekking verliep op ${v('deadline')} (${v('deadlineUtc')}). Meld zo snel mogelijk en geef ` +
      `in de melding de redenen voor de vertraging (artikel 33, lid 1, AVG).`,
    // The labels are the form's questions: no full stop after the last.
    pending: (v) => `Nog onbekend, aan te vullen zodra het bekend is (artikel 33, lid 4, AVG): ${v('pending')}`,
    howHeading: 'Zo meldt u',
    where: (v) => `De ${v('authorityName')} neemt meldingen alleen aan via het eigen formulier: ${v('authorityWebsite')}`,
    record: {
      initial: (v) => `Hebt u gemeld? Leg dan vast wanneer, door wie en onder welk meldnummer, met een POST naar ${v('filingsEndpoint')}:`,
      supplement: (v) => `Hebt u de aanvulling gedaan? Leg die dan vast met een POST naar ${v('filingsEndpoint')}:`,
    },
    body: {
      initial: '{"phase": "initial", "filedAt": "<tijdstip van de melding, ISO 8601>", "filedBy": "<naam>", "reference": "<meldnummer>"}',
      late:
        '{"phase": "initial", "filedAt": "<tijdstip van de melding, ISO 8601>", "filedBy": "<naam>", "reference": "<meldnummer>", ' +
        '"delayReasons": "<redenen voor de vertraging>"}',
      supplement: '{"phase": "supplement", "filedAt": "<tijdstip van de aanvulling, ISO 8601>", "filedBy": "<naam>", "reference": "<meldnummer>"}',
    },
    formats: (v) => `Dit concept staat ook klaar als JSON, Markdown of HTML: GET ${v('draftEndpoint')}?format=json|markdown|html`,
    french: 'Voor de Franstalige versie van het formulier: language=fr.',
    noSubjects: 'Dit bericht noemt geen betrokkenen: alleen de feiten van het datalek.',
    footer: (v) => `De disclosure pipeline van ${v('controllerName')} heeft dit bericht automatisch verstuurd.`,
  },
  en: {
    subject: {
      initial: (v) => `Draft filing of breach ${v('breachId')} for the ${v('authorityName')}: due by ${v('deadline')}`,
      late: (v) => `Breach ${v('breachId')}: file with the ${v('authorityName')} now, the 72 hours have passed`,
      supplement: (v) => `Draft supplement to the filing of breach ${v('breachId')} with the ${v('authorityName')}`,
    },
    greeting: (v) => `To ${v('contactName')} and the privacy team of ${v('controllerName')},`,
    teamGreeting: (v) => `To the privacy team of ${v('controllerName')},`,
    intro: {
      initial: (v) =>
        `Breach ${v('breachId')} must be filed with the ${v('authorityName')} (GDPR Art. 33). Below, question by question, is ` +
        `what to type on the ${v('form')}.`,
      supplement: (v) =>
        `The filing of breach ${v('breachId')} with the ${v('authorityName')} is recorded. What was not known then may follow ` +
        `later (GDPR Art. 33(4)). Below is where things stand now, as a supplement on the ${v('form')}.`,
    },
    inTime: (v) => `The 72 hours from the discovery end on ${v('deadline')} (${v('deadlineUtc')}): ${v('hoursLeft')} hours left.`,
    late: (v) =>
      `The 72 hours from the discovery ended on ${v('deadline')} (${v('deadlineUtc')}). File without further delay, and give the ` +
      `reasons for the delay in the filing (GDPR Art. 33(1)).`,
    pending: (v) => `Not known yet, to follow once known (GDPR Art. 33(4)): ${v('pending')}`,
    howHeading: 'How to file',
    where: (v) => `The ${v('authorityName')} takes filings through its own form only: ${v('authorityWebsite')}`,
    record: {
      initial: (v) => `Filed? Then record when, by whom and under which reference, with a POST to ${v('filingsEndpoint')}:`,
      supplement: (v) => `Made the supplement? Then record it with a POST to ${v('filingsEndpoint')}:`,
    },
    body: {
      initial: '{"phase": "initial", "filedAt": "<when it was filed, ISO 8601>", "filedBy": "<name>", "reference": "<the authority\'s reference>"}',
      late:
        '{"phase": "initial", "filedAt": "<when it was filed, ISO 8601>", "filedBy": "<name>", "reference": "<the authority\'s reference>", ' +
        '"delayReasons": "<reasons for the delay>"}',
      supplement:
        '{"phase": "supplement", "filedAt": "<when it was filed, ISO 8601>", "filedBy": "<name>", "reference": "<the authority\'s reference>"}',
    },
    formats: (v) => `This draft is also available as JSON, Markdown or HTML: GET ${v('draftEndpoint')}?format=json|markdown|html`,
    french: "For the form's French version: language=fr.",
    noSubjects: 'This message names no data subjects: only the facts of the breach.',
    footer: (v) => `The disclosure pipeline of ${v('controllerName')} sent this message automatically.`,
  },
};

const ENDPOINT_KEYS: readonly Key[] = ['draftEndpoint', 'filingsEndpoint'];

/**
 * To the DPO and the privacy team: the drafted filing as a readable document (HTML; the text part is its
 * Markdown), with the deadline, what is still unknown, where to file and how to record the filing. The mail
 * around the draft is in the profile's default locale; the draft in the authority's language.
 */
export function renderBreachFilingEmail(input: BreachFilingEmailInput): RenderedEmail {
  const { profile, draft, awareAt, now, contactName } = input;
  const locale = input.locale ?? profile.defaultLocale;
  const c = COPY[locale];
  const clock = breachClockValues(profile, awareAt, now, locale);
  const endpoints = breachEndpoints(profile.controllerId, draft.breachId);
  const labelOf = new Map(draft.sections.flatMap((section) => section.fields).map((field) => [field.id, field.label]));
  const { text, html } = renderSlots<Key>({
    controllerName: headerSafe(profile.legalName),
    contactName: headerSafe(contactName),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(draft.authority.website),
    form: headerSafe(draft.authority.form),
    breachId: headerSafe(draft.breachId),
    deadline: clock.deadline,
    deadlineUtc: clock.deadlineUtc,
    hoursLeft: clock.hoursLeft,
    pending: draft.pending.map((id) => labelOf.get(id) ?? id).join('; '),
    draftEndpoint: endpoints.draft,
    filingsEndpoint: endpoints.filings,
  });
  const htmlWith: Slot<Key> = (key) =>
    ENDPOINT_KEYS.includes(key) ? code(html(key)) : key === 'authorityWebsite' ? link(html(key), html(key)) : html(key);
  const greeting = contactIsController(contactName, profile) ? c.teamGreeting : c.greeting;
  const supplement = draft.phase === 'supplement';
  const subject = subjectLine((supplement ? c.subject.supplement : clock.late ? c.subject.late : c.subject.initial)(text));
  const intro = supplement ? c.intro.supplement : c.intro.initial;
  const timing = supplement ? undefined : clock.late ? c.late : c.inTime;
  const record = supplement ? c.record.supplement : c.record.initial;
  const body = supplement ? c.body.supplement : clock.late ? c.body.late : c.body.initial;
  const french = filingLanguages(draft.authority.country).includes('fr');
  const paragraphs = (slot: Slot<Key>) => [
    intro(slot),
    ...(timing ? [timing(slot)] : []),
    ...(draft.pending.length > 0 ? [c.pending(slot)] : []),
  ];
  return {
    subject,
    text: `${greeting(text)}

${paragraphs(text).join('\n\n')}

${c.howHeading}
${c.where(text)}

${record(text)}

${body}

${c.formats(text)}${french ? `\n${c.french}` : ''}

${c.noSubjects}

${renderFilingDraftMarkdown(draft)}
--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(greeting(html)),
        ...paragraphs(html).map(p),
        h2(c.howHeading),
        p(c.where(htmlWith)),
        p(record(htmlWith)),
        pre(escapeHtml(body)),
        p(`${c.formats(htmlWith)}${french ? `<br>${escapeHtml(c.french)}` : ''}`),
        p(c.noSubjects),
        filingDraftHtmlContent(draft),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}
