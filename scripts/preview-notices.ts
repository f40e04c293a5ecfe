/**
 * Renders every message the pipeline sends or shows into .local/preview/, for reading before a deploy:
 * the stored SES templates (disclosure, intent and breach notices) the way SES fills them (Handlebars,
 * DefaultTemplateData with ReplacementTemplateData laid over it), the single emails our code renders
 * (objection confirmation, hold reminder, erasure verification, its reminder, extension and rejection (one
 * per ground), the legal team's erasure alerts, a recipient's erasure notice and reminder, the subject's
 * erasure completion), the objection pages and
 * the erasure verification pages and the recipients' acknowledgement pages. Opens with index.html.
 * Usage: npm run preview
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Disclosure } from '../shared/domain/disclosure/disclosure';
import { extendedDueDate, initialDueDate } from '../shared/domain/erasure/deadline';
import { LOCALES, type Locale } from '../shared/domain/locale';
import { disclosureNoticeData, subjectNoticeData } from '../shared/domain/notice/disclosure-notice-data';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../shared/domain/notice/disclosure-notice-template';
import { escapeHtml } from '../shared/domain/notice/escape';
import { renderErasureExtension } from '../shared/domain/notice/erasure-extension';
import { renderErasureRejection } from '../shared/domain/notice/erasure-rejection';
import { REJECTION_GROUNDS } from '../shared/domain/erasure/erasure-rejection';
import { renderErasureLegalAlert } from '../shared/domain/notice/erasure-legal-alert';
import { ERASURE_LEGAL_ALERTS } from '../shared/domain/erasure/legal-alerts';
import { renderErasureVerification } from '../shared/domain/notice/erasure-verification';
import { renderErasureVerificationPage, type ErasureVerificationPage } from '../shared/domain/notice/erasure-verification-page';
import { renderAckPage, type AckPage } from '../shared/domain/notice/ack-page';
import { renderHoldReminder } from '../shared/domain/notice/hold-reminder';
import { INTENT_NOTICE_TEMPLATES, intentNoticeData, subjectIntentData } from '../shared/domain/notice/intent-notice';
import { renderObjectionConfirmation } from '../shared/domain/notice/objection-confirmation';
import { renderObjectionPage, type ObjectionPage } from '../shared/domain/notice/objection-page';
import type { NoticeTemplate } from '../shared/domain/notice/notice-template';
import type { RenderedEmail } from '../shared/domain/notice/rendered-email';
import { renderErasureCompletion } from '../shared/domain/notice/erasure-completion';
import { renderErasureRecipientNotice } from '../shared/domain/notice/erasure-recipient-notice';
import { retainedCategories } from '../shared/domain/erasure/retention';
import { dentists4dentists } from '../shared/domain/policy/profiles/dentists4dentists';
import { etsoft } from '../shared/domain/policy/profiles/etsoft';
import { softmedex } from '../shared/domain/policy/profiles/softmedex';
import { dsoft } from '../shared/domain/policy/profiles/dsoft';
import type { StoredBreach } from '../shared/domain/breach/breach';
import { breachContactOf } from '../shared/domain/breach/breach-contact';
import { authorityFilingDraft } from '../shared/domain/breach/filing-draft/filing-draft';
import { renderFilingDraftHtml } from '../shared/domain/breach/filing-draft/render-html';
import { renderFilingDraftMarkdown } from '../shared/domain/breach/filing-draft/render-markdown';
import { renderBreachFilingEmail } from '../shared/domain/notice/breach-filing-email';
import { renderBreachFilingReminder, type ReminderHours } from '../shared/domain/notice/breach-filing-reminder';
import type { BreachNoticeWords } from '../shared/domain/breach/breach';
import { breachNoticeData, subjectBreachNoticeData } from '../shared/domain/notice/breach-notice-data';
import { BREACH_NOTICE_TEMPLATES } from '../shared/domain/notice/breach-notice-template';

// The real profiles: the preview shows what these controllers' subjects and legal teams will read.
const profile = etsoft;
/** The sale of ETSoft's business: subjects hear of it 30 days ahead and may object until the transfer. */
const sale: Disclosure = {
  controllerId: 'etsoft',
  disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A',
  kind: 'merger_acquisition',
  recipient: { recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE' },
  legalBasis: 'legitimate_interests',
  purpose: 'Voortzetting van de dienstverlening na de verkoop van de bedrijfsactiviteiten van ETSoft aan Nordhealth',
  dataCategories: ['Naam en contactgegevens', 'Klantnummer en contracthistorie', 'Facturen en betaalgegevens'],
  occurredAt: '2027-02-28T23:30:00Z',
  recordedAt: '2027-01-20T09:00:00Z',
  reference: 'VERK-2027-001',
  noticeMode: 'before',
  plannedAt: '2027-02-28T23:30:00Z', // 1 March in Amsterdam, 28 February in UTC
  intentAt: '2027-01-29T23:30:00Z',
};

/** A sale told after the fact, as Softmedex promises: the disclosure notice. */
const merger: Disclosure = {
  ...sale,
  controllerId: 'softmedex',
  purpose: 'Voortzetting van de dienstverlening na de verkoop van de bedrijfsactiviteiten van Softmedex aan Nordhealth',
  noticeMode: 'after',
  occurredAt: '2026-11-22T23:30:00Z',
  plannedAt: undefined,
  intentAt: undefined,
};

/** A disclosure to the police under a non-disclosure order: its notice goes out when the order ends. */
const held: Disclosure = {
  ...merger,
  disclosureId: '01KAQ40M3D8F1C6H2J4K7N9P0R',
  kind: 'law_enforcement',
  recipient: { recipientId: 'politie', name: 'Politie Eenheid Amsterdam', kind: 'authority', country: 'NL' },
  legalBasis: 'legal_obligation',
  purpose: 'Vordering van gegevens in een strafrechtelijk onderzoek',
  reference: undefined,
  noticeMode: 'deferred',
  hold: { until: '2027-01-15T23:00:00Z', reason: 'Lopend strafrechtelijk onderzoek', orderReference: 'OM-2026-778120' },
};

// Stored values are not trusted: markup must come out as text, line breaks must not reach the subject.
const hostile: Disclosure = {
  ...sale,
  recipient: { ...sale.recipient, name: 'Evil Corp\r\nBcc: everyone@example.com <script>alert(1)</script>' },
  purpose: '"><img src=x onerror=alert(1)> `backtick` & more',
  dataCategories: ['<script>alert(1)</script>', 'Naam & adres'],
  reference: undefined,
};
const hostileName = 'Eve\r\nX-Injected: 1 <b>bold</b>';
const objectionUrl = 'https://privacy.etsoft.example/o/tok_01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A?lang=nl&ref=mail';
const objectedAt = '2027-02-10T12:00:00Z';

/** A Softmedex customer's erasure request, received by post; the link runs out after the profile's lapse period. */
const erasureReceivedOn = '2027-03-03T10:15:00Z';
const erasureExpiresAt = new Date(
  Date.parse(erasureReceivedOn) + softmedex.requests.verificationLapseDays * 24 * 60 * 60 * 1000,
).toISOString();
const verifyUrl = 'https://privacy.softmedex.example/v/tok_01KAQ5B7C9D2E4F6G8H0J1K3M5?lang=nl&ref=mail';
const hostileSoftmedex = { ...softmedex, legalName: 'Softmedex\r\nBcc: everyone@example.com <script>alert(1)</script>' };

/** The same request extended by two months before its first due date; the reasons as the legal team wrote them. */
const extension = {
  receivedOn: erasureReceivedOn,
  previousDueDate: initialDueDate(erasureReceivedOn, 'NL'),
  dueDate: extendedDueDate(erasureReceivedOn, 'NL', 2),
};
const extensionReason: Record<Locale, string> = {
  nl:
    'Uw gegevens staan in drie van onze systemen en zijn aan twee andere organisaties verstrekt.\n' +
    'Per systeem en per organisatie moeten wij nagaan wat wij mogen verwijderen en wat wij volgens de wet moeten bewaren.',
  en:
    'Your data is held in three of our systems and was shared with two other organisations.\n' +
    'For each system and each organisation we have to check what we may erase and what the law requires us to keep.',
};
/** The same request as the legal team hears of it: by its id and the subject's id, never by name or address. */
const legalAlert = {
  profile: softmedex,
  erasureId: '01KAQ5B7C9D2E4F6G8H0J1K3M5',
  subjectId: 'klant-448120',
  receivedAt: erasureReceivedOn,
  dueDate: initialDueDate(erasureReceivedOn, 'NL'),
};
/** The same request refused, in the legal team's words (the ground itself is worded by the template). */
const rejectionReason: Record<Locale, string> = {
  nl:
    'Wij voeren met u een procedure over de onbetaalde facturen van 2026.\n' +
    'Tot die procedure is afgerond, hebben wij uw gegevens en de facturen nodig.',
  en:
    'We are in proceedings with you over the unpaid invoices of 2026.\n' +
    'Until those proceedings are over, we need your data and the invoices.',
};
const hostileReason = 'Onderzoek <script>alert(1)</script> & "meer"\r\nBcc: everyone@example.com\n\n\n<img src=x onerror=alert(1)>';

const outDir = fileURLToPath(new URL('../.local/preview/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const written: string[] = [];

function write(name: string, content: string): void {
  const path = join(outDir, name);
  writeFileSync(path, content);
  written.push(name);
  console.log(relative(process.cwd(), path));
}

function writeEmail(base: string, email: RenderedEmail): void {
  write(`${base}.subject.txt`, email.subject);
  write(`${base}.txt`, email.text);
  write(`${base}.html`, email.html);
}

function writeTemplate(template: NoticeTemplate, label: string, data: object): void {
  const render = (source: string) => Handlebars.compile(source, { strict: true })(data);
  writeEmail(`${template.name}${label}`, { subject: render(template.subject), text: render(template.text), html: render(template.html) });
}

for (const template of DISCLOSURE_NOTICE_TEMPLATES) {
  const locale = template.locale;
  for (const { label, disclosure, name } of [
    { label: '', disclosure: merger, name: 'Jan Jansen' },
    { label: '.deferred', disclosure: held, name: 'Jan Jansen' },
    { label: '.hostile', disclosure: { ...hostile, noticeMode: 'after' as const }, name: hostileName },
    { label: '.anonymous', disclosure: merger, name: undefined },
  ]) {
    writeTemplate(template, label, {
      ...disclosureNoticeData({ profile: softmedex, disclosure, locale }),
      ...subjectNoticeData({ name }, locale),
    });
  }
}

for (const template of INTENT_NOTICE_TEMPLATES) {
  const locale = template.locale;
  for (const { label, disclosure, name } of [
    { label: '', disclosure: sale, name: 'Jan Jansen' },
    { label: '.hostile', disclosure: hostile, name: hostileName },
    { label: '.anonymous', disclosure: sale, name: undefined },
  ]) {
    writeTemplate(template, label, {
      ...intentNoticeData({ profile, disclosure, locale }),
      ...subjectIntentData({ name }, locale, objectionUrl),
    });
  }
}

for (const locale of LOCALES) {
  writeEmail(`objection-confirmation-${locale}`, renderObjectionConfirmation({ profile, disclosure: sale, locale, name: 'Jan Jansen', objectedAt }));
  writeEmail(
    `objection-confirmation-${locale}.hostile`,
    renderObjectionConfirmation({ profile, disclosure: hostile, locale, name: hostileName, objectedAt }),
  );
  for (const daysLeft of [7, 1]) {
    writeEmail(`hold-reminder-${locale}.${daysLeft}d`, renderHoldReminder({ profile: softmedex, disclosure: held, locale, daysLeft, subjects: 1250 }));
  }
  const context = { profile, disclosure: sale, locale };
  const pages: ObjectionPage[] = [
    { ...context, state: 'confirm', formAction: '/o/tok_01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A' },
    { ...context, state: 'recorded', objectedAt },
    { ...context, state: 'already', objectedAt },
    { ...context, state: 'closed' },
  ];
  for (const page of pages) write(`objection-page-${page.state}-${locale}.html`, renderObjectionPage(page));
  write(`objection-page-confirm-${locale}.hostile.html`, renderObjectionPage({ ...context, disclosure: hostile, state: 'confirm', formAction: '/o/x' }));
}
write('objection-page-invalid.html', renderObjectionPage({ state: 'invalid' }));

for (const locale of LOCALES) {
  const request = { locale, receivedOn: erasureReceivedOn, channel: 'post' as const, verifyUrl, expiresAt: erasureExpiresAt };
  writeEmail(`erasure-verification-${locale}`, renderErasureVerification({ ...request, profile: softmedex, name: 'Jan Jansen' }));
  writeEmail(
    `erasure-verification-${locale}.hostile`,
    renderErasureVerification({ ...request, profile: hostileSoftmedex, name: hostileName }),
  );
  writeEmail(`erasure-verification-reminder-${locale}`, renderErasureVerification({ ...request, profile: softmedex, name: 'Jan Jansen', reminder: true }));
  // The legal team's alerts, each in this locale (they go out in the profile's default one).
  for (const alert of ERASURE_LEGAL_ALERTS) {
    const escalated = alert === 'recipient-escalated';
    writeEmail(
      `erasure-legal-alert-${locale}.${alert}`,
      renderErasureLegalAlert({
        ...legalAlert,
        locale,
        alert,
        state: escalated ? 'awaiting_recipients' : 'verified',
        extendable: alert === 'due-in-7-days',
        ...(escalated ? { recipientName: 'Nordhealth Software GmbH' } : {}),
      }),
    );
  }
  writeEmail(
    `erasure-legal-alert-${locale}.hostile`,
    renderErasureLegalAlert({ ...legalAlert, profile: hostileSoftmedex, locale, alert: 'recipient-escalated', state: 'awaiting_recipients', extendable: false, recipientName: hostileName }),
  );
  writeEmail(`erasure-extension-${locale}`, renderErasureExtension({ ...extension, locale, profile: softmedex, name: 'Jan Jansen', reason: extensionReason[locale] }));
  writeEmail(
    `erasure-extension-${locale}.hostile`,
    renderErasureExtension({ ...extension, locale, profile: hostileSoftmedex, name: hostileName, reason: hostileReason }),
  );
  for (const ground of REJECTION_GROUNDS) {
    writeEmail(
      `erasure-rejection-${locale}.${ground}`,
      renderErasureRejection({ locale, profile: softmedex, name: 'Jan Jansen', receivedOn: erasureReceivedOn, ground, reason: rejectionReason[locale] }),
    );
  }
  writeEmail(
    `erasure-rejection-${locale}.hostile`,
    renderErasureRejection({ locale, profile: hostileSoftmedex, name: hostileName, receivedOn: erasureReceivedOn, ground: 'legal_claims', reason: hostileReason }),
  );
  const context = { profile: softmedex, locale };
  const pages: ErasureVerificationPage[] = [
    { ...context, state: 'confirm', formAction: '/v/tok_01KAQ5B7C9D2E4F6G8H0J1K3M5' },
    { ...context, state: 'confirmed', dueDate: initialDueDate(erasureReceivedOn, 'NL') },
    { ...context, state: 'already' },
    { ...context, state: 'closed' },
  ];
  for (const page of pages) write(`erasure-verification-page-${page.state}-${locale}.html`, renderErasureVerificationPage(page));
  write(
    `erasure-verification-page-confirm-${locale}.hostile.html`,
    renderErasureVerificationPage({ profile: hostileSoftmedex, locale, state: 'confirm', formAction: '/v/x' }),
  );
}
write('erasure-verification-page-invalid.html', renderErasureVerificationPage({ state: 'invalid' }));

// A recipient answers an erasure notice (Art. 19) at /a/{token}: the form, a refusal without its reason, thanks, and a second answer.
for (const locale of LOCALES) {
  const context = { profile: softmedex, locale, recipientName: merger.recipient.name };
  const disclosures = [{ disclosureId: merger.disclosureId, kind: merger.kind, dataCategories: merger.dataCategories, disclosedAt: merger.occurredAt }];
  const form = { ...context, state: 'form' as const, erasureId: '01KB0ERASURE0000000000000A', subjectReference: 's-nl-1', disclosures, formAction: '/a/tok_01KAQ5B7C9D2E4F6G8H0J1K3M5' };
  const answeredAt = '2027-03-12T14:30:00Z';
  const pages: [string, AckPage][] = [
    ['form', form],
    ['form-reason-missing', { ...form, error: 'reason' }],
    ['recorded', { ...context, state: 'recorded', answer: { status: 'refused', reason: 'Facturen bewaren wij 7 jaar (art. 52 AWR).', answeredAt, via: 'link' } }],
    ['already', { ...context, state: 'already', answer: { status: 'erased', answeredAt, via: 'callback' } }],
  ];
  for (const [name, page] of pages) write(`ack-page-${name}-${locale}.html`, renderAckPage(page));
  write(`ack-page-form-${locale}.hostile.html`, renderAckPage({ ...form, profile: hostileSoftmedex, recipientName: hostileName, subjectReference: hostileName }));
}
write('ack-page-invalid.html', renderAckPage({ state: 'invalid' }));

// A Dentists4Dentists subject's erasure: the debt collector's notice and reminder (Art. 19), and the subject's
// completion email, with the invoices kept 7 years from the invoice date and each recipient's answer.
const d4dInvoices = dentists4dentists.retention.find((rule) => rule.category === 'Copies of invoices')!;
const collectorNotice = {
  profile: dentists4dentists,
  recipientName: 'Incassobureau Brabant B.V.',
  subject: { reference: 'praktijk-1', name: 'Tandartspraktijk Noord', email: 'balie@tandarts-noord.nl' },
  disclosures: [{ disclosureId: '01KB0D4D0000000000000000A1', kind: 'debt_collection' as const, dataCategories: ['praktijknaam', 'adres', 'factuurgegevens'], disclosedAt: '2026-04-12T09:00:00Z' }],
  ackUrl: 'https://privacy.dentists4dentists.example/a/tok_01KB0ACK',
  callbackUrl: 'https://privacy.dentists4dentists.example/v1/public/acks/tok_01KB0ACK',
};
const hostileD4d = { ...dentists4dentists, legalName: 'Dentists4Dentists\r\nBcc: everyone@example.com <script>alert(1)</script>' };
for (const locale of LOCALES) {
  writeEmail(`erasure-recipient-notice-${locale}`, renderErasureRecipientNotice({ ...collectorNotice, locale, step: 'notice' }));
  writeEmail(`erasure-recipient-notice-${locale}.reminder`, renderErasureRecipientNotice({ ...collectorNotice, locale, step: 'reminder', notifiedAt: '2026-11-23T09:00:00Z' }));
  writeEmail(
    `erasure-recipient-notice-${locale}.hostile`,
    renderErasureRecipientNotice({
      ...collectorNotice,
      profile: hostileD4d,
      locale,
      step: 'notice',
      recipientName: hostileName,
      subject: { reference: hostileName, name: hostileName, email: 'a"<b>@example.com' },
      disclosures: [{ ...collectorNotice.disclosures[0]!, dataCategories: ['<script>alert(1)</script>', 'Naam & adres'] }],
    }),
  );
  const completion = {
    profile: dentists4dentists,
    locale,
    name: 'Tandartspraktijk Noord',
    receivedOn: '2026-11-02T10:00:00Z',
    retained: retainedCategories(
      dentists4dentists,
      {
        retentionStarts: [{ category: d4dInvoices.category, from: '2026-04-12' }],
        // The legal team types a hold in its own words: Dutch, at this Dutch controller.
        holds: [{ category: 'Correspondentie over factuur 2026-0412', ground: 'open_dispute' as const, detail: 'De factuur wordt betwist bij de rechtbank in Den Bosch.' }],
      },
      '2026-11-23',
    ),
    recipients: [
      { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector' as const, answer: { status: 'erased' as const } },
      { name: 'DHL Parcel Nederland', kind: 'courier' as const, answer: { status: 'not_held' as const } },
      { name: 'Dental Supplies Partner B.V.', kind: 'business_partner' as const, answer: { status: 'refused' as const, reason: 'Wij bewaren facturen 7 jaar (art. 52 AWR).' } },
      { name: 'Politie Oost-Brabant', kind: 'authority' as const },
      { name: 'Koeriersdienst Zuid B.V.', kind: 'courier' as const, unreached: true },
    ],
  };
  writeEmail(`erasure-completion-${locale}`, renderErasureCompletion(completion));
  writeEmail(`erasure-completion-${locale}.nothing-kept`, renderErasureCompletion({ ...completion, retained: [], recipients: [] }));
  writeEmail(
    `erasure-completion-${locale}.hostile`,
    renderErasureCompletion({
      ...completion,
      profile: hostileD4d,
      name: hostileName,
      retained: [
        // A profile's label is escaped as a hold's words are.
        { ...completion.retained[0]!, label: { nl: hostileName, en: hostileName } },
        { category: hostileName, reason: 'legal_hold', detail: hostileReason },
      ],
      recipients: [{ name: hostileName, kind: 'courier', answer: { status: 'refused', reason: hostileReason } }],
    }),
  );
}

// A breach at ETSoft's hosting processor, and the same breach at D Soft (the GBA's form, in Dutch and French): the
// DPO's filing drafts as documents and mails, and the reminders while nothing is filed.
const breachAt = (controllerId: string, description = 'Bij onze hostingpartij is een back-up van de klantendatabase onbeveiligd online gezet.'): StoredBreach => ({
  report: {
    controllerId,
    breachId: '01KB7BREACH0000000000000001',
    awareAt: '2026-12-01T08:00:00Z',
    occurredAt: '2026-11-30T22:00:00Z',
    description,
    nature: ['confidentiality'],
    dataCategories: ['Naam en contactgegevens', 'Klantnummer', 'Facturen'],
    approxSubjects: 12400,
    approxRecords: 31000,
    likelyConsequences: 'Phishing uit naam van de organisatie; mogelijk identiteitsfraude.',
    measuresTaken: 'De back-up is offline gehaald; de toegangssleutels van de hostingpartij zijn ingetrokken.',
    measuresProposed: 'Back-ups voortaan versleuteld; een audit bij de hostingpartij.',
    source: { type: 'recipient', recipientId: 'hoster' },
    recordedAt: '2026-12-01T09:00:00Z',
    recordedBy: { clientId: 'legal-console' },
  },
  assessment: { risk: 'high', reasoning: 'Grote aantallen, adresgegevens en facturen.', assessedBy: 'FG', assessedAt: '2026-12-01T12:00:00Z', recordedBy: {} },
  filings: [],
});
const draftAt = new Date('2026-12-02T09:00:00Z');
for (const [name, controller, language] of [
  ['ap-nl', etsoft, 'nl'],
  ['gba-nl', dsoft, 'nl'],
  ['gba-fr', dsoft, 'fr'],
] as const) {
  const draft = authorityFilingDraft({ profile: controller, breach: breachAt(controller.controllerId), language, now: draftAt, recipientName: 'Hosting Partner B.V.' });
  write(`breach-filing-draft-${name}.md`, renderFilingDraftMarkdown(draft));
  write(`breach-filing-draft-${name}.html`, renderFilingDraftHtml(draft));
}
for (const locale of LOCALES) {
  const controller = { ...etsoft, defaultLocale: locale };
  const contactName = breachContactOf(controller).name;
  const breach = breachAt('etsoft');
  const draft = authorityFilingDraft({ profile: controller, breach, now: draftAt, recipientName: 'Hosting Partner B.V.' });
  writeEmail(`breach-filing-draft-${locale}`, renderBreachFilingEmail({ profile: controller, draft, awareAt: breach.report.awareAt, now: draftAt, contactName }));
  for (const hours of [24, 72] as ReminderHours[]) {
    const now = new Date(Date.parse(breach.report.awareAt) + hours * 3600_000 + 1);
    writeEmail(`breach-filing-reminder-${locale}.${hours}h`, renderBreachFilingReminder({ profile: controller, breachId: breach.report.breachId, awareAt: breach.report.awareAt, hoursSinceAware: hours, now, contactName }));
  }
  const hostileBreach = breachAt('etsoft', hostileReason);
  const hostileDraft = authorityFilingDraft({ profile: { ...controller, legalName: hostileName }, breach: hostileBreach, now: draftAt, recipientName: hostileName });
  writeEmail(
    `breach-filing-draft-${locale}.hostile`,
    renderBreachFilingEmail({ profile: { ...controller, legalName: hostileName }, draft: hostileDraft, awareAt: hostileBreach.report.awareAt, now: draftAt, contactName: hostileName }),
  );
}

// The subjects' notice of the same breach at ETSoft's hosting processor: each subject reads what of theirs went
// there; a breach at D Soft itself (start unknown, a phone to call); and hostile words and names.
const breachWords: Record<Locale, BreachNoticeWords> = {
  nl: {
    nature: 'Bij ons hostingbedrijf stond een back-up van onze klantenlijst een week lang open op internet. Iemand heeft de back-up gedownload.',
    consequences: 'U kunt e-mails of telefoontjes krijgen die van ons lijken te komen, maar van oplichters zijn. Zij kunnen uw naam, adres en klantnummer noemen.',
    measures: 'De back-up is direct offline gehaald. Het hostingbedrijf slaat back-ups voortaan versleuteld op. Wij controleren dat.',
    advice: 'Klik niet op links in e-mails die u niet verwacht. Wij vragen u nooit om een wachtwoord of betaalgegevens per e-mail. Twijfelt u? Bel ons.',
  },
  en: {
    nature: 'A backup of our customer list was open on the internet for a week at our hosting company. Someone downloaded the backup.',
    consequences: 'You may receive emails or calls that seem to come from us but come from fraudsters. They may know your name, address and customer number.',
    measures: 'The backup was taken offline at once. From now on the hosting company stores backups encrypted. We check this.',
    advice: 'Do not click links in emails you did not expect. We never ask for a password or payment details by email. In doubt? Call us.',
  },
};
const toHoster = [
  { disclosedAt: '2026-03-02T10:00:00Z', dataCategories: ['Naam en contactgegevens', 'Klantnummer'], kind: 'processor_handoff' as const },
  { disclosedAt: '2026-10-05T10:00:00Z', dataCategories: ['Facturen'], kind: 'processor_handoff' as const },
];
for (const template of BREACH_NOTICE_TEMPLATES) {
  const locale = template.locale;
  const atDsoft: StoredBreach = { ...breachAt('dsoft'), report: { ...breachAt('dsoft').report, occurredAt: undefined, source: { type: 'internal' } } };
  for (const { label, controller, breach, name, disclosures, words, recipientName } of [
    { label: '', controller: etsoft, breach: breachAt('etsoft'), name: 'Jan Jansen', disclosures: toHoster, words: breachWords[locale], recipientName: 'Hosting Partner B.V.' },
    { label: '.internal', controller: dsoft, breach: atDsoft, name: undefined, disclosures: [], words: breachWords[locale], recipientName: undefined },
    {
      label: '.hostile',
      controller: { ...etsoft, legalName: hostileName },
      breach: breachAt('etsoft'),
      name: hostileName,
      disclosures: [{ ...toHoster[0]!, dataCategories: [hostileReason] }],
      words: { nature: hostileReason, consequences: hostileReason, measures: hostileReason, advice: hostileReason },
      recipientName: hostileName,
    },
  ]) {
    writeTemplate(template, label, {
      ...breachNoticeData({ profile: controller, breach, words, locale, namesRecipient: recipientName !== undefined, recipientName }),
      ...subjectBreachNoticeData({ name }, locale, disclosures),
    });
  }
}

const items = written.map((name) => `<li><a href="${escapeHtml(name)}">${escapeHtml(name)}</a></li>`).join('\n');
write(
  'index.html',
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Notice previews</title>\n</head>\n<body>\n<ul>\n${items}\n</ul>\n</body>\n</html>\n`,
);
