import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { SubjectStore } from '../../../shared/adapters/dynamo/subject-store';
import { audienceShard } from '../../../shared/domain/audience/shard';
import type { SharingPreferences } from '../../../shared/domain/disclosure/disclosure';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'etsoft';
const SHARDS = 16;
const NOW = '2026-11-24T10:00:00.000Z';

const LINK_KEY = new TextEncoder().encode('k'.repeat(64));

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new SubjectStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, SHARDS, async () => LINK_KEY);

const preferences: SharingPreferences = { consentTo: ['business_partner', 'processor_handoff'], stopSharing: ['fraud_prevention'] };

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('SubjectStore.setPreferences', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('sets the preferences on the subject and on its audience item, and keeps the change as evidence, in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const set = await store.setPreferences(CONTROLLER, 'jan', preferences, NOW);

    // Assess
    expect(set).toBe('set');
    const calls = dynamo.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const [subject, member, evidence] = calls[0]!.args[0].input.TransactItems!;

    expect(subject!.Update).toEqual({
      TableName: TABLE,
      Key: keys.subject(CONTROLLER, 'jan'),
      UpdateExpression: 'SET preferences = :preferences, preferencesUpdatedAt = :now',
      // An older change arriving late never replaces a newer one.
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(preferencesUpdatedAt) OR preferencesUpdatedAt <= :now)',
      ExpressionAttributeValues: { ':preferences': preferences, ':now': NOW },
    });

    expect(member!.Update).toMatchObject({
      TableName: TABLE,
      Key: keys.audienceMember(CONTROLLER, audienceShard('jan', SHARDS), 'jan'),
      UpdateExpression: 'SET preferences = :preferences',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':preferences': preferences },
    });
    expect(member!.Update!.Key!.pk).toMatch(new RegExp(`^C#${CONTROLLER}#AUDIENCE#\\d+$`));

    expect(evidence!.Put).toEqual({
      TableName: TABLE,
      Item: { pk: `C#${CONTROLLER}#S#jan`, sk: expect.stringMatching(new RegExp(`^PREFERENCES#${NOW}#[0-9a-f-]{36}$`)), controllerId: CONTROLLER, subjectId: 'jan', preferences, at: NOW },
      // Evidence is never overwritten, not even by a change in the same millisecond.
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // The evidence item holds no contact data.
    expect(Object.keys(evidence!.Put!.Item!)).not.toContain('email');
  });

  it('answers unknown-subject, writing nothing, for a subject it does not know', async () => {
    // Prepare: neither the subject item nor its audience item exists.
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });

    // Act
    const set = await store.setPreferences(CONTROLLER, 'nobody', preferences, NOW);

    // Assess
    expect(set).toBe('unknown-subject');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('answers superseded, writing nothing, when a later change is already in place', async () => {
    // Prepare: the subject exists, but its preferences were changed after NOW.
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [{ ...keys.subject(CONTROLLER, 'jan'), controllerId: CONTROLLER, subjectId: 'jan', email: 'jan@example.nl', locale: 'nl' }] },
    });

    // Act
    const set = await store.setPreferences(CONTROLLER, 'jan', preferences, NOW);

    // Assess
    expect(set).toBe('superseded');
  });

  it('lets any other error through', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(new Error('Service unavailable'));

    // Act
    const setting = store.setPreferences(CONTROLLER, 'jan', preferences, NOW);

    // Assess
    await expect(setting).rejects.toThrow(/Service unavailable/);
  });
});

describe('SubjectStore.audiencePage', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("answers each member's preferences with its id and locale, and no preferences for a member who gave none", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        { subjectId: 'ann', locale: 'en', preferences },
        { subjectId: 'jan', locale: 'nl' },
      ],
      LastEvaluatedKey: keys.audienceMember(CONTROLLER, 3, 'jan'),
    });

    // Act
    const page = await store.audiencePage(CONTROLLER, 3, undefined, 500, NOW);

    // Assess
    expect(page).toEqual({
      members: [
        { subjectId: 'ann', locale: 'en', preferences },
        { subjectId: 'jan', locale: 'nl' },
      ],
      nextCursor: 'jan',
    });
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'addedAt <= :knownBy',
      ProjectionExpression: 'subjectId, locale, preferences, dataCategories',
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#AUDIENCE#3`, ':knownBy': NOW },
      ConsistentRead: true,
      Limit: 500,
    });
  });
});

