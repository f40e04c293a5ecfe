import type { BreachAppend, BreachRegisterOutcome, BreachSentEvent, BreachStore, FilingClaim } from '../../shared/adapters/dynamo/breach-store';
import { keys } from '../../shared/adapters/dynamo/keys';
import type { TransactItem } from '../../shared/adapters/dynamo/transact';
import type { BreachAssessment, BreachFiling, BreachNoticeCampaign, BreachReport, PublicCommunication, StoredBreach } from '../../shared/domain/breach/breach';
import { assessedEventData, filedEventData, publicCommunicationEventData, registeredEventData } from '../../shared/domain/breach/breach-evidence';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../shared/domain/evidence/hash-chain';
import type { BreachTimer } from '../../shared/domain/timers/timer';
import { CONTROLLER_ID } from './factories';
import { InMemoryTimerStore } from './fakes';

export const BREACH_ID = '01KB7BREACH0000000000000001';

/** A breach at the controller, aware on 2026-12-01 at 08:00 UTC (the 72 hours end 2026-12-04T08:00Z), registered an hour later. */
export function aBreachReport(overrides: Partial<BreachReport> = {}): BreachReport {
  return {
    controllerId: CONTROLLER_ID,
    breachId: BREACH_ID,
    awareAt: '2026-12-01T08:00:00.000Z',
    occurredAt: '2026-11-30T22:00:00.000Z',
    description: 'A laptop with an unencrypted export of the customer file was stolen from a car.',
    nature: ['confidentiality'],
    dataCategories: ['Name and contact details', 'Customer number'],
    approxSubjects: 1200,
    approxRecords: 1200,
    likelyConsequences: 'Phishing in the name of the controller.',
    measuresTaken: 'The laptop was wiped remotely; passwords were reset.',
    measuresProposed: 'Encrypt every laptop disk.',
    source: { type: 'internal' },
    recordedAt: '2026-12-01T09:00:00.000Z',
    recordedBy: { clientId: 'legal-console' },
    ...overrides,
  };
}

/** The breach as stored: its report (with `report` overrides), nothing decided yet unless given. */
export function aStoredBreach(overrides: Partial<StoredBreach> = {}, report: Partial<BreachReport> = {}): StoredBreach {
  return { report: aBreachReport(report), filings: [], ...overrides };
}

export function anAssessment(overrides: Partial<BreachAssessment> = {}): BreachAssessment {
  return {
    risk: 'risk',
    reasoning: 'Contact data only; phishing is likely, no further harm.',
    assessedBy: 'DPO',
    assessedAt: '2026-12-01T12:00:00.000Z',
    recordedBy: { clientId: 'legal-console' },
    ...overrides,
  };
}

export function aFiling(overrides: Partial<BreachFiling> = {}): BreachFiling {
  return {
    filingId: '01KB7FILING000000000000001',
    phase: 'initial',
    filedAt: '2026-12-02T10:00:00.000Z',
    filedBy: 'DPO',
    reference: 'AP-2026-12345',
    authorityCountry: 'NL',
    recordedAt: '2026-12-02T10:05:00.000Z',
    recordedBy: { clientId: 'legal-console' },
    ...overrides,
  };
}

const IN_MEMORY_TABLE = 'in-memory';

/** The state item of one breach as the real store keeps it, with the events and work markers under its partition. */
interface BreachItem {
  stored: StoredBreach;
  seq: number;
  lastHash: string;
  /** Attributes `append` set that StoredBreach does not name (the chain's callers may keep their own). */
  attributes: Record<string, unknown>;
  events: EvidenceEvent[];
  done: Map<string, { doneAt: string; result: Record<string, unknown> }>;
}

/** A write a transaction here carries, as a condition to check and a change to make. */
export interface InterpretedWrite {
  check: () => boolean;
  apply: () => Promise<void>;
}

/** The fields of StoredBreach a state change may set; anything else is kept as a plain attribute. */
const STORED_FIELDS = ['report', 'assessment', 'filings', 'lateByMinutes', 'notices', 'publicCommunication', 'closedAt'] as const;

