import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { SubjectDisclosure } from '../../api/schemas';
import type { NoticeOutcome, NoticeStatus } from '../../domain/disclosure/notice';
import { chunk } from '../../domain/collections/chunk';
import type { Disclosure } from '../../domain/disclosure/disclosure';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';

/**
 * The per-subject disclosure ledger: one entry per (subject, disclosure), under the subject, holding the
 * subject id only (contact data stays on the subject item), and indexed by recipient for Art. 19.
 */
export class LedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes entries idempotently: a repeated write keeps the notice status an earlier one reached. */
  async writeEntries(disclosure: Disclosure, subjectIds: readonly string[]): Promise<void> {
    const { controllerId, disclosureId, recipient } = disclosure;
    for (const ids of chunk(subjectIds, 25)) {
      await Promise.all(
        ids.map((subjectId) =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: keys.ledgerEntry(controllerId, subjectId, disclosureId),
              UpdateExpression:
                'SET controllerId = :controllerId, subjectId = :subjectId, disclosureId = :disclosureId, #kind = :kind, ' +
                'recipient = :recipient, legalBasis = :legalBasis, purpose = :purpose, dataCategories = :dataCategories, ' +
                'disclosedAt = :disclosedAt, recipientPk = :recipientPk, recipientSk = :recipientSk, ' +
                'noticeStatus = if_not_exists(noticeStatus, :queued)',
              ExpressionAttributeNames: { '#kind': 'kind' },
              ExpressionAttributeValues: {
                ':controllerId': controllerId,
                ':subjectId': subjectId,
                ':disclosureId': disclosureId,
                ':kind': disclosure.kind,
                ':recipient': recipient,
                ':legalBasis': disclosure.legalBasis,
                ':purpose': disclosure.purpose,
                ':dataCategories': disclosure.dataCategories,
                ':disclosedAt': disclosure.occurredAt,
                ':recipientPk': keys.recipientPk(controllerId, recipient.recipientId),
                ':recipientSk': `S#${subjectId}#D#${disclosureId}`,
                ':queued': 'queued' satisfies NoticeStatus,
              },
            }),
          ),
        ),
      );
    }
  }

  /** The notice status of each subject's entry for one disclosure, read consistently. */
  async noticeStatuses(controllerId: string, disclosureId: string, subjectIds: readonly string[]): Promise<Map<string, NoticeStatus>> {
    const statuses = new Map<string, NoticeStatus>();
    for (const ids of chunk([...new Set(subjectIds)], 100)) {
      let keysToRead: Record<string, unknown>[] = ids.map((subjectId) => keys.ledgerEntry(controllerId, subjectId, disclosureId));
      while (keysToRead.length > 0) {
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: keysToRead, ConsistentRead: true, ProjectionExpression: 'subjectId, noticeStatus' },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) statuses.set(item.subjectId, item.noticeStatus);
        keysToRead = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return statuses;
  }

  /**
   * Settles notices as soon as they are known, one entry each, and only entries still queued: a retry
   * after a failure mails no one whose notice already went.
   */
  async recordNotices(controllerId: string, disclosureId: string, notices: readonly NoticeOutcome[], now: string): Promise<void> {
    for (const group of chunk(notices, 25)) {
      await Promise.all(
        group.map((notice) =>
          this.client
            .send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: keys.ledgerEntry(controllerId, notice.subjectId, disclosureId),
                UpdateExpression: 'SET noticeStatus = :status, noticeAt = :now, noticeMessageId = :messageId',
                ConditionExpression: 'noticeStatus = :queued',
                ExpressionAttributeValues: {
                  ':status': notice.status,
                  ':now': now,
                  ':messageId': notice.messageId ?? null,
                  ':queued': 'queued' satisfies NoticeStatus,
                },
              }),
            )
            .catch((error: unknown) => {
              if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
            }),
        ),
      );
    }
  }

  /** Everything disclosed about one subject: what Art. 15(1)(c) lets the subject ask for. */
  async forSubject(controllerId: string, subjectId: string): Promise<SubjectDisclosure[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.subject(controllerId, subjectId).pk, keys.ledgerPrefix);
    const entries: SubjectDisclosure[] = items.map((item) => ({
      disclosureId: item.disclosureId,
      kind: item.kind,
      recipient: { name: item.recipient.name, kind: item.recipient.kind, country: item.recipient.country },
      legalBasis: item.legalBasis,
      purpose: item.purpose,
      dataCategories: item.dataCategories,
      disclosedAt: item.disclosedAt,
      notice: { status: item.noticeStatus },
    }));
    return entries.sort((a, b) => a.disclosedAt.localeCompare(b.disclosedAt));
  }
}
