import type { Counted, CounterIncrements } from '../../shared/adapters/dynamo/counters';
import type {
  AppendedEvent as EventAppend,
  CompletedWork,
  DisclosureStore,
  FinishedWork,
  NewDisclosure,
  Objector,
  PinnedPage,
  RecordOutcome,
  StoredDisclosure,
} from '../../shared/adapters/dynamo/disclosure-store';
import type { AnswerOutcome, ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import type { ErasureRecordOutcome, ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import type { ErasureTimer } from '../../shared/domain/timers/timer';
import { keys } from '../../shared/adapters/dynamo/keys';
import type { LedgerStore, NewLedgerEntry, NoticeTrack } from '../../shared/adapters/dynamo/ledger-store';
import type { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import type { AudiencePage, SubjectBatchUpsert, SubjectStore, SubjectUpsert } from '../../shared/adapters/dynamo/subject-store';
import { timerPut, type DisclosureTimer, type DueTimer, type Timer, type TimerStore } from '../../shared/adapters/dynamo/timer-store';
import { timerAggregateId } from '../../shared/domain/timers/timer';
import { emailLookup, emailLookupPrefix } from '../../shared/domain/subject/email-lookup';
import type { TransactItem } from '../../shared/adapters/dynamo/transact';
import type { BulkEmail, BulkEmailResult, Mailer, SingleEmail } from '../../shared/adapters/ses/mailer';
import type { QueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import type { SubjectDisclosure } from '../../shared/api/schemas';
import { audienceShard } from '../../shared/domain/audience/shard';
import type { Clock } from '../../shared/domain/clock';
import type { Audience, Disclosure, Recipient, SharingPreferences, Subject } from '../../shared/domain/disclosure/disclosure';
import { emptyProgress, type DisclosurePhases, type DisclosureProgress } from '../../shared/domain/disclosure/disclosure-status';
import type { NoticeOutcome, NoticeStatus } from '../../shared/domain/disclosure/notice';
import type { ErasureRejection, RejectionGround } from '../../shared/domain/erasure/erasure-rejection';
import type { ErasureExtension } from '../../shared/domain/erasure/erasure-request';
import { freeTextSha256 } from '../../shared/domain/evidence/free-text-hash';
import { withoutFreeText } from '../../shared/adapters/dynamo/erasure-store';
import type { ErasureRecipient, RecipientAnswer } from '../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest, StoredErasure } from '../../shared/domain/erasure/erasure-request';
import type { RetainedCategory } from '../../shared/domain/erasure/retention';
import { FINAL_ERASURE_STATES, nextErasureState, type ErasureEvent, type ErasureState } from '../../shared/domain/erasure/erasure-state';
import type { Actor } from '../../shared/domain/evidence/actor';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../shared/domain/evidence/hash-chain';
// The counting rules are the production ones: the fake keeps entries in memory, not its own arithmetic.
import { entryIncrements, settledIncrements } from '../../shared/domain/disclosure/notice-counts';

export interface CompleteWorkCall {
  controllerId: string;
  disclosureId: string;
  workId: string;
  now: string;
  result: Record<string, unknown>;
  counters?: { partKey: string; increments: CounterIncrements };
  /** False when the work was done before (or a write it came with failed its condition): the call changed nothing. */
  counted: boolean;
}

/** An event as the in-memory store keeps it: the events `record` writes have no state changes and no guard. */
export interface AppendedEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  stateChanges: Record<string, unknown>;
  guard?: string;
  guardValues?: Record<string, unknown>;
  guardNames?: Record<string, string>;
}

export type PartCounters = Record<Counted, number>;

/** Every counter of a part, in the order `emptyProgress` lists them. */
export const COUNTED: readonly Counted[] = Object.keys(emptyProgress(0)).filter((field) => field !== 'partsTotal') as Counted[];

/**
 * The part the counts a test starts with are kept on: parts counted before the test, so the ones the
 * test counts (`shard-N`, `slice-N`) start at zero.
 */
export const COUNTED_BEFORE = 'counted-before';

/** What `planPartKey` names; any other part key is a wiring error, not a silent pass. */
const PART_KEY = /^(shard|slice)-\d+$/;

export const zeroCounters = (): PartCounters => {
  const { partsTotal: _partsTotal, ...counters } = emptyProgress(0);
  return counters;
};

/** The phase fields of the state item; `stateChanges` may set them, and `attribute_not_exists` guards read them. */
const PHASE_FIELDS = ['intentStartedAt', 'executionStartedAt', 'releasedAt', 'completedAt'] as const;
type PhaseField = (typeof PHASE_FIELDS)[number];

/** The state item of one disclosure with everything kept under its partition. */
interface DisclosureState {
  disclosure: Disclosure;
  audience: Audience;
  partsTotal: number;
  intentStartedAt?: string;
  executionStartedAt?: string;
  releasedAt?: string;
  completedAt?: string;
  events: AppendedEvent[];
  parts: Map<string, PartCounters>;
  done: Map<string, FinishedWork>;
  pinned: Map<string, PinnedPage>;
  objections: Map<string, Objector>;
}

export interface SeedOptions {
  /** The audience the disclosure was recorded with; `{ all: true }` unless given. */
  audience?: Audience;
  completedAt?: string;
  intentStartedAt?: string;
  executionStartedAt?: string;
  releasedAt?: string;
}

/** Where the in-memory stores keep timers: the disclosure store arms them as the real one writes `timerPut` items. */
type TimerSink = Pick<InMemoryTimerStore, 'arm'>;

const IN_MEMORY_TABLE = 'in-memory';

/**
 * Disclosures in memory, with the store's promises: counts live per audience part and `get` sums them; a
 * count is only ever added with the change it counts (the ledger adds through `addToCounters`, as its
 * transactions do); a unit of work is marked done once (a repeated workId changes nothing, adds no count and
 * answers false) and its marker keeps the result for `finishedWork`; appended events change the state they
 * name, unless their guard or a condition of the writes they come with fails (then nothing is written and the
 * answer is false). `record` writes the disclosure, its first events and its timers, or nothing.
 *
 * Guards understood: `attribute_not_exists(<phase field>)` and `disclosure.hold.until = :value` (with `#name`
 * placeholders), joined by ` AND `. Writes understood in `alsoWrite`: the items of `objectionPut`, `workDonePut` and `timerPut`. Any
 * other is a test error, not a silent pass.
 *
 * Several disclosures may be held; the shorthands (`progress`, `events`, `completedAt`, ...) are those of the
 * first one, seeded by the constructor or recorded first.
 */
export class InMemoryDisclosureStore
  implements
    Pick<
      DisclosureStore,
      | 'record'
      | 'idempotencyClaim'
      | 'disclosure'
      | 'get'
      | 'objectors'
      | 'objectionPut'
      | 'objectionsOf'
      | 'workDonePut'
      | 'appendEvent'
      | 'appendEventPatiently'
      | 'completeWork'
      | 'pinPage'
      | 'pinnedPage'
      | 'finishedWork'
    >
{
  readonly completeWorkCalls: CompleteWorkCall[] = [];
  /** Every non-empty counter ADD, in order, with the part it went to. */
  readonly counterWrites: { partKey: string; increments: CounterIncrements }[] = [];
  /** Every disclosure `record` was asked to write, whether or not it was written. */
  readonly recordCalls: NewDisclosure[] = [];
  /** Every append asked for (appendEvent and appendEventPatiently), and whether it was written. */
  readonly appendCalls: { append: EventAppend; appended: boolean }[] = [];
  readonly timers: InMemoryTimerStore;
  private readonly states = new Map<string, DisclosureState>();
  private readonly claims = new Map<string, { disclosureId: string; requestHash: string }>();
  private primaryKey: string | undefined;

  /**
   * Optionally seeded with one disclosure: `progress` holds `partsTotal` and the counts of parts counted
   * before the test (kept on `COUNTED_BEFORE`). The third argument may be the `completedAt` alone.
   */
  constructor(disclosure?: Disclosure, progress?: DisclosureProgress, options: SeedOptions | string = {}, timers = new InMemoryTimerStore()) {
    this.timers = timers;
    if (disclosure) this.seed(disclosure, progress ?? emptyProgress(1), typeof options === 'string' ? { completedAt: options } : options);
  }

  /** Adds a disclosure as if recorded before the test, without events or timers. */
  seed(disclosure: Disclosure, progress: DisclosureProgress = emptyProgress(1), options: SeedOptions = {}): void {
    const { partsTotal, ...counted } = progress;
    const { audience = { all: true }, ...phases } = options;
    const state: DisclosureState = {
      disclosure: structuredClone(disclosure),
      audience: structuredClone(audience),
      partsTotal,
      ...withoutUndefined(phases),
      events: [],
      parts: new Map(),
      done: new Map(),
      pinned: new Map(),
      objections: new Map(),
    };
    if (COUNTED.some((field) => counted[field])) state.parts.set(COUNTED_BEFORE, { ...zeroCounters(), ...counted });
    this.put(disclosure.controllerId, disclosure.disclosureId, state);
  }

  private static key(controllerId: string, disclosureId: string): string {
    return JSON.stringify([controllerId, disclosureId]);
  }

  private put(controllerId: string, disclosureId: string, state: DisclosureState): void {
    const key = InMemoryDisclosureStore.key(controllerId, disclosureId);
    if (this.states.has(key)) throw new Error(`InMemoryDisclosureStore: ${disclosureId} is there already`);
    this.states.set(key, state);
    this.primaryKey ??= key;
  }

  private find(controllerId: string, disclosureId: string): DisclosureState | undefined {
    return this.states.get(InMemoryDisclosureStore.key(controllerId, disclosureId));
  }

  private known(controllerId: string, disclosureId: string): DisclosureState {
    const state = this.find(controllerId, disclosureId);
    if (!state) throw new Error('Unknown disclosure');
    return state;
  }

  private get primary(): DisclosureState {
    const state = this.primaryKey ? this.states.get(this.primaryKey) : undefined;
    if (!state) throw new Error('InMemoryDisclosureStore holds no disclosure');
    return state;
  }

  /** How many disclosures the store holds. */
  get size(): number {
    return this.states.size;
  }

  // --- shorthands for the first disclosure ------------------------------------------------------------

  /** The sum of every part's counters, as `get` answers it. */
  get progress(): DisclosureProgress {
    return progressOf(this.primary);
  }

  /** The counters of one part, undefined while nothing was counted on it. */
  counters(partKey: string): PartCounters | undefined {
    const counters = this.primary.parts.get(partKey);
    return counters ? { ...counters } : undefined;
  }

  /** The parts with counters, in the order they were first counted on. */
  get partKeys(): string[] {
    return [...this.primary.parts.keys()];
  }

  get completedAt(): string | undefined {
    return this.primary.completedAt;
  }

  markCompleted(at: string): void {
    this.primary.completedAt = at;
  }

  /** The events of the first disclosure, in order, including those `record` wrote. */
  get events(): AppendedEvent[] {
    return this.primary.events;
  }

  /** The phases of the first disclosure, as `get` answers them. */
  get phases(): DisclosurePhases {
    return phasesOf(this.primary);
  }

  /** The disclosure as the state item holds it now (an extended hold changes it). */
  get current(): Disclosure {
    return structuredClone(this.primary.disclosure);
  }

  /** Pages pinned by their first reading, by part id. */
  get pinnedPages(): Map<string, PinnedPage> {
    return this.primary.pinned;
  }

  /** Records an objection of the first disclosure, as an earlier request would have. */
  seedObjection(subjectId: string, objectedAt: string): void {
    this.primary.objections.set(subjectId, { subjectId, objectedAt });
  }

  /** Every disclosure's events, by disclosure id. */
  eventsOf(controllerId: string, disclosureId: string): AppendedEvent[] {
    return this.find(controllerId, disclosureId)?.events ?? [];
  }

  // --- the store ----------------------------------------------------------------------------------------

  async record(entry: NewDisclosure): Promise<RecordOutcome> {
    this.recordCalls.push(structuredClone(entry));
    const { disclosure, audience, partsTotal, idempotency, moreEvents = [], timers = [], phases = {}, recordedBy } = entry;
    const { controllerId, disclosureId } = disclosure;
    if (idempotency) {
      const claim = this.claims.get(InMemoryDisclosureStore.key(controllerId, idempotency.key));
      if (claim) return { recorded: false, existingDisclosureId: claim.disclosureId, sameRequest: claim.requestHash === idempotency.requestHash };
    }
    if (this.find(controllerId, disclosureId)) throw new Error('Disclosure id collision');
    if (idempotency) {
      this.claims.set(InMemoryDisclosureStore.key(controllerId, idempotency.key), { disclosureId, requestHash: idempotency.requestHash });
    }
    const first = { type: 'disclosure.recorded', data: { ...disclosure, audience, partsTotal, ...(recordedBy ? { recordedBy } : {}) } };
    const events: AppendedEvent[] = [first, ...moreEvents].map(
      ({ type, data }) => structuredClone({ type, data, at: disclosure.recordedAt, stateChanges: {} }),
    );
    this.put(controllerId, disclosureId, {
      disclosure: structuredClone(disclosure),
      audience: structuredClone(audience),
      partsTotal,
      ...withoutUndefined(phases),
      events,
      parts: new Map(),
      done: new Map(),
      pinned: new Map(),
      objections: new Map(),
    });
    for (const timer of timers) await this.timers.arm(timer);
    return { recorded: true };
  }

  async idempotencyClaim(controllerId: string, key: string): Promise<{ disclosureId: string; requestHash: string } | undefined> {
    const claim = this.claims.get(InMemoryDisclosureStore.key(controllerId, key));
    return claim ? { ...claim } : undefined;
  }

  /**
   * Adds to one part's counters, as the counter item of a store transaction does; zero increments write
   * nothing (and create no counters), as `addToCounters` sends no update for them.
   */
  addToCounters(controllerId: string, disclosureId: string, partKey: string, increments: CounterIncrements): void {
    if (!PART_KEY.test(partKey)) throw new Error(`InMemoryDisclosureStore: ${partKey} is not a part key`);
    const fields = Object.entries(increments).filter(([, value]) => value) as [Counted, number][];
    if (fields.length === 0) return;
    const state = this.known(controllerId, disclosureId);
    const counters = state.parts.get(partKey) ?? zeroCounters();
    for (const [field, value] of fields) {
      if (!COUNTED.includes(field)) throw new Error(`InMemoryDisclosureStore: ${field} is not a counter`);
      counters[field] += value;
    }
    state.parts.set(partKey, counters);
    this.counterWrites.push({ partKey, increments: Object.fromEntries(fields) });
  }

  async disclosure(controllerId: string, disclosureId: string): Promise<Disclosure | undefined> {
    const state = this.find(controllerId, disclosureId);
    return state ? structuredClone(state.disclosure) : undefined;
  }

  async get(controllerId: string, disclosureId: string): Promise<StoredDisclosure | undefined> {
    const state = this.find(controllerId, disclosureId);
    if (!state) return undefined;
    const { disclosure, audience, completedAt } = state;
    return structuredClone({ disclosure, audience, progress: progressOf(state), phases: phasesOf(state), ...(completedAt ? { completedAt } : {}) });
  }

  async objectors(controllerId: string, disclosureId: string): Promise<Objector[]> {
    const state = this.find(controllerId, disclosureId);
    if (!state) return [];
    return [...state.objections.values()].sort((a, b) => a.subjectId.localeCompare(b.subjectId)).map((objector) => ({ ...objector }));
  }

  objectionPut(controllerId: string, disclosureId: string, subjectId: string, objectedAt: string): TransactItem {
    return {
      Put: {
        TableName: IN_MEMORY_TABLE,
        Item: { ...keys.objection(controllerId, disclosureId, subjectId), controllerId, disclosureId, subjectId, objectedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async objectionsOf(controllerId: string, disclosureId: string, subjectIds: readonly string[]): Promise<Map<string, Objector>> {
    const state = this.find(controllerId, disclosureId);
    const found = new Map<string, Objector>();
    for (const subjectId of subjectIds) {
      const objection = state?.objections.get(subjectId);
      if (objection) found.set(subjectId, { ...objection });
    }
    return found;
  }

  workDonePut(controllerId: string, disclosureId: string, workId: string, now: string, result: Record<string, unknown> = {}): TransactItem {
    return {
      Put: {
        TableName: IN_MEMORY_TABLE,
        Item: { ...keys.workDone(controllerId, disclosureId, workId), controllerId, doneAt: now, result },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async completeWork(work: CompletedWork): Promise<boolean> {
    const { controllerId, disclosureId, workId, now, result = {}, counters, alsoWrite = [] } = work;
    this.known(controllerId, disclosureId);
    if (counters && !PART_KEY.test(counters.partKey)) throw new Error(`InMemoryDisclosureStore: ${counters.partKey} is not a part key`);
    const writes = [this.workDonePut(controllerId, disclosureId, workId, now, result), ...alsoWrite].map((write) => this.interpret(write));
    const counted = writes.every((write) => write.check());
    this.completeWorkCalls.push(
      structuredClone({ controllerId, disclosureId, workId, now, result, ...(counters ? { counters } : {}), counted }),
    );
    if (!counted) return false;
    for (const write of writes) await write.apply();
    if (counters) this.addToCounters(controllerId, disclosureId, counters.partKey, counters.increments);
    return true;
  }

  async pinPage(controllerId: string, disclosureId: string, partId: string, page: PinnedPage): Promise<PinnedPage> {
    const { pinned } = this.known(controllerId, disclosureId);
    if (!pinned.has(partId)) pinned.set(partId, structuredClone(page));
    return structuredClone(pinned.get(partId)!);
  }

  async pinnedPage(controllerId: string, disclosureId: string, partId: string): Promise<PinnedPage | undefined> {
    const page = this.find(controllerId, disclosureId)?.pinned.get(partId);
    return page ? structuredClone(page) : undefined;
  }

  async finishedWork(controllerId: string, disclosureId: string, workId: string): Promise<FinishedWork | undefined> {
    const finished = this.find(controllerId, disclosureId)?.done.get(workId);
    return finished ? structuredClone(finished) : undefined;
  }

  async appendEvent(append: EventAppend): Promise<boolean> {
    const appended = await this.tryAppend(append);
    this.appendCalls.push({ append: structuredClone(append), appended });
    return appended;
  }

  /** In memory nothing races, so a patient append is one attempt: false when its guard or a write's condition fails. */
  async appendEventPatiently(append: EventAppend): Promise<boolean> {
    return this.appendEvent(append);
  }

  private async tryAppend(append: EventAppend): Promise<boolean> {
    const { controllerId, disclosureId, type, data, at, stateChanges = {}, guard, guardValues, guardNames, alsoWrite = [] } = append;
    const state = this.known(controllerId, disclosureId);
    for (const field of Object.keys(stateChanges)) {
      if (field !== 'disclosure' && !PHASE_FIELDS.includes(field as PhaseField)) {
        throw new Error(`InMemoryDisclosureStore does not keep ${field} on the state item`);
      }
    }
    // As in DynamoDB, a `#name` resolves only through the names the update defines: its state changes' and the guard's.
    const names = { ...Object.fromEntries(Object.keys(stateChanges).map((field) => [`#${field}`, field])), ...guardNames };
    if (guard !== undefined && !guardHolds(state, guard, guardValues ?? {}, names)) return false;
    const writes = alsoWrite.map((write) => this.interpret(write));
    if (!writes.every((write) => write.check())) return false;
    state.events.push(
      structuredClone({
        type,
        data,
        at,
        stateChanges,
        ...(guard !== undefined ? { guard } : {}),
        ...(guardValues ? { guardValues } : {}),
        ...(guardNames ? { guardNames } : {}),
      }),
    );
    Object.assign(state, structuredClone(stateChanges));
    for (const write of writes) await write.apply();
    return true;
  }

  /** A write of a transaction, as a condition to check and a change to make. */
  private interpret(write: TransactItem): { check: () => boolean; apply: () => Promise<void> } {
    const item = write.Put?.Item as Record<string, unknown> | undefined;
    const where = typeof item?.pk === 'string' ? /^C#(.+)#D#(.+)$/.exec(item.pk) : null;
    const sk = typeof item?.sk === 'string' ? item.sk : '';
    if (!item || !where) throw new Error(`InMemoryDisclosureStore does not understand the write ${JSON.stringify(write)}`);
    const [, controllerId, disclosureId] = where as unknown as [string, string, string];
    if (sk.startsWith('TIMER#')) {
      const { controllerId: c, disclosureId: d, name, dueAt } = item as unknown as DisclosureTimer;
      return { check: () => true, apply: () => this.timers.arm({ controllerId: c, disclosureId: d, name, dueAt }) };
    }
    const state = this.known(controllerId, disclosureId);
    if (sk.startsWith('OBJECTION#')) {
      const subjectId = sk.slice('OBJECTION#'.length);
      return {
        check: () => !state.objections.has(subjectId),
        apply: async () => void state.objections.set(subjectId, { subjectId, objectedAt: item.objectedAt as string }),
      };
    }
    if (sk.startsWith('DONE#')) {
      const workId = sk.slice('DONE#'.length);
      return {
        check: () => !state.done.has(workId),
        apply: async () => void state.done.set(workId, { result: structuredClone((item.result as Record<string, unknown>) ?? {}) }),
      };
    }
    throw new Error(`InMemoryDisclosureStore does not understand the write of ${sk}`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

function progressOf(state: DisclosureState): DisclosureProgress {
  const progress = emptyProgress(state.partsTotal);
  for (const counters of state.parts.values()) for (const field of COUNTED) progress[field] += counters[field];
  return progress;
}

function phasesOf(state: DisclosureState): DisclosurePhases {
  const { intentStartedAt, executionStartedAt, releasedAt } = state;
  return { noticeMode: state.disclosure.noticeMode ?? 'after', ...withoutUndefined({ intentStartedAt, executionStartedAt, releasedAt }) };
}

/**
 * The few guards the workflows use, read as DynamoDB would read them on the state item: `#name` placeholders
 * resolve through `names` (the state changes name their own fields too), `:value` placeholders through `values`.
 */
function guardHolds(state: DisclosureState, guard: string, values: Record<string, unknown>, names: Record<string, string>): boolean {
  const resolve = (path: string) =>
    path
      .split('.')
      .map((part) => {
        if (!part.startsWith('#')) return part;
        if (!(part in names)) throw new Error(`The guard uses ${part}, which the update does not define (DynamoDB would refuse it)`);
        return names[part]!;
      })
      .join('.');
  return guard.split(' AND ').every((raw) => {
    const clause = raw.trim();
    const notExists = /^attribute_not_exists\((#?\w+)\)$/.exec(clause);
    if (notExists) {
      const field = resolve(notExists[1]!);
      if (PHASE_FIELDS.includes(field as PhaseField)) return state[field as PhaseField] === undefined;
    }
    const equals = /^(#?[\w.#]+) = (:\w+)$/.exec(clause);
    if (equals && resolve(equals[1]!) === 'disclosure.hold.until' && equals[2]! in values) {
      return state.disclosure.hold?.until === values[equals[2]!];
    }
    throw new Error(`InMemoryDisclosureStore does not understand the guard ${clause}`);
  });
}

/**
 * Timers in memory, as the sparse due index and the timer items hold them: arming (again) replaces the
 * timer of that name; `due` lists armed timers at or before a time, earliest first; firing takes the timer
 * out of the index only if it is still armed as found.
 */
export class InMemoryTimerStore implements Pick<TimerStore, 'due' | 'stillArmed' | 'arm' | 'markFired' | 'armWrite'>, TimerSink {
  /** Every arming, in order. */
  readonly armings: Timer[] = [];
  readonly firings: { timer: DueTimer; firedAt: string; marked: boolean }[] = [];
  private readonly items = new Map<string, { timer: Timer; dueSk?: string; firedAt?: string }>();
  /** Index entries the due index still lists though their item moved on: the index is read eventually. */
  private readonly lagging: DueTimer[] = [];

  private static key(timer: Timer): string {
    const aggregate = 'breachId' in timer ? `B#${timer.breachId}` : 'erasureId' in timer ? `E#${timer.erasureId}` : timer.disclosureId;
    return JSON.stringify([timer.controllerId, aggregate, timer.name]);
  }

  static dueSk(timer: Timer): string {
    return `${timer.dueAt}#${timerAggregateId(timer)}#${timer.name}`;
  }

  /** The real store's write, which the in-memory disclosure store applies when a transaction carries it. */
  armWrite(timer: Timer): TransactItem {
    return timerPut(IN_MEMORY_TABLE, timer);
  }

  async arm(timer: Timer): Promise<void> {
    const { controllerId, name, dueAt } = timer;
    const clean = (
      'breachId' in timer
        ? { controllerId, breachId: timer.breachId, name, dueAt }
        : 'erasureId' in timer
          ? { controllerId, erasureId: timer.erasureId, name, dueAt }
          : { controllerId, disclosureId: timer.disclosureId, name, dueAt }
    ) as Timer;
    this.armings.push(clean);
    this.items.set(InMemoryTimerStore.key(clean), { timer: clean, dueSk: InMemoryTimerStore.dueSk(clean) });
  }

  /**
   * Makes the due index lag behind the items: it goes on listing this arming of the timer, whatever is armed
   * or fired since, until `catchUp`.
   */
  lag(timer: Timer): void {
    this.lagging.push({ ...timer, dueSk: InMemoryTimerStore.dueSk(timer) });
  }

  catchUp(): void {
    this.lagging.length = 0;
  }

  async due(controllerId: string, now: string): Promise<DueTimer[]> {
    const indexed = [...this.items.values()]
      .filter((item): item is { timer: Timer; dueSk: string } => item.dueSk !== undefined)
      .map((item) => ({ ...item.timer, dueSk: item.dueSk }));
    const entries = new Map([...indexed, ...this.lagging].map((entry) => [entry.dueSk, { ...entry }]));
    return [...entries.values()]
      .filter((entry) => entry.controllerId === controllerId && entry.dueSk <= `${now}#~`)
      .sort((a, b) => a.dueSk.localeCompare(b.dueSk));
  }

  async stillArmed(timer: DueTimer): Promise<boolean> {
    return this.items.get(InMemoryTimerStore.key(timer))?.dueSk === timer.dueSk;
  }

  async markFired(timer: DueTimer, firedAt: string): Promise<boolean> {
    const item = this.items.get(InMemoryTimerStore.key(timer));
    const marked = item?.dueSk === timer.dueSk;
    this.firings.push({ timer: { ...timer }, firedAt, marked });
    if (!marked) return false;
    this.items.set(InMemoryTimerStore.key(timer), { timer: item!.timer, firedAt });
    return true;
  }

  /** The timers armed now (not fired since), earliest first; of one disclosure (or erasure request) when it is named. */
  armed(aggregateId?: string): Timer[] {
    return [...this.items.values()]
      .filter((item) => item.dueSk !== undefined && (aggregateId === undefined || timerAggregateId(item.timer) === aggregateId))
      .sort((a, b) => a.dueSk!.localeCompare(b.dueSk!))
      .map((item) => ({ ...item.timer }));
  }

  /** The timer of that name on the disclosure, armed or fired, undefined if it never was armed. */
  timer(
    controllerId: string,
    aggregateId: string,
    name: Timer['name'],
    of: 'disclosure' | 'erasure' | 'breach' = 'disclosure',
  ): { timer: Timer; armed: boolean; firedAt?: string } | undefined {
    const id = of === 'breach' ? { breachId: aggregateId } : of === 'erasure' ? { erasureId: aggregateId } : { disclosureId: aggregateId };
    const item = this.items.get(InMemoryTimerStore.key({ controllerId, name, dueAt: '', ...id } as Timer));
    return item ? { timer: { ...item.timer }, armed: item.dueSk !== undefined, ...(item.firedAt ? { firedAt: item.firedAt } : {}) } : undefined;
  }
}

/** The link-signing key the in-memory subjects' address lookup keys (`emailLookup`) are keyed with. */
export const IN_MEMORY_LINK_KEY = new TextEncoder().encode('the in-memory link-signing key, 32 bytes or more');

/** How far a subject's erasure has gone, as the subject and audience items show it. */
interface SubjectErasure {
  /** The mark `leaveForErasure` sets: the first one stays. */
  erasure?: { erasureId: string; startedAt: string };
  /** When its contact data was erased. */
  erasedAt?: string;
  /** Its audience item was deleted. */
  leftAudience?: boolean;
}

/**
 * Subjects in memory, paged per audience shard in subject id order, like the audience index, with their
 * sharing preferences on their audience members. A subject added with `addedAt` is left out of the pages of
 * disclosures recorded before it; one added without is in every page. Erasure as the real store does it:
 * `leaveForErasure` marks the subject, takes it out of its shard and drops its preferences (false for an
 * unknown one); `getMany` then leaves it out, while `contactDuringErasure` reads its contact data until
 * `eraseContactWrite`, applied by the transaction that carries it (the erasure store's), removes it.
 */
export class InMemorySubjectStore
  implements
    Pick<
      SubjectStore,
      'audiencePage' | 'getMany' | 'setPreferences' | 'upsert' | 'upsertMany' | 'findByEmailLookup' | 'contactDuringErasure' | 'leaveForErasure' | 'eraseContactWrite'
    >
{
  readonly pageRequests: { shard: number; cursor: string | undefined; limit: number; knownBy: string }[] = [];
  /** Every lookup key `findByEmailLookup` was asked for, in order. */
  readonly emailLookups: string[] = [];
  /** What the `byEmail` index still holds of subjects whose address changed since (it lags): subject id to lookup key. */
  private readonly staleLookups = new Map<string, string>();
  readonly preferenceChanges: { subjectId: string; preferences: SharingPreferences; at: string }[] = [];
  private readonly subjects = new Map<string, { subject: Subject; addedAt?: string } & SubjectErasure>();

  constructor(
    subjects: readonly Subject[],
    private readonly shardOf: (subjectId: string) => number = (subjectId) => audienceShard(subjectId, 16),
  ) {
    for (const subject of subjects) this.subjects.set(subject.subjectId, { subject: structuredClone(subject) });
  }

  add(subject: Subject, addedAt?: string): void {
    this.subjects.set(subject.subjectId, { subject: structuredClone(subject), ...(addedAt ? { addedAt } : {}) });
  }

  erase(subjectId: string): void {
    this.subjects.delete(subjectId);
  }

  /** The subject as stored, preferences included. */
  subject(subjectId: string): Subject | undefined {
    const found = this.subjects.get(subjectId);
    return found ? structuredClone(found.subject) : undefined;
  }

  async upsert(subject: Subject, now: string): Promise<SubjectUpsert> {
    const known = this.subjects.get(subject.subjectId);
    // As the real store's condition: a subject whose erasure has begun or is done is never written again.
    if (known?.erasedAt) return { upserted: false, refusal: { reason: 'erased', since: known.erasedAt } };
    if (known?.erasure) return { upserted: false, refusal: { reason: 'being_erased', since: known.erasure.startedAt } };
    const { preferences: _ignored, ...contact } = subject;
    this.subjects.set(subject.subjectId, {
      subject: structuredClone({ ...contact, ...(known?.subject.preferences ? { preferences: known.subject.preferences } : {}) }),
      addedAt: known ? known.addedAt : now,
    });
    return { upserted: true };
  }

  async upsertMany(subjects: readonly Subject[], now: string): Promise<SubjectBatchUpsert> {
    const result: SubjectBatchUpsert = { upserted: 0, refused: [] };
    for (const subject of subjects) {
      const outcome = await this.upsert(subject, now);
      if (outcome.upserted) result.upserted++;
      else result.refused.push({ subjectId: subject.subjectId, reason: outcome.refusal.reason });
    }
    return result;
  }

  /** Lets the index go on answering a subject's former address, as the real index does for a moment. */
  lagEmailIndex(subjectId: string, formerEmail: string): void {
    const subject = this.subjects.get(subjectId)?.subject;
    if (!subject) throw new Error(`InMemorySubjectStore: no subject ${subjectId}`);
    this.staleLookups.set(subjectId, emailLookup(IN_MEMORY_LINK_KEY, subject.controllerId, formerEmail));
  }

  /**
   * As the sparse `byEmail` index answers (keys under `IN_MEMORY_LINK_KEY`): the subjects whose address has this lookup key, in subject id
   * order (and those `lagEmailIndex` keeps under a former address); a key of another controller is refused.
   */
  async findByEmailLookup(controllerId: string, lookup: string): Promise<string[]> {
    this.emailLookups.push(lookup);
    if (!lookup.startsWith(emailLookupPrefix(controllerId))) throw new RangeError('The lookup key is not one of this controller');
    return [...this.subjects.values()]
      // An erased subject's item has no address, and so no lookup key, left.
      .flatMap(({ subject, erasedAt }) => (erasedAt ? [] : [subject]))
      .filter((subject) => emailLookup(IN_MEMORY_LINK_KEY, subject.controllerId, subject.email) === lookup || this.staleLookups.get(subject.subjectId) === lookup)
      .map((subject) => subject.subjectId)
      .sort();
  }

  async setPreferences(
    controllerId: string,
    subjectId: string,
    preferences: SharingPreferences,
    now: string,
  ): Promise<'set' | 'unknown-subject' | 'superseded'> {
    const found = this.subjects.get(subjectId);
    if (!found || found.subject.controllerId !== controllerId) return 'unknown-subject';
    const latest = this.preferenceChanges.filter((change) => change.subjectId === subjectId).at(-1);
    if (latest && latest.at > now) return 'superseded';
    found.subject = { ...found.subject, preferences: structuredClone(preferences) };
    this.preferenceChanges.push(structuredClone({ subjectId, preferences, at: now }));
    return 'set';
  }

  async getMany(controllerId: string, subjectIds: readonly string[]): Promise<Map<string, Subject>> {
    const found = new Map<string, Subject>();
    for (const subjectId of subjectIds) {
      const entry = this.subjects.get(subjectId);
      if (entry && entry.subject.controllerId === controllerId && !entry.erasure && !entry.erasedAt) found.set(subjectId, structuredClone(entry.subject));
    }
    return found;
  }

  async contactDuringErasure(controllerId: string, subjectId: string): Promise<Subject | undefined> {
    const entry = this.subjects.get(subjectId);
    return entry && entry.subject.controllerId === controllerId && !entry.erasedAt ? structuredClone(entry.subject) : undefined;
  }

  async leaveForErasure(controllerId: string, subjectId: string, erasure: { erasureId: string; startedAt: string }): Promise<boolean> {
    const entry = this.subjects.get(subjectId);
    if (!entry || entry.subject.controllerId !== controllerId) return false;
    const { preferences: _dropped, ...rest } = entry.subject;
    Object.assign(entry, { subject: rest, erasure: entry.erasure ?? { ...erasure }, leftAudience: true });
    return true;
  }

  eraseContactWrite(controllerId: string, subjectId: string, at: string): TransactItem {
    return {
      Update: {
        TableName: IN_MEMORY_TABLE,
        Key: keys.subject(controllerId, subjectId),
        UpdateExpression: 'SET erasedAt = :at REMOVE email, #name, locale, emailLookup, preferences, dataCategories',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':at': at },
      },
    };
  }

  /** The write `eraseContactWrite` made, as a transaction applies it: only on a subject item that exists. */
  contactErasure(write: TransactItem): { check: () => boolean; apply: () => Promise<void> } {
    const key = write.Update?.Key as { pk: string } | undefined;
    const [, controllerId, subjectId] = /^C#(.+)#S#(.+)$/.exec(key?.pk ?? '') ?? [];
    const at = write.Update?.ExpressionAttributeValues?.[':at'] as string;
    const entry = subjectId ? this.subjects.get(subjectId) : undefined;
    return {
      check: () => entry !== undefined && entry.subject.controllerId === controllerId,
      apply: async () => {
        // Only the pseudonymous id stays: no address, name, language, preferences or data categories.
        Object.assign(entry!, { subject: { controllerId, subjectId } as Subject, erasedAt: at });
      },
    };
  }

  /** How far the subject's erasure has gone; undefined for an unknown subject. */
  erasureOf(subjectId: string): SubjectErasure | undefined {
    const entry = this.subjects.get(subjectId);
    if (!entry) return undefined;
    const { erasure, erasedAt, leftAudience } = entry;
    return structuredClone({ ...(erasure ? { erasure } : {}), ...(erasedAt ? { erasedAt } : {}), ...(leftAudience ? { leftAudience } : {}) });
  }

  async audiencePage(controllerId: string, shard: number, cursor: string | undefined, limit: number, knownBy: string): Promise<AudiencePage> {
    this.pageRequests.push({ shard, cursor, limit, knownBy });
    const after = [...this.subjects.values()]
      .filter(
        ({ subject, addedAt, leftAudience }) =>
          !leftAudience && subject.controllerId === controllerId && this.shardOf(subject.subjectId) === shard && (addedAt === undefined || addedAt <= knownBy),
      )
      .map(({ subject }) => subject)
      .sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0))
      .filter((subject) => cursor === undefined || subject.subjectId > cursor);
    const page = after.slice(0, limit);
    const members = page.map(({ subjectId, locale, preferences, dataCategories }) => ({
      subjectId,
      locale,
      ...(preferences ? { preferences: structuredClone(preferences) } : {}),
      ...(dataCategories?.length ? { dataCategories: [...dataCategories] } : {}),
    }));
    return after.length > limit ? { members, nextCursor: page.at(-1)!.subjectId } : { members };
  }
}

/** Recipients in memory, per controller. */
export class InMemoryRecipientStore implements Pick<RecipientStore, 'upsert' | 'get'> {
  private readonly recipients = new Map<string, Recipient>();

  constructor(recipients: readonly Recipient[] = []) {
    for (const recipient of recipients) this.recipients.set(JSON.stringify([recipient.controllerId, recipient.recipientId]), structuredClone(recipient));
  }

  async upsert(recipient: Recipient, _now: string): Promise<void> {
    this.recipients.set(JSON.stringify([recipient.controllerId, recipient.recipientId]), structuredClone(recipient));
  }

  async get(controllerId: string, recipientId: string): Promise<Recipient | undefined> {
    const recipient = this.recipients.get(JSON.stringify([controllerId, recipientId]));
    return recipient ? structuredClone(recipient) : undefined;
  }
}

/** The state item of one erasure request, as the real store keeps it, with the events under its partition. */
interface ErasureItem {
  request: ErasureRequest;
  state: ErasureState;
  seq: number;
  lastHash: string;
  /** The other attributes of the state item: `dueDate`, `extendedMonths`, and those transitions set (`verificationExpiresAt`...). */
  attributes: Record<string, unknown>;
  events: EvidenceEvent[];
}

/** A transition asked of the in-memory erasure store, and whether it moved the request on. */
export interface ErasureTransitionCall {
  controllerId: string;
  erasureId: string;
  from: ErasureState;
  event: ErasureEvent;
  data: Record<string, unknown>;
  at: string;
  stateChanges: Record<string, unknown>;
  transitioned: boolean;
}

/**
 * Attributes a transition cannot set: the key (DynamoDB never updates it) and the chain's own attributes,
 * which the update sets itself (DynamoDB refuses two paths that overlap).
 */
const ERASURE_CHAIN_ATTRIBUTES = ['pk', 'sk', 'seq', 'lastHash'];

/**
 * Erasure requests in memory, with the store's promises: `record` writes a request `received`, due on its
 * first due date and extended by no month, with its first event, `erasure.received` (the request and who
 * recorded it), and arms its timers, or throws on an id recorded before; a transition happens only when the state machine (`nextErasureState`) allows the event from the state it is
 * given and the request is still in that state (else false, and nothing written); it appends
 * `erasure.<event>` with `{ ...data, from, to }` and sets its state changes and the new state on the state
 * item, and applies the writes its `alsoWrite` carries (timers, recipients, a claim, the subject's contact
 * erasure: see `interpret`), all or none.
 * `extend` moves the due date only if no extension came since and the request is not closed, re-arming its
 * timers; `flagOverdue` and `recordVerificationReminder` append their event once (false after). `reject`
 * moves a request the state machine lets reject, still in the state given, to `rejected` with
 * `erasure.rejected` and its `rejection`, claiming its Idempotency-Key (false, nothing written, otherwise).
 * Events are hash-chained as the real store chains them, so `verifyChain` holds over `events`.
 * A subject has one open request at most, as the real store's claim on the subject item keeps it: `record`
 * refuses another while one is open (`openErasureId` answers it), and the transition or rejection that
 * closes a request releases its claim. A request seeded open claims its subject unless told it was recorded
 * before claims existed (`claimsSubject: false`), or another seeded one claimed it first.
 */
export class InMemoryErasureStore
  implements
    Pick<
      ErasureStore,
      | 'record'
      | 'get'
      | 'events'
      | 'transition'
      | 'idempotencyClaim'
      | 'idempotencyClaimPut'
      | 'extend'
      | 'flagOverdue'
      | 'recordVerificationReminder'
      | 'reject'
      | 'recordContactDataErased'
      | 'openErasureId'
    >
{
  /** Every request `record` was asked to write, whether or not it was written. */
  readonly recordCalls: { request: ErasureRequest; recordedBy: Actor }[] = [];
  /** Every transition asked for that answered (one of an unknown request throws), in order. */
  readonly transitionCalls: ErasureTransitionCall[] = [];
  private readonly items = new Map<string, ErasureItem>();
  readonly timers: InMemoryTimerStore;

  constructor(seeded: readonly StoredErasure[] = [], timers = new InMemoryTimerStore()) {
    this.timers = timers;
    for (const stored of seeded) this.seed(stored);
  }

  private static key(controllerId: string, erasureId: string): string {
    return JSON.stringify([controllerId, erasureId]);
  }

  /** Adds a request in any state, as if recorded (and moved on) before the test, without events. */
  seed(stored: StoredErasure, options: { claimsSubject?: boolean } = {}): void {
    const { controllerId, erasureId, subjectId } = stored.request;
    const key = InMemoryErasureStore.key(controllerId, erasureId);
    if (this.items.has(key)) throw new Error(`InMemoryErasureStore: ${erasureId} is there already`);
    const subjectKey = InMemoryErasureStore.key(controllerId, subjectId);
    if ((options.claimsSubject ?? true) && !FINAL_ERASURE_STATES.includes(stored.state) && !this.openBySubject.has(subjectKey)) {
      this.openBySubject.set(subjectKey, erasureId);
    }
    this.items.set(key, {
      request: structuredClone(stored.request),
      state: stored.state,
      seq: 0,
      lastHash: GENESIS_HASH,
      attributes: {
        dueDate: stored.dueDate,
        extendedMonths: stored.extendedMonths,
        ...(stored.verificationExpiresAt ? { verificationExpiresAt: stored.verificationExpiresAt } : {}),
        ...(stored.verificationRemindedAt ? { verificationRemindedAt: stored.verificationRemindedAt } : {}),
        ...(stored.overdueAt ? { overdueAt: stored.overdueAt } : {}),
        ...(stored.rejection ? { rejection: structuredClone(stored.rejection) } : {}),
        ...(stored.retained ? { retained: structuredClone(stored.retained) } : {}),
        ...(stored.contactDataErasedAt ? { contactDataErasedAt: stored.contactDataErasedAt } : {}),
      },
      events: [],
    });
  }

  /** How many requests the store holds. */
  get size(): number {
    return this.items.size;
  }

  /** The state item as stored (sequence number, last hash and every attribute set), undefined if unknown. */
  item(controllerId: string, erasureId: string): Record<string, unknown> | undefined {
    const item = this.items.get(InMemoryErasureStore.key(controllerId, erasureId));
    if (!item) return undefined;
    const { request, state, seq, lastHash, attributes } = item;
    return structuredClone({ ...attributes, request, state, seq, lastHash });
  }

  private readonly claims = new Map<string, { erasureId: string; requestHash: string }>();
  /** The subject item's `openErasureId`: subject (with its controller) to its open request. */
  private readonly openBySubject = new Map<string, string>();

  async record(
    request: ErasureRequest,
    recordedBy: Actor,
    idempotency?: { key: string; requestHash: string },
    timers: readonly ErasureTimer[] = [],
  ): Promise<ErasureRecordOutcome> {
    this.recordCalls.push(structuredClone({ request, recordedBy }));
    const { controllerId, erasureId, subjectId } = request;
    if (idempotency) {
      const claim = this.claims.get(JSON.stringify([controllerId, idempotency.key]));
      if (claim) return { recorded: false, existingErasureId: claim.erasureId, sameRequest: claim.requestHash === idempotency.requestHash };
    }
    const key = InMemoryErasureStore.key(controllerId, erasureId);
    if (this.items.has(key)) throw new Error('Erasure id collision');
    const open = this.openBySubject.get(InMemoryErasureStore.key(controllerId, subjectId));
    if (open) return { recorded: false, openErasureId: open };
    this.openBySubject.set(InMemoryErasureStore.key(controllerId, subjectId), erasureId);
    if (idempotency) this.claims.set(JSON.stringify([controllerId, idempotency.key]), { erasureId, requestHash: idempotency.requestHash });
    const { note, ...evidence } = request;
    const received = chainEvent({
      aggregateId: erasureId,
      seq: 1,
      type: 'erasure.received',
      at: request.recordedAt,
      data: structuredClone({ ...evidence, ...(note === undefined ? {} : { noteSha256: 'in-memory' }), recordedBy }),
      prevHash: GENESIS_HASH,
    });
    this.items.set(key, {
      request: structuredClone(request),
      state: 'received',
      seq: 1,
      lastHash: received.hash,
      attributes: { dueDate: request.dueDate, extendedMonths: 0 },
      events: [received],
    });
    for (const timer of timers) await this.timers.arm(timer);
    return { recorded: true };
  }

  async idempotencyClaim(controllerId: string, key: string): Promise<{ erasureId: string; requestHash: string } | undefined> {
    const claim = this.claims.get(JSON.stringify([controllerId, key]));
    return claim ? { ...claim } : undefined;
  }

  async openErasureId(controllerId: string, subjectId: string): Promise<string | undefined> {
    return this.openBySubject.get(InMemoryErasureStore.key(controllerId, subjectId));
  }

  /** A closing request gives up its subject's claim; one it does not hold (recorded before claims) stays. */
  private releaseOnClose(item: ErasureItem): void {
    const { controllerId, erasureId, subjectId } = item.request;
    const subjectKey = InMemoryErasureStore.key(controllerId, subjectId);
    if (FINAL_ERASURE_STATES.includes(item.state) && this.openBySubject.get(subjectKey) === erasureId) this.openBySubject.delete(subjectKey);
  }

  async get(controllerId: string, erasureId: string): Promise<StoredErasure | undefined> {
    const item = this.items.get(InMemoryErasureStore.key(controllerId, erasureId));
    if (!item) return undefined;
    const { dueDate, extendedMonths, extensions, verificationExpiresAt, verificationRemindedAt, overdueAt, rejection, retained, contactDataErasedAt } = item.attributes;
    return structuredClone({
      request: item.request,
      state: item.state,
      dueDate: (dueDate as string | undefined) ?? item.request.dueDate,
      extendedMonths: Number(extendedMonths ?? 0),
      ...(extensions ? { extensions: extensions as ErasureExtension[] } : {}),
      ...(verificationExpiresAt ? { verificationExpiresAt: verificationExpiresAt as string } : {}),
      ...(verificationRemindedAt ? { verificationRemindedAt: verificationRemindedAt as string } : {}),
      ...(overdueAt ? { overdueAt: overdueAt as string } : {}),
      ...(rejection ? { rejection: rejection as ErasureRejection } : {}),
      ...(retained ? { retained: retained as RetainedCategory[] } : {}),
      ...(contactDataErasedAt ? { contactDataErasedAt: contactDataErasedAt as string } : {}),
    });
  }

  async events(controllerId: string, erasureId: string): Promise<EvidenceEvent[]> {
    return structuredClone(this.items.get(InMemoryErasureStore.key(controllerId, erasureId))?.events ?? []);
  }

  async transition(
    controllerId: string,
    erasureId: string,
    from: ErasureState,
    event: ErasureEvent,
    data: Record<string, unknown>,
    at: string,
    stateChanges: Record<string, unknown> = {},
    alsoWrite: TransactItem[] = [],
  ): Promise<boolean> {
    const writes = alsoWrite.map((write) => this.interpret(write));
    const answer = (transitioned: boolean) => {
      this.transitionCalls.push(structuredClone({ controllerId, erasureId, from, event, data, at, stateChanges, transitioned }));
      return transitioned;
    };
    const to = nextErasureState(from, event);
    // As the real store: an event the state machine forbids is refused before anything is read.
    if (!to) return answer(false);
    const item = this.items.get(InMemoryErasureStore.key(controllerId, erasureId));
    if (!item) throw new Error('Unknown erasure request');
    for (const field of Object.keys(stateChanges)) {
      if (ERASURE_CHAIN_ATTRIBUTES.includes(field)) throw new Error(`InMemoryErasureStore: a transition cannot set ${field} (DynamoDB would refuse it)`);
    }
    if (item.state !== from || !writes.every((write) => write.check())) return answer(false);
    const appended = chainEvent({
      aggregateId: erasureId,
      seq: item.seq + 1,
      type: `erasure.${event}`,
      at,
      data: structuredClone({ ...data, from, to }),
      prevHash: item.lastHash,
    });
    item.events.push(appended);
    item.seq = appended.seq;
    item.lastHash = appended.hash;
    // The update sets every state change as a top-level attribute, and the new state last.
    const changes: Record<string, unknown> = { ...structuredClone(stateChanges), state: to };
    for (const [field, value] of Object.entries(changes)) {
      if (field === 'state') item.state = value as ErasureState;
      else if (field === 'request') item.request = value as ErasureRequest;
      else item.attributes[field] = value;
    }
    this.releaseOnClose(item);
    for (const write of writes) await write.apply();
    return answer(true);
  }

  /** Other stores of the request (its recipients, the subject) whose writes a transaction here may carry. */
  attach(collaborators: { recipients?: InMemoryErasureRecipientStore; subjects?: InMemorySubjectStore }): void {
    Object.assign(this.collaborators, collaborators);
  }

  private readonly collaborators: { recipients?: InMemoryErasureRecipientStore; subjects?: InMemorySubjectStore } = {};

  /** Writes together, as one transaction: all of them, or none when a condition fails (false). */
  async writeTogether(writes: readonly TransactItem[]): Promise<boolean> {
    const interpreted = writes.map((write) => this.interpret(write));
    if (!interpreted.every((write) => write.check())) return false;
    for (const write of interpreted) await write.apply();
    return true;
  }

  /** An event of the request appended by another store of it (a recipient's step), as its chain does. */
  appendEvent(controllerId: string, erasureId: string, type: string, data: Record<string, unknown>, at: string): void {
    this.append(this.known(controllerId, erasureId), type, data, at, {});
  }

  idempotencyClaimPut(controllerId: string, claim: { key: string; requestHash: string }, erasureId: string): TransactItem {
    return {
      Put: {
        TableName: IN_MEMORY_TABLE,
        Item: { ...keys.erasureIdempotencyKey(controllerId, claim.key), controllerId, erasureId, requestHash: claim.requestHash },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async recordContactDataErased(
    controllerId: string,
    erasureId: string,
    stored: Pick<StoredErasure, 'request' | 'retained' | 'extensions'>,
    data: { completionEmailed: boolean },
    at: string,
    alsoWrite: TransactItem[] = [],
  ): Promise<boolean> {
    const item = this.known(controllerId, erasureId);
    const writes = alsoWrite.map((write) => this.interpret(write));
    if (item.state !== 'completed' || item.attributes.contactDataErasedAt !== undefined || !writes.every((write) => write.check())) return false;
    // The real store's own scrub: the fake keeps no second copy of what leaves the item.
    const { withoutNote, freeTextScrubbed } = withoutFreeText(stored);
    item.request = structuredClone(withoutNote);
    this.append(item, 'erasure.contact_data_erased', data, at, { ...freeTextScrubbed, contactDataErasedAt: at });
    for (const write of writes) await write.apply();
    return true;
  }

  /**
   * A write a transaction here carries, as a condition to check and a change to make: a timer (armed), a
   * recipient's put (only if new), an Idempotency-Key claim (only if new), the subject's contact erasure.
   * Any other is a test error.
   */
  private interpret(write: TransactItem): { check: () => boolean; apply: () => Promise<void> } {
    const sk = String(write.Put?.Item?.sk ?? write.Update?.Key?.sk ?? '');
    const { recipients, subjects } = this.collaborators;
    if (sk.startsWith('TIMER#')) {
      const timer = erasureTimerOf(write);
      return { check: () => true, apply: () => this.timers.arm(timer) };
    }
    if (sk.startsWith('RECIPIENT#') && recipients) return recipients.putOf(write);
    if (sk === 'ERASURE' && write.Put) {
      const { controllerId, erasureId, requestHash } = write.Put.Item as { controllerId: string; erasureId: string; requestHash: string };
      const claimKey = JSON.stringify([controllerId, String(write.Put.Item!.pk).replace(/^C#.+?#IDEMPOTENCY#/, '')]);
      return { check: () => !this.claims.has(claimKey), apply: async () => void this.claims.set(claimKey, { erasureId, requestHash }) };
    }
    if (sk === 'SUBJECT' && write.Update && subjects) return subjects.contactErasure(write);
    throw new Error(`InMemoryErasureStore does not understand the write ${JSON.stringify(write)}`);
  }

  async extend(
    controllerId: string,
    erasureId: string,
    extension: {
      extendedMonthsSoFar: number;
      extensionsSoFar?: readonly ErasureExtension[];
      extendedMonths: number;
      previousDueDate: string;
      dueDate: string;
      reason: string;
      extendedBy: Actor;
    },
    at: string,
    idempotency?: { key: string; requestHash: string },
    timers: readonly ErasureTimer[] = [],
  ): Promise<boolean> {
    const item = this.known(controllerId, erasureId);
    const { extendedMonthsSoFar, extensionsSoFar = [], extendedMonths, dueDate, reason, previousDueDate, extendedBy } = extension;
    const claimKey = idempotency ? JSON.stringify([controllerId, idempotency.key]) : undefined;
    if (Number(item.attributes.extendedMonths ?? 0) !== extendedMonthsSoFar || FINAL_ERASURE_STATES.includes(item.state)) return false;
    if (claimKey && this.claims.has(claimKey)) return false;
    if (claimKey) this.claims.set(claimKey, { erasureId, requestHash: idempotency!.requestHash });
    const added = { dueDate, months: extendedMonths - extendedMonthsSoFar, reason, extendedAt: at };
    this.append(item, 'erasure.extended', { previousDueDate, dueDate, extendedMonths, reasonSha256: freeTextSha256(reason), extendedBy }, at, {
      dueDate,
      extendedMonths,
      extensions: [...extensionsSoFar, added],
    });
    for (const timer of timers) await this.timers.arm(timer);
    return true;
  }

  async reject(
    controllerId: string,
    erasureId: string,
    rejection: { from: ErasureState; ground: RejectionGround; reason: string; rejectedBy: Actor },
    at: string,
    idempotency?: { key: string; requestHash: string },
  ): Promise<boolean> {
    const { from, ground, reason, rejectedBy } = rejection;
    const to = nextErasureState(from, 'rejected');
    const item = this.known(controllerId, erasureId);
    const claimKey = idempotency ? JSON.stringify([controllerId, idempotency.key]) : undefined;
    if (!to || item.state !== from || (claimKey && this.claims.has(claimKey))) return false;
    if (claimKey) this.claims.set(claimKey, { erasureId, requestHash: idempotency!.requestHash });
    this.append(item, 'erasure.rejected', { ground, reasonSha256: freeTextSha256(reason), rejectedBy, from, to }, at, { rejection: { ground, reason, rejectedAt: at } });
    item.state = to;
    this.releaseOnClose(item);
    return true;
  }

  async flagOverdue(controllerId: string, erasureId: string, dueDate: string, at: string): Promise<boolean> {
    return this.recordOnce(controllerId, erasureId, 'erasure.overdue', 'overdueAt', { dueDate }, at);
  }

  async recordVerificationReminder(controllerId: string, erasureId: string, verificationExpiresAt: string, at: string): Promise<boolean> {
    return this.recordOnce(controllerId, erasureId, 'erasure.verification_reminded', 'verificationRemindedAt', { verificationExpiresAt }, at);
  }

  private recordOnce(controllerId: string, erasureId: string, type: string, field: string, data: Record<string, unknown>, at: string): boolean {
    const item = this.known(controllerId, erasureId);
    if (item.attributes[field] !== undefined) return false;
    this.append(item, type, data, at, { [field]: at });
    return true;
  }

  private known(controllerId: string, erasureId: string): ErasureItem {
    const item = this.items.get(InMemoryErasureStore.key(controllerId, erasureId));
    if (!item) throw new Error('Unknown erasure request');
    return item;
  }

  /** Appends an event to the chain and sets attributes of the state item, as one transaction would. */
  private append(item: ErasureItem, type: string, data: Record<string, unknown>, at: string, changes: Record<string, unknown>): void {
    const appended = chainEvent({ aggregateId: item.request.erasureId, seq: item.seq + 1, type, at, data: structuredClone(data), prevHash: item.lastHash });
    item.events.push(appended);
    item.seq = appended.seq;
    item.lastHash = appended.hash;
    Object.assign(item.attributes, structuredClone(changes));
  }
}

/** The erasure timer a `timerPut` write arms; any other write is a test error, not a silent pass. */
function erasureTimerOf(write: TransactItem): ErasureTimer {
  const item = write.Put?.Item as Record<string, unknown> | undefined;
  if (!item || typeof item.sk !== 'string' || !item.sk.startsWith('TIMER#') || typeof item.erasureId !== 'string') {
    throw new Error(`InMemoryErasureStore does not understand the write ${JSON.stringify(write)}`);
  }
  const { controllerId, erasureId, name, dueAt } = item as unknown as ErasureTimer;
  return { controllerId, erasureId, name, dueAt };
}

export interface LedgerNotice {
  status: NoticeStatus;
  at?: string;
  messageId?: string;
  /** Set when a hold ended and the held notice became queued. */
  releasedAt?: string;
}

/** Where the in-memory ledger adds its counts: the disclosure store's part counters. */
export type CounterSink = Pick<InMemoryDisclosureStore, 'addToCounters'>;

interface LedgerItem extends LedgerNotice {
  partKey: string;
  disclosure: Disclosure;
}

/**
 * Ledger entries and (mode `before`) intent entries in memory, with the store's promises: an entry is
 * created (and counted on its part) once, so writing it again neither resets its notice status nor counts
 * it again; a notice is recorded (and counted on its part, on its track's counters) only on an entry still
 * queued, any other is left as it is and not counted; releasing turns held entries queued and leaves others.
 * The counts go to the disclosure store, as the store's transactions add them to the counter items. A notice
 * counted on another part than its subject, or one subject twice in one call (which DynamoDB refuses in one
 * transaction), is a test error.
 */
export class InMemoryLedger
  implements Pick<LedgerStore, 'writeEntries' | 'writeIntentEntries' | 'releaseHeld' | 'noticeStatuses' | 'recordNotices' | 'forSubject' | 'recipientEntries'>
{
  readonly writes: { disclosure: Disclosure; partKey: string; entries: NewLedgerEntry[]; subjectIds: string[] }[] = [];
  readonly intentWrites: { disclosure: Disclosure; partKey: string; subjectIds: string[] }[] = [];
  readonly releases: { controllerId: string; disclosureId: string; subjectIds: string[]; now: string }[] = [];
  readonly statusReads: string[][] = [];
  readonly recordCalls: { partKey: string; notices: NoticeOutcome[]; now: string; track: NoticeTrack }[] = [];
  private readonly entries = new Map<string, LedgerItem>();

  constructor(private readonly counters: CounterSink) {}

  private static key(track: NoticeTrack, controllerId: string, disclosureId: string, subjectId: string): string {
    return JSON.stringify([track, controllerId, disclosureId, subjectId]);
  }

  async writeEntries(disclosure: Disclosure, partKey: string, entries: readonly NewLedgerEntry[]): Promise<void> {
    const { controllerId, disclosureId } = disclosure;
    const unique = [...new Map(entries.map((entry) => [entry.subjectId, entry])).values()];
    this.writes.push(structuredClone({ disclosure, partKey, entries: [...entries], subjectIds: entries.map((entry) => entry.subjectId) }));
    const key = (subjectId: string) => InMemoryLedger.key('ledger', controllerId, disclosureId, subjectId);
    const created = unique.filter((entry) => !this.entries.has(key(entry.subjectId)));
    const increments: CounterIncrements = {};
    for (const { noticeStatus } of created) {
      for (const [field, value] of Object.entries(entryIncrements(noticeStatus)) as [Counted, number][]) increments[field] = (increments[field] ?? 0) + value;
    }
    this.counters.addToCounters(controllerId, disclosureId, partKey, increments);
    for (const { subjectId, noticeStatus } of created) {
      this.entries.set(key(subjectId), { status: noticeStatus, partKey, disclosure: structuredClone(disclosure) });
    }
  }

  async writeIntentEntries(disclosure: Disclosure, partKey: string, subjectIds: readonly string[]): Promise<void> {
    const { controllerId, disclosureId } = disclosure;
    this.intentWrites.push(structuredClone({ disclosure, partKey, subjectIds: [...subjectIds] }));
    const key = (subjectId: string) => InMemoryLedger.key('intent', controllerId, disclosureId, subjectId);
    const created = [...new Set(subjectIds)].filter((subjectId) => !this.entries.has(key(subjectId)));
    this.counters.addToCounters(controllerId, disclosureId, partKey, { intentSubjects: created.length });
    for (const subjectId of created) this.entries.set(key(subjectId), { status: 'queued', partKey, disclosure: structuredClone(disclosure) });
  }

  async releaseHeld(controllerId: string, disclosureId: string, subjectIds: readonly string[], now: string): Promise<void> {
    this.releases.push({ controllerId, disclosureId, subjectIds: [...subjectIds], now });
    for (const subjectId of new Set(subjectIds)) {
      const entry = this.entries.get(InMemoryLedger.key('ledger', controllerId, disclosureId, subjectId));
      if (entry?.status === 'held') Object.assign(entry, { status: 'queued', releasedAt: now });
    }
  }

  async noticeStatuses(
    controllerId: string,
    disclosureId: string,
    subjectIds: readonly string[],
    track: NoticeTrack = 'ledger',
  ): Promise<Map<string, NoticeStatus>> {
    this.statusReads.push([...subjectIds]);
    const statuses = new Map<string, NoticeStatus>();
    for (const subjectId of subjectIds) {
      const entry = this.entries.get(InMemoryLedger.key(track, controllerId, disclosureId, subjectId));
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
    track: NoticeTrack = 'ledger',
  ): Promise<void> {
    this.recordCalls.push({ partKey, notices: structuredClone([...notices]), now, track });
    const key = (subjectId: string) => InMemoryLedger.key(track, controllerId, disclosureId, subjectId);
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
      for (const [field, value] of Object.entries(settledIncrements(track, notice.status)) as [Counted, number][]) {
        increments[field] = (increments[field] ?? 0) + value;
      }
    }
    this.counters.addToCounters(controllerId, disclosureId, partKey, increments);
    for (const notice of settling) {
      const entry = this.entries.get(key(notice.subjectId))!;
      const { releasedAt } = entry;
      this.entries.set(key(notice.subjectId), {
        status: notice.status,
        at: now,
        ...(notice.messageId ? { messageId: notice.messageId } : {}),
        ...(releasedAt ? { releasedAt } : {}),
        partKey,
        disclosure: entry.disclosure,
      });
    }
  }

  async forSubject(controllerId: string, subjectId: string): Promise<SubjectDisclosure[]> {
    const found: SubjectDisclosure[] = [];
    for (const [key, entry] of this.entries) {
      const [track, entryController, , entrySubject] = JSON.parse(key) as [NoticeTrack, string, string, string];
      if (track !== 'ledger' || entryController !== controllerId || entrySubject !== subjectId) continue;
      const { disclosure } = entry;
      found.push({
        disclosureId: disclosure.disclosureId,
        kind: disclosure.kind,
        recipient: { name: disclosure.recipient.name, kind: disclosure.recipient.kind, country: disclosure.recipient.country },
        legalBasis: disclosure.legalBasis,
        purpose: disclosure.purpose,
        dataCategories: [...disclosure.dataCategories],
        disclosedAt: disclosure.occurredAt,
        notice: { status: entry.status },
      });
    }
    return found.sort((a, b) => a.disclosedAt.localeCompare(b.disclosedAt));
  }

  async recipientEntries(controllerId: string, subjectId: string): Promise<Awaited<ReturnType<LedgerStore['recipientEntries']>>> {
    const found: Awaited<ReturnType<LedgerStore['recipientEntries']>> = [];
    for (const [key, entry] of this.entries) {
      const [track, entryController, , entrySubject] = JSON.parse(key) as [NoticeTrack, string, string, string];
      if (track !== 'ledger' || entryController !== controllerId || entrySubject !== subjectId) continue;
      const { disclosure } = entry;
      found.push({
        disclosureId: disclosure.disclosureId,
        kind: disclosure.kind,
        recipient: { ...disclosure.recipient },
        dataCategories: [...disclosure.dataCategories],
        disclosedAt: disclosure.occurredAt,
        noticeStatus: entry.status,
      });
    }
    // The sort key order: by disclosure id.
    return found.sort((a, b) => (a.disclosureId < b.disclosureId ? -1 : a.disclosureId > b.disclosureId ? 1 : 0));
  }

  /** The entry of one subject for one disclosure (or its intent entry), as the sender left it. */
  notice(disclosure: Pick<Disclosure, 'controllerId' | 'disclosureId'>, subjectId: string, track: NoticeTrack = 'ledger'): LedgerNotice | undefined {
    const entry = this.entries.get(InMemoryLedger.key(track, disclosure.controllerId, disclosure.disclosureId, subjectId));
    if (!entry) return undefined;
    const { partKey: _partKey, disclosure: _disclosure, ...notice } = entry;
    return notice;
  }

  status(disclosure: Pick<Disclosure, 'controllerId' | 'disclosureId'>, subjectId: string, track: NoticeTrack = 'ledger'): NoticeStatus | undefined {
    return this.notice(disclosure, subjectId, track)?.status;
  }

  /** The part an entry was created (and counted) on. */
  partOf(disclosure: Pick<Disclosure, 'controllerId' | 'disclosureId'>, subjectId: string, track: NoticeTrack = 'ledger'): string | undefined {
    return this.entries.get(InMemoryLedger.key(track, disclosure.controllerId, disclosure.disclosureId, subjectId))?.partKey;
  }

  /** Every entry of one disclosure on one track, subject id to notice status, in subject id order. */
  statuses(disclosure: Pick<Disclosure, 'controllerId' | 'disclosureId'>, track: NoticeTrack = 'ledger'): Record<string, NoticeStatus> {
    const found: [string, NoticeStatus][] = [];
    for (const [key, entry] of this.entries) {
      const [entryTrack, controllerId, disclosureId, subjectId] = JSON.parse(key) as [NoticeTrack, string, string, string];
      if (entryTrack === track && controllerId === disclosure.controllerId && disclosureId === disclosure.disclosureId) found.push([subjectId, entry.status]);
    }
    return Object.fromEntries(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

export class RecordingQueue<Body = unknown> implements QueuePublisher {
  readonly batches: { id: string; body: Body }[][] = [];
  /** The options of each publish, in the order of `batches`. */
  readonly options: { delaySeconds?: number }[] = [];

  async publish(messages: readonly { id: string; body: unknown }[], options: { delaySeconds?: number } = {}): Promise<void> {
    this.batches.push(messages.map((message) => structuredClone(message) as { id: string; body: Body }));
    this.options.push({ ...options });
  }

  get bodies(): Body[] {
    return this.batches.flat().map((message) => message.body);
  }
}

/**
 * Answers each bulk entry as sent with a message id, unless a test gives its own answer (or throws); the
 * answer also gets the number of the call (0 for the first), so a test can fail one call of several. Single
 * emails are answered with a message id, unless the test gives its own answer (or throws).
 */
export class FakeMailer implements Mailer {
  readonly calls: BulkEmail[] = [];
  /** Every single email (`sendOne`) the mailer took, in order; one the answer refused (threw) is not here. */
  readonly singles: SingleEmail[] = [];

  constructor(
    private readonly answer: (email: BulkEmail, call: number) => BulkEmailResult[] = (email) =>
      email.entries.map((entry) => ({ status: 'sent', messageId: `ses-${entry.to}` })),
    private readonly answerOne: (email: SingleEmail, call: number) => string = (_email, call) => `ses-one-${call}`,
  ) {}

  async sendBulk(email: BulkEmail): Promise<BulkEmailResult[]> {
    this.calls.push(structuredClone(email));
    return this.answer(email, this.calls.length - 1);
  }

  async sendOne(email: SingleEmail): Promise<string> {
    const call = this.singles.length;
    const messageId = this.answerOne(email, call);
    this.singles.push(structuredClone(email));
    return messageId;
  }

  /** Every address mailed in bulk, over all calls, in order. */
  get mailed(): string[] {
    return this.calls.flatMap((call) => call.entries.map((entry) => entry.to));
  }
}

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

/** A clock a test moves on, for the sweeper and whatever runs in simulated time. */
export class SettableClock implements Clock {
  private at: Date;

  constructor(iso: string) {
    this.at = new Date(iso);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(iso: string): void {
    this.at = new Date(iso);
  }
}

/**
 * The recipients of erasure requests in memory, with the store's promises: the first answer counts (a
 * later one is `already-answered` and changes nothing), an answer for a recipient the request does not have
 * is `unknown-recipient`. `list` answers in recipient id order, as the sort keys are. Every answer asked
 * for is kept in `answerCalls`, with its outcome. A recipient is put once (`putWrites`, applied by the
 * erasure store's transaction, or `add`); being told, reminded, a webhook's delivery (per step) and escalated
 * are recorded once each, and no escalation after an answer; an answer's event keeps its reason's hash only. Given the erasure store, each step is also an event of the request's chain,
 * as the real store appends it, and the store's transactions may carry this one's puts.
 */
export class InMemoryErasureRecipientStore
  implements
    Pick<ErasureRecipientStore, 'get' | 'list' | 'recordAnswer' | 'putWrites' | 'add' | 'recordTold' | 'recordEscalated' | 'recordWebhookDelivered' | 'scrubAnswerReason'>
{
  readonly answerCalls: { controllerId: string; erasureId: string; recipientId: string; answer: RecipientAnswer; outcome: AnswerOutcome }[] = [];
  /** Every `recordTold` asked for, with whether it recorded. */
  readonly toldCalls: { recipientId: string; step: 'notice' | 'reminder'; emailed: boolean; webhookQueued: boolean; at: string; recorded: boolean }[] = [];
  private readonly recipients = new Map<string, ErasureRecipient>();

  constructor(private readonly erasures?: InMemoryErasureStore) {
    erasures?.attach({ recipients: this });
  }

  putWrites(controllerId: string, erasureId: string, recipients: readonly ErasureRecipient[]): TransactItem[] {
    return recipients.map((recipient) => ({
      Put: {
        TableName: IN_MEMORY_TABLE,
        Item: { ...keys.erasureRecipient(controllerId, erasureId, recipient.recipientId), type: 'erasure-recipient', controllerId, erasureId, ...structuredClone(recipient) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  /** A put of `putWrites`, as a transaction applies it: only a recipient not there yet. */
  putOf(write: TransactItem): { check: () => boolean; apply: () => Promise<void> } {
    const { pk: _pk, sk: _sk, type: _type, controllerId, erasureId, ...recipient } = write.Put!.Item as Record<string, unknown>;
    const key = InMemoryErasureRecipientStore.key(controllerId as string, erasureId as string, recipient.recipientId as string);
    return { check: () => !this.recipients.has(key), apply: async () => void this.recipients.set(key, structuredClone(recipient) as unknown as ErasureRecipient) };
  }

  async scrubAnswerReason(controllerId: string, erasureId: string, recipientId: string, reason: string): Promise<void> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    if (recipient?.answer?.reason === undefined) return;
    const { reason: _reason, ...answer } = recipient.answer;
    recipient.answer = { ...answer, reasonSha256: freeTextSha256(reason) };
  }

  async add(controllerId: string, erasureId: string, recipients: readonly ErasureRecipient[], alsoWrite: readonly TransactItem[] = []): Promise<boolean> {
    if (!this.erasures) throw new Error('InMemoryErasureRecipientStore: add writes through the erasure store it was given');
    return this.erasures.writeTogether([...this.putWrites(controllerId, erasureId, recipients), ...alsoWrite]);
  }

  async recordTold(
    controllerId: string,
    erasureId: string,
    recipientId: string,
    told: { step: 'notice' | 'reminder'; emailed: boolean; webhookQueued: boolean },
    at: string,
  ): Promise<boolean> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    const field = told.step === 'notice' ? 'notifiedAt' : 'remindedAt';
    const recorded = recipient !== undefined && recipient[field] === undefined;
    this.toldCalls.push(structuredClone({ recipientId, ...told, at, recorded }));
    if (!recorded) return false;
    recipient[field] = at;
    const type = told.step === 'notice' ? 'erasure.recipient_notified' : 'erasure.recipient_reminded';
    const data = { recipientId, channels: told.emailed ? ['email'] : [], ...(told.webhookQueued ? { webhook: 'queued' } : {}) };
    this.erasures?.appendEvent(controllerId, erasureId, type, data, at);
    return true;
  }

  async recordWebhookDelivered(
    controllerId: string,
    erasureId: string,
    recipientId: string,
    delivery: { step: 'notice' | 'reminder'; webhookId: string; status: number },
    at: string,
  ): Promise<boolean> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    const field = delivery.step === 'notice' ? 'notifiedByWebhookAt' : 'remindedByWebhookAt';
    if (!recipient || recipient[field] !== undefined) return false;
    recipient[field] = at;
    this.erasures?.appendEvent(controllerId, erasureId, 'erasure.recipient_webhook_delivered', { recipientId, ...delivery }, at);
    return true;
  }

  async recordEscalated(controllerId: string, erasureId: string, recipientId: string, at: string): Promise<boolean> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    if (!recipient || recipient.answer || recipient.escalatedAt) return false;
    recipient.escalatedAt = at;
    this.erasures?.appendEvent(controllerId, erasureId, 'erasure.recipient_escalated', { recipientId }, at);
    return true;
  }

  private static key(controllerId: string, erasureId: string, recipientId: string): string {
    return JSON.stringify([controllerId, erasureId, recipientId]);
  }

  /** Adds a recipient of a request, as telling it would have put it. */
  seed(controllerId: string, erasureId: string, recipient: ErasureRecipient): void {
    this.recipients.set(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipient.recipientId), structuredClone(recipient));
  }

  async get(controllerId: string, erasureId: string, recipientId: string): Promise<ErasureRecipient | undefined> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    return recipient ? structuredClone(recipient) : undefined;
  }

  async list(controllerId: string, erasureId: string): Promise<ErasureRecipient[]> {
    const prefix = JSON.stringify([controllerId, erasureId]).slice(0, -1);
    return [...this.recipients.entries()]
      .filter(([key]) => key.startsWith(`${prefix},`))
      .map(([, recipient]) => structuredClone(recipient))
      .sort((a, b) => (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0));
  }

  async recordAnswer(controllerId: string, erasureId: string, recipientId: string, answer: RecipientAnswer): Promise<AnswerOutcome> {
    const recipient = this.recipients.get(InMemoryErasureRecipientStore.key(controllerId, erasureId, recipientId));
    const outcome: AnswerOutcome = !recipient ? 'unknown-recipient' : recipient.answer ? 'already-answered' : 'recorded';
    if (recipient && outcome === 'recorded') {
      recipient.answer = structuredClone(answer);
      const { reason, ...evidence } = structuredClone(answer);
      const data = { recipientId, ...evidence, ...(reason === undefined ? {} : { reasonSha256: freeTextSha256(reason) }) };
      this.erasures?.appendEvent(controllerId, erasureId, 'erasure.recipient_answered', data, answer.answeredAt);
    }
    this.answerCalls.push(structuredClone({ controllerId, erasureId, recipientId, answer, outcome }));
    return outcome;
  }
}
