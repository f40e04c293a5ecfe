import type { Counted, CounterIncrements } from '../../shared/adapters/dynamo/counters';
import type { CompletedWork, DisclosureStore, FinishedWork, PinnedPage, StoredDisclosure } from '../../shared/adapters/dynamo/disclosure-store';
import type { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import type { AudiencePage, SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import type { BulkEmail, BulkEmailResult, Mailer } from '../../shared/adapters/ses/mailer';
import type { QueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { audienceShard } from '../../shared/domain/audience/shard';
import type { Clock } from '../../shared/domain/clock';
import type { Disclosure, Subject } from '../../shared/domain/disclosure/disclosure';
import type { DisclosureProgress } from '../../shared/domain/disclosure/disclosure-status';
import type { NoticeOutcome, NoticeStatus } from '../../shared/domain/disclosure/notice';

export interface CompleteWorkCall {
  controllerId: string;
  disclosureId: string;
  workId: string;
  now: string;
  result: Record<string, unknown>;
  counters?: { partKey: string; increments: CounterIncrements };
  /** False when the work was done before: the call changed nothing. */
  counted: boolean;
}

export interface AppendedEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  stateChanges: Record<string, unknown>;
  guard?: string;
}

export type PartCounters = Record<Counted, number>;

const COUNTED: readonly Counted[] = ['partsPlanned', 'subjects', 'notified', 'failed', 'suppressed'];

/**
 * The part the counts a test starts with are kept on: parts counted before the test, so the ones the
 * test counts (`shard-N`, `slice-N`) start at zero.
 */
export const COUNTED_BEFORE = 'counted-before';

/** What `planPartKey` names; any other part key is a wiring error, not a silent pass. */
const PART_KEY = /^(shard|slice)-\d+$/;

const zeroCounters = (): PartCounters => ({ partsPlanned: 0, subjects: 0, notified: 0, failed: 0, suppressed: 0 });

/** The guards the in-memory store understands; any other one is a test error, not a silent pass. */
const GUARDS: Record<string, (state: { completedAt?: string }) => boolean> = {
  'attribute_not_exists(completedAt)': (state) => state.completedAt === undefined,
};

/**
 * One disclosure in memory, with the store's promises: counts live per audience part and `get` sums
 * them; a count is only ever added with the change it counts (the ledger adds through `addToCounters`,
 * as its transactions do); a unit of work is marked done once (a repeated workId changes nothing, adds
 * no count and answers false) and its marker keeps the result for `finishedWork`; appended events change
 * the state they name, unless their guard fails (then false).
 */
export class InMemoryDisclosureStore implements Pick<DisclosureStore, 'get' | 'completeWork' | 'finishedWork' | 'appendEvent'> {
  readonly completeWorkCalls: CompleteWorkCall[] = [];
  /** Every non-empty counter ADD, in order, with the part it went to. */
  readonly counterWrites: { partKey: string; increments: CounterIncrements }[] = [];
  readonly events: AppendedEvent[] = [];
  private readonly done = new Map<string, FinishedWork>();
  private readonly parts = new Map<string, PartCounters>();
  private state: { disclosure: Disclosure; partsTotal: number; completedAt?: string };

  /** `progress` holds `partsTotal` and the counts of parts counted before the test (kept on `COUNTED_BEFORE`). */
  constructor(disclosure: Disclosure, progress: DisclosureProgress, completedAt?: string) {
    const { partsTotal, ...counted } = progress;
    this.state = { disclosure, partsTotal, ...(completedAt ? { completedAt } : {}) };
    if (COUNTED.some((field) => counted[field])) this.parts.set(COUNTED_BEFORE, { ...zeroCounters(), ...counted });
  }

  /** The sum of every part's counters, as `get` answers it. */
  get progress(): DisclosureProgress {
    const progress: DisclosureProgress = { partsTotal: this.state.partsTotal, ...zeroCounters() };
    for (const counters of this.parts.values()) for (const field of COUNTED) progress[field] += counters[field];
    return progress;
  }

  /** The counters of one part, undefined while nothing was counted on it. */
  counters(partKey: string): PartCounters | undefined {
    const counters = this.parts.get(partKey);
    return counters ? { ...counters } : undefined;
  }

  /** The parts with counters, in the order they were first counted on. */
  get partKeys(): string[] {
    return [...this.parts.keys()];
  }

  get completedAt(): string | undefined {
    return this.state.completedAt;
  }

  markCompleted(at: string): void {
    this.state = { ...this.state, completedAt: at };
  }

  private owns(controllerId: string, disclosureId: string): boolean {
    const { disclosure } = this.state;
    return controllerId === disclosure.controllerId && disclosureId === disclosure.disclosureId;
  }

  /**
   * Adds to one part's counters, as the counter item of a store transaction does; zero increments write
   * nothing (and create no counters), as `addToCounters` sends no update for them.
   */
  addToCounters(controllerId: string, disclosureId: string, partKey: string, increments: CounterIncrements): void {
    if (!PART_KEY.test(partKey)) throw new Error(`InMemoryDisclosureStore: ${partKey} is not a part key`);
    const fields = Object.entries(increments).filter(([, value]) => value) as [Counted, number][];
    if (fields.length === 0) return;
    if (!this.owns(controllerId, disclosureId)) throw new Error('Unknown disclosure');
    const counters = this.parts.get(partKey) ?? zeroCounters();
    for (const [field, value] of fields) counters[field] += value;
    this.parts.set(partKey, counters);
    this.counterWrites.push({ partKey, increments: Object.fromEntries(fields) });
  }

  async disclosure(controllerId: string, disclosureId: string): Promise<Disclosure | undefined> {
    return this.owns(controllerId, disclosureId) ? structuredClone(this.state.disclosure) : undefined;
  }

  async get(controllerId: string, disclosureId: string): Promise<StoredDisclosure | undefined> {
    if (!this.owns(controllerId, disclosureId)) return undefined;
    const { disclosure, completedAt } = this.state;
    return structuredClone({ disclosure, progress: this.progress, ...(completedAt ? { completedAt } : {}) });
  }

  async completeWork(work: CompletedWork): Promise<boolean> {
    const { controllerId, disclosureId, workId, now, result = {}, counters } = work;
    if (!this.owns(controllerId, disclosureId)) throw new Error('Unknown disclosure');
    if (counters && !PART_KEY.test(counters.partKey)) throw new Error(`InMemoryDisclosureStore: ${counters.partKey} is not a part key`);
    const counted = !this.done.has(workId);
    this.completeWorkCalls.push(
      structuredClone({ controllerId, disclosureId, workId, now, result, ...(counters ? { counters } : {}), counted }),
    );
    if (!counted) return false;
    this.done.set(workId, { result: structuredClone(result) });
    if (counters) this.addToCounters(controllerId, disclosureId, counters.partKey, counters.increments);
    return true;
  }

  /** Pages pinned by their first reading, by part id. */
  readonly pinnedPages = new Map<string, PinnedPage>();

  async pinPage(controllerId: string, disclosureId: string, partId: string, page: PinnedPage): Promise<PinnedPage> {
    if (!this.owns(controllerId, disclosureId)) throw new Error('Unknown disclosure');
    if (!this.pinnedPages.has(partId)) this.pinnedPages.set(partId, structuredClone(page));
    return structuredClone(this.pinnedPages.get(partId)!);
  }

  async finishedWork(controllerId: string, disclosureId: string, workId: string): Promise<FinishedWork | undefined> {
    if (!this.owns(controllerId, disclosureId)) return undefined;
    const finished = this.done.get(workId);
    return finished ? structuredClone(finished) : undefined;
  }

  async appendEvent(
    controllerId: string,
    disclosureId: string,
    type: string,
    data: Record<string, unknown>,
    at: string,
    stateChanges: Record<string, unknown> = {},
    guard?: string,
  ): Promise<boolean> {
    if (!this.owns(controllerId, disclosureId)) throw new Error('Unknown disclosure');
    if (guard !== undefined) {
      const check = GUARDS[guard];
      if (!check) throw new Error(`InMemoryDisclosureStore does not understand the guard ${guard}`);
      if (!check(this.state)) return false;
    }
    this.events.push({ type, data, at, stateChanges, ...(guard !== undefined ? { guard } : {}) });
    this.state = { ...this.state, ...stateChanges };
    return true;
  }
}

/** Subjects in memory, paged per audience shard in subject id order, like the audience index. */
export class InMemorySubjectStore implements Pick<SubjectStore, 'audiencePage' | 'getMany'> {
  readonly pageRequests: { shard: number; cursor: string | undefined; limit: number }[] = [];
  private readonly subjects = new Map<string, Subject>();

  constructor(
    subjects: readonly Subject[],
    private readonly shardOf: (subjectId: string) => number = (subjectId) => audienceShard(subjectId, 16),
  ) {
    for (const subject of subjects) this.subjects.set(subject.subjectId, subject);
  }

  add(subject: Subject): void {
    this.subjects.set(subject.subjectId, structuredClone(subject));
  }

  erase(subjectId: string): void {
    this.subjects.delete(subjectId);
  }

  async getMany(controllerId: string, subjectIds: readonly string[]): Promise<Map<string, Subject>> {
    const found = new Map<string, Subject>();
    for (const subjectId of subjectIds) {
      const subject = this.subjects.get(subjectId);
      if (subject && subject.controllerId === controllerId) found.set(subjectId, structuredClone(subject));
    }
    return found;
  }

  async audiencePage(controllerId: string, shard: number, cursor: string | undefined, limit: number): Promise<AudiencePage> {
    this.pageRequests.push({ shard, cursor, limit });
    const after = [...this.subjects.values()]
      .filter((subject) => subject.controllerId === controllerId && this.shardOf(subject.subjectId) === shard)
      .map((subject) => subject.subjectId)
      .sort()
      .filter((subjectId) => cursor === undefined || subjectId > cursor);
    const page = after.slice(0, limit);
    const members = page.map((subjectId) => ({ subjectId, locale: this.subjects.get(subjectId)!.locale }));
    return after.length > limit ? { members, nextCursor: page.at(-1) } : { members };
  }
}

export interface LedgerNotice {
  status: NoticeStatus;
  at?: string;
  messageId?: string;
}

/** Where the in-memory ledger adds its counts: the disclosure store's part counters. */
export type CounterSink = Pick<InMemoryDisclosureStore, 'addToCounters'>;

const NOTICE_COUNTERS = { sent: 'notified', failed: 'failed', suppressed: 'suppressed' } as const satisfies Record<
  NoticeOutcome['status'],
  Counted
>;

/**
 * Ledger entries in memory, with the store's promises: an entry is created (and counted as a subject of
 * its part) once, so writing it again neither resets its notice status nor counts it again; a notice is
 * recorded (and counted on its part) only on an entry still queued, any other is left as it is and not
 * counted. The counts go to the disclosure store, as the store's transactions add them to the counter items.
 * A notice counted on another part than its subject, or one subject twice in one call (which DynamoDB
 * refuses in one transaction), is a test error.
 */
export class InMemoryLedger implements Pick<LedgerStore, 'writeEntries' | 'noticeStatuses' | 'recordNotices'> {
  readonly writes: { disclosure: Disclosure; partKey: string; subjectIds: string[] }[] = [];
  readonly statusReads: string[][] = [];
  readonly recordCalls: { partKey: string; notices: NoticeOutcome[]; now: string }[] = [];
  private readonly entries = new Map<string, LedgerNotice & { partKey: string }>();

  constructor(private readonly counters: CounterSink) {}

  private static key(controllerId: string, disclosureId: string, subjectId: string): string {
    return JSON.stringify([controllerId, disclosureId, subjectId]);
  }

  async writeEntries(disclosure: Disclosure, partKey: string, subjectIds: readonly string[]): Promise<void> {
    const { controllerId, disclosureId } = disclosure;
    this.writes.push({ disclosure, partKey, subjectIds: [...subjectIds] });
    const key = (subjectId: string) => InMemoryLedger.key(controllerId, disclosureId, subjectId);
    const created = [...new Set(subjectIds)].filter((subjectId) => !this.entries.has(key(subjectId)));
    this.counters.addToCounters(controllerId, disclosureId, partKey, { subjects: created.length });
    for (const subjectId of created) this.entries.set(key(subjectId), { status: 'queued', partKey });
  }

  async noticeStatuses(controllerId: string, disclosureId: string, subjectIds: readonly string[]): Promise<Map<string, NoticeStatus>> {
    this.statusReads.push([...subjectIds]);
    const statuses = new Map<string, NoticeStatus>();
    for (const subjectId of subjectIds) {
      const entry = this.entries.get(InMemoryLedger.key(controllerId, disclosureId, subjectId));
      if (entry) statuses.set(subjectId, entry.status);
    }
    return statuses;
  }

  async recordNotices(
    controllerId: string,
    disclosureId: string,
    partKey: string,
    notices: readonly NoticeOutcome[],
    now: string,
  ): Promise<void> {
    this.recordCalls.push({ partKey, notices: structuredClone([...notices]), now });
    const key = (subjectId: string) => InMemoryLedger.key(controllerId, disclosureId, subjectId);
    const subjectIds = notices.map((notice) => notice.subjectId);
    if (new Set(subjectIds).size !== subjectIds.length) {
      throw new Error('Transaction request cannot include multiple operations on one item');
    }
    const settling = notices.filter((notice) => this.entries.get(key(notice.subjectId))?.status === 'queued');
    const increments: CounterIncrements = {};
    for (const notice of settling) {
      const entry = this.entries.get(key(notice.subjectId))!;
      if (entry.partKey !== partKey) {
        throw new Error(`InMemoryLedger: the notice of ${notice.subjectId} counted on ${partKey}, its subject on ${entry.partKey}`);
      }
      const field = NOTICE_COUNTERS[notice.status];
      increments[field] = (increments[field] ?? 0) + 1;
    }
    this.counters.addToCounters(controllerId, disclosureId, partKey, increments);
    for (const notice of settling) {
      this.entries.set(key(notice.subjectId), {
        status: notice.status,
        at: now,
        ...(notice.messageId ? { messageId: notice.messageId } : {}),
        partKey,
      });
    }
  }

  /** The entry of one subject for one disclosure, as the sender left it. */
  notice(disclosure: Disclosure, subjectId: string): LedgerNotice | undefined {
    const entry = this.entries.get(InMemoryLedger.key(disclosure.controllerId, disclosure.disclosureId, subjectId));
    if (!entry) return undefined;
    const { partKey: _partKey, ...notice } = entry;
    return notice;
  }

  status(disclosure: Disclosure, subjectId: string): NoticeStatus | undefined {
    return this.notice(disclosure, subjectId)?.status;
  }

  /** The part an entry was created (and counted) on. */
  partOf(disclosure: Disclosure, subjectId: string): string | undefined {
    return this.entries.get(InMemoryLedger.key(disclosure.controllerId, disclosure.disclosureId, subjectId))?.partKey;
  }
}

export class RecordingQueue<Body = unknown> implements QueuePublisher {
  readonly batches: { id: string; body: Body }[][] = [];

  async publish(messages: readonly { id: string; body: unknown }[]): Promise<void> {
    this.batches.push(messages.map((message) => structuredClone(message) as { id: string; body: Body }));
  }

  get bodies(): Body[] {
    return this.batches.flat().map((message) => message.body);
  }
}

/**
 * Answers each entry as sent with a message id, unless a test gives its own answer (or throws); the
 * answer also gets the number of the call (0 for the first), so a test can fail one call of several.
 */
export class FakeMailer implements Mailer {
  readonly calls: BulkEmail[] = [];

  constructor(
    private readonly answer: (email: BulkEmail, call: number) => BulkEmailResult[] = (email) =>
      email.entries.map((entry) => ({ status: 'sent', messageId: `ses-${entry.to}` })),
  ) {}

  async sendBulk(email: BulkEmail): Promise<BulkEmailResult[]> {
    this.calls.push(structuredClone(email));
    return this.answer(email, this.calls.length - 1);
  }

  /** Every address mailed, over all calls, in order. */
  get mailed(): string[] {
    return this.calls.flatMap((call) => call.entries.map((entry) => entry.to));
  }
}

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}