describe('SubjectStore.audiencePage, data categories', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("answers each member's data categories, and none for a member without", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        { subjectId: 'ann', locale: 'en', dataCategories: ['Facturen'] },
        { subjectId: 'jan', locale: 'nl' },
      ],
    });

    // Act
    const page = await store.audiencePage(CONTROLLER, 3, undefined, 500, NOW);

    // Assess
    expect(page.members).toEqual([
      { subjectId: 'ann', locale: 'en', dataCategories: ['Facturen'] },
      { subjectId: 'jan', locale: 'nl' },
    ]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.ProjectionExpression).toBe('subjectId, locale, preferences, dataCategories');
  });
});

describe('SubjectStore.upsert', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  const ann = { controllerId: CONTROLLER, subjectId: 'ann', email: 'Ann@Example.com', locale: 'en' as const };

  it('writes the subject item, with the keyed lookup of its address, and its audience item in one transaction, on a subject not under erasure', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await store.upsert(ann, NOW);

    // Assess
    expect(outcome).toEqual({ upserted: true });
    const calls = dynamo.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const [subject, member, ...others] = calls[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(others).toEqual([]);
    expect(subject!.Key).toEqual(keys.subject(CONTROLLER, 'ann'));
    expect(subject!.UpdateExpression).toContain('email = :email, emailLookup = :emailLookup');
    expect(subject!.ExpressionAttributeValues).toMatchObject({ ':email': 'Ann@Example.com', ':emailLookup': emailLookup(LINK_KEY, CONTROLLER, 'ann@example.com') });
    // Neither erasure mark may be there when the write lands, not even one set a moment before.
    expect(subject!.ConditionExpression).toBe('attribute_not_exists(#erasure) AND attribute_not_exists(erasedAt)');
    expect(subject!.ExpressionAttributeNames).toEqual({ '#name': 'name', '#erasure': 'erasure' });
    expect(member!.Key).toEqual(keys.audienceMember(CONTROLLER, audienceShard('ann', SHARDS), 'ann'));
    expect(JSON.stringify(member)).not.toMatch(/emailLookup|Ann@Example\.com/);
  });

  it('writes the data categories on the subject item and on its audience item, where a breach audience reads them', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const categories = ['Naam en contactgegevens', 'Facturen'];

    // Act
    await store.upsert({ ...ann, name: 'Ann', dataCategories: categories }, NOW);

    // Assess
    const [subject, member] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(subject!.UpdateExpression).toMatch(/, #name = :name, dataCategories = :dataCategories$/);
    expect(subject!.ExpressionAttributeValues![':dataCategories']).toEqual(categories);
    expect(member!.UpdateExpression).toBe(
      'SET controllerId = :controllerId, subjectId = :subjectId, locale = :locale, addedAt = if_not_exists(addedAt, :now), dataCategories = :dataCategories',
    );
    expect(member!.ExpressionAttributeValues![':dataCategories']).toEqual(categories);
  });

  it('removes the name and data categories from both items when the subject no longer carries them, as a PUT replaces', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act: no name, an empty list of categories.
    await store.upsert({ ...ann, dataCategories: [] }, NOW);

    // Assess
    const [subject, member] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(subject!.UpdateExpression).toMatch(/createdAt = if_not_exists\(createdAt, :now\) REMOVE #name, dataCategories$/);
    expect(subject!.ExpressionAttributeValues).not.toHaveProperty(':dataCategories');
    expect(member!.UpdateExpression).toMatch(/ REMOVE dataCategories$/);
    expect(member!.ExpressionAttributeValues).not.toHaveProperty(':dataCategories');
  });

  it('refuses a subject being erased, reading when its erasure started', async () => {
    // Prepare: the erasure's mark makes the condition fail; the whole transaction, audience item too, is cancelled.
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { erasure: { erasureId: 'e-1', startedAt: '2026-11-20T09:00:00.000Z' } } });

    // Act
    const outcome = await store.upsert(ann, NOW);

    // Assess
    expect(outcome).toEqual({ upserted: false, refusal: { reason: 'being_erased', since: '2026-11-20T09:00:00.000Z' } });
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.subject(CONTROLLER, 'ann'),
      ProjectionExpression: '#erasure, erasedAt',
      ExpressionAttributeNames: { '#erasure': 'erasure' },
      ConsistentRead: true,
    });
  });

  it('refuses an erased subject, with the day its contact data was erased', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { erasure: { erasureId: 'e-1', startedAt: '2026-11-20T09:00:00.000Z' }, erasedAt: '2026-11-22T09:00:00.000Z' } });

    // Act
    const outcome = await store.upsert(ann, NOW);

    // Assess
    expect(outcome).toEqual({ upserted: false, refusal: { reason: 'erased', since: '2026-11-22T09:00:00.000Z' } });
  });

  it('cannot write a subject without the link secret that keys its lookup', async () => {
    const withoutSecret = new SubjectStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, SHARDS);
    await expect(withoutSecret.upsert(ann, NOW)).rejects.toThrow(/link secret/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('SubjectStore.upsertMany', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('writes the subjects not under erasure and names each one refused, with its reason', async () => {
    // Prepare: 'bea' is being erased, 'cor' is erased.
    dynamo.on(TransactWriteCommand).callsFake((input) => {
      const subjectPk = input.TransactItems[0].Update.Key.pk as string;
      if (subjectPk.endsWith('#S#bea') || subjectPk.endsWith('#S#cor')) throw cancelled('ConditionalCheckFailed', 'None');
      return {};
    });
    dynamo.on(GetCommand).callsFake((input) =>
      input.Key.pk.endsWith('#S#bea')
        ? { Item: { erasure: { erasureId: 'e-1', startedAt: NOW } } }
        : { Item: { erasure: { erasureId: 'e-2', startedAt: NOW }, erasedAt: NOW } },
    );
    const subjects = ['ann', 'bea', 'cor', 'dirk'].map((subjectId) => ({ controllerId: CONTROLLER, subjectId, email: `${subjectId}@example.com`, locale: 'nl' as const }));

    // Act
    const result = await store.upsertMany(subjects, NOW);

    // Assess
    expect(result).toEqual({
      upserted: 2,
      refused: [
        { subjectId: 'bea', reason: 'being_erased' },
        { subjectId: 'cor', reason: 'erased' },
      ],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });
});

describe('SubjectStore.findByEmailLookup', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('queries the byEmail index for the lookup key, page after page, answering subject ids only', async () => {
    // Prepare
    const lookup = emailLookup(LINK_KEY, CONTROLLER, 'ann@example.com');
    const lastKey = { pk: `C#${CONTROLLER}#S#ann`, sk: 'SUBJECT', emailLookup: lookup };
    dynamo.on(QueryCommand).resolvesOnce({ Items: [{ subjectId: 'ann' }], LastEvaluatedKey: lastKey }).resolvesOnce({ Items: [{ subjectId: 'ann-2' }] });

    // Act
    const found = await store.findByEmailLookup(CONTROLLER, lookup);

    // Assess
    expect(found).toEqual(['ann', 'ann-2']);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      IndexName: 'byEmail',
      KeyConditionExpression: 'emailLookup = :lookup',
      ExpressionAttributeValues: { ':lookup': lookup },
      ProjectionExpression: 'subjectId',
    });
    expect(queries[1]!.ExclusiveStartKey).toEqual(lastKey);
  });

  it('answers no one for an address nobody registered', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect(await store.findByEmailLookup(CONTROLLER, emailLookup(LINK_KEY, CONTROLLER, 'nobody@example.com'))).toEqual([]);
  });

  it("refuses another controller's lookup key, reading nothing", async () => {
    await expect(store.findByEmailLookup(CONTROLLER, emailLookup(LINK_KEY, 'softmedex', 'ann@example.com'))).rejects.toThrow(RangeError);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
