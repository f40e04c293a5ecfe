import type { NoticeTrack } from '../../shared/adapters/dynamo/ledger-store';
import type { Disclosure, Subject } from '../../shared/domain/disclosure/disclosure';
import { emptyProgress, type DisclosureProgress } from '../../shared/domain/disclosure/disclosure-status';
import type { Locale } from '../../shared/domain/locale';
import { defineProfile, type PolicyProfile } from '../../shared/domain/policy/policy-profile';
import { softmedex } from '../../shared/domain/policy/profiles/softmedex';
import type { NoticeChunk, PlanMessage, PlanPhase } from '../../shared/messages/pipeline-messages';

export const CONTROLLER_ID = 'acme-care';
export const DISCLOSURE_ID = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';

/**
 * A valid profile input (not yet checked), for tests that break one field of it: the rules of the real
 * Softmedex profile (every kind it lists told `after`, processors `none`, law enforcement deferrable under an
 * order, transfers outside the EEA with safeguards, no third-party marketing) under the identity of Acme Care.
 */
export function profileInput(overrides: Partial<PolicyProfile> = {}): PolicyProfile {
  return structuredClone({
    ...softmedex,
    controllerId: CONTROLLER_ID,
    legalName: 'Acme Care B.V.',
    country: 'NL',
    contactEmail: 'contact@acme-care.example',
    privacyEmail: 'privacy@acme-care.example',
    legalTeamEmail: 'legal@acme-care.example',
    breachContact: { name: 'Acme Care B.V.', email: 'privacy@acme-care.example', source: 'Het beleid noemt geen functionaris gegevensbescherming.' },
    sender: { address: 'notices@acme-care.example', name: 'Acme Care Privacy', replyTo: 'dpo@acme-care.example' },
    languages: ['nl', 'en'],
    defaultLocale: 'nl',
    supervisoryAuthority: { name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl' },
    establishments: [
      {
        legalName: 'Acme Care B.V.',
        country: 'NL',
        supervisoryAuthority: { name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl' },
      },
    ],
    ...overrides,
  });
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
    noticeMode: 'after',
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

/** Counters at zero, one part, unless the test says otherwise. */
export function aProgress(overrides: Partial<DisclosureProgress> = {}): DisclosureProgress {
  return { ...emptyProgress(1), ...overrides };
}

export function aShardMessage(shard: number, cursor?: string, phase: PlanPhase = 'notify'): PlanMessage {
  return { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase, part: { shard, ...(cursor ? { cursor } : {}) } };
}

export function aSliceMessage(slice: number, subjectIds: string[], phase: PlanPhase = 'notify'): PlanMessage {
  return { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase, part: { slice, subjectIds } };
}

/**
 * A notice chunk (of ledger notices, or intent notices with `track` intent); its part is the one its workId
 * names (`plan#<partKey>#…`), as the planner names chunks.
 */
export function aNotifyMessage(
  subjectIds: string[],
  locale: Locale = 'nl',
  workId = `plan#slice-0#${locale}#0`,
  partKey = workId.split('#')[1] ?? 'slice-0',
  track: NoticeTrack = 'ledger',
): NoticeChunk {
  return { type: 'notice-chunk', track, controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, workId, partKey, locale, subjectIds };
}
