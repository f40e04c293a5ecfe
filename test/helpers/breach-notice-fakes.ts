import type {
  BreachNoticeEntry,
  BreachNoticeStore,
  CompletedBreachWork,
  NewBreachNotice,
  PinnedBreachPage,
} from '../../shared/adapters/dynamo/breach-notice-store';
import type { LedgerStore, RecipientLedgerPage } from '../../shared/adapters/dynamo/ledger-store';
// The counting rules are the production ones: the fake keeps notices in memory, not its own arithmetic.
import {
  BREACH_NOTICE_COUNTED,
  createdNoticeIncrements,
  noBreachNoticeCounts,
  settledNoticeIncrements,
  type BounceOutcome,
  type BreachNoticeCounts,
  type BreachNoticeIncrements,
  type BreachNoticeStatus,
} from '../../shared/domain/breach/breach-notice';
import type { RecipientLedgerEntry } from '../../shared/domain/breach/recipient-audience';
import type { NoticeOutcome } from '../../shared/domain/disclosure/notice';

export interface BreachCompleteWorkCall extends CompletedBreachWork {
  /** False when the work was done before: the call changed nothing. */
  counted: boolean;
}

interface StoredNotice extends BreachNoticeEntry {
  createdAt: string;
  noticeAt?: string;
  bouncedAt?: string;
}

/** What `breachPartKey` names; any other part key is a wiring error, not a silent pass. */
const PART_KEY = /^(shard-\d+|slice-\d+|recipient)$/;

/**
 * A breach's subject notices in memory, with the store's promises: a notice is created once (a second create
 * changes and counts nothing), settled only while queued, marked bounced only once sent; each change adds to its
 * part's counters, which `progress` sums; a unit of work is marked done once (a repeated workId adds no count and
 * answers false); a page is pinned once and every later pin answers the first reading.
 */
export class InMemoryBreachNoticeStore
  implements Pick<BreachNoticeStore, 'writeNotices' | 'noticeEntries' | 'recordNotices' | 'markBounced' | 'progress' | 'completeWork' | 'finishedWork' | 'pinPage'>
{
  readonly writes: { breachId: string; partKey: string; notices: NewBreachNotice[] }[] = [];
  readonly completeWorkCalls: BreachCompleteWorkCall[] = [];
  private readonly notices = new Map<string, StoredNotice>();
  private readonly parts = new Map<string, BreachNoticeCounts>();
  private readonly done = new Map<string, Record<string, unknown>>();
  private readonly pinned = new Map<string, PinnedBreachPage>();

  private static key(...parts: string[]): string {
    return JSON.stringify(parts);
  }

  async writeNotices(controllerId: string, breachId: string, partKey: string, notices: readonly NewBreachNotice[], now: string): Promise<void> {
    this.writes.push(structuredClone({ breachId, partKey, notices: [...notices] }));
    for (const { subjectId, noticeStatus, disclosures, earlierDisclosures } of notices) {
      const key = InMemoryBreachNoticeStore.key(controllerId, breachId, subjectId);
      if (this.notices.has(key)) continue;
      this.notices.set(key, {
        subjectId,
        noticeStatus,
        partKey,
        createdAt: now,
        ...(noticeStatus === 'suppressed' ? { noticeAt: now } : {}),
        ...(disclosures ? { disclosures: structuredClone(disclosures) } : {}),
        ...(earlierDisclosures ? { earlierDisclosures } : {}),
      });
      this.add(controllerId, breachId, partKey, createdNoticeIncrements(noticeStatus));
    }
  }

  async noticeEntries(controllerId: string, breachId: string, subjectIds: readonly string[]): Promise<Map<string, BreachNoticeEntry>> {
    const entries = new Map<string, BreachNoticeEntry>();
    for (const subjectId of subjectIds) {
      const notice = this.notices.get(InMemoryBreachNoticeStore.key(controllerId, breachId, subjectId));
      if (notice) {
        const { createdAt: _createdAt, noticeAt: _noticeAt, bouncedAt: _bouncedAt, ...entry } = structuredClone(notice);
        entries.set(subjectId, entry);
      }
    }
    return entries;
  }

  async recordNotices(controllerId: string, breachId: string, partKey: string, outcomes: readonly NoticeOutcome[], now: string): Promise<void> {
    for (const { subjectId, status, messageId } of outcomes) {
      const notice = this.notices.get(InMemoryBreachNoticeStore.key(controllerId, breachId, subjectId));
      if (notice?.noticeStatus !== 'queued') continue;
      Object.assign(notice, { noticeStatus: status, noticeAt: now, ...(messageId ? { messageId } : {}) });
      this.add(controllerId, breachId, partKey, settledNoticeIncrements(status));
    }
  }

  async markBounced(controllerId: string, breachId: string, subjectId: string, bounce: { bouncedAt: string; messageId: string }): Promise<BounceOutcome> {
    const notice = this.notices.get(InMemoryBreachNoticeStore.key(controllerId, breachId, subjectId));
    if (notice?.noticeStatus === 'bounced') return 'already-bounced';
    if (notice?.noticeStatus === 'queued') return 'not-sent-yet';
    if (notice?.noticeStatus !== 'sent') return 'no-notice';
    Object.assign(notice, { noticeStatus: 'bounced', bouncedAt: bounce.bouncedAt });
    this.add(controllerId, breachId, notice.partKey, { bounced: 1 });
    return 'bounced';
  }

  async progress(controllerId: string, breachId: string): Promise<BreachNoticeCounts> {
    const sum = noBreachNoticeCounts();
    for (const [key, counts] of this.parts) {
      const [c, b] = JSON.parse(key) as string[];
      if (c !== controllerId || b !== breachId) continue;
      for (const field of BREACH_NOTICE_COUNTED) sum[field] += counts[field];
    }
    return sum;
  }

  async completeWork(work: CompletedBreachWork): Promise<boolean> {
    const { controllerId, breachId, workId, result = {}, counters } = work;
    const key = InMemoryBreachNoticeStore.key(controllerId, breachId, workId);
    const counted = !this.done.has(key);
    this.completeWorkCalls.push(structuredClone({ ...work, result, counted }));
    if (!counted) return false;
    this.done.set(key, structuredClone(result));
    if (counters) this.add(controllerId, breachId, counters.partKey, counters.increments);
    return true;
  }

  async finishedWork(controllerId: string, breachId: string, workId: string): Promise<{ result: Record<string, unknown> } | undefined> {
    const result = this.done.get(InMemoryBreachNoticeStore.key(controllerId, breachId, workId));
    return result ? { result: structuredClone(result) } : undefined;
  }

  async pinPage(controllerId: string, breachId: string, partId: string, page: PinnedBreachPage): Promise<PinnedBreachPage> {
    const key = InMemoryBreachNoticeStore.key(controllerId, breachId, partId);
    if (!this.pinned.has(key)) this.pinned.set(key, structuredClone(page));
    return structuredClone(this.pinned.get(key)!);
  }

  /** The notice of a subject as stored (status, part, disclosures, times), if there is one. */
  notice(controllerId: string, breachId: string, subjectId: string): StoredNotice | undefined {
    const notice = this.notices.get(InMemoryBreachNoticeStore.key(controllerId, breachId, subjectId));
    return notice ? structuredClone(notice) : undefined;
  }

  /** Every subject's notice status of a breach, by subject id. */
  statuses(controllerId: string, breachId: string): Record<string, BreachNoticeStatus> {
    const ofBreach = ([key]: [string, StoredNotice]) => {
      const [c, b] = JSON.parse(key) as string[];
      return c === controllerId && b === breachId;
    };
    return Object.fromEntries([...this.notices].filter(ofBreach).map(([, notice]) => [notice.subjectId, notice.noticeStatus]));
  }

  /** One part's counters, as counted so far. */
  counters(controllerId: string, breachId: string, partKey: string): BreachNoticeCounts | undefined {
    const counts = this.parts.get(InMemoryBreachNoticeStore.key(controllerId, breachId, partKey));
    return counts ? { ...counts } : undefined;
  }

  private add(controllerId: string, breachId: string, partKey: string, increments: BreachNoticeIncrements): void {
    if (!PART_KEY.test(partKey)) throw new Error(`InMemoryBreachNoticeStore: '${partKey}' is no part key`);
    const key = InMemoryBreachNoticeStore.key(controllerId, breachId, partKey);
    const counts = this.parts.get(key) ?? noBreachNoticeCounts();
    for (const [field, value] of Object.entries(increments) as [keyof BreachNoticeCounts, number][]) counts[field] += value;
    this.parts.set(key, counts);
  }
}

