import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Audience, Disclosure, ExclusionReason } from '../../domain/disclosure/disclosure';
import type { Locale } from '../../domain/locale';
import { emptyProgress, type DisclosurePhases, type DisclosureProgress } from '../../domain/disclosure/disclosure-status';
import type { Actor } from '../../domain/evidence/actor';
import type { EvidenceEvent } from '../../domain/evidence/hash-chain';
import { addToCounters, type Counted, type CounterIncrements } from './counters';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { batchGetAll } from './batch-get';
import { timerPut, type Timer } from './timer-store';
import { EventChain, type ChainAppend } from './event-chain';
import { IdempotencyClaims } from './idempotency-claims';
import { transactWrite, type TransactItem } from './transact';

export interface StoredDisclosure {
  disclosure: Disclosure;
  audience: Audience;
  progress: DisclosureProgress;
  phases: DisclosurePhases;
  completedAt?: string;
}

/** What is recorded with a new disclosure, in one transaction. */
export interface NewDisclosure {
  disclosure: Disclosure;
  /** Kept so later phases (intent, execution, release) plan the very same parts. */
  audience: Audience;
  partsTotal: number;
  idempotency?: { key: string; requestHash: string };
  /** Events after `disclosure.recorded`, e.g. an approved exception. */
  moreEvents?: { type: string; data: Record<string, unknown> }[];
  timers?: Timer[];
  /** Phases that start at once, e.g. `intentStartedAt` when the intent notices go out now. */
  phases?: Pick<DisclosurePhases, 'intentStartedAt'>;
  /** The credential that recorded it, kept in the first event. */
  recordedBy?: Actor;
}

/** An event of a disclosure's chain: the chain's append, naming the disclosure as its aggregate. */
export type AppendedEvent = Omit<ChainAppend, 'aggregateId'> & { disclosureId: string };

export interface Objector {
  subjectId: string;
  objectedAt: string;
}

export type RecordOutcome =
  | { recorded: true }
  | { recorded: false; existingDisclosureId: string; sameRequest: boolean };

export interface PinnedPage {
  /** Subject ids and locales only; `excluded` says why a member was left out of the disclosure. */
  members: { subjectId: string; locale: Locale; excluded?: ExclusionReason }[];
  nextCursor?: string;
}

export interface FinishedWork {
  result: Record<string, unknown>;
}

export interface CompletedWork {
  controllerId: string;
  disclosureId: string;
  workId: string;
  now: string;
  /** What a retry of the same work needs to replay it, such as the next page's cursor. */
  result?: Record<string, unknown>;
  alsoWrite?: TransactItem[];
  /** Counters of the work's audience part to add to, with the marker, in one transaction. */
  counters?: { partKey: string; increments: CounterIncrements };
}

const COUNTED = Object.keys(emptyProgress(0)).filter((field) => field !== 'partsTotal') as Counted[];

/**
 * Disclosures: a current-state item plus append-only, hash-chained events. The state and each event
 * change in one transaction; events are put with a condition and never updated or deleted.
 */
