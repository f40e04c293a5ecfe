import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BreachNoticeStore, type PinnedBreachPage } from '../../../shared/adapters/dynamo/breach-notice-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import '../../helpers/aws-matchers';

const TABLE = 'pipeline';
const CONTROLLER = 'acme-care';
const BREACH = '01KB7BREACH0000000000000001';
const NOW = '2026-12-02T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new BreachNoticeStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const transactions = (): TransactItem[][] => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
const noticeKey = (subjectId: string) => keys.breachNotice(CONTROLLER, BREACH, subjectId);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/** The counter update of a transaction: its key and what it adds, every placeholder defined. */
function counterUpdate(item: TransactItem | undefined): { key: unknown; added: Record<string, unknown> } {
  const update = item!.Update!;
  const match = /^SET controllerId = :controllerId ADD (.+)$/.exec(update.UpdateExpression!);
  expect(match, update.UpdateExpression).not.toBeNull();
  const added = Object.fromEntries(
    match![1]!
      .split(',')
      .map((clause) => clause.trim().split(/\s+/) as [string, string])
      .map(([name, value]) => [update.ExpressionAttributeNames![name], update.ExpressionAttributeValues![value]]),
  );
  expect(Object.values(added)).not.toContain(undefined);
  return { key: update.Key, added };
}

beforeEach(() => {
  dynamo.reset();
});

describe('BreachNoticeStore.writeNotices', () => {
  it("creates each subject's notice once and counts it on its part in the same transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const disclosures = [{ disclosureId: 'd1', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff' as const, dataCategories: ['Invoices'] }];

    // Act
    await store.writeNotices(
      CONTROLLER,
      BREACH,
      'recipient',
      [
        { subjectId: 'alice', noticeStatus: 'queued', disclosures },
        { subjectId: 'bob', noticeStatus: 'suppressed' },
        { subjectId: 'alice', noticeStatus: 'queued', disclosures },
      ],
      NOW,
    );

    // Assess
    const [items] = transactions();
    expect(items).toHaveLength(3);
    expect(items![0]!.Put).toEqual({
      TableName: TABLE,
      Item: { ...noticeKey('alice'), controllerId: CONTROLLER, breachId: BREACH, subjectId: 'alice', partKey: 'recipient', noticeStatus: 'queued', createdAt: NOW, disclosures },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items![1]!.Put!.Item).toMatchObject({ subjectId: 'bob', noticeStatus: 'suppressed', noticeAt: NOW });
    expect(items![1]!.Put!.Item).not.toHaveProperty('email');
    expect(counterUpdate(items![2])).toEqual({ key: keys.breachCounter(CONTROLLER, BREACH, 'recipient'), added: { subjects: 2, suppressed: 1 } });
  });

  it('keeps the count of earlier disclosures on the notice, and reads it back', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const disclosures = [{ disclosureId: 'd9', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff' as const, dataCategories: ['Invoices'] }];

    // Act
    await store.writeNotices(CONTROLLER, BREACH, 'recipient', [{ subjectId: 'bob', noticeStatus: 'queued', disclosures, earlierDisclosures: 4980 }], NOW);
    const [[put]] = transactions() as [[TransactItem]];
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [put.Put!.Item!] } });
    const entries = await store.noticeEntries(CONTROLLER, BREACH, ['bob']);

    // Assess
    expect(put.Put!.Item).toMatchObject({ subjectId: 'bob', disclosures, earlierDisclosures: 4980 });
    expect(entries.get('bob')).toEqual({ subjectId: 'bob', noticeStatus: 'queued', partKey: 'recipient', disclosures, earlierDisclosures: 4980 });
  });

  it('writes the group again one by one when a notice existed, counting only those it creates', async () => {
    // Prepare: alice's notice was created by an earlier attempt.
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'))
      .resolves({});

    // Act
    await store.writeNotices(CONTROLLER, BREACH, 'shard-3', [{ subjectId: 'alice', noticeStatus: 'queued' }, { subjectId: 'bob', noticeStatus: 'queued' }], NOW);

    // Assess
    const [, aliceAlone, bobAlone] = transactions();
    expect(aliceAlone!.map((item) => item.Put?.Item?.subjectId ?? 'counter')).toEqual(['alice', 'counter']);
    expect(bobAlone!.map((item) => item.Put?.Item?.subjectId ?? 'counter')).toEqual(['bob', 'counter']);
    expect(counterUpdate(bobAlone![1]).added).toEqual({ subjects: 1 });
  });

  it('puts at most 99 notices and their counter in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const notices = Array.from({ length: 150 }, (_, index) => ({ subjectId: `s-${index}`, noticeStatus: 'queued' as const }));

    // Act
    await store.writeNotices(CONTROLLER, BREACH, 'shard-0', notices, NOW);

    // Assess
    expect(transactions().map((items) => items.length)).toEqual([100, 52]);
    expect(transactions().map((items) => counterUpdate(items.at(-1)).added)).toEqual([{ subjects: 99 }, { subjects: 51 }]);
  });
});

