import { randomUUID } from 'node:crypto';
import { GetCommand, paginateQuery, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { audienceShard } from '../../domain/audience/shard';
import { chunk } from '../../domain/collections/chunk';
import type { SharingPreferences, Subject } from '../../domain/disclosure/disclosure';
import type { Locale } from '../../domain/locale';
import { emailLookup, emailLookupPrefix } from '../../domain/subject/email-lookup';
import { batchGetAll } from './batch-get';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { transactWrite, type TransactItem } from './transact';

/** The sparse index of subject items by `emailLookup` (only subject items carry it). */
export const EMAIL_INDEX = 'byEmail';

export interface AudienceMember {
  subjectId: string;
  locale: Locale;
  /** Absent when the subject never told the controller anything about sharing. */
  preferences?: SharingPreferences;
  /** Absent when the controller named none: such a member is in no breach's `category` audience. */
  dataCategories?: string[];
}

/** Why a subject may not be written again: its erasure has begun (`since` it started), or is done (`since` erased). */
export interface ErasureRefusal {
  reason: 'being_erased' | 'erased';
  since: string;
}

export type SubjectUpsert = { upserted: true } | { upserted: false; refusal: ErasureRefusal };

export interface SubjectBatchUpsert {
  upserted: number;
  refused: { subjectId: string; reason: ErasureRefusal['reason'] }[];
}

export interface AudiencePage {
  members: AudienceMember[];
  nextCursor?: string;
}

/** Data subjects: the subject item is the only one holding contact data (email, name). */
export class SubjectStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly shards: number,
    /**
     * The link-signing key, from which each controller's address lookup key derives (`emailLookup`): needed to
     * write a subject, so only functions that write subjects are given it.
     */
    private readonly linkSecret?: () => Promise<Uint8Array>,
  ) {}

  /**
   * Writes the subject item (its contact data) and its audience item (id and locale, in its shard,
   * first added at `addedAt`), in one transaction. Both are updates, so a repeated upsert keeps when the subject
   * was first known, and the audience of a disclosure is read consistently from the table, not from an index.
   * A subject whose erasure has begun or is done is refused, writing nothing: its contact data would come back
   * while every reader ignores it for the erasure's mark. The condition sits in the write itself, so an upsert
   * racing the start of an erasure cannot slip through. The data categories go on both items, so a breach's
   * `category` audience is read from the shard pages alone; an upsert without them removes them (a PUT replaces).
   */
  async upsert(subject: Subject, now: string): Promise<SubjectUpsert> {
    const { controllerId, subjectId, email, locale, name } = subject;
    const categories = subject.dataCategories?.length ? subject.dataCategories : undefined;
    if (!this.linkSecret) throw new Error('SubjectStore: writing a subject needs the link secret, which keys its address lookup');
    const lookup = emailLookup(await this.linkSecret(), controllerId, email);
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.subject(controllerId, subjectId),
            UpdateExpression:
              'SET controllerId = :controllerId, subjectId = :subjectId, email = :email, emailLookup = :emailLookup, locale = :locale, ' +
              `updatedAt = :now, createdAt = if_not_exists(createdAt, :now)${name ? ', #name = :name' : ''}${categories ? ', dataCategories = :dataCategories' : ''}` +
              removing([...(name ? [] : ['#name']), ...(categories ? [] : ['dataCategories'])]),
            ConditionExpression: 'attribute_not_exists(#erasure) AND attribute_not_exists(erasedAt)',
            ExpressionAttributeNames: { '#name': 'name', '#erasure': 'erasure' },
            ExpressionAttributeValues: {
              ':controllerId': controllerId,
              ':subjectId': subjectId,
              ':email': email,
              // Indexed by `byEmail`, so a request typed on the controller's website finds the subject.
              ':emailLookup': lookup,
              ':locale': locale,
              ':now': now,
              ...(name ? { ':name': name } : {}),
              ...(categories ? { ':dataCategories': categories } : {}),
            },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.audienceMember(controllerId, audienceShard(subjectId, this.shards), subjectId),
            UpdateExpression:
              'SET controllerId = :controllerId, subjectId = :subjectId, locale = :locale, addedAt = if_not_exists(addedAt, :now)' +
              (categories ? ', dataCategories = :dataCategories' : ' REMOVE dataCategories'),
            ExpressionAttributeValues: {
              ':controllerId': controllerId,
              ':subjectId': subjectId,
              ':locale': locale,
              ':now': now,
              ...(categories ? { ':dataCategories': categories } : {}),
            },
          },
        },
      ],
    });
    return outcome.ok ? { upserted: true } : { upserted: false, refusal: await this.erasureRefusal(controllerId, subjectId) };
  }

  /**
   * Upserts are idempotent, so a batch cut short by a failure is completed by sending it again. Subjects under
   * erasure are refused one by one; the others are written.
   */
  async upsertMany(subjects: readonly Subject[], now: string): Promise<SubjectBatchUpsert> {
    const result: SubjectBatchUpsert = { upserted: 0, refused: [] };
    for (const group of chunk(subjects, 25)) {
      const outcomes = await Promise.all(group.map((subject) => this.upsert(subject, now)));
      outcomes.forEach((outcome, index) => {
        if (outcome.upserted) result.upserted++;
        else result.refused.push({ subjectId: group[index]!.subjectId, reason: outcome.refusal.reason });
      });
    }
    return result;
  }

  /** Why an upsert's condition failed, read consistently: the erasure marks are never removed once set. */
  private async erasureRefusal(controllerId: string, subjectId: string): Promise<ErasureRefusal> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.subject(controllerId, subjectId),
        ProjectionExpression: '#erasure, erasedAt',
        ExpressionAttributeNames: { '#erasure': 'erasure' },
        ConsistentRead: true,
      }),
    );
    if (typeof item?.erasedAt === 'string') return { reason: 'erased', since: item.erasedAt };
    const erasure = item?.erasure as { startedAt?: string } | undefined;
    if (typeof erasure?.startedAt === 'string') return { reason: 'being_erased', since: erasure.startedAt };
    throw new Error('A subject upsert was refused, yet the subject carries no erasure mark');
  }

  /**
   * Replaces a known subject's sharing preferences on the subject item and on its audience item (which the
   * planner reads), and keeps the change as evidence. A change older than the one in place is refused, so
   * what the pipeline acts on is always the latest change of the history: `superseded`.
   */
  async setPreferences(
    controllerId: string,
    subjectId: string,
    preferences: SharingPreferences,
    now: string,
  ): Promise<'set' | 'unknown-subject' | 'superseded'> {
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.subject(controllerId, subjectId),
            UpdateExpression: 'SET preferences = :preferences, preferencesUpdatedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(preferencesUpdatedAt) OR preferencesUpdatedAt <= :now)',
            ExpressionAttributeValues: { ':preferences': preferences, ':now': now },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.audienceMember(controllerId, audienceShard(subjectId, this.shards), subjectId),
            UpdateExpression: 'SET preferences = :preferences',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':preferences': preferences },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.preferencesChange(controllerId, subjectId, now, randomUUID()), controllerId, subjectId, preferences, at: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    if (outcome.ok) return 'set';
    return (await this.getMany(controllerId, [subjectId])).has(subjectId) ? 'superseded' : 'unknown-subject';
  }

  /** Every change of a subject's sharing preferences, oldest first: what shows when consent was given. */
  async preferencesHistory(controllerId: string, subjectId: string): Promise<{ at: string; preferences: SharingPreferences }[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.subject(controllerId, subjectId).pk, keys.preferencesPrefix);
    return items.map((item) => ({ at: item.at as string, preferences: item.preferences as SharingPreferences }));
  }

  /**
   * The subjects the controller may still write to and act for: a subject whose erasure has begun (or whose
   * contact data is gone) is left out, so no later disclosure, notice or request reaches them.
   */
  async getMany(controllerId: string, subjectIds: readonly string[]): Promise<Map<string, Subject>> {
    const keysToRead = [...new Set(subjectIds)].map((subjectId) => keys.subject(controllerId, subjectId));
    const items = await batchGetAll(this.client, this.tableName, keysToRead);
    const reachable = items.filter((item) => typeof item.email === 'string' && item.erasure === undefined);
    return new Map(reachable.map((item) => [item.subjectId as string, toSubject(item)]));
  }

  /**
   * The contact data of a subject being erased, read consistently: kept until the subject is told the
   * erasure is done (Art. 12(3)), and what lets a recipient find the data it received. Undefined once erased.
   */
  async contactDuringErasure(controllerId: string, subjectId: string): Promise<Subject | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.subject(controllerId, subjectId), ConsistentRead: true }));
    return typeof result.Item?.email === 'string' ? toSubject(result.Item) : undefined;
  }

  /**
   * Erasure of the subject's own data begins: the subject leaves its audience shard (no later fan-out finds
   * it) and loses its sharing preferences, and the subject item is marked with the erasure (the first mark
   * stays). Contact data stays until the completion email (`eraseContactWrite`). False for an unknown subject.
   */
  async leaveForErasure(controllerId: string, subjectId: string, erasure: { erasureId: string; startedAt: string }): Promise<boolean> {
    const outcome = await transactWrite(this.client, {
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.subject(controllerId, subjectId),
            UpdateExpression: 'SET #erasure = if_not_exists(#erasure, :erasure) REMOVE preferences',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#erasure': 'erasure' },
            ExpressionAttributeValues: { ':erasure': erasure },
          },
        },
        { Delete: { TableName: this.tableName, Key: keys.audienceMember(controllerId, audienceShard(subjectId, this.shards), subjectId) } },
      ],
    });
    return outcome.ok;
  }

  /**
   * The write that erases the subject's contact data (and the address's lookup key, its data categories), for the transaction
   * that records it: only the pseudonymous subject id stays, which ledger entries and evidence refer to.
   */
  eraseContactWrite(controllerId: string, subjectId: string, at: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.subject(controllerId, subjectId),
        UpdateExpression: 'SET erasedAt = :at REMOVE email, #name, locale, emailLookup, preferences, dataCategories',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':at': at },
      },
    };
  }

  /**
   * The subjects registered at an address, by its lookup key (`emailLookup`), through the sparse `byEmail`
   * index: usually one, more when several subjects share an address. The index lags behind the table, so a
   * caller checks the subject item, read consistently, before acting on it. A key of another controller is
   * refused: a caller acting for one controller never reaches another's subjects.
   */
  async findByEmailLookup(controllerId: string, lookup: string): Promise<string[]> {
    if (!lookup.startsWith(emailLookupPrefix(controllerId))) throw new RangeError('The lookup key is not one of this controller');
    const subjectIds: string[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: EMAIL_INDEX,
        KeyConditionExpression: 'emailLookup = :lookup',
        ExpressionAttributeValues: { ':lookup': lookup },
        ProjectionExpression: 'subjectId',
      },
    );
    for await (const page of pages) subjectIds.push(...(page.Items ?? []).map((item) => item.subjectId as string));
    return subjectIds;
  }

  /**
   * One page of a controller's audience shard, in subject id order, read consistently: the subjects
   * known when the disclosure was recorded (`addedAt <= knownBy`), so none written just before is missed
   * and none added afterwards is included.
   */
  async audiencePage(controllerId: string, shard: number, cursor: string | undefined, limit: number, knownBy: string): Promise<AudiencePage> {
    const { pk } = keys.audienceMember(controllerId, shard, '');
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: cursor ? 'pk = :pk AND sk > :cursor' : 'pk = :pk',
        FilterExpression: 'addedAt <= :knownBy',
        ExpressionAttributeValues: { ':pk': pk, ':knownBy': knownBy, ...(cursor ? { ':cursor': cursor } : {}) },
        ProjectionExpression: 'subjectId, locale, preferences, dataCategories',
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const members = (result.Items ?? []).map((item) => ({
      subjectId: item.subjectId as string,
      locale: item.locale as Locale,
      ...(item.preferences ? { preferences: item.preferences as SharingPreferences } : {}),
      ...(item.dataCategories ? { dataCategories: item.dataCategories as string[] } : {}),
    }));
    // The filter applies after the limit: a page may hold fewer members, even none, and still go on.
    return { members, nextCursor: result.LastEvaluatedKey?.sk as string | undefined };
  }
}

function toSubject(item: Record<string, unknown>): Subject {
  return {
    controllerId: item.controllerId as string,
    subjectId: item.subjectId as string,
    email: item.email as string,
    locale: item.locale as Locale,
    ...(item.name ? { name: item.name as string } : {}),
    ...(item.preferences ? { preferences: item.preferences as SharingPreferences } : {}),
    ...(item.dataCategories ? { dataCategories: item.dataCategories as string[] } : {}),
  };
}

/** The REMOVE clause of an update for these attributes, or nothing: a PUT replaces what a subject no longer carries. */
function removing(attributes: string[]): string {
  return attributes.length ? ` REMOVE ${attributes.join(', ')}` : '';
}
