import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new SubjectStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, SHARDS);

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
      ProjectionExpression: 'subjectId, locale, preferences',
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#AUDIENCE#3`, ':knownBy': NOW },
      ConsistentRead: true,
      Limit: 500,
    });
  });
});

describe('SubjectStore.upsert', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(UpdateCommand).resolves({});
  });

  it('keeps the lookup key of the address beside it on the subject item, and neither on its audience item', async () => {
    // Act
    await store.upsert({ controllerId: CONTROLLER, subjectId: 'ann', email: 'Ann@Example.com', locale: 'en' }, NOW);

    // Assess
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    const subject = updates.find((update) => update.Key!.sk === 'SUBJECT')!;
    expect(subject.UpdateExpression).toContain('email = :email, emailLookup = :emailLookup');
    expect(subject.ExpressionAttributeValues).toMatchObject({ ':email': 'Ann@Example.com', ':emailLookup': emailLookup(CONTROLLER, 'ann@example.com') });
    const member = updates.find((update) => update.Key!.sk !== 'SUBJECT')!;
    expect(JSON.stringify(member)).not.toMatch(/emailLookup|Ann@Example\.com/);
  });
});

describe('SubjectStore.findByEmailLookup', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('queries the byEmail index for the lookup key, page after page, answering subject ids only', async () => {
    // Prepare
    const lookup = emailLookup(CONTROLLER, 'ann@example.com');
    const lastKey = { pk: `C#${CONTROLLER}#S#ann`, sk: 'SUBJECT', emailLookup: lookup };
    dynamo.on(QueryCommand).resolvesOnce({ Items: [{ subjectId: 'ann' }], LastEvaluatedKey: lastKey }).resolvesOnce({ Items: [{ subjectId: 'ann-2' }] });

    // Act
    const found = await store.findByEmailLookup(CONTROLLER, lookup);

    // Assess
    expect(found).toEqual(['ann', 'ann-2']);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries[0]).toEqual({
      TableName: TABLE,
      IndexName: 'byEmail',
      KeyConditionExpression: 'emailLookup = :lookup',
      ExpressionAttributeValues: { ':lookup': lookup },
      ProjectionExpression: 'subjectId',
      ExclusiveStartKey: undefined,
    });
    expect(queries[1]!.ExclusiveStartKey).toEqual(lastKey);
  });

  it('answers no one for an address nobody registered', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect(await store.findByEmailLookup(CONTROLLER, emailLookup(CONTROLLER, 'nobody@example.com'))).toEqual([]);
  });

  it("refuses another controller's lookup key, reading nothing", async () => {
    await expect(store.findByEmailLookup(CONTROLLER, emailLookup('softmedex', 'ann@example.com'))).rejects.toThrow(RangeError);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
