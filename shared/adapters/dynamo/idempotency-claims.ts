import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './transact';

type Key = { pk: string; sk: string };

/**
 * `Idempotency-Key` claims of one kind of record: a claim is put, once, in the transaction that records
 * the request, holding the id recorded and a hash of the request, so a retry finds what the first one did.
 */
export class IdempotencyClaims<IdField extends string> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyOf: (controllerId: string, key: string) => Key,
    /** The attribute naming what the claim recorded: `disclosureId`, `erasureId`. */
    private readonly idField: IdField,
  ) {}

  /** The put of a claim, for the recording transaction: it fails if the key was claimed before. */
  put(controllerId: string, claim: { key: string; requestHash: string }, id: string, extra: Record<string, unknown> = {}): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...this.keyOf(controllerId, claim.key), controllerId, [this.idField]: id, requestHash: claim.requestHash, ...extra },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** What a key recorded, with the hash of the request that recorded it, read consistently. */
  async get(controllerId: string, key: string): Promise<({ requestHash: string } & Record<IdField, string>) | undefined> {
    const claim = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.keyOf(controllerId, key), ConsistentRead: true }));
    if (!claim.Item) return undefined;
    return { [this.idField]: claim.Item[this.idField] as string, requestHash: claim.Item.requestHash as string } as { requestHash: string } & Record<IdField, string>;
  }
}
