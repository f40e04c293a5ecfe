import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NoticeStatus, SubjectDisclosure } from '../../api/schemas';
import { chunk } from '../../domain/audience/shard';
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
