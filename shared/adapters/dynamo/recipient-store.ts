import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Recipient } from '../../domain/disclosure/disclosure';
import { keys } from './keys';

/** Recipients of disclosures (buyers, authorities, processors) and how to reach them. */
export class RecipientStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async upsert(recipient: Recipient, now: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.recipient(recipient.controllerId, recipient.recipientId), ...recipient, updatedAt: now },
      }),
    );
  }

  async get(controllerId: string, recipientId: string): Promise<Recipient | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recipient(controllerId, recipientId), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { pk: _pk, sk: _sk, updatedAt: _updatedAt, ...recipient } = result.Item;
    return recipient as Recipient;
  }
}
