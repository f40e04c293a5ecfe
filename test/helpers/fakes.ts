import type { DisclosureStore, NoticeOutcome, StoredDisclosure } from '../../shared/adapters/dynamo/disclosure-store';
import type { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import type { AudiencePage, SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import type { BulkEmail, BulkEmailResult, Mailer } from '../../shared/adapters/ses/mailer';
import type { QueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { audienceShard } from '../../shared/domain/audience/shard';
import type { Clock } from '../../shared/domain/clock';
import type { Disclosure, Subject } from '../../shared/domain/disclosure/disclosure';
import type { DisclosureProgress } from '../../shared/domain/disclosure/disclosure-status';

type Increments = Parameters<DisclosureStore['completeWork']>[3];

export interface CompleteWorkCall {
  controllerId: string;
  disclosureId: string;
  workId: string;
  increments: Increments;
  notices: readonly NoticeOutcome[];
  now: string | undefined;
  counted: boolean;
}

export interface AppendedEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  stateChanges: Record<string, unknown>;
}

/**
 * One disclosure in memory, with the store's promises: a unit of work is counted once (a repeated
 * workId changes nothing and answers false), and appended events change the state they name.
 */
export class InMemoryDisclosureStore implements Pick<DisclosureStore, 'get' | 'completeWork' | 'appendEvent'> {
  readonly completeWorkCalls: CompleteWorkCall[] = [];
  readonly events: AppendedEvent[] = [];
  readonly notices = new Map<string, NoticeOutcome>();
  private readonly done = new Set<string>();
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

  async get(controllerId: string, disclosureId: string): Promise<StoredDisclosure | undefined> {
    const { disclosure } = this.state;
    if (controllerId !== disclosure.controllerId || disclosureId !== disclosure.disclosureId) return undefined;
    return structuredClone(this.state);
  }

  async completeWork(
    controllerId: string,
    disclosureId: string,
    workId: string,
    increments: Increments,
    notices: readonly NoticeOutcome[] = [],
    now?: string,
  ): Promise<boolean> {
    const counted = !this.done.has(workId);
    this.completeWorkCalls.push({ controllerId, disclosureId, workId, increments: { ...increments }, notices: [...notices], now, counted });
    if (!counted) return false;
    this.done.add(workId);
    const progress = { ...this.state.progress };
    for (const [field, value] of Object.entries(increments)) progress[field as keyof DisclosureProgress] += value ?? 0;
    this.state = { ...this.state, progress };
    for (const notice of notices) this.notices.set(notice.subjectId, notice);
    return true;
  }

  async appendEvent(
    controllerId: string,
    disclosureId: string,
    type: string,
    data: Record<string, unknown>,
    at: string,
    stateChanges: Record<string, unknown> = {},
  ): Promise<boolean> {
    if (!(await this.get(controllerId, disclosureId))) throw new Error('Unknown disclosure');
    this.events.push({ type, data, at, stateChanges });
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

export class RecordingLedger implements Pick<LedgerStore, 'writeEntries'> {
  readonly writes: { disclosure: Disclosure; subjectIds: string[] }[] = [];

  async writeEntries(disclosure: Disclosure, subjectIds: readonly string[]): Promise<void> {
    this.writes.push({ disclosure, subjectIds: [...subjectIds] });
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

/** Answers each entry as sent with a message id, unless a test gives its own answer (or throws). */
export class FakeMailer implements Mailer {
  readonly calls: BulkEmail[] = [];

  constructor(
    private readonly answer: (email: BulkEmail) => BulkEmailResult[] = (email) =>
      email.entries.map((entry) => ({ status: 'sent', messageId: `ses-${entry.to}` })),
  ) {}

  async sendBulk(email: BulkEmail): Promise<BulkEmailResult[]> {
    this.calls.push(structuredClone(email));
    return this.answer(email);
  }
}

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}
