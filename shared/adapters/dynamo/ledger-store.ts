import { QueryCommand, UpdateCommand, paginateQuery, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SubjectDisclosure } from '../../api/schemas';
import type { NoticeOutcome, NoticeStatus } from '../../domain/disclosure/notice';
import { chunk } from '../../domain/collections/chunk';
import type { Disclosure } from '../../domain/disclosure/disclosure';
import type { LedgerEntryOfSubject } from '../../domain/erasure/erasure-recipient';
import type { RecipientLedgerEntry } from '../../domain/breach/recipient-audience';
import { entryIncrements, settledIncrements, type NoticeTrack } from '../../domain/disclosure/notice-counts';
import { addToCounters, type CounterIncrements } from './counters';
import { batchGetAll } from './batch-get';
import { keys } from './keys';
import { transactWrite } from './transact';

type CountedWrite = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Settling comes after SES took the mail: giving up would mean mailing again on the retry, so try long.
const PATIENT_ATTEMPTS = 12;

import { queryPrefix } from './query-prefix';

export type { NoticeTrack } from '../../domain/disclosure/notice-counts';

const ENTRY_KEYS: Readonly<Record<NoticeTrack, (controllerId: string, subjectId: string, disclosureId: string) => { pk: string; sk: string }>> = {
  ledger: keys.ledgerEntry,
  intent: keys.intentEntry,
};

/** The index of ledger entries by recipient (`recipientPk`, `recipientSk = S#<subjectId>#D#<disclosureId>`). */
export const RECIPIENT_INDEX = 'byRecipient';

/** A page of a recipient's ledger entries; `nextCursor` (a subject id) while more follow. */
export interface RecipientLedgerPage {
  entries: RecipientLedgerEntry[];
  nextCursor?: string;
}

const RECIPIENT_ENTRY_PROJECTION = {
  ProjectionExpression: 'subjectId, disclosureId, disclosedAt, dataCategories, #kind, noticeStatus',
  ExpressionAttributeNames: { '#kind': 'kind' },
};

export interface NewLedgerEntry {
  subjectId: string;
  noticeStatus: NoticeStatus;
}

/**
 * The per-subject disclosure ledger: one entry per (subject, disclosure), under the subject, holding the
 * subject id only (contact data stays on the subject item), and indexed by recipient for Art. 19.
 */
