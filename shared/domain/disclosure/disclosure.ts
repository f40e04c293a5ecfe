import type { Locale } from '../locale';

export const DISCLOSURE_KINDS = ['merger_acquisition', 'law_enforcement', 'processor_handoff'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/** GDPR Art. 6(1) (a) to (f). */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const RECIPIENT_KINDS = [
  'acquirer',
  'authority',
  'processor',
  'courier',
  'payment_provider',
  'debt_collector',
  'fraud_exchange',
  'business_partner',
  'professional_adviser',
  'other',
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface Recipient {
  controllerId: string;
  recipientId: string;
  name: string;
  kind: RecipientKind;
  /** ISO 3166-1 alpha-2. */
  country: string;
  contactEmail?: string;
  webhookUrl?: string;
}

/** What a disclosure keeps of its recipient: who they were when the data went, for the evidence. */
export type RecipientSnapshot = Pick<Recipient, 'recipientId' | 'name' | 'kind' | 'country'>;

export type Audience = { subjectIds: string[] } | { all: true };

export interface Disclosure {
  controllerId: string;
  disclosureId: string;
  kind: DisclosureKind;
  recipient: RecipientSnapshot;
  legalBasis: LegalBasis;
  purpose: string;
  dataCategories: string[];
  /** When the data went to the recipient (ISO 8601). */
  occurredAt: string;
  /** When the legal team recorded it (ISO 8601). */
  recordedAt: string;
  reference?: string;
}

export interface Subject {
  controllerId: string;
  subjectId: string;
  email: string;
  locale: Locale;
  name?: string;
}