export class DisclosureStore {
  private readonly chain: EventChain;
  private readonly claims: IdempotencyClaims<'disclosureId'>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.claims = new IdempotencyClaims(client, tableName, keys.idempotencyKey, 'disclosureId');
    this.chain = new EventChain(client, tableName, { name: 'disclosure', state: keys.disclosure, event: keys.disclosureEvent, eventPrefix: keys.eventPrefix });
  }

  /**
   * Records a new disclosure with its first events and timers. With an idempotency key, the key is
   * claimed in the same transaction: a retry finds the claim and gets the disclosure recorded the first time.
   */
  async record(entry: NewDisclosure): Promise<RecordOutcome> {
    const { disclosure, audience, partsTotal, idempotency, moreEvents = [], timers = [], phases = {}, recordedBy } = entry;
    const { controllerId, disclosureId } = disclosure;
    const recorded = { type: 'disclosure.recorded', data: { ...disclosure, audience, partsTotal, ...(recordedBy ? { recordedBy } : {}) } };
    const events = this.chain.start(disclosureId, [recorded, ...moreEvents], disclosure.recordedAt);
    const notExists = 'attribute_not_exists(pk)';
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        ...(idempotency ? [this.claims.put(controllerId, idempotency, disclosureId, { createdAt: disclosure.recordedAt })] : []),
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.disclosure(controllerId, disclosureId),
              type: 'disclosure',
              controllerId,
              disclosure,
              audience,
              partsTotal,
              ...phases,
              seq: events.length,
              lastHash: events.at(-1)!.hash,
            },
            ConditionExpression: notExists,
          },
        },
        ...events.map((event) => this.chain.eventPut(controllerId, event)),
        ...timers.map((timer) => timerPut(this.tableName, timer)),
      ],
    });
    if (outcome.ok) return { recorded: true };
    if (!idempotency || !outcome.failedConditions.includes(0)) throw new Error('Disclosure id collision');
    const claim = await this.idempotencyClaim(controllerId, idempotency.key);
    return { recorded: false, existingDisclosureId: claim!.disclosureId, sameRequest: claim!.requestHash === idempotency.requestHash };
  }

  /** The disclosure an Idempotency-Key recorded, with the hash of the request that recorded it. */
  idempotencyClaim(controllerId: string, key: string): Promise<{ disclosureId: string; requestHash: string } | undefined> {
    return this.claims.get(controllerId, key);
  }

  /** The disclosure alone, without reading its counters: what the planner and the sender need per message. */
  async disclosure(controllerId: string, disclosureId: string): Promise<Disclosure | undefined> {
    const state = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.disclosure(controllerId, disclosureId),
        ProjectionExpression: 'disclosure',
        ConsistentRead: true,
      }),
    );
    return state.Item?.disclosure as Disclosure | undefined;
  }

  /** The disclosure with its progress: the sum of its parts' counters. */
  async get(controllerId: string, disclosureId: string): Promise<StoredDisclosure | undefined> {
    const [state, counters] = await Promise.all([
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keys.disclosure(controllerId, disclosureId), ConsistentRead: true }),
      ),
      queryPrefix(this.client, this.tableName, keys.disclosure(controllerId, disclosureId).pk, keys.counterPrefix),
    ]);
    const item = state.Item;
    if (!item) return undefined;
    const progress: DisclosureProgress = emptyProgress(Number(item.partsTotal));
    for (const counter of counters) for (const field of COUNTED) progress[field] += Number(counter[field] ?? 0);
    const disclosure = item.disclosure as Disclosure;
    return {
      disclosure,
      audience: item.audience as Audience,
      progress,
      phases: {
        noticeMode: disclosure.noticeMode ?? 'after',
        intentStartedAt: item.intentStartedAt as string | undefined,
        executionStartedAt: item.executionStartedAt as string | undefined,
        releasedAt: item.releasedAt as string | undefined,
      },
      completedAt: item.completedAt as string | undefined,
    };
  }

  /** Subjects who objected to a transfer announced before it happens, in subject id order. */
  async objectors(controllerId: string, disclosureId: string): Promise<Objector[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.disclosure(controllerId, disclosureId).pk, keys.objectionPrefix);
    return items.map((item) => ({ subjectId: item.subjectId as string, objectedAt: item.objectedAt as string }));
  }

  /** The write that records a subject's objection, once, for the transaction that appends its event. */
  objectionPut(controllerId: string, disclosureId: string, subjectId: string, objectedAt: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.objection(controllerId, disclosureId, subjectId), controllerId, disclosureId, subjectId, objectedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** The objection of each listed subject who objected, read consistently. */
  async objectionsOf(controllerId: string, disclosureId: string, subjectIds: readonly string[]): Promise<Map<string, Objector>> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      [...new Set(subjectIds)].map((subjectId) => keys.objection(controllerId, disclosureId, subjectId)),
    );
    return new Map(items.map((item) => [item.subjectId as string, { subjectId: item.subjectId as string, objectedAt: item.objectedAt as string }]));
  }

  async events(controllerId: string, disclosureId: string): Promise<EvidenceEvent[]> {
    return this.chain.events(controllerId, disclosureId);
  }

  /** The marker of a unit of work, for a transaction that does the work's last write too. */
  workDonePut(controllerId: string, disclosureId: string, workId: string, now: string, result: Record<string, unknown> = {}): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.workDone(controllerId, disclosureId, workId), controllerId, doneAt: now, result },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Appends an event together with other writes, trying again while other appends take the next sequence
   * number first. False when the guard or a condition of the other writes failed.
   */
  async appendEventPatiently(append: AppendedEvent, attempts = 10): Promise<boolean> {
    return this.chain.appendPatiently(toChainAppend(append), attempts);
  }

  /**
   * Marks a unit of work done, once: its marker and its counters change together, and a second attempt
   * at the same work changes nothing and answers false.
   */
  async completeWork(work: CompletedWork): Promise<boolean> {
    const { controllerId, disclosureId, workId, now, result = {}, counters, alsoWrite = [] } = work;
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.workDone(controllerId, disclosureId, workId), controllerId, doneAt: now, result },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(counters ? addToCounters(this.tableName, controllerId, disclosureId, counters.partKey, counters.increments) : []),
        ...alsoWrite,
      ],
    });
    return outcome.ok;
  }

  /**
   * Keeps the first reading of an audience page: if an earlier attempt pinned the page, that page is
   * returned and the new reading dropped. Subject ids and locales only, no contact data.
   */
  async pinPage(controllerId: string, disclosureId: string, partId: string, page: PinnedPage): Promise<PinnedPage> {
    const key = keys.pinnedPage(controllerId, disclosureId, partId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, controllerId, page },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return page;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const pinned = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return pinned.Item!.page as PinnedPage;
    }
  }

  /** A page as an earlier phase pinned it, if it did. */
  async pinnedPage(controllerId: string, disclosureId: string, partId: string): Promise<PinnedPage | undefined> {
    const pinned = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.pinnedPage(controllerId, disclosureId, partId), ConsistentRead: true }),
    );
    return pinned.Item?.page as PinnedPage | undefined;
  }

  /** The marker of a unit of work counted earlier, if it was. */
  async finishedWork(controllerId: string, disclosureId: string, workId: string): Promise<FinishedWork | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.workDone(controllerId, disclosureId, workId), ConsistentRead: true }),
    );
    return result.Item ? { result: result.Item.result ?? {} } : undefined;
  }

  /** Appends an event after the latest one; an append that lost a race, or whose guard fails, writes nothing and answers false. */
  async appendEvent(append: AppendedEvent): Promise<boolean> {
    return (await this.chain.tryAppend(toChainAppend(append))).ok;
  }
}

function toChainAppend({ disclosureId, ...append }: AppendedEvent): ChainAppend {
  return { ...append, aggregateId: disclosureId };
}
