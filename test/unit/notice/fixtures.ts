import Handlebars from 'handlebars';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import type { Locale } from '../../../shared/domain/locale';
import {
  disclosureNoticeData,
  subjectNoticeData,
  type DisclosureNoticeData,
  type SubjectNoticeData,
} from '../../../shared/domain/notice/disclosure-notice-data';
import type { NoticeTemplate } from '../../../shared/domain/notice/disclosure-notice-template';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';

export const merger: Disclosure = {
  controllerId: 'softmedex',
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
};

export const SCRIPT = '<script>alert(1)</script>';

export const hostile: Disclosure = {
  ...merger,
  recipient: { ...merger.recipient, name: `Evil Corp\r\nBcc: all@example.com\u0085\u2028${SCRIPT}` },
  purpose: `"><img src=x onerror=alert(1)> Naam & adres`,
  dataCategories: [SCRIPT, 'Naam & adres'],
  reference: undefined,
};

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** Renders as SES does: ReplacementTemplateData laid over DefaultTemplateData. Strict, so a missing value throws. */
export function render(
  template: NoticeTemplate,
  { disclosure = merger, name, profile = softmedex }: { disclosure?: Disclosure; name?: string; profile?: PolicyProfile } = {},
): Rendered {
  const data = mergedData(template.locale, disclosure, name, profile);
  const run = (source: string) => Handlebars.compile(source, { strict: true })(data);
  return { subject: run(template.subject), text: run(template.text), html: run(template.html) };
}

export function mergedData(
  locale: Locale,
  disclosure: Disclosure = merger,
  name?: string,
  profile: PolicyProfile = softmedex,
): DisclosureNoticeData & SubjectNoticeData {
  return { ...disclosureNoticeData({ profile, disclosure, locale }), ...subjectNoticeData({ name }, locale) };
}
