import type { DisclosureKind, Hold, LegalBasis, NoticeMode, RecipientKind, TransferMechanism } from '../disclosure/disclosure';
import type { PolicyProfile } from './policy-profile';

/** What the guard looks at: the disclosure as the legal team asks to record it, with its recipient. */
export interface DisclosureRequest {
  kind: DisclosureKind;
  legalBasis: LegalBasis;
  recipient: { kind: RecipientKind; country: string };
  transferMechanism?: TransferMechanism;
  thirdPartyMarketing?: boolean;
  plannedAt?: string;
  occurredAt?: string;
  hold?: Hold;
}

/** A published rule the disclosure breaks: which rule, in words, and the policy sentence it comes from. */
export interface RuleViolation {
  /** Path of the rule in the profile, e.g. `disclosureRules.merger_acquisition`, `internationalTransfers`. */
  rule: string;
  message: string;
  source: string;
}

/** A field that cannot work under this profile whatever anyone approves (400, not an exception). */
export interface GuardFieldError {
  field: string;
  message: string;
}

/** How the disclosure is kept if recorded: its notice mode and who is left out of its audience. */
export interface DisclosureTreatment {
  noticeMode: NoticeMode;
  /** `before`: when the intent notices go out (plannedAt minus the objection days). */
  intentAt?: string;
  requiresPriorConsent: boolean;
  honoursOptOut: boolean;
}

export interface GuardDecision {
  fieldErrors: GuardFieldError[];
  /** Empty when the profile allows the disclosure; otherwise it needs an approved exception. */
  violations: RuleViolation[];
  treatment: DisclosureTreatment;
}