/**
 * Breaches in memory, with the store's promises: `register` writes the breach, its `breach.registered` event
 * (the caller's data), its register entry and its timers, or nothing (an Idempotency-Key claimed before answers
 * the breach it registered); events are hash-chained as the real store chains them, so `verifyChain` holds over
 * `events`. The decisions are recorded only on the state read at `afterSeq` (false, nothing written, otherwise):
 * `recordAssessment` sets the latest assessment and closes (`none`) or reopens the breach; `recordFiling` adds a
 * filing, freezes `lateByMinutes` with the first and claims its Idempotency-Key (false if claimed before);
 * `recordPublicCommunication` once. `startNotices` once, only while the latest assessment is `high` without
 * exemption. `recordSent` appends its event and changes nothing. A unit of work is marked done once.
 *
 * `append` sets its state changes and understands the guard `attribute_not_exists(#field)` (joined by ` AND `)
 * and, in `alsoWrite`, timers and Idempotency-Key claims, plus what an attached interpreter understands (the
 * notice store's writes): anything else is a test error, not a silent pass.
 */
export class InMemoryBreachStore
  implements
    Pick<
      BreachStore,
      | 'register'
      | 'get'
      | 'list'
      | 'events'
      | 'append'
      | 'idempotencyClaim'
      | 'idempotencyClaimPut'
      | 'completeWork'
      | 'finishedWork'
      | 'recordAssessment'
      | 'recordFiling'
      | 'filingIdempotencyClaim'
      | 'recordPublicCommunication'
      | 'startNotices'
      | 'recordSent'
    >
{
  readonly timers: InMemoryTimerStore;
  private readonly items = new Map<string, BreachItem>();
  private readonly claims = new Map<string, { breachId: string; requestHash: string }>();
  private readonly filingClaims = new Map<string, FilingClaim>();
  private interpreters: ((write: TransactItem) => InterpretedWrite | undefined)[] = [];

  constructor(seeded: readonly StoredBreach[] = [], timers = new InMemoryTimerStore()) {
    this.timers = timers;
    for (const stored of seeded) this.seed(stored);
  }

  private static key(controllerId: string, breachId: string): string {
    return JSON.stringify([controllerId, breachId]);
  }

  /** Adds a breach in any state, as if registered (and decided on) before the test: its one event is `breach.registered`. */
  seed(stored: StoredBreach): void {
    const { controllerId, breachId, recordedAt } = stored.report;
    const key = InMemoryBreachStore.key(controllerId, breachId);
    if (this.items.has(key)) throw new Error(`InMemoryBreachStore: ${breachId} is there already`);
    const registered = chainEvent({
      aggregateId: breachId,
      seq: 1,
      type: 'breach.registered',
      at: recordedAt,
      data: registeredEventData(stored.report),
      prevHash: GENESIS_HASH,
    });
    this.items.set(key, { stored: structuredClone(stored), seq: 1, lastHash: registered.hash, attributes: {}, events: [registered], done: new Map() });
  }

  /** Lets another in-memory store's writes (notice entries, counters) ride in this store's transactions. */
  attach(interpret: (write: TransactItem) => InterpretedWrite | undefined): void {
    this.interpreters.push(interpret);
  }

  get size(): number {
    return this.items.size;
  }

  /** The plain attributes `append` set beside the breach's own fields. */
  attributes(controllerId: string, breachId: string): Record<string, unknown> {
    return structuredClone(this.known(controllerId, breachId).attributes);
  }

  async register(
    report: BreachReport,
    eventData: Record<string, unknown>,
    timers: readonly BreachTimer[],
    idempotency?: { key: string; requestHash: string },
  ): Promise<BreachRegisterOutcome> {
    const { controllerId, breachId } = report;
    const claimKey = idempotency ? JSON.stringify([controllerId, idempotency.key]) : undefined;
    const claim = claimKey ? this.claims.get(claimKey) : undefined;
    if (claim) return { registered: false, existingBreachId: claim.breachId, sameRequest: claim.requestHash === idempotency!.requestHash };
    const key = InMemoryBreachStore.key(controllerId, breachId);
    if (this.items.has(key)) throw new Error('Breach id collision');
    if (claimKey) this.claims.set(claimKey, { breachId, requestHash: idempotency!.requestHash });
    const registered = chainEvent({ aggregateId: breachId, seq: 1, type: 'breach.registered', at: report.recordedAt, data: structuredClone(eventData), prevHash: GENESIS_HASH });
    this.items.set(key, { stored: { report: structuredClone(report), filings: [] }, seq: 1, lastHash: registered.hash, attributes: {}, events: [registered], done: new Map() });
    for (const timer of timers) await this.timers.arm(timer);
    return { registered: true };
  }

  async get(controllerId: string, breachId: string): Promise<(StoredBreach & { seq: number }) | undefined> {
    const item = this.items.get(InMemoryBreachStore.key(controllerId, breachId));
    return item ? { ...structuredClone(item.stored), seq: item.seq } : undefined;
  }

  async list(controllerId: string): Promise<StoredBreach[]> {
    return [...this.items.values()]
      .filter((item) => item.stored.report.controllerId === controllerId)
      .map((item) => structuredClone(item.stored))
      .sort((a, b) => a.report.awareAt.localeCompare(b.report.awareAt));
  }

  async events(controllerId: string, breachId: string): Promise<EvidenceEvent[]> {
    return structuredClone(this.items.get(InMemoryBreachStore.key(controllerId, breachId))?.events ?? []);
  }

  async append({ controllerId, breachId, type, data, at, stateChanges = {}, guard, guardNames = {}, alsoWrite = [] }: BreachAppend): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    const writes = alsoWrite.map((write) => this.interpret(write));
    const names = { ...Object.fromEntries(Object.keys(stateChanges).map((field) => [`#${field}`, field])), ...guardNames };
    if (guard !== undefined && !this.guardHolds(item, guard, names)) return false;
    if (!writes.every((write) => write.check())) return false;
    this.appendEvent(item, type, data, at, stateChanges);
    for (const write of writes) await write.apply();
    return true;
  }

  async idempotencyClaim(controllerId: string, key: string): Promise<{ breachId: string; requestHash: string } | undefined> {
    const claim = this.claims.get(JSON.stringify([controllerId, key]));
    return claim ? { ...claim } : undefined;
  }

  idempotencyClaimPut(controllerId: string, claim: { key: string; requestHash: string }, breachId: string, extra: Record<string, unknown> = {}): TransactItem {
    return {
      Put: {
        TableName: IN_MEMORY_TABLE,
        Item: { ...keys.breachIdempotencyKey(controllerId, claim.key), controllerId, breachId, requestHash: claim.requestHash, ...extra },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async completeWork(controllerId: string, breachId: string, workId: string, now: string, result: Record<string, unknown> = {}): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    if (item.done.has(workId)) return false;
    item.done.set(workId, { doneAt: now, result: structuredClone(result) });
    return true;
  }

  async finishedWork(controllerId: string, breachId: string, workId: string): Promise<{ result: Record<string, unknown> } | undefined> {
    const done = this.items.get(InMemoryBreachStore.key(controllerId, breachId))?.done.get(workId);
    return done ? { result: structuredClone(done.result) } : undefined;
  }

  async recordAssessment(controllerId: string, breachId: string, assessment: BreachAssessment, afterSeq: number): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    if (item.seq !== afterSeq) return false;
    this.appendEvent(item, 'breach.assessed', assessedEventData(assessment), assessment.assessedAt, {
      assessment,
      closedAt: assessment.risk === 'none' ? assessment.assessedAt : null,
    });
    return true;
  }

  async recordFiling(
    controllerId: string,
    breachId: string,
    filing: BreachFiling,
    read: { afterSeq: number; filingsSoFar: readonly BreachFiling[]; lateByMinutes: number },
    idempotency?: { key: string; requestHash: string },
  ): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    const claimKey = idempotency ? JSON.stringify([controllerId, idempotency.key]) : undefined;
    if (item.seq !== read.afterSeq || item.stored.filings.length !== read.filingsSoFar.length) return false;
    if (claimKey && this.filingClaims.has(claimKey)) return false;
    if (claimKey) this.filingClaims.set(claimKey, { breachId, filingId: filing.filingId, requestHash: idempotency!.requestHash });
    const first = read.filingsSoFar.length === 0;
    this.appendEvent(item, 'breach.filed', filedEventData(filing, first ? read.lateByMinutes : undefined), filing.recordedAt, {
      filings: [...read.filingsSoFar, filing],
      ...(first ? { lateByMinutes: read.lateByMinutes } : {}),
    });
    return true;
  }

  async filingIdempotencyClaim(controllerId: string, key: string): Promise<FilingClaim | undefined> {
    const claim = this.filingClaims.get(JSON.stringify([controllerId, key]));
    return claim ? { ...claim } : undefined;
  }

  async recordPublicCommunication(controllerId: string, breachId: string, communication: PublicCommunication, afterSeq: number): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    if (item.seq !== afterSeq || item.stored.publicCommunication) return false;
    this.appendEvent(item, 'breach.public_communication_recorded', publicCommunicationEventData(communication), communication.recordedAt, {
      publicCommunication: communication,
    });
    return true;
  }

  async startNotices(controllerId: string, breachId: string, campaign: BreachNoticeCampaign, eventData: Record<string, unknown>): Promise<boolean> {
    const item = this.known(controllerId, breachId);
    const { assessment, notices } = item.stored;
    if (notices || assessment?.risk !== 'high' || assessment.exemption) return false;
    this.appendEvent(item, 'breach.notices_started', eventData, campaign.startedAt, { notices: campaign });
    return true;
  }

  async recordSent(controllerId: string, breachId: string, type: BreachSentEvent, data: Record<string, unknown>, at: string): Promise<void> {
    this.appendEvent(this.known(controllerId, breachId), type, data, at, {});
  }

  private known(controllerId: string, breachId: string): BreachItem {
    const item = this.items.get(InMemoryBreachStore.key(controllerId, breachId));
    if (!item) throw new Error('Unknown breach');
    return item;
  }

  /** Appends an event to the chain and sets attributes of the state item, as one transaction would. */
  private appendEvent(item: BreachItem, type: string, data: Record<string, unknown>, at: string, changes: Record<string, unknown>): void {
    const appended = chainEvent({ aggregateId: item.stored.report.breachId, seq: item.seq + 1, type, at, data: structuredClone(data), prevHash: item.lastHash });
    item.events.push(appended);
    item.seq = appended.seq;
    item.lastHash = appended.hash;
    for (const [field, value] of Object.entries(structuredClone(changes))) {
      if (value === undefined) throw new Error(`Cannot set state field '${field}'`);
      if (!(STORED_FIELDS as readonly string[]).includes(field)) item.attributes[field] = value;
      // A null field is absent, as the real store's `get` reads it (a reopened breach's `closedAt`).
      else if (value === null) delete (item.stored as unknown as Record<string, unknown>)[field];
      else (item.stored as unknown as Record<string, unknown>)[field] = value;
    }
  }

  /** `attribute_not_exists(#field)` clauses joined by ` AND `, every placeholder defined; any other guard is a test error. */
  private guardHolds(item: BreachItem, guard: string, names: Record<string, string>): boolean {
    return guard.split(' AND ').every((clause) => {
      const match = /^attribute_not_exists\((#\w+)\)$/.exec(clause.trim());
      if (!match) throw new Error(`InMemoryBreachStore does not understand the guard '${clause}'`);
      const field = names[match[1]!];
      if (!field) throw new Error(`InMemoryBreachStore: the guard's ${match[1]} is not defined`);
      const value = (STORED_FIELDS as readonly string[]).includes(field) ? (item.stored as unknown as Record<string, unknown>)[field] : item.attributes[field];
      return value === undefined;
    });
  }

  /** A timer (armed), an Idempotency-Key claim (only if new), or what an attached interpreter understands. */
  private interpret(write: TransactItem): InterpretedWrite {
    const item = write.Put?.Item as Record<string, unknown> | undefined;
    const sk = String(item?.sk ?? write.Update?.Key?.sk ?? '');
    if (item && sk.startsWith('TIMER#')) {
      const { controllerId, breachId, name, dueAt } = item as unknown as BreachTimer;
      return { check: () => true, apply: () => this.timers.arm({ controllerId, breachId, name, dueAt }) };
    }
    if (item && (sk === 'BREACH' || sk === 'BREACH_FILING')) {
      const { controllerId, breachId, requestHash, filingId } = item as { controllerId: string; breachId: string; requestHash: string; filingId?: string };
      const claimKey = JSON.stringify([controllerId, String(item.pk).replace(/^C#.+?#IDEMPOTENCY#/, '')]);
      const claims = sk === 'BREACH' ? this.claims : this.filingClaims;
      return {
        check: () => !claims.has(claimKey),
        apply: async () => void (sk === 'BREACH' ? this.claims.set(claimKey, { breachId, requestHash }) : this.filingClaims.set(claimKey, { breachId, filingId: filingId ?? '', requestHash })),
      };
    }
    for (const interpret of this.interpreters) {
      const interpreted = interpret(write);
      if (interpreted) return interpreted;
    }
    throw new Error(`InMemoryBreachStore does not understand the write ${JSON.stringify(write)}`);
  }
}