/** A ledger entry of a recipient, as a test seeds it. */
export interface SeededRecipientEntry extends RecipientLedgerEntry {
  controllerId: string;
  recipientId: string;
}

/**
 * The `byRecipient` index in memory: a recipient's ledger entries in the index's order (`S#<subjectId>#D#<disclosureId>`),
 * paged as the real store pages them: after the cursor's subject, each subject's entries whole (a subject is never
 * split between pages; one with more entries than the limit fills a page alone).
 */
export class InMemoryRecipientLedger implements Pick<LedgerStore, 'recipientLedgerPage'> {
  readonly pageRequests: { recipientId: string; cursor: string | undefined; limit: number }[] = [];
  private readonly entries: SeededRecipientEntry[] = [];

  constructor(entries: readonly SeededRecipientEntry[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: SeededRecipientEntry): void {
    this.entries.push(structuredClone(entry));
  }

  async recipientLedgerPage(controllerId: string, recipientId: string, cursor: string | undefined, limit: number): Promise<RecipientLedgerPage> {
    this.pageRequests.push({ recipientId, cursor, limit });
    const sortKey = (entry: RecipientLedgerEntry) => `S#${entry.subjectId}#D#${entry.disclosureId}`;
    const after = this.entries
      .filter((entry) => entry.controllerId === controllerId && entry.recipientId === recipientId)
      .filter((entry) => cursor === undefined || sortKey(entry) > `S#${cursor}#D#~`)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
      .map(({ controllerId: _c, recipientId: _r, ...entry }) => entry);
    const page: RecipientLedgerEntry[] = [];
    for (const [subjectId, subjectEntries] of Map.groupBy(after, (entry) => entry.subjectId)) {
      if (page.length > 0 && page.length + subjectEntries.length > limit) return { entries: page, nextCursor: page.at(-1)!.subjectId };
      page.push(...subjectEntries);
      if (page.length >= limit && after.at(-1)!.subjectId !== subjectId) return { entries: page, nextCursor: subjectId };
    }
    return { entries: page };
  }
}
