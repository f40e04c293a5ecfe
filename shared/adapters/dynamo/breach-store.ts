import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BreachAssessment, BreachFiling, BreachNoticeCampaign, BreachReport, PublicCommunication, StoredBreach } from '../../domain/breach/breach';
import { assessedEventData, filedEventData, publicCommunicationEventData } from '../../domain/breach/breach-evidence';
import type { EvidenceEvent } from '../../domain/evidence/hash-chain';
import type { BreachTimer } from '../../domain/timers/timer';
import { batchGetAll } from './batch-get';
import { EventChain, type ChainAppend } from './event-chain';
import { IdempotencyClaims } from './idempotency-claims';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { timerPut } from './timer-store';
import { transactWrite, type TransactItem } from './transact';

export type BreachRegisterOutcome = { registered: true } | { registered: false; existingBreachId: string; sameRequest: boolean };

/** Events that record something sent about a breach, changing nothing on it. */
export type BreachSentEvent = 'breach.filing_draft_sent' | 'breach.filing_reminded';

/** A filing's `Idempotency-Key` claim: the breach and filing it recorded, with the hash of the request. */
export interface FilingClaim {
  breachId: string;
  filingId: string;
  requestHash: string;
}

/** An event appended to a breach's chain, with the state changes it records (see ChainAppend). */
export type BreachAppend = Omit<ChainAppend, 'aggregateId'> & { breachId: string };

/**
 * Personal-data breaches (Art. 33(5) register): a state item and hash-chained events per breach, and one
 * register item per breach under the controller, which lists them. Every change is an event appended in the
 * same transaction as the state it changes; free text sits on the state item, only its hash in events.
 */
