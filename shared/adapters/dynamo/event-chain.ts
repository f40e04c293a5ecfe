import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../domain/evidence/hash-chain';
import { queryPrefix } from './query-prefix';
import { transactWrite, type TransactItem } from './transact';

type Key = { pk: string; sk: string };

/** Where an aggregate (a disclosure, an erasure request) keeps its state item and its events. */
export interface ChainKeys {
  /** What the aggregate is, for errors: `disclosure`, `erasure request`. */
  name: string;
  state: (controllerId: string, aggregateId: string) => Key;
  event: (controllerId: string, aggregateId: string, seq: number) => Key;
  eventPrefix: string;
}

export interface ChainAppend {
  controllerId: string;
  aggregateId: string;
  type: string;
  data: Record<string, unknown>;
  at: string;
  /** Top-level attributes of the state item set in the same transaction. */
  stateChanges?: Record<string, unknown>;
  /** A further condition on the state item. */
  guard?: string;
  guardValues?: Record<string, unknown>;
  /** Placeholders the guard uses for attribute names DynamoDB reserves (`hold`, `until`, `state`...). */
  guardNames?: Record<string, string>;
  /** More writes in the same transaction. */
  alsoWrite?: TransactItem[];
}

/**
 * Append-only, hash-chained evidence of one aggregate: its state item carries the sequence number and the
 * hash of the latest event, and every event is put with a condition, never updated or deleted, in the same
 * transaction as the state change it records.
 */
export class EventChain {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: ChainKeys,
  ) {}

  /** The first events of a new aggregate, chained from the genesis hash, all at `at`. */
  start(aggregateId: string, events: readonly { type: string; data: Record<string, unknown> }[], at: string): EvidenceEvent[] {
    const chained: EvidenceEvent[] = [];
    for (const [index, { type, data }] of events.entries()) {
      chained.push(chainEvent({ aggregateId, seq: index + 1, type, at, data, prevHash: chained.at(-1)?.hash ?? GENESIS_HASH }));
    }
    return chained;
  }

  /** The put of one event, for a transaction. */
  eventPut(controllerId: string, event: EvidenceEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...this.keys.event(controllerId, event.aggregateId, event.seq), type: 'event', controllerId, event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async events(controllerId: string, aggregateId: string): Promise<EvidenceEvent[]> {
    const items = await queryPrefix(this.client, this.tableName, this.keys.state(controllerId, aggregateId).pk, this.keys.eventPrefix);
    return items.map((item) => item.event as EvidenceEvent);
  }

  /** Appends after the latest event; a lost race, a failed guard or a failed extra write appends nothing. */
  async tryAppend(append: ChainAppend): Promise<{ ok: true } | { ok: false; failedConditions: number[]; seq: number }> {
    const { controllerId, aggregateId, type, data, at, stateChanges = {}, guard, guardValues = {}, guardNames = {}, alsoWrite = [] } = append;
    const stateKey = this.keys.state(controllerId, aggregateId);
    const state = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: stateKey, ProjectionExpression: 'seq, lastHash', ConsistentRead: true }),
    );
    if (!state.Item) throw new Error(`Unknown ${this.keys.name}`);
    const seq = Number(state.Item.seq);
    const event = chainEvent({ aggregateId, seq: seq + 1, type, at, data, prevHash: state.Item.lastHash as string });
    const changes = Object.entries(stateChanges);
    // Each change gets its own placeholders (`#field`, `:set_field`), apart from the chain's and the guard's.
    for (const [field, value] of changes) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field) || value === undefined) throw new Error(`Cannot set state field '${field}'`);
    }
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: stateKey,
            UpdateExpression: `SET seq = :next, lastHash = :hash${changes.map(([field]) => `, #${field} = :set_${field}`).join('')}`,
            ConditionExpression: guard ? `seq = :seq AND (${guard})` : 'seq = :seq',
            ExpressionAttributeNames:
              changes.length || Object.keys(guardNames).length
                ? { ...Object.fromEntries(changes.map(([field]) => [`#${field}`, field])), ...guardNames }
                : undefined,
            ExpressionAttributeValues: {
              ':seq': seq,
              ':next': seq + 1,
              ':hash': event.hash,
              ...Object.fromEntries(changes.map(([field, value]) => [`:set_${field}`, value])),
              ...guardValues,
            },
          },
        },
        this.eventPut(controllerId, event),
        ...alsoWrite,
      ],
    });
    return outcome.ok ? outcome : { ...outcome, seq };
  }

  /**
   * Appends, trying again while other appends take the next sequence number first. False when the guard
   * or a condition of the other writes failed.
   */
  async appendPatiently(append: ChainAppend, attempts = 10): Promise<boolean> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await this.tryAppend(append);
      if (outcome.ok) return true;
      // Index 0 is the state item (sequence and guard), 1 the event; any other is one of the caller's writes.
      if (outcome.failedConditions.some((index) => index >= 2)) return false;
      if ((await this.sequence(append.controllerId, append.aggregateId)) === outcome.seq) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
    throw new Error('Could not append the event: too many concurrent appends');
  }

  private async sequence(controllerId: string, aggregateId: string): Promise<number> {
    const state = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.state(controllerId, aggregateId), ProjectionExpression: 'seq', ConsistentRead: true }),
    );
    return Number(state.Item?.seq);
  }
}