export class LedgerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates the entries of one audience page and counts each created entry as a subject of its part, in
   * the same transaction. An entry that exists already (a page planned again) is neither rewritten nor
   * counted again, so its notice status and the counts stay as they were.
   */
  async writeEntries(disclosure: Disclosure, partKey: string, entries: readonly NewLedgerEntry[]): Promise<void> {
    const { controllerId, disclosureId, recipient } = disclosure;
    const unique = [...new Map(entries.map((entry) => [entry.subjectId, entry])).values()];
    await this.countedWrites(
      controllerId,
      disclosureId,
      partKey,
      unique.map(({ subjectId, noticeStatus }) => ({
        write: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.ledgerEntry(controllerId, subjectId, disclosureId),
              controllerId,
              subjectId,
              disclosureId,
              kind: disclosure.kind,
              recipient,
              legalBasis: disclosure.legalBasis,
              purpose: disclosure.purpose,
              dataCategories: disclosure.dataCategories,
              disclosedAt: disclosure.occurredAt,
              recipientPk: keys.recipientPk(controllerId, recipient.recipientId),
              recipientSk: `S#${subjectId}#D#${disclosureId}`,
              noticeMode: disclosure.noticeMode,
              noticeStatus,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        increments: entryIncrements(noticeStatus),
      })),
    );
  }

  /**
   * Creates the intent entries of one audience page (mode `before`), counted as intent subjects. They hold
   * the intent notice's status; the ledger entry comes only when the transfer happens, for non-objectors.
   */
  async writeIntentEntries(disclosure: Disclosure, partKey: string, subjectIds: readonly string[]): Promise<void> {
    const { controllerId, disclosureId } = disclosure;
    await this.countedWrites(
      controllerId,
      disclosureId,
      partKey,
      [...new Set(subjectIds)].map((subjectId) => ({
        write: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.intentEntry(controllerId, subjectId, disclosureId),
              controllerId,
              subjectId,
              disclosureId,
              plannedAt: disclosure.plannedAt,
              noticeStatus: 'queued' satisfies NoticeStatus,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        increments: { intentSubjects: 1 },
      })),
    );
  }

  /** Lets held notices go (a hold ended): `held` becomes `queued`; anything else stays as it is. */
  async releaseHeld(controllerId: string, disclosureId: string, subjectIds: readonly string[], now: string): Promise<void> {
    for (const group of chunk([...new Set(subjectIds)], 25)) {
      await Promise.all(
        group.map(async (subjectId) => {
          try {
            await this.client.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: keys.ledgerEntry(controllerId, subjectId, disclosureId),
                UpdateExpression: 'SET noticeStatus = :queued, releasedAt = :now',
                ConditionExpression: 'noticeStatus = :held',
                ExpressionAttributeValues: { ':queued': 'queued', ':held': 'held', ':now': now },
              }),
            );
          } catch (error) {
            if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
          }
        }),
      );
    }
  }

  /** The notice status of each subject's entry for one disclosure, read consistently. */
  async noticeStatuses(
    controllerId: string,
    disclosureId: string,
    subjectIds: readonly string[],
    track: NoticeTrack = 'ledger',
  ): Promise<Map<string, NoticeStatus>> {
    const keysToRead = [...new Set(subjectIds)].map((subjectId) => ENTRY_KEYS[track](controllerId, subjectId, disclosureId));
    const items = await batchGetAll(this.client, this.tableName, keysToRead, 'subjectId, noticeStatus');
    return new Map(items.map((item) => [item.subjectId as string, item.noticeStatus as NoticeStatus]));
  }

  /**
   * Settles notices as soon as they are known, counting each in the same transaction, and only entries
   * still queued: a notice settled before is neither changed nor counted again.
   */
  async recordNotices(
    controllerId: string,
    disclosureId: string,
    partKey: string,
    notices: readonly NoticeOutcome[],
    now: string,
    track: NoticeTrack = 'ledger',
  ): Promise<void> {
    await this.countedWrites(
      controllerId,
      disclosureId,
      partKey,
      notices.map((notice) => ({
        write: {
          Update: {
            TableName: this.tableName,
            Key: ENTRY_KEYS[track](controllerId, notice.subjectId, disclosureId),
            UpdateExpression: 'SET noticeStatus = :status, noticeAt = :now, noticeMessageId = :messageId',
            ConditionExpression: 'noticeStatus = :queued',
            ExpressionAttributeValues: {
              ':status': notice.status,
              ':now': now,
              ':messageId': notice.messageId ?? null,
              ':queued': 'queued' satisfies NoticeStatus,
            },
          },
        },
        increments: settledIncrements(track, notice.status),
      })),
    );
  }

  /**
   * Conditional writes with their counts: up to 99 writes and one counter update per transaction. When
   * a condition fails (work done before), the group is written one by one, skipping what was done.
   */
  private async countedWrites(
    controllerId: string,
    disclosureId: string,
    partKey: string,
    writes: readonly { write: CountedWrite; increments: CounterIncrements }[],
  ): Promise<void> {
    const counters = (group: readonly { increments: CounterIncrements }[]) => {
      const sum: CounterIncrements = {};
      for (const { increments } of group) {
        for (const [field, value] of Object.entries(increments) as [keyof CounterIncrements, number][]) sum[field] = (sum[field] ?? 0) + value;
      }
      return addToCounters(this.tableName, controllerId, disclosureId, partKey, sum);
    };
    for (const group of chunk(writes, 99)) {
      const together = await transactWrite(this.client, { TransactItems: [...group.map(({ write }) => write), ...counters(group)] }, PATIENT_ATTEMPTS);
      if (together.ok) continue;
      for (const single of group) {
        await transactWrite(this.client, { TransactItems: [single.write, ...counters([single])] }, PATIENT_ATTEMPTS);
      }
    }
  }

  /**
   * Every disclosure of one subject with the recipient it went to, by id, and its notice status: the
   * recipients an erasure must tell (Art. 19), and which of them a non-disclosure order still keeps quiet.
   */
  async recipientEntries(controllerId: string, subjectId: string): Promise<(LedgerEntryOfSubject & { noticeStatus: NoticeStatus })[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.subject(controllerId, subjectId).pk, keys.ledgerPrefix);
    return items.map((item) => ({
      disclosureId: item.disclosureId,
      kind: item.kind,
      recipient: { recipientId: item.recipient.recipientId, name: item.recipient.name, kind: item.recipient.kind, country: item.recipient.country },
      dataCategories: item.dataCategories,
      disclosedAt: item.disclosedAt,
      noticeStatus: item.noticeStatus,
    }));
  }

  /**
   * One page of a recipient's ledger entries (the `byRecipient` index), by subject then disclosure, after the subject
   * `cursor` names: whose data went to a recipient (a breach there, Art. 34). A page holds its subjects' entries
   * whole: a subject cut short by the limit is left to the next page, or read to its end when it alone fills the
   * page. The index lags the table a little; the disclosures a breach concerns were written long before.
   */
  async recipientLedgerPage(controllerId: string, recipientId: string, cursor: string | undefined, limit: number): Promise<RecipientLedgerPage> {
    const recipientPk = keys.recipientPk(controllerId, recipientId);
    const query = (startKey: Record<string, unknown> | undefined) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: RECIPIENT_INDEX,
          // `~` sorts after every character of an id: the first entry after all of the cursor subject's.
          KeyConditionExpression: cursor ? 'recipientPk = :pk AND recipientSk > :after' : 'recipientPk = :pk',
          ExpressionAttributeValues: { ':pk': recipientPk, ...(cursor ? { ':after': `S#${cursor}#D#~` } : {}) },
          ...RECIPIENT_ENTRY_PROJECTION,
          Limit: limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
    let page = await query(undefined);
    // An empty page that goes on is no end: returned without a cursor, it would end the recipient's chain.
    while ((page.Items ?? []).length === 0 && page.LastEvaluatedKey) page = await query(page.LastEvaluatedKey);
    const entries = (page.Items ?? []).map(toRecipientLedgerEntry);
    if (!page.LastEvaluatedKey) return { entries };
    const last = entries.at(-1)!.subjectId;
    const whole = entries.filter((entry) => entry.subjectId !== last);
    if (whole.length > 0) return { entries: whole, nextCursor: whole.at(-1)!.subjectId };
    const rest = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: RECIPIENT_INDEX,
        KeyConditionExpression: 'recipientPk = :pk AND begins_with(recipientSk, :subject)',
        ExpressionAttributeValues: { ':pk': recipientPk, ':subject': `S#${last}#D#` },
        ...RECIPIENT_ENTRY_PROJECTION,
        ExclusiveStartKey: page.LastEvaluatedKey,
      },
    );
    for await (const more of rest) entries.push(...(more.Items ?? []).map(toRecipientLedgerEntry));
    return { entries, nextCursor: last };
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

function toRecipientLedgerEntry(item: Record<string, any>): RecipientLedgerEntry {
  return {
    subjectId: item.subjectId,
    disclosureId: item.disclosureId,
    disclosedAt: item.disclosedAt,
    kind: item.kind,
    dataCategories: item.dataCategories ?? [],
    noticeStatus: item.noticeStatus,
  };
}
