import { BatchWriteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { audienceShard } from '../../domain/audience/shard';
import { chunk } from '../../domain/collections/chunk';
import type { Subject } from '../../domain/disclosure/disclosure';
import type { Locale } from '../../domain/locale';
import { batchGetAll } from './batch-get';
import { keys } from './keys';

export interface AudienceMember {
  subjectId: string;
  locale: Locale;
}

export interface AudiencePage {
  members: AudienceMember[];
  nextCursor?: string;
}

/** Data subjects: the only items holding contact data (email, name, locale). */
export class SubjectStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly shards: number,
  ) {}

  private item(subject: Subject, now: string) {
    return {
      ...keys.subject(subject.controllerId, subject.subjectId),
      ...subject,
      audiencePk: keys.audiencePk(subject.controllerId, audienceShard(subject.subjectId, this.shards)),
      audienceSk: subject.subjectId,
      updatedAt: now,
    };
  }

  async upsert(subject: Subject, now: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(subject, now) }));
  }

  /** Upserts are idempotent, so a batch cut short by a failure is completed by sending it again. */
  async upsertMany(subjects: readonly Subject[], now: string): Promise<void> {
    for (const batch of chunk(subjects, 25)) {
      let requests = batch.map((subject) => ({ PutRequest: { Item: this.item(subject, now) } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async getMany(controllerId: string, subjectIds: readonly string[]): Promise<Map<string, Subject>> {
    const keysToRead = [...new Set(subjectIds)].map((subjectId) => keys.subject(controllerId, subjectId));
    const items = await batchGetAll(this.client, this.tableName, keysToRead);
    return new Map(items.map((item) => [item.subjectId as string, toSubject(item)]));
  }

  /** One page of a controller's audience shard, in subject id order. */
  async audiencePage(controllerId: string, shard: number, cursor: string | undefined, limit: number): Promise<AudiencePage> {
    const audiencePk = keys.audiencePk(controllerId, shard);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'audience',
        KeyConditionExpression: cursor ? 'audiencePk = :pk AND audienceSk > :cursor' : 'audiencePk = :pk',
        ExpressionAttributeValues: cursor ? { ':pk': audiencePk, ':cursor': cursor } : { ':pk': audiencePk },
        ProjectionExpression: 'subjectId, locale',
        Limit: limit,
      }),
    );
    const members = (result.Items ?? []).map((item) => ({ subjectId: item.subjectId as string, locale: item.locale as Locale }));
    return { members, nextCursor: result.LastEvaluatedKey ? members.at(-1)?.subjectId : undefined };
  }
}

function toSubject(item: Record<string, unknown>): Subject {
  return {
    controllerId: item.controllerId as string,
    subjectId: item.subjectId as string,
    email: item.email as string,
    locale: item.locale as Locale,
    ...(item.name ? { name: item.name as string } : {}),
  };
}
