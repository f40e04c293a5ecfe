import type { DisclosureStore, FinishedWork, StoredDisclosure, WorkIncrements } from '../../shared/adapters/dynamo/disclosure-store';
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
  increments: WorkIncrements;
  now: string;
  result: Record<string, unknown>;
  counted: boolean;
}

export interface AppendedEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  stateChanges: Record<string, unknown>;
  guard?: string;
}

/** The guards the in-memory store understands; any other one is a test error, not a silent pass. */
const GUARDS: Record<string, (state: StoredDisclosure) => boolean> = {
  'attribute_not_exists(completedAt)': (state) => state.completedAt === undefined,
};

/**
 * One disclosure in memory, with the store's promises: a unit of work is counted once (a repeated
 * workId changes nothing and answers false) and its marker keeps the increments and result for
 * `finishedWork`; appended events change the state they name, unless their guard fails (then false).
 */
export class InMemoryDisclosureStore implements Pick<DisclosureStore, 'get' | 'completeWork' | 'finishedWork' | 'appendEvent'> {
  readonly completeWorkCalls: CompleteWorkCall[] = [];
  readonly events: AppendedEvent[] = [];
  private readonly done = new Map<string, FinishedWork>();
  private state: StoredDisclosure;

  constructor(disclosure: Disclosure, progress: DisclosureProgress, completedAt?: string) {
    this.state = { disclosure, progress: { ...progress }, ...(completedAt ? { completedAt } : {}) };
  }

  get progress(): DisclosureProgress {
    return { ...this.state.progress };
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

  async get(controllerId: string, disclosureId: string): Promise<StoredDisclosure | undefined> {
    if (!this.owns(controllerId, disclosureId)) return undefined;
    return structuredClone(this.state);
  }

  async completeWork(
    controllerId: string,
    disclosureId: string,
    workId: string,
    increments: WorkIncrements,
    now: string,
    result: Record<string, unknown> = {},
  ): Promise<boolean> {
    if (!this.owns(controllerId, disclosureId)) throw new Error('Unknown disclosure');
    const counted = !this.done.has(workId);
    this.completeWorkCalls.push({
      controllerId,
      disclosureId,
      workId,
      increments: { ...increments },
      now,
      result: structuredClone(result),
      counted,
    });
    if (!counted) return false;
    this.done.set(workId, structuredClone({ increments, result }));
    const progress = { ...this.state.progress };
    for (const [field, value] of Object.entries(increments)) progress[field as keyof DisclosureProgress] += value ?? 0;
    this.state = { ...this.state, progress };
    return true;
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

/**
 * Ledger entries in memory, with the store's promises: writing an entry again keeps the notice status
 * it reached, and a notice is recorded only on an entry still queued (any other is left as it is).
 */
export class InMemoryLedger implements Pick<LedgerStore, 'writeEntries' | 'noticeStatuses' | 'recordNotices'> {
  readonly writes: { disclosure: Disclosure; subjectIds: string[] }[] = [];
  readonly statusReads: string[][] = [];
  readonly recordCalls: { notices: NoticeOutcome[]; now: string }[] = [];
  private readonly entries = new Map<string, LedgerNotice>();

  private static key(controllerId: string, disclosureId: string, subjectId: string): string {
    return JSON.stringify([controllerId, disclosureId, subjectId]);
  }

  async writeEntries(disclosure: Disclosure, subjectIds: readonly string[]): Promise<void> {
    this.writes.push({ disclosure, subjectIds: [...subjectIds] });
    for (const subjectId of subjectIds) {
      const key = InMemoryLedger.key(disclosure.controllerId, disclosure.disclosureId, subjectId);
      if (!this.entries.has(key)) this.entries.set(key, { status: 'queued' });
    }
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

  async recordNotices(controllerId: string, disclosureId: string, notices: readonly NoticeOutcome[], now: string): Promise<void> {
    this.recordCalls.push({ notices: structuredClone([...notices]), now });
    for (const notice of notices) {
      const key = InMemoryLedger.key(controllerId, disclosureId, notice.subjectId);
      if (this.entries.get(key)?.status !== 'queued') continue;
      this.entries.set(key, { status: notice.status, at: now, ...(notice.messageId ? { messageId: notice.messageId } : {}) });
    }
  }

  /** The entry of one subject for one disclosure, as the sender left it. */
  notice(disclosure: Disclosure, subjectId: string): LedgerNotice | undefined {
    const entry = this.entries.get(InMemoryLedger.key(disclosure.controllerId, disclosure.disclosureId, subjectId));
    return entry ? { ...entry } : undefined;
  }

  status(disclosure: Disclosure, subjectId: string): NoticeStatus | undefined {
    return this.notice(disclosure, subjectId)?.status;
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
