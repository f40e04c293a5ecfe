import type { NoticeStatus } from '../disclosure/notice';
import { LISTED_DISCLOSURES } from '../notice/breach-notice-data';
import type { BreachDisclosure } from './breach-notice';

/** A ledger entry of the breached recipient, as the `byRecipient` index gives it: ids, dates and categories only. */
export interface RecipientLedgerEntry extends BreachDisclosure {
  subjectId: string;
  /** The subject's notice of that disclosure: `held` while a non-disclosure order keeps it quiet. */
  noticeStatus: NoticeStatus;
}

export interface RecipientAudienceMember {
  subjectId: string;
  /**
   * What of the subject's went to the recipient before the breach, oldest first, each disclosure once: the latest
   * LISTED_DISCLOSURES only (what the notice lists), so a subject with thousands keeps its page and notice small.
   */
  disclosures: BreachDisclosure[];
  /** How many disclosures before those were left out, counted (the notice says "and N earlier"); absent when none. */
  earlierDisclosures?: number;
}

export interface RecipientAudience {
  members: RecipientAudienceMember[];
  /** Subjects left out because every disclosure of theirs that counts is still under a non-disclosure order. */
  excludedUnderOrder: number;
}

/**
 * Who of a page of the breached recipient's ledger is told, and what each notice names: the subjects whose data
 * went there at or before `disclosedUpTo` (what came later was not there when the breach happened). A disclosure
 * whose notice is still `held` is never named: telling the subject would break the order. A subject with only such
 * disclosures is left out and counted; one with others is told of those. Entries come grouped by subject (the
 * index's order); a subject is one member however many disclosures it has, in the order first seen.
 */
export function recipientAudience(entries: readonly RecipientLedgerEntry[], disclosedUpTo: string): RecipientAudience {
  const cutOff = Date.parse(disclosedUpTo);
  const bySubject = Map.groupBy(
    entries.filter((entry) => Date.parse(entry.disclosedAt) <= cutOff),
    (entry) => entry.subjectId,
  );
  const members: RecipientAudienceMember[] = [];
  let excludedUnderOrder = 0;
  for (const [subjectId, subjectEntries] of bySubject) {
    const told = subjectEntries.filter((entry) => entry.noticeStatus !== 'held');
    if (told.length === 0) {
      excludedUnderOrder++;
      continue;
    }
    const disclosures = [...new Map(told.map(({ disclosureId, disclosedAt, kind, dataCategories }) => [disclosureId, { disclosureId, disclosedAt, kind, dataCategories }])).values()];
    const ordered = disclosures.sort((a, b) => Date.parse(a.disclosedAt) - Date.parse(b.disclosedAt));
    const earlierDisclosures = Math.max(0, ordered.length - LISTED_DISCLOSURES);
    members.push({ subjectId, disclosures: ordered.slice(earlierDisclosures), ...(earlierDisclosures > 0 ? { earlierDisclosures } : {}) });
  }
  return { members, excludedUnderOrder };
}