export class BreachStore {
  private readonly chain: EventChain;
  private readonly claims: IdempotencyClaims<'breachId'>;
  private readonly filingClaims: IdempotencyClaims<'breachId'>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.claims = new IdempotencyClaims(client, tableName, keys.breachIdempotencyKey, 'breachId');
    this.filingClaims = new IdempotencyClaims(client, tableName, keys.breachFilingIdempotencyKey, 'breachId');
    this.chain = new EventChain(client, tableName, { name: 'breach', state: keys.breach, event: keys.breachEvent, eventPrefix: keys.eventPrefix });
  }

  /**
   * Registers a breach with its first event (`registered`, whose `data` the caller gives: free text only as
   * hashes), its register item and its timers, in one transaction; with an Idempotency-Key, the key's claim too.
   */
  async register(
    report: BreachReport,
    eventData: Record<string, unknown>,
    timers: readonly BreachTimer[],
    idempotency?: { key: string; requestHash: string },
  ): Promise<BreachRegisterOutcome> {
    const { controllerId, breachId } = report;
    const [registered] = this.chain.start(breachId, [{ type: 'breach.registered', data: eventData }], report.recordedAt);
    const keyClaim = idempotency ? [this.claims.put(controllerId, idempotency, breachId)] : [];
    const notExists = 'attribute_not_exists(pk)';
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        ...keyClaim,
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.breach(controllerId, breachId), type: 'breach', controllerId, report, filings: [], seq: 1, lastHash: registered!.hash },
            ConditionExpression: notExists,
          },
        },
        this.chain.eventPut(controllerId, registered!),
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.breachRegisterEntry(controllerId, breachId), type: 'breach-register', controllerId, breachId, awareAt: report.awareAt },
            ConditionExpression: notExists,
          },
        },
        ...timers.map((timer) => timerPut(this.tableName, timer)),
      ],
    });
    if (outcome.ok) return { registered: true };
    if (idempotency && outcome.failedConditions.includes(0)) {
      const claim = (await this.claims.get(controllerId, idempotency.key))!;
      return { registered: false, existingBreachId: claim.breachId, sameRequest: claim.requestHash === idempotency.requestHash };
    }
    throw new Error('Breach id collision');
  }

  /** The breach read consistently, with the sequence number of its latest event; undefined when unknown. */
  async get(controllerId: string, breachId: string): Promise<(StoredBreach & { seq: number }) | undefined> {
    const state = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.breach(controllerId, breachId), ConsistentRead: true }));
    return state.Item ? toStoredBreach(state.Item) : undefined;
  }

  /** Every breach of the controller (its register), oldest awareness first. */
  async list(controllerId: string): Promise<StoredBreach[]> {
    const entries = await queryPrefix(this.client, this.tableName, keys.breachRegisterEntry(controllerId, '').pk, keys.breachRegisterPrefix);
    const states = await batchGetAll(
      this.client,
      this.tableName,
      entries.map((entry) => keys.breach(controllerId, entry.breachId as string)),
    );
    return states.map(toStoredBreach).sort((a, b) => a.report.awareAt.localeCompare(b.report.awareAt));
  }

  events(controllerId: string, breachId: string): Promise<EvidenceEvent[]> {
    return this.chain.events(controllerId, breachId);
  }

  /**
   * Appends an event with its state changes, trying again while other appends take the next sequence
   * number first. False when the guard or a condition of the other writes failed: nothing was written.
   */
  append({ breachId, ...append }: BreachAppend): Promise<boolean> {
    return this.chain.appendPatiently({ ...append, aggregateId: breachId });
  }

  /** The breach an Idempotency-Key registered, with the hash of the request that registered it. */
  idempotencyClaim(controllerId: string, key: string): Promise<{ breachId: string; requestHash: string } | undefined> {
    return this.claims.get(controllerId, key);
  }

  /** The put of an Idempotency-Key claim, for the transaction that does what the key asked (a filing, an assessment). */
  idempotencyClaimPut(controllerId: string, claim: { key: string; requestHash: string }, breachId: string, extra: Record<string, unknown> = {}): TransactItem {
    return this.claims.put(controllerId, claim, breachId, extra);
  }

  /**
   * Records an assessment as `breach.assessed` and makes it the latest: `none` closes the breach (`closedAt`),
   * any other risk reopens it. Only on the state read at `afterSeq` (the event is `afterSeq + 1`, which names the
   * filing draft it queues): false, nothing written, when anything was appended since.
   */
  recordAssessment(controllerId: string, breachId: string, assessment: BreachAssessment, afterSeq: number): Promise<boolean> {
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: breachId,
      type: 'breach.assessed',
      data: assessedEventData(assessment),
      at: assessment.assessedAt,
      // The update sets no REMOVE: a reopened breach keeps `closedAt` null, which `get` reads as open.
      stateChanges: { assessment, closedAt: assessment.risk === 'none' ? assessment.assessedAt : null },
      guard: 'seq = :afterSeq',
      guardValues: { ':afterSeq': afterSeq },
    });
  }

  /**
   * Records a filing with the authority as `breach.filed`, appended to the filings read at `afterSeq`, so two
   * filings at once cannot both be the first; the first freezes `lateByMinutes`. With an Idempotency-Key, the
   * key's claim (naming the filing) in the same transaction. False, nothing written, when anything was appended
   * since or the key was claimed before (`filingIdempotencyClaim` tells which).
   */
  recordFiling(
    controllerId: string,
    breachId: string,
    filing: BreachFiling,
    read: { afterSeq: number; filingsSoFar: readonly BreachFiling[]; lateByMinutes: number },
    idempotency?: { key: string; requestHash: string },
  ): Promise<boolean> {
    const first = read.filingsSoFar.length === 0;
    const claim = idempotency ? [this.filingClaims.put(controllerId, idempotency, breachId, { filingId: filing.filingId })] : [];
    return this.chain.appendPatiently({
      alsoWrite: claim,
      controllerId,
      aggregateId: breachId,
      type: 'breach.filed',
      data: filedEventData(filing, first ? read.lateByMinutes : undefined),
      at: filing.recordedAt,
      stateChanges: { filings: [...read.filingsSoFar, filing], ...(first ? { lateByMinutes: read.lateByMinutes } : {}) },
      guard: 'seq = :afterSeq AND size(#filings) = :filingsSoFar',
      guardValues: { ':afterSeq': read.afterSeq, ':filingsSoFar': read.filingsSoFar.length },
    });
  }

  /** The filing an Idempotency-Key recorded, read consistently. */
  async filingIdempotencyClaim(controllerId: string, key: string): Promise<FilingClaim | undefined> {
    const claim = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.breachFilingIdempotencyKey(controllerId, key), ConsistentRead: true }),
    );
    if (!claim.Item) return undefined;
    return { breachId: claim.Item.breachId as string, filingId: claim.Item.filingId as string, requestHash: claim.Item.requestHash as string };
  }

  /**
   * Records the public communication made instead of notices (Art. 34(3)(c)) as
   * `breach.public_communication_recorded`, once, on the state read at `afterSeq`: false otherwise.
   */
  recordPublicCommunication(controllerId: string, breachId: string, communication: PublicCommunication, afterSeq: number): Promise<boolean> {
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: breachId,
      type: 'breach.public_communication_recorded',
      data: publicCommunicationEventData(communication),
      at: communication.recordedAt,
      stateChanges: { publicCommunication: communication },
      guard: 'seq = :afterSeq AND attribute_not_exists(#publicCommunication)',
      guardValues: { ':afterSeq': afterSeq },
    });
  }

  /**
   * Starts the subject notices of a high-risk breach (Art. 34): sets `notices` and appends
   * `breach.notices_started` with the caller's `eventData` (free text as hashes), once. False, nothing written,
   * when they were started before, or the latest assessment is no longer `high` without exemption.
   */
  startNotices(controllerId: string, breachId: string, campaign: BreachNoticeCampaign, eventData: Record<string, unknown>): Promise<boolean> {
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: breachId,
      type: 'breach.notices_started',
      data: eventData,
      at: campaign.startedAt,
      stateChanges: { notices: campaign },
      guard: 'attribute_not_exists(#notices) AND #assessment.#risk = :high AND attribute_not_exists(#assessment.#exemption)',
      guardNames: { '#assessment': 'assessment', '#risk': 'risk', '#exemption': 'exemption' },
      guardValues: { ':high': 'high' },
    });
  }

  /** Records that something about the breach was sent (the filing draft, a reminder to the DPO); changes nothing else. */
  async recordSent(controllerId: string, breachId: string, type: BreachSentEvent, data: Record<string, unknown>, at: string): Promise<void> {
    await this.chain.appendPatiently({ controllerId, aggregateId: breachId, type, data, at });
  }

  /** Marks a unit of a breach's work done (a mail to the DPO, a planned page), once; false when done before. */
  async completeWork(controllerId: string, breachId: string, workId: string, now: string, result: Record<string, unknown> = {}): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.breachWorkDone(controllerId, breachId, workId), controllerId, doneAt: now, result },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** The marker of a unit of a breach's work done earlier, if it was. */
  async finishedWork(controllerId: string, breachId: string, workId: string): Promise<{ result: Record<string, unknown> } | undefined> {
    const item = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.breachWorkDone(controllerId, breachId, workId), ConsistentRead: true }),
    );
    return item.Item ? { result: (item.Item.result as Record<string, unknown>) ?? {} } : undefined;
  }
}

function toStoredBreach(item: Record<string, unknown>): StoredBreach & { seq: number } {
  // A reopened breach's `closedAt` is null (see recordAssessment): absent, as never set.
  const optional = <K extends keyof StoredBreach>(field: K) => (item[field] === undefined || item[field] === null ? {} : { [field]: item[field] as StoredBreach[K] });
  return {
    report: item.report as BreachReport,
    filings: (item.filings as StoredBreach['filings'] | undefined) ?? [],
    ...optional('assessment'),
    ...optional('lateByMinutes'),
    ...optional('notices'),
    ...optional('publicCommunication'),
    ...optional('closedAt'),
    seq: Number(item.seq),
  };
}