describe('BreachNoticeStore.recordNotices', () => {
  it('settles only queued notices, with the message id, counting each outcome', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.recordNotices(
      CONTROLLER,
      BREACH,
      'slice-0',
      [
        { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
        { subjectId: 'bob', status: 'failed' },
        { subjectId: 'carol', status: 'suppressed' },
      ],
      NOW,
    );

    // Assess
    const [items] = transactions();
    expect(items![0]!.Update).toEqual({
      TableName: TABLE,
      Key: noticeKey('alice'),
      UpdateExpression: 'SET noticeStatus = :status, noticeAt = :now, messageId = :messageId',
      ConditionExpression: 'noticeStatus = :queued',
      ExpressionAttributeValues: { ':status': 'sent', ':now': NOW, ':queued': 'queued', ':messageId': 'ses-1' },
    });
    expect(items![1]!.Update!.UpdateExpression).toBe('SET noticeStatus = :status, noticeAt = :now');
    expect(counterUpdate(items![3])).toEqual({ key: keys.breachCounter(CONTROLLER, BREACH, 'slice-0'), added: { notified: 1, failed: 1, suppressed: 1 } });
  });
});

describe('BreachNoticeStore.markBounced', () => {
  const bounce = { bouncedAt: '2026-12-02T11:00:00.000Z', messageId: 'ses-1' };

  it('marks a sent notice bounced once, counted on the part that counted it', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...noticeKey('alice'), subjectId: 'alice', noticeStatus: 'sent', partKey: 'shard-7' } });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await store.markBounced(CONTROLLER, BREACH, 'alice', bounce);

    // Assess
    expect(outcome).toBe('bounced');
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: noticeKey('alice'), ConsistentRead: true });
    const [items] = transactions();
    expect(items![0]!.Update).toMatchObject({ Key: noticeKey('alice'), ConditionExpression: 'noticeStatus = :sent', ExpressionAttributeValues: expect.objectContaining({ ':bounced': 'bounced', ':bouncedAt': bounce.bouncedAt }) });
    expect(counterUpdate(items![1])).toEqual({ key: keys.breachCounter(CONTROLLER, BREACH, 'shard-7'), added: { bounced: 1 } });
  });

  it.each([
    ['bounced', 'already-bounced'],
    ['queued', 'not-sent-yet'],
    ['failed', 'no-notice'],
    ['suppressed', 'no-notice'],
  ])('answers a notice %s with %s, writing nothing', async (noticeStatus, expected) => {
    dynamo.on(GetCommand).resolves({ Item: { subjectId: 'alice', noticeStatus, partKey: 'shard-7' } });
    expect(await store.markBounced(CONTROLLER, BREACH, 'alice', bounce)).toBe(expected);
    expect(transactions()).toEqual([]);
  });

  it('answers no-notice for a subject without one, and already-bounced when a concurrent delivery marked it first', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await store.markBounced(CONTROLLER, BREACH, 'nobody', bounce)).toBe('no-notice');

    dynamo.reset();
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { subjectId: 'alice', noticeStatus: 'sent', partKey: 'shard-7' } })
      .resolves({ Item: { subjectId: 'alice', noticeStatus: 'bounced', partKey: 'shard-7' } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expect(await store.markBounced(CONTROLLER, BREACH, 'alice', bounce)).toBe('already-bounced');
    expect(transactions()).toHaveLength(1);
  });
});

describe('BreachNoticeStore.progress, completeWork and pinPage', () => {
  it("sums every part's counters of the breach, read consistently", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        { sk: 'COUNTER#shard-0', partsPlanned: 1, subjects: 3, notified: 2, suppressed: 1 },
        { sk: 'COUNTER#shard-1', subjects: 2, notified: 1, failed: 1, bounced: 1, excludedUnderOrder: 4 },
      ],
    });

    // Act
    const counts = await store.progress(CONTROLLER, BREACH);

    // Assess
    expect(counts).toEqual({ partsPlanned: 1, subjects: 5, notified: 3, failed: 1, suppressed: 1, bounced: 1, excludedUnderOrder: 4 });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.breach(CONTROLLER, BREACH).pk, ':prefix': 'COUNTER#' },
      ConsistentRead: true,
    });
  });

  it('marks work done once with its counters, and answers false when it was done before', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolvesOnce({}).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const work = { controllerId: CONTROLLER, breachId: BREACH, workId: 'notices#shard-0#', now: NOW, result: { nextCursor: 's-9' }, counters: { partKey: 'shard-0', increments: { partsPlanned: 0, excludedUnderOrder: 0 } } };

    // Act
    const first = await store.completeWork(work);
    const again = await store.completeWork({ ...work, counters: { partKey: 'shard-0', increments: { partsPlanned: 1 } } });

    // Assess
    expect([first, again]).toEqual([true, false]);
    const [firstItems, againItems] = transactions();
    expect(firstItems).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: { ...keys.breachWorkDone(CONTROLLER, BREACH, 'notices#shard-0#'), controllerId: CONTROLLER, doneAt: NOW, result: { nextCursor: 's-9' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    expect(counterUpdate(againItems![1]).added).toEqual({ partsPlanned: 1 });
  });

  it('keeps the first reading of a page and answers it to a later attempt', async () => {
    // Prepare
    const first: PinnedBreachPage = { members: [{ subjectId: 'alice', locale: 'nl' }], excludedUnderOrder: 0 };
    const later: PinnedBreachPage = { members: [{ subjectId: 'bob', locale: 'en' }], excludedUnderOrder: 0 };
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { page: first } });

    // Act
    const pinned = await store.pinPage(CONTROLLER, BREACH, 'notices#slice-0', later);

    // Assess
    expect(pinned).toEqual(first);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: { ...keys.breachPinnedPage(CONTROLLER, BREACH, 'notices#slice-0'), controllerId: CONTROLLER, page: later },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
