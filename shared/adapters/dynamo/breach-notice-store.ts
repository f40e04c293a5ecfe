import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BREACH_NOTICE_COUNTED,
  createdNoticeIncrements,
  noBreachNoticeCounts,
  settledNoticeIncrements,
  type BounceOutcome,
  type BreachDisclosure,
  type BreachNoticeCounts,
  type BreachNoticeIncrements,
  type BreachNoticeStatus,
} from '../../domain/breach/breach-notice';
import { chunk } from '../../domain/collections/chunk';
import type { NoticeOutcome } from '../../domain/disclosure/notice';
import type { Locale } from '../../domain/locale';
import { batchGetAll } from './batch-get';
import { addToCounterItem } from './counters';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { transactWrite, type TransactItem } from './transact';

// Settling comes after SES took the mail: giving up would mean mailing again on the retry, so try long.
const PATIENT_ATTEMPTS = 12;

/** A subject's notice as the planner creates it: queued for the sender, or suppressed at once (unreachable). */
export interface NewBreachNotice {
  subjectId: string;
  noticeStatus: 'queued' | 'suppressed';
  /** For a breach at a recipient: what of the subject's went there, which the notice names (the latest only). */
  disclosures?: BreachDisclosure[];
  /** Disclosures before those, counted rather than kept, so the item stays far below DynamoDB's 400 KB. */
  earlierDisclosures?: number;
}

/** A subject's notice of a breach: subject id only, never contact data. */
export interface BreachNoticeEntry {
  subjectId: string;
  noticeStatus: BreachNoticeStatus;
  /** The audience part whose counters count it. */
  partKey: string;
  disclosures?: BreachDisclosure[];
  earlierDisclosures?: number;
  messageId?: string;
}

/**
 * A page of a breach's audience as first read, so a retry plans the very same subjects: ids and locales (absent
 * when the subject could not be reached, erased), for a breach at a recipient the disclosures each notice names.
 */
export interface PinnedBreachPage {
  members: { subjectId: string; locale?: Locale; disclosureIds?: string[]; earlierDisclosures?: number }[];
  /** The disclosures the page's members name, once each (a page shares a few between many subjects). */
  disclosures?: Record<string, BreachDisclosure>;
  /** Subjects of the page left out under a non-disclosure order. */
  excludedUnderOrder: number;
  nextCursor?: string;
}

export interface CompletedBreachWork {
  controllerId: string;
  breachId: string;
  workId: string;
  now: string;
  /** What a retry of the same work needs to replay it, such as the next page's cursor. */
  result?: Record<string, unknown>;
  /** Counters of the work's audience part to add to, with the marker, in one transaction. */
  counters?: { partKey: string; increments: BreachNoticeIncrements };
}

type CountedWrite = { write: TransactItem; increments: BreachNoticeIncrements };

/**
 * The subject notices of a high-risk breach (Art. 34) under the breach's partition: one entry per subject
 * (`NOTICE#<subjectId>`), counted per audience part (`COUNTER#<partKey>`) in the same transaction as each change,
 * the pages as first read (`PAGE#`) and the work done (`DONE#`), so no retry, replay or overlap mails anyone twice
 * or counts anything twice.
 */
