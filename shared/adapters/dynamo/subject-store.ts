import { randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { audienceShard } from '../../domain/audience/shard';
import { chunk } from '../../domain/collections/chunk';
import type { SharingPreferences, Subject } from '../../domain/disclosure/disclosure';
import type { Locale } from '../../domain/locale';
import { batchGetAll } from './batch-get';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { transactWrite } from './transact';

export interface AudienceMember {
  subjectId: string;
  locale: Locale;
  /** Absent when the subject never told the controller anything about sharing. */
  preferences?: SharingPreferences;
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
  ) {}

  /**
   * Writes the subject item (its contact data) and its audience item (id and locale, in its shard,
   * first added at `addedAt`). Both are updates, so a repeated upsert keeps when the subject was first
   * known, and the audience of a disclosure is read consistently from the table, not from an index.
   */
  async upsert(subject: Subject, now: string): Promise<void> {
    const { controllerId, subjectId, email, locale, name } = subject;
    await Promise.all([
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.subject(controllerId, subjectId),
          UpdateExpression:
            'SET controllerId = :controllerId, subjectId = :subjectId, email = :email, locale = :locale, updatedAt = :now, ' +
            `createdAt = if_not_exists(createdAt, :now)${name ? ', #name = :name' : ' REMOVE #name'}`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':controllerId': controllerId, ':subjectId': subjectId, ':email': email, ':locale': locale, ':now': now, ...(name ? { ':name': name } : {}) },
        }),
      ),
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.audienceMember(controllerId, audienceShard(subjectId, this.shards), subjectId),
          UpdateExpression: 'SET controllerId = :controllerId, subjectId = :subjectId, locale = :locale, addedAt = if_not_exists(addedAt, :now)',
          ExpressionAttributeValues: { ':controllerId': controllerId, ':subjectId': subjectId, ':locale': locale, ':now': now },
        }),
      ),
    ]);
  }

  /** Upserts are idempotent, so a batch cut short by a failure is completed by sending it again. */
  async upsertMany(subjects: readonly Subject[], now: string): Promise<void> {
    for (const group of chunk(subjects, 25)) await Promise.all(group.map((subject) => this.upsert(subject, now)));
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

  async getMany(controllerId: string, subjectIds: readonly string[]): Promise<Map<string, Subject>> {
    const keysToRead = [...new Set(subjectIds)].map((subjectId) => keys.subject(controllerId, subjectId));
    const items = await batchGetAll(this.client, this.tableName, keysToRead);
    return new Map(items.map((item) => [item.subjectId as string, toSubject(item)]));
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
        ProjectionExpression: 'subjectId, locale, preferences',
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const members = (result.Items ?? []).map((item) => ({
      subjectId: item.subjectId as string,
      locale: item.locale as Locale,
      ...(item.preferences ? { preferences: item.preferences as SharingPreferences } : {}),
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
  };
}
