import type { Disclosure, Subject } from '../../shared/domain/disclosure/disclosure';
import type { DisclosureProgress } from '../../shared/domain/disclosure/disclosure-status';
import type { Locale } from '../../shared/domain/locale';
import { defineProfile, type PolicyProfile } from '../../shared/domain/policy/policy-profile';
import type { NotifyMessage, PlanMessage } from '../../shared/messages/pipeline-messages';

export const CONTROLLER_ID = 'acme-care';
export const DISCLOSURE_ID = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';

/** A valid profile input (not yet checked), for tests that break one field of it. */
export function profileInput(overrides: Partial<PolicyProfile> = {}): PolicyProfile {
  return {
    controllerId: CONTROLLER_ID,
    legalName: 'Acme Care B.V.',
    country: 'NL',
    contactEmail: 'contact@acme-care.example',
    privacyEmail: 'privacy@acme-care.example',
    sender: { address: 'notices@acme-care.example', name: 'Acme Care Privacy', replyTo: 'dpo@acme-care.example' },
    languages: ['nl', 'en'],
    defaultLocale: 'nl',
    supervisoryAuthority: { name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl' },
    disclosureNotice: { mode: 'after', source: 'We tell you when we share your data.' },
    ...overrides,
  };
}

export function aProfile(overrides: Partial<PolicyProfile> = {}): PolicyProfile {
  return defineProfile(profileInput(overrides));
}

export function aDisclosure(overrides: Partial<Disclosure> = {}): Disclosure {
  return {
    controllerId: CONTROLLER_ID,
    disclosureId: DISCLOSURE_ID,
    kind: 'merger_acquisition',
    recipient: { recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE' },
    legalBasis: 'legitimate_interests',
    purpose: 'Continuing the service after the acquisition',
    dataCategories: ['Name and contact details', 'Customer number'],
    occurredAt: '2026-11-22T23:30:00Z',
    recordedAt: '2026-11-24T09:00:00Z',
    reference: 'FUS-2026-014',
    ...overrides,
  };
}

export function aSubject(subjectId: string, locale: Locale = 'nl', overrides: Partial<Subject> = {}): Subject {
  return {
    controllerId: CONTROLLER_ID,
    subjectId,
    email: `${subjectId}@mail.example`,
    locale,
    name: `Name of ${subjectId}`,
    ...overrides,
  };
}

/** `count` subjects with ids that sort in creation order; `localeOf` decides each one's language. */
export function manySubjects(count: number, localeOf: (index: number) => Locale = () => 'nl', prefix = 'subject'): Subject[] {
  return Array.from({ length: count }, (_, index) => aSubject(`${prefix}-${String(index).padStart(5, '0')}`, localeOf(index)));
}

export function aProgress(overrides: Partial<DisclosureProgress> = {}): DisclosureProgress {
  return { partsTotal: 1, partsPlanned: 0, subjects: 0, notified: 0, failed: 0, suppressed: 0, ...overrides };
}

export function aShardMessage(shard: number, cursor?: string): PlanMessage {
  return { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, part: { shard, ...(cursor ? { cursor } : {}) } };
}

export function aSliceMessage(slice: number, subjectIds: string[]): PlanMessage {
  return { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, part: { slice, subjectIds } };
}

/** A notify chunk; its part is the one its workId names (`plan#<partKey>#…`), as the planner names chunks. */
export function aNotifyMessage(
  subjectIds: string[],
  locale: Locale = 'nl',
  workId = `plan#slice-0#${locale}#0`,
  partKey = workId.split('#')[1] ?? 'slice-0',
): NotifyMessage {
  return { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, workId, partKey, locale, subjectIds };
}
