import Handlebars from 'handlebars';
import { DISCLOSURE_KINDS, type Disclosure, type DisclosureKind } from '../../../shared/domain/disclosure/disclosure';
import type { Locale } from '../../../shared/domain/locale';
import {
  disclosureNoticeData,
  subjectNoticeData,
  type DisclosureNoticeData,
  type SubjectNoticeData,
} from '../../../shared/domain/notice/disclosure-notice-data';
import {
  intentNoticeData,
  subjectIntentData,
  type IntentNoticeData,
  type SubjectIntentData,
} from '../../../shared/domain/notice/intent-notice';
import type { NoticeTemplate } from '../../../shared/domain/notice/notice-template';
import { AUTORITEIT_PERSOONSGEGEVENS } from '../../../shared/domain/policy/authorities';
import { defineProfile, type DisclosureRule, type PolicyProfile } from '../../../shared/domain/policy/policy-profile';

const SOURCE = 'Bij een verkoop van (een deel van) ons bedrijf informeren wij u vooraf.';

/** A controller like ETSoft: Dutch, writes nl and en, announces a sale of its business ahead. Checked by the schema. */
export const profile: PolicyProfile = defineProfile({
  controllerId: 'etsoft',
  legalName: 'ETSoft B.V.',
  country: 'NL',
  contactEmail: 'info@etsoft.example',
  privacyEmail: 'privacy@etsoft.example',
  legalTeamEmail: 'legal@etsoft.example',
  breachContact: { name: 'ETSoft B.V.', email: 'privacy@etsoft.example', source: 'Het beleid noemt geen functionaris gegevensbescherming.' },
  sender: { address: 'privacy@etsoft.example', name: 'ETSoft Privacy', replyTo: 'info@etsoft.example' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  establishments: [{ legalName: 'ETSoft B.V.', country: 'NL', supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS }],
  disclosureRules: Object.fromEntries(
    DISCLOSURE_KINDS.map((kind): [DisclosureKind, DisclosureRule] => [
      kind,
      kind === 'merger_acquisition'
        ? {
            allowed: true,
            legalBases: ['legitimate_interests'],
            recipientKinds: ['acquirer'],
            priorConsent: false,
            subjectMayStop: false,
            notice: { mode: 'before', objectionDays: 30, deferrableUnderOrder: false },
            source: SOURCE,
          }
        : { allowed: false, source: SOURCE },
    ]),
  ) as Record<DisclosureKind, DisclosureRule>,
  internationalTransfers: { outsideEea: 'never', mechanisms: [], source: SOURCE },
  thirdPartyMarketing: { allowed: 'never', source: SOURCE },
  retention: [],
  requests: { registeredEmailOnly: true, fee: 'free', verificationLapseDays: 30, source: SOURCE },
});

export const merger: Disclosure = {
  controllerId: 'etsoft',
  disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A',
  kind: 'merger_acquisition',
  recipient: { recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE' },
  legalBasis: 'legitimate_interests',
  purpose: 'Voortzetting van de dienstverlening na de overname',
  dataCategories: ['Naam en contactgegevens', 'Klantnummer', 'Betaalgegevens'],
  // 23 November in Amsterdam, still 22 November in UTC.
  occurredAt: '2026-11-22T23:30:00Z',
  recordedAt: '2026-11-24T09:00:00Z',
  reference: 'FUS-2026-014',
  noticeMode: 'after',
};

/** ETSoft selling its business: announced ahead, subjects may object until the transfer. */
export const sale: Disclosure = {
  ...merger,
  noticeMode: 'before',
  // 1 March in Amsterdam, still 28 February in UTC.
  plannedAt: '2027-02-28T23:30:00Z',
  intentAt: '2027-01-29T23:30:00Z',
};

export const ORDER_REFERENCE = 'OM-2026-778120';
export const HOLD_REASON = 'Lopend strafrechtelijk onderzoek naar fraude';

/** A disclosure to the police that an order kept quiet until mid-January. */
export const held: Disclosure = {
  ...merger,
  kind: 'law_enforcement',
  recipient: { recipientId: 'politie', name: 'Politie Eenheid Amsterdam', kind: 'authority', country: 'NL' },
  legalBasis: 'legal_obligation',
  purpose: 'Vordering van gegevens in een strafrechtelijk onderzoek',
  noticeMode: 'deferred',
  hold: { until: '2027-01-15T23:00:00Z', reason: HOLD_REASON, orderReference: ORDER_REFERENCE },
};

export const SCRIPT = '<script>alert(1)</script>';

export const hostile: Disclosure = {
  ...merger,
  recipient: { ...merger.recipient, name: `Evil Corp\r\nBcc: all@example.com\u0085\u2028${SCRIPT}` },
  purpose: `"><img src=x onerror=alert(1)> Naam & adres`,
  dataCategories: [SCRIPT, 'Naam & adres'],
  reference: undefined,
};

/** The recipient name legal teams might type; must come out as text, never as markup. */
export const ACME = 'Acme <b>';
export const acme = (disclosure: Disclosure): Disclosure => ({
  ...disclosure,
  recipient: { ...disclosure.recipient, name: `${ACME}\r\nBcc: x@example.com` },
});

export const OBJECTION_URL = 'https://privacy.etsoft.example/o/tok_3f9a2c?lang=nl&x=1';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** Renders as SES does: strict, so a missing value throws. */
export function renderWith(template: NoticeTemplate, data: object): Rendered {
  const run = (source: string) => Handlebars.compile(source, { strict: true })(data);
  return { subject: run(template.subject), text: run(template.text), html: run(template.html) };
}

/** A disclosure notice: ReplacementTemplateData laid over DefaultTemplateData. */
export function render(
  template: NoticeTemplate,
  { disclosure = merger, name, profile: p = profile }: { disclosure?: Disclosure; name?: string; profile?: PolicyProfile } = {},
): Rendered {
  return renderWith(template, mergedData(template.locale, disclosure, name, p));
}

export function mergedData(
  locale: Locale,
  disclosure: Disclosure = merger,
  name?: string,
  p: PolicyProfile = profile,
): DisclosureNoticeData & SubjectNoticeData {
  return { ...disclosureNoticeData({ profile: p, disclosure, locale }), ...subjectNoticeData({ name }, locale) };
}

/** An intent notice, with the subject's own objection link. */
export function renderIntent(
  template: NoticeTemplate,
  { disclosure = sale, name, url = OBJECTION_URL }: { disclosure?: Disclosure; name?: string; url?: string } = {},
): Rendered {
  return renderWith(template, mergedIntentData(template.locale, disclosure, name, url));
}

export function mergedIntentData(
  locale: Locale,
  disclosure: Disclosure = sale,
  name?: string,
  url = OBJECTION_URL,
): IntentNoticeData & SubjectIntentData {
  return { ...intentNoticeData({ profile, disclosure, locale }), ...subjectIntentData({ name }, locale, url) };
}

/** What a template may contain besides text: triple-stash placeholders and #if blocks, nothing else. */
export function nonDisciplinedMustaches(source: string): string[] {
  const rest = source
    .replace(/\{\{\{[A-Za-z]+(\.[A-Za-z]+)*\}\}\}/g, '')
    .replace(/\{\{#if [A-Za-z]+(\.[A-Za-z]+)*\}\}|\{\{\/if\}\}/g, '');
  return rest.match(/\{\{|\}\}/g) ?? [];
}

/** The value at a dotted path, or undefined. */
export function lookup(data: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

/** The paths a template part names, in placeholders and #if blocks. */
export function placeholderPaths(source: string): string[] {
  return [...source.matchAll(/\{\{(?:\{|#if )([A-Za-z.]+)\}\}/g)].map((match) => match[1]!);
}
