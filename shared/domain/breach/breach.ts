import type { Actor } from '../evidence/actor';
import type { Locale } from '../locale';

/** What the breach touched (the EDPB's three kinds): disclosure or access, alteration, loss of access. */
export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachNature = (typeof BREACH_NATURES)[number];

/** The risk to people's rights and freedoms, as the controller assessed it (Art. 33(1), 34(1)). */
export const BREACH_RISKS = ['none', 'risk', 'high'] as const;
export type BreachRisk = (typeof BREACH_RISKS)[number];

/** Why subjects need not be told of a high-risk breach (Art. 34(3)(a), (b), (c)). */
export const NOTICE_EXEMPTIONS = ['encrypted', 'mitigated', 'disproportionate_effort'] as const;
export type NoticeExemption = (typeof NOTICE_EXEMPTIONS)[number];

/** The phases of a filing with the supervisory authority (Art. 33(4)). */
export const FILING_PHASES = ['initial', 'supplement', 'withdrawal'] as const;
export type FilingPhase = (typeof FILING_PHASES)[number];

/** Where the breach happened: at the controller, or at a recipient the controller disclosed data to. */
export type BreachSource = { type: 'internal' } | { type: 'recipient'; recipientId: string };

/** A personal-data breach as the DPO registered it (Art. 33(5): every breach, whatever follows). */
export interface BreachReport {
  controllerId: string;
  breachId: string;
  /** When the controller became aware: the 72 hours of Art. 33(1) run from here. */
  awareAt: string;
  occurredAt?: string;
  description: string;
  nature: BreachNature[];
  dataCategories: string[];
  specialCategories?: string[];
  approxSubjects: number;
  approxRecords: number;
  likelyConsequences: string;
  measuresTaken: string;
  measuresProposed: string;
  source: BreachSource;
  recordedAt: string;
  recordedBy: Actor;
}

export interface BreachAssessment {
  risk: BreachRisk;
  reasoning: string;
  /** Who assessed, as the body names them (a person's role or name, chosen by the legal team). */
  assessedBy: string;
  /** With `high`: why subjects are not told (Art. 34(3)); `disproportionate_effort` needs a public communication. */
  exemption?: { ground: NoticeExemption; reasoning: string };
  assessedAt: string;
  recordedBy: Actor;
}

export interface BreachFiling {
  filingId: string;
  phase: FilingPhase;
  /** When the filing was made on the authority's form, as the legal team states it. */
  filedAt: string;
  filedBy: string;
  /** The authority's reference for the filing (its case or receipt number). */
  reference: string;
  /** The authority filed with: its country (NL: Autoriteit Persoonsgegevens, BE: GBA). */
  authorityCountry: string;
  /** Required when the first filing comes after the 72 hours (Art. 33(1)). */
  delayReasons?: string;
  recordedAt: string;
  recordedBy: Actor;
}

/** The words of a subject notice in one language, written by the legal team (Art. 34(2), in plain language). */
export interface BreachNoticeWords {
  /** What happened, plainly. */
  nature: string;
  consequences: string;
  measures: string;
  /** What the subject can do to protect themselves. */
  advice: string;
}

/** Who is told of a high-risk breach (Art. 34(1)). */
export type BreachAudience =
  | { type: 'list'; subjectIds: string[] }
  | { type: 'category'; category: string }
  | { type: 'all' }
  /** Every subject whose data the ledger shows went to the breached recipient before the breach. */
  | { type: 'recipient' };

/**
 * The audience as started notices keep it on the breach: a list by its size and the hash of each slice (up to
 * 10 000 ids would not fit on the breach's item; the slices travel in the plan messages, checked against these).
 */
export type KeptBreachAudience = Exclude<BreachAudience, { type: 'list' }> | { type: 'list'; subjects: number; slicesSha256: string[] };

export interface BreachNoticeCampaign {
  audience: KeptBreachAudience;
  words: Partial<Record<Locale, BreachNoticeWords>>;
  /** Ledger entries disclosed at or before this instant count (`occurredAt`, or `awareAt` when unknown). */
  disclosedUpTo?: string;
  partsTotal: number;
  startedAt: string;
  startedBy: Actor;
}

/** A public communication made instead of individual notices (Art. 34(3)(c)), as recorded. */
export interface PublicCommunication {
  publishedAt: string;
  channel: string;
  url?: string;
  recordedAt: string;
  recordedBy: Actor;
}

/** The breach as stored: the report and everything decided and done since. */
export interface StoredBreach {
  report: BreachReport;
  /** The latest assessment; earlier ones are in the evidence. */
  assessment?: BreachAssessment;
  filings: BreachFiling[];
  /** Minutes the first filing came after the 72 hours, frozen when it was recorded (0 when in time). */
  lateByMinutes?: number;
  notices?: BreachNoticeCampaign;
  publicCommunication?: PublicCommunication;
  /** Set by a `none` assessment: documented, nothing to file or tell. */
  closedAt?: string;
}
