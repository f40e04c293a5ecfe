import type { LocalizedText, PolicyProfile } from '../policy/policy-profile';

/** Why data outlives an erasure request (Art. 17(3)): the policy's retention rule, a legal hold, an open dispute. */
export const RETENTION_REASONS = ['policy', 'legal_hold', 'open_dispute'] as const;
export type RetentionReason = (typeof RETENTION_REASONS)[number];

export const HOLD_GROUNDS = ['legal_hold', 'open_dispute'] as const;
export type HoldGround = (typeof HOLD_GROUNDS)[number];

/** When the period of one of the profile's retention rules started for this subject (an invoice date, the end of a contract). */
export interface RetentionStart {
  category: string;
  /** `YYYY-MM-DD`. */
  from: string;
}

/** Data the legal team must keep beyond the profile's rules: under a legal hold or needed for an open dispute. */
export interface ErasureHold {
  category: string;
  ground: HoldGround;
  /** The legal team's words: which hold, which dispute. */
  detail: string;
  /** `YYYY-MM-DD`, when the hold is known to end; none while that is open. */
  until?: string;
}

/** A category of the subject's data kept when the rest is erased: what keeps it, and until when. */
export interface RetainedCategory {
  /** `policy`: the rule's stable English key; holds: the category as the legal team typed it. */
  category: string;
  /** `policy` only: the category in each language, as the subject reads it (kept before this was recorded carry none). */
  label?: LocalizedText;
  reason: RetentionReason;
  /** `policy` only: the profile's rule, with the policy sentence it comes from. */
  rule?: { period: string; from: string; source: string };
  /** `policy` with a period in years, months, weeks or days: the day it counts from (`YYYY-MM-DD`). */
  startsOn?: string;
  /** Holds only: the legal team's words, until the request completes. */
  detail?: string;
  /** Holds only, once the request completed: the hash of the legal team's words, which then leave the item. */
  detailSha256?: string;
  /**
   * `YYYY-MM-DD`, the day it may go. None for a `statutory` rule (until the legal period ends), an
   * `until_settled` one (until the dispute is settled), or a hold with no known end.
   */
  until?: string;
}

const ISO_PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;
const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day `YYYY-MM-DD` as midnight UTC; throws for anything else (2027-02-29 included). Plain
 * arithmetic here: the holiday calendar deadlines need stays out of what only counts days.
 */
function utcDay(day: string): Date {
  const match = CALENDAR_DAY.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== day) throw new RangeError(`Not a calendar day YYYY-MM-DD: '${day}'`);
  return date;
}

/** Whether a rule's period is a length of time (`P7Y`), rather than `statutory` or `until_settled`. */
export function isIsoPeriod(period: string): boolean {
  return ISO_PERIOD.test(period) && period !== 'P';
}

/**
 * `day` plus an ISO 8601 period of years, months, weeks and days, in the calendar: years and months first,
 * landing on the last day of the month when the day does not exist there (2024-02-29 + P7Y = 2031-02-28,
 * 2026-01-31 + P1M = 2026-02-28), then weeks and days.
 */
export function addIsoPeriod(day: string, period: string): string {
  const start = utcDay(day);
  const match = ISO_PERIOD.exec(period);
  if (!match || period === 'P') throw new RangeError(`Not an ISO 8601 period of years, months, weeks and days: '${period}'`);
  const [, years = '0', months = '0', weeks = '0', days = '0'] = match;
  const month = start.getUTCMonth() + Number(years) * 12 + Number(months);
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(start.getUTCFullYear(), month, Math.min(start.getUTCDate(), lastDay) + Number(weeks) * 7 + Number(days)));
  return end.toISOString().slice(0, 10);
}

/** The categories of `starts` the profile has no retention rule for: a start for those means nothing. */
export function unknownRetentionCategories(profile: Pick<PolicyProfile, 'retention'>, starts: readonly RetentionStart[]): string[] {
  const known = new Set(profile.retention.map((rule) => rule.category));
  return starts.map((start) => start.category).filter((category) => !known.has(category));
}

/**
 * What an erasure keeps, listed per category: every retention rule of the profile, with the day its period
 * ends (counted from the start the legal team gave, or else from the execution day), and every hold the
 * legal team named, with its end when known.
 */
export function retainedCategories(
  profile: Pick<PolicyProfile, 'retention'>,
  decisions: { retentionStarts?: readonly RetentionStart[]; holds?: readonly ErasureHold[] },
  executionDay: string,
): RetainedCategory[] {
  utcDay(executionDay);
  const starts = new Map((decisions.retentionStarts ?? []).map((start) => [start.category, start.from]));
  const byPolicy = profile.retention.map(({ category, label, period, from, source }): RetainedCategory => {
    const rule = { period, from, source };
    if (!isIsoPeriod(period)) return { category, label, reason: 'policy', rule };
    const startsOn = starts.get(category) ?? executionDay;
    return { category, label, reason: 'policy', rule, startsOn, until: addIsoPeriod(startsOn, period) };
  });
  const byHold = (decisions.holds ?? []).map(({ category, ground, detail, until }): RetainedCategory => ({
    category,
    reason: ground,
    detail,
    ...(until ? { until } : {}),
  }));
  return [...byPolicy, ...byHold];
}
