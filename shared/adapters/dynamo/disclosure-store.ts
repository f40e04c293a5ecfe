import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Disclosure } from '../../domain/disclosure/disclosure';
import type { Locale } from '../../domain/locale';
import type { DisclosureProgress } from '../../domain/disclosure/disclosure-status';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../domain/evidence/hash-chain';
import { addToCounters, type Counted, type CounterIncrements } from './counters';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { transactWrite } from './transact';

export interface StoredDisclosure {
  disclosure: Disclosure;
  progress: DisclosureProgress;
  completedAt?: string;
}

export type RecordOutcome =
  | { recorded: true }
  | { recorded: false; existingDisclosureId: string; sameRequest: boolean };

export interface PinnedPage {
  members: { subjectId: string; locale: Locale }[];
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
  /** Counters of the work's audience part to add to, with the marker, in one transaction. */
  counters?: { partKey: string; increments: CounterIncrements };
}

const COUNTED: readonly Counted[] = ['partsPlanned', 'subjects', 'notified', 'failed', 'suppressed'];

/**
 * Disclosures: a current-state item plus append-only, hash-chained events. The state and each event
 * change in one transaction; events are put with a condition and never updated or deleted.
 */
export class DisclosureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Records a new disclosure with its first event. With an idempotency key, the key is claimed in the
   * same transaction: a retry finds the claim and gets the disclosure recorded the first time.
   */
  async record(
    disclosure: Disclosure,
    partsTotal: number,
    idempotency?: { key: string; requestHash: string },
  ): Promise<RecordOutcome> {
    const { controllerId, disclosureId } = disclosure;
    const event = chainEvent({
      aggregateId: disclosureId,
      seq: 1,
      type: 'disclosure.recorded',
      at: disclosure.recordedAt,
      data: { ...disclosure, partsTotal },
      prevHash: GENESIS_HASH,
    });
    const notExists = 'attribute_not_exists(pk)';
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        ...(idempotency
          ? [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.idempotencyKey(controllerId, idempotency.key),
                    controllerId,
                    disclosureId,
                    requestHash: idempotency.requestHash,
                    createdAt: disclosure.recordedAt,
                  },
                  ConditionExpression: notExists,
                },
              },
            ]
          : []),
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.disclosure(controllerId, disclosureId),
              type: 'disclosure',
              controllerId,
              disclosure,
              partsTotal,
              seq: 1,
              lastHash: event.hash,
            },
            ConditionExpression: notExists,
          },
        },
        { Put: { TableName: this.tableName, Item: this.eventItem(controllerId, event), ConditionExpression: notExists } },
      ],
    });
    if (outcome.ok) return { recorded: true };
    if (!idempotency || !outcome.failedConditions.includes(0)) throw new Error('Disclosure id collision');
    const claim = await this.idempotencyClaim(controllerId, idempotency.key);
    return { recorded: false, existingDisclosureId: claim!.disclosureId, sameRequest: claim!.requestHash === idempotency.requestHash };
  }

  /** The disclosure an Idempotency-Key recorded, with the hash of the request that recorded it. */
  async idempotencyClaim(controllerId: string, key: string): Promise<{ disclosureId: string; requestHash: string } | undefined> {
    const claim = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotencyKey(controllerId, key), ConsistentRead: true }),
    );
    return claim.Item ? { disclosureId: claim.Item.disclosureId as string, requestHash: claim.Item.requestHash as string } : undefined;
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
    const progress: DisclosureProgress = { partsTotal: Number(item.partsTotal), partsPlanned: 0, subjects: 0, notified: 0, failed: 0, suppressed: 0 };
    for (const counter of counters) for (const field of COUNTED) progress[field] += Number(counter[field] ?? 0);
    return { disclosure: item.disclosure as Disclosure, progress, completedAt: item.completedAt as string | undefined };
  }

  async events(controllerId: string, disclosureId: string): Promise<EvidenceEvent[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.disclosure(controllerId, disclosureId).pk, keys.eventPrefix);
    return items.map((item) => item.event as EvidenceEvent);
  }

  /**
   * Marks a unit of work done, once: its marker and its counters change together, and a second attempt
   * at the same work changes nothing and answers false.
   */
  async completeWork(work: CompletedWork): Promise<boolean> {
    const { controllerId, disclosureId, workId, now, result = {}, counters } = work;
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

  /** The marker of a unit of work counted earlier, if it was. */
  async finishedWork(controllerId: string, disclosureId: string, workId: string): Promise<FinishedWork | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.workDone(controllerId, disclosureId, workId), ConsistentRead: true }),
    );
    return result.Item ? { result: result.Item.result ?? {} } : undefined;
  }

  /** Appends an event after the latest one; an append that lost a race, or whose guard fails, writes nothing and answers false. */
  async appendEvent(
    controllerId: string,
    disclosureId: string,
    type: string,
    data: Record<string, unknown>,
    at: string,
    stateChanges: Record<string, unknown> = {},
    /** A further condition on the state item, e.g. that no earlier settle set `completedAt`. */
    guard?: string,
  ): Promise<boolean> {
    const state = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.disclosure(controllerId, disclosureId),
        ProjectionExpression: 'seq, lastHash',
        ConsistentRead: true,
      }),
    );
    if (!state.Item) throw new Error('Unknown disclosure');
    const seq = Number(state.Item.seq);
    const event = chainEvent({ aggregateId: disclosureId, seq: seq + 1, type, at, data, prevHash: state.Item.lastHash as string });
    const changes = Object.entries(stateChanges);
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.disclosure(controllerId, disclosureId),
            UpdateExpression: `SET seq = :next, lastHash = :hash${changes.map(([field]) => `, #${field} = :${field}`).join('')}`,
            ConditionExpression: guard ? `seq = :seq AND (${guard})` : 'seq = :seq',
            ExpressionAttributeNames: changes.length ? Object.fromEntries(changes.map(([field]) => [`#${field}`, field])) : undefined,
            ExpressionAttributeValues: {
              ':seq': seq,
              ':next': seq + 1,
              ':hash': event.hash,
              ...Object.fromEntries(changes.map(([field, value]) => [`:${field}`, value])),
            },
          },
        },
        { Put: { TableName: this.tableName, Item: this.eventItem(controllerId, event), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
    return outcome.ok;
  }

  private eventItem(controllerId: string, event: EvidenceEvent) {
    return { ...keys.disclosureEvent(controllerId, event.aggregateId, event.seq), type: 'event', controllerId, event };
  }
}