export class BreachNoticeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates the notices of one page, each with `attribute_not_exists` and counted in the same transaction: a notice
   * created before (a page planned again) is neither rewritten nor counted again.
   */
  async writeNotices(controllerId: string, breachId: string, partKey: string, notices: readonly NewBreachNotice[], now: string): Promise<void> {
    const unique = [...new Map(notices.map((notice) => [notice.subjectId, notice])).values()];
    await this.countedWrites(
      controllerId,
      breachId,
      partKey,
      unique.map(({ subjectId, noticeStatus, disclosures, earlierDisclosures }) => ({
        write: {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.breachNotice(controllerId, breachId, subjectId),
              controllerId,
              breachId,
              subjectId,
              partKey,
              noticeStatus,
              createdAt: now,
              ...(noticeStatus === 'suppressed' ? { noticeAt: now } : {}),
              ...(disclosures ? { disclosures } : {}),
              ...(earlierDisclosures ? { earlierDisclosures } : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        increments: createdNoticeIncrements(noticeStatus),
      })),
    );
  }

  /** The notice of each listed subject that has one, read consistently. */
  async noticeEntries(controllerId: string, breachId: string, subjectIds: readonly string[]): Promise<Map<string, BreachNoticeEntry>> {
    const items = await batchGetAll(
      this.client,
      this.tableName,
      [...new Set(subjectIds)].map((subjectId) => keys.breachNotice(controllerId, breachId, subjectId)),
    );
    return new Map(items.map((item) => [item.subjectId as string, toEntry(item)]));
  }

  /**
   * Settles notices as soon as SES answers, counting each in the same transaction, and only those still queued: a
   * notice settled before is neither changed nor counted again.
   */
  async recordNotices(controllerId: string, breachId: string, partKey: string, outcomes: readonly NoticeOutcome[], now: string): Promise<void> {
    await this.countedWrites(
      controllerId,
      breachId,
      partKey,
      outcomes.map((outcome) => ({
        write: {
          Update: {
            TableName: this.tableName,
            Key: keys.breachNotice(controllerId, breachId, outcome.subjectId),
            UpdateExpression: `SET noticeStatus = :status, noticeAt = :now${outcome.messageId ? ', messageId = :messageId' : ''}`,
            ConditionExpression: 'noticeStatus = :queued',
            ExpressionAttributeValues: {
              ':status': outcome.status,
              ':now': now,
              ':queued': 'queued' satisfies BreachNoticeStatus,
              ...(outcome.messageId ? { ':messageId': outcome.messageId } : {}),
            },
          },
        },
        increments: settledNoticeIncrements(outcome.status),
      })),
    );
  }

  /**
   * A permanent bounce of a sent notice: `sent` becomes `bounced` once, adding 1 to `bounced` on the part that
   * counted it. A notice still queued waits for the sender (`not-sent-yet`); one that never went is no notice.
   */
  async markBounced(controllerId: string, breachId: string, subjectId: string, bounce: { bouncedAt: string; messageId: string }): Promise<BounceOutcome> {
    const key = keys.breachNotice(controllerId, breachId, subjectId);
    for (let attempt = 0; attempt < 2; attempt++) {
      const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      const status = item?.noticeStatus as BreachNoticeStatus | undefined;
      if (status === 'bounced') return 'already-bounced';
      if (status === 'queued') return 'not-sent-yet';
      if (status !== 'sent') return 'no-notice';
      const outcome = await transactWrite(
        this.client,
        {
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: key,
                UpdateExpression: 'SET noticeStatus = :bounced, bouncedAt = :bouncedAt, bounceMessageId = :messageId',
                ConditionExpression: 'noticeStatus = :sent',
                ExpressionAttributeValues: { ':bounced': 'bounced', ':sent': 'sent', ':bouncedAt': bounce.bouncedAt, ':messageId': bounce.messageId },
              },
            },
            ...this.counter(controllerId, breachId, item!.partKey as string, { bounced: 1 }),
          ],
        },
        PATIENT_ATTEMPTS,
      );
      if (outcome.ok) return 'bounced';
      // Marked by a concurrent delivery of the same event in between: read again.
    }
    return 'already-bounced';
  }

  /** The counts of every audience part, summed. */
  async progress(controllerId: string, breachId: string): Promise<BreachNoticeCounts> {
    const counters = await queryPrefix(this.client, this.tableName, keys.breach(controllerId, breachId).pk, keys.counterPrefix);
    const counts = noBreachNoticeCounts();
    for (const counter of counters) for (const field of BREACH_NOTICE_COUNTED) counts[field] += Number(counter[field] ?? 0);
    return counts;
  }

  /**
   * Marks a unit of the notices' work done (a planned page, a sent chunk), once: its marker and its counters change
   * together; a second attempt at the same work changes nothing and answers false.
   */
  async completeWork(work: CompletedBreachWork): Promise<boolean> {
    const { controllerId, breachId, workId, now, result = {}, counters } = work;
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.breachWorkDone(controllerId, breachId, workId), controllerId, doneAt: now, result },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(counters ? this.counter(controllerId, breachId, counters.partKey, counters.increments) : []),
      ],
    });
    return outcome.ok;
  }

  /** The marker of a unit of work done earlier, if it was. */
  async finishedWork(controllerId: string, breachId: string, workId: string): Promise<{ result: Record<string, unknown> } | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.breachWorkDone(controllerId, breachId, workId), ConsistentRead: true }),
    );
    return item ? { result: (item.result as Record<string, unknown>) ?? {} } : undefined;
  }

  /** Keeps the first reading of a page: when an earlier attempt pinned it, that page is returned and this reading dropped. */
  async pinPage(controllerId: string, breachId: string, partId: string, page: PinnedBreachPage): Promise<PinnedBreachPage> {
    const key = keys.breachPinnedPage(controllerId, breachId, partId);
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, controllerId, page }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return page;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const pinned = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return pinned.Item!.page as PinnedBreachPage;
    }
  }

  private counter(controllerId: string, breachId: string, partKey: string, increments: BreachNoticeIncrements): TransactItem[] {
    return addToCounterItem(this.tableName, keys.breachCounter(controllerId, breachId, partKey), controllerId, increments);
  }

  /**
   * Conditional writes with their counts: up to 99 writes and one counter update per transaction. When a condition
   * fails (work done before), the group is written one by one, skipping what was done.
   */
  private async countedWrites(controllerId: string, breachId: string, partKey: string, writes: readonly CountedWrite[]): Promise<void> {
    const counters = (group: readonly CountedWrite[]) => {
      const sum: BreachNoticeIncrements = {};
      for (const { increments } of group) {
        for (const [field, value] of Object.entries(increments) as [keyof BreachNoticeIncrements, number][]) sum[field] = (sum[field] ?? 0) + value;
      }
      return this.counter(controllerId, breachId, partKey, sum);
    };
    for (const group of chunk(writes, 99)) {
      const together = await transactWrite(this.client, { TransactItems: [...group.map(({ write }) => write), ...counters(group)] }, PATIENT_ATTEMPTS);
      if (together.ok) continue;
      for (const single of group) {
        await transactWrite(this.client, { TransactItems: [single.write, ...counters([single])] }, PATIENT_ATTEMPTS);
      }
    }
  }
}

function toEntry(item: Record<string, any>): BreachNoticeEntry {
  return {
    subjectId: item.subjectId,
    noticeStatus: item.noticeStatus,
    partKey: item.partKey,
    ...(item.disclosures ? { disclosures: item.disclosures } : {}),
    ...(item.earlierDisclosures ? { earlierDisclosures: Number(item.earlierDisclosures) } : {}),
    ...(item.messageId ? { messageId: item.messageId } : {}),
  };
}
