import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import type { TransactItem } from './transact';

/**
 * A subject's open erasure request, named on the subject item as `openErasureId`: a subject has at most one
 * request that is not completed, lapsed or rejected, so two links clicked, or a website form sent again the
 * next day, do not open a second one. The claim is set in the transaction that records the request and
 * removed in the one that closes it.
 */
export class OpenErasureClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The claim, for the recording transaction: it fails for an unknown subject or one with an open request. */
  claim(controllerId: string, subjectId: string, erasureId: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.subject(controllerId, subjectId),
        UpdateExpression: 'SET openErasureId = :erasureId',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openErasureId)',
        ExpressionAttributeValues: { ':erasureId': erasureId },
      },
    };
  }

  /** The subject's open request, read consistently: undefined when it has none, `known` false when there is no subject item. */
  async holder(controllerId: string, subjectId: string): Promise<{ known: boolean; openErasureId?: string }> {
    const subject = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.subject(controllerId, subjectId), ProjectionExpression: 'pk, openErasureId', ConsistentRead: true }),
    );
    if (!subject.Item) return { known: false };
    return { known: true, ...(typeof subject.Item.openErasureId === 'string' ? { openErasureId: subject.Item.openErasureId } : {}) };
  }

  /**
   * The release, for the transaction that closes `erasureId`: its claim removed, or nothing when the subject
   * item names no request or another one. A request recorded before claims existed holds none, and the
   * subject may have recorded a claimed one since: removing that one's claim, or failing the close on it,
   * would both be wrong. Reading first is safe: only the transaction closing this request removes its claim,
   * and a claim never comes to name a request after it was recorded.
   */
  async release(controllerId: string, subjectId: string, erasureId: string): Promise<TransactItem[]> {
    const { openErasureId } = await this.holder(controllerId, subjectId);
    if (openErasureId !== erasureId) return [];
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.subject(controllerId, subjectId),
          UpdateExpression: 'REMOVE openErasureId',
          ConditionExpression: 'openErasureId = :erasureId',
          ExpressionAttributeValues: { ':erasureId': erasureId },
        },
      },
    ];
  }
}
