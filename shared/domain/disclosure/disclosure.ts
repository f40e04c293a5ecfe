import type { Locale } from '../locale';

export const DISCLOSURE_KINDS = [
  'merger_acquisition',
  'law_enforcement',
  'processor_handoff',
  /** A government or tax request that is not criminal law enforcement. */
  'legal_obligation',
  /** Couriers, payment providers: third parties carrying out an order. */
  'order_fulfilment',
  'debt_collection',
  /** Fraud and credit-risk exchange. */
  'fraud_prevention',
  'business_partner',
  /** Lawyers, accountants, bailiffs. */
  'professional_adviser',
] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/**
 * When subjects hear of a disclosure: `after` it is recorded; `before` it happens, with a window to
 * object; `deferred` until a non-disclosure order ends; `none` when the policy promises no notice.
 */
export const NOTICE_MODES = ['after', 'before', 'deferred', 'none'] as const;
export type NoticeMode = (typeof NOTICE_MODES)[number];

/** GDPR Chapter V safeguards for a transfer outside the EEA: adequacy decision, SCCs, binding corporate rules. */
export const TRANSFER_MECHANISMS = ['adequacy', 'sccs', 'bcr'] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/**
 * Why a subject of the audience got no ledger entry for a disclosure: the policy left them out (no consent,
 * opted out), they objected to the transfer, or their erasure began before their entry was written.
 */
export const EXCLUSION_REASONS = ['no_consent', 'opted_out', 'objected', 'erased'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A non-disclosure order: no subject hears of the disclosure before `until`. */
export interface Hold {
  until: string;
  reason: string;
  orderReference: string;
}

/** A disclosure the profile does not allow, approved as an exception by someone who may. */
export interface PolicyException {
  reason: string;
  approvedBy: string;
  /** The rules the disclosure breaks, by id. */
  rules: string[];
}

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
  /** Suppliers the controller needs to carry out a contract (D Soft). */
  'supplier',
  /** Banks, insurers and brokers. */
  'financial_institution',
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
  /** The language the recipient is written to (erasure notices); the controller's default when not given. */
  locale?: Locale;
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
  /** How and when subjects hear of it, as the profile's rule for its kind (and a hold) decide. */
  noticeMode: NoticeMode;
  /** `before` only: when the transfer is to happen; objections are taken until then. */
  plannedAt?: string;
  /** `before` only: when the intent notices go out (`plannedAt` minus the profile's objection days). */
  intentAt?: string;
  /** `deferred` only. */
  hold?: Hold;
  transferMechanism?: TransferMechanism;
  /** The recipient will use the data for its own marketing. */
  thirdPartyMarketing?: boolean;
  /** Subjects left out unless they gave prior consent to this kind. */
  requiresPriorConsent?: boolean;
  /** Subjects who asked to stop this kind of sharing are left out. */
  honoursOptOut?: boolean;
  exception?: PolicyException;
}

/** What a subject told the controller about sharing: consent given ahead, and sharing they asked to stop. */
export interface SharingPreferences {
  consentTo: DisclosureKind[];
  stopSharing: DisclosureKind[];
}

export interface Subject {
  controllerId: string;
  subjectId: string;
  email: string;
  locale: Locale;
  name?: string;
  preferences?: SharingPreferences;
  /** The categories of data the controller holds on the subject, as it names them: a breach's `category` audience reads them. */
  dataCategories?: string[];
}
