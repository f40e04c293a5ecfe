import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { LedgerStore } from '../../../shared/adapters/dynamo/ledger-store';
import type { NoticeOutcome, NoticeStatus } from '../../../shared/domain/disclosure/notice';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const DISCLOSURE = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';
const NOW = '2026-11-24T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new LedgerStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

const entryKey = (subjectId: string) => keys.ledgerEntry(CONTROLLER, subjectId, DISCLOSURE);

const disclosure: Disclosure = {
  controllerId: CONTROLLER,
  disclosureId: DISCLOSURE,
  kind: 'merger_acquisition',
  recipient: { recipientId: 'nordhealth', name: 'Nordhealth B.V.', kind: 'acquirer', country: 'NL' },
  legalBasis: 'legitimate_interests',
  purpose: 'Sale of the customer base',
  dataCategories: ['name', 'email address'],
  occurredAt: '2026-11-20T09:00:00.000Z',
  recordedAt: NOW,
  noticeMode: 'after',
};

/** New entries whose notices wait for the sender. */
const queued = (subjectIds: readonly string[]) => subjectIds.map((subjectId) => ({ subjectId, noticeStatus: 'queued' as NoticeStatus }));

describe('LedgerStore.noticeStatuses', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("reads each subject's entry of the disclosure consistently and maps subject to notice status", async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          { subjectId: 'alice', noticeStatus: 'sent' },
          { subjectId: 'bob', noticeStatus: 'queued' },
        ],
      },
    });

    // Act
    const statuses = await store.noticeStatuses(CONTROLLER, DISCLOSURE, ['alice', 'bob', 'no-entry']);

    // Assess
    expect(statuses).toEqual(
      new Map([
        ['alice', 'sent'],
        ['bob', 'queued'],
      ]),
    );
    const calls = dynamo.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(1);
    const request = calls[0]!.args[0].input.RequestItems![TABLE]!;
    expect(request.Keys).toEqual(['alice', 'bob', 'no-entry'].map(entryKey));
    expect(request.ConsistentRead).toBe(true);
  });

  it('reads the keys DynamoDB left unprocessed again until none are left', async () => {
    // Prepare
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ subjectId: 'alice', noticeStatus: 'sent' }] },
        UnprocessedKeys: { [TABLE]: { Keys: [entryKey('bob'), entryKey('carol')], ConsistentRead: true } },
      })
      .resolvesOnce({
        Responses: { [TABLE]: [{ subjectId: 'bob', noticeStatus: 'failed' }] },
        UnprocessedKeys: { [TABLE]: { Keys: [entryKey('carol')] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [{ subjectId: 'carol', noticeStatus: 'queued' }] } });

    // Act
    const statuses = await store.noticeStatuses(CONTROLLER, DISCLOSURE, ['alice', 'bob', 'carol']);

    // Assess
    expect(Object.fromEntries(statuses)).toEqual({ alice: 'sent', bob: 'failed', carol: 'queued' });
    const requests = dynamo.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems![TABLE]!);
    expect(requests.map((request) => request.Keys)).toEqual([
      ['alice', 'bob', 'carol'].map(entryKey),
      ['bob', 'carol'].map(entryKey),
      [entryKey('carol')],
    ]);
    expect(requests.map((request) => request.ConsistentRead)).toEqual([true, true, true]);
  });

  it('reads at most 100 keys per BatchGetItem, each subject once', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    const subjectIds = Array.from({ length: 150 }, (_, index) => `s-${index}`);

    // Act
    await store.noticeStatuses(CONTROLLER, DISCLOSURE, [...subjectIds, 's-0', 's-149']);

    // Assess
    const batches = dynamo.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems![TABLE]!.Keys!);
    expect(batches.map((batch) => batch.length)).toEqual([100, 50]);
    expect(batches.flat()).toEqual(subjectIds.map(entryKey));
  });
});

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const transactions = (): TransactItem[][] => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** The counter update of a transaction: its key and what it adds (shape checked: SET controllerId, then ADD). */
function counterUpdate(item: TransactItem | undefined): { key: unknown; added: Record<string, unknown> } {
  const update = item?.Update;
  expect(update, 'a counter update').toBeDefined();
  expect(update!.TableName).toBe(TABLE);
  expect(update!.ConditionExpression).toBeUndefined();
  const match = /^SET controllerId = :controllerId ADD (.+)$/.exec(update!.UpdateExpression!);
  expect(match, update!.UpdateExpression).not.toBeNull();
  const added = Object.fromEntries(
    match![1]!
      .split(',')
      .map((clause) => clause.trim().split(/\s+/) as [string, string])
      .map(([name, value]) => [update!.ExpressionAttributeNames![name], update!.ExpressionAttributeValues![value]]),
  );
  return { key: update!.Key, added };
}

const counterKey = (partKey: string) => keys.counter(CONTROLLER, DISCLOSURE, partKey);

/**
 * Answers transactions as DynamoDB would over ledger entries: a transaction whose condition fails on an
 * item (a Put of an entry that exists, an Update of an entry no longer queued) is cancelled with a
 * reason per item and writes nothing; one that goes through creates or settles its entries and adds its
 * counters, which `counted` sums.
 */
function ledgerTable({ existing = [], settled = [] }: { existing?: string[]; settled?: string[] }) {
  const entries = new Set([...existing, ...settled]);
  const notQueued = new Set(settled);
  const counted: Record<string, number> = {};
  const handler = (input: TransactWriteCommandInput) => {
    const items = input.TransactItems!;
    const codes = items.map((item) => {
      if (item.Put) return entries.has(item.Put.Item!.subjectId as string) ? 'ConditionalCheckFailed' : 'None';
      const subjectId = /#S#([^#]+)$/.exec(String(item.Update!.Key!.pk))?.[1];
      const settles = Boolean(item.Update!.ConditionExpression);
      return settles && (!subjectId || !entries.has(subjectId) || notQueued.has(subjectId)) ? 'ConditionalCheckFailed' : 'None';
    });
    if (codes.includes('ConditionalCheckFailed')) throw cancelled(...codes);
    for (const item of items) {
      if (item.Put) entries.add(item.Put.Item!.subjectId as string);
      else if (item.Update!.ConditionExpression) notQueued.add(/#S#([^#]+)$/.exec(String(item.Update!.Key!.pk))![1]!);
      else for (const [field, value] of Object.entries(counterUpdate(item).added)) counted[field] = (counted[field] ?? 0) + Number(value);
    }
    return {};
  };
  return { handler, counted };
}

describe('LedgerStore.writeEntries', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("puts each entry only if absent and adds the group's size to its part's subjects, in one transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.writeEntries(disclosure, 'shard-2', queued(['alice', 'bob', 'carol']));

    // Assess
    const sent = transactions();
    expect(sent).toHaveLength(1);
    const items = sent[0]!;
    expect(items).toHaveLength(4);
    const puts = items.slice(0, 3).map((item) => item.Put!);
    expect(puts.map((put) => put.Item!.pk)).toEqual(['alice', 'bob', 'carol'].map((id) => entryKey(id).pk));
    for (const put of puts) {
      expect(put.TableName).toBe(TABLE);
      expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    }
    expect(puts[0]!.Item).toMatchObject({
      ...entryKey('alice'),
      controllerId: CONTROLLER,
      subjectId: 'alice',
      disclosureId: DISCLOSURE,
      recipientPk: keys.recipientPk(CONTROLLER, disclosure.recipient.recipientId),
      recipientSk: `S#alice#D#${DISCLOSURE}`,
      kind: disclosure.kind,
      recipient: disclosure.recipient,
      legalBasis: disclosure.legalBasis,
      purpose: disclosure.purpose,
      dataCategories: disclosure.dataCategories,
      disclosedAt: disclosure.occurredAt,
      noticeMode: 'after',
      noticeStatus: 'queued',
    });
    expect(counterUpdate(items[3])).toEqual({ key: counterKey('shard-2'), added: { subjects: 3 } });
  });

  it('writes and counts a subject listed twice once', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.writeEntries(disclosure, 'slice-0', queued(['alice', 'bob', 'alice']));

    // Assess
    const [items] = transactions();
    expect(items!.flatMap((item) => (item.Put ? [item.Put.Item!.subjectId] : []))).toEqual(['alice', 'bob']);
    expect(counterUpdate(items!.at(-1))).toEqual({ key: counterKey('slice-0'), added: { subjects: 2 } });
  });

  it('writes at most 99 entries and their count per transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const subjectIds = Array.from({ length: 150 }, (_, index) => `s-${String(index).padStart(3, '0')}`);

    // Act
    await store.writeEntries(disclosure, 'shard-0', queued(subjectIds));

    // Assess
    const sent = transactions();
    expect(sent.map((items) => items.length)).toEqual([100, 52]);
    expect(sent.map((items) => counterUpdate(items.at(-1)).added)).toEqual([{ subjects: 99 }, { subjects: 51 }]);
    expect(sent.flatMap((items) => items.flatMap((item) => (item.Put ? [item.Put.Item!.subjectId] : [])))).toEqual(subjectIds);
  });

  it('writes a group one entry per transaction when an entry exists, counting only the entries it creates', async () => {
    // Prepare: bob's entry exists (the page was planned before), so the group's transaction is cancelled,
    // and so is bob's own transaction.
    const table = ledgerTable({ existing: ['bob'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    const writing = store.writeEntries(disclosure, 'shard-1', queued(['alice', 'bob', 'carol']));

    // Assess
    await expect(writing).resolves.toBeUndefined();
    const sent = transactions();
    expect(sent).toHaveLength(4);
    expect(sent[0]).toHaveLength(4);
    const singles = sent.slice(1);
    expect(singles.map((items) => items.length)).toEqual([2, 2, 2]);
    expect(singles.map((items) => items[0]!.Put!.Item!.subjectId)).toEqual(['alice', 'bob', 'carol']);
    for (const items of singles) {
      expect(items[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(counterUpdate(items[1])).toEqual({ key: counterKey('shard-1'), added: { subjects: 1 } });
    }
    expect(table.counted).toEqual({ subjects: 2 });
  });

  it('counts nothing for a page planned again whose entries all exist', async () => {
    // Prepare
    const table = ledgerTable({ existing: ['alice', 'bob'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    await store.writeEntries(disclosure, 'shard-1', queued(['alice', 'bob']));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    expect(table.counted).toEqual({});
  });

  it('writes one by one only the group whose transaction was cancelled', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed')).resolves({});
    const subjectIds = Array.from({ length: 100 }, (_, index) => `s-${String(index).padStart(3, '0')}`);

    // Act
    await store.writeEntries(disclosure, 'shard-0', queued(subjectIds));

    // Assess
    const sent = transactions();
    expect(sent.map((items) => items.length)).toEqual([100, ...Array.from({ length: 99 }, () => 2), 2]);
    expect(counterUpdate(sent.at(-1)!.at(-1)).added).toEqual({ subjects: 1 });
    expect(sent.at(-1)![0]!.Put!.Item!.subjectId).toBe('s-099');
  });

  it('lets an error other than a failed condition through', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    dynamo.on(TransactWriteCommand).rejects(throttled);

    // Act
    const writing = store.writeEntries(disclosure, 'shard-0', queued(['alice']));

    // Assess
    await expect(writing).rejects.toThrow(/Throughput exceeded/);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('sends nothing for no subjects', async () => {
    // Act
    await store.writeEntries(disclosure, 'shard-0', queued([]));

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('LedgerStore.recordNotices', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  const notices: NoticeOutcome[] = [
    { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
    { subjectId: 'bob', status: 'failed' },
    { subjectId: 'carol', status: 'suppressed' },
  ];

  it("updates each entry only while its notice is queued and counts the notices on its part, in one transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.recordNotices(CONTROLLER, DISCLOSURE, 'shard-5', notices, NOW);

    // Assess
    const sent = transactions();
    expect(sent).toHaveLength(1);
    const updates = sent[0]!.slice(0, 3).map((item) => item.Update!);
    expect(updates.map((update) => update.Key)).toEqual(notices.map((notice) => entryKey(notice.subjectId)));
    for (const update of updates) {
      expect(update.TableName).toBe(TABLE);
      expect(update.ConditionExpression).toBe('noticeStatus = :queued');
      expect(update.UpdateExpression).toMatch(/noticeStatus = :status/);
    }
    expect(updates.map((update) => update.ExpressionAttributeValues)).toEqual([
      { ':status': 'sent', ':now': NOW, ':messageId': 'ses-1', ':queued': 'queued' },
      { ':status': 'failed', ':now': NOW, ':messageId': null, ':queued': 'queued' },
      { ':status': 'suppressed', ':now': NOW, ':messageId': null, ':queued': 'queued' },
    ]);
    expect(sent[0]).toHaveLength(4);
    expect(counterUpdate(sent[0]![3])).toEqual({ key: counterKey('shard-5'), added: { notified: 1, failed: 1, suppressed: 1 } });
  });

  it('counts sent notices as notified, and adds no counter it has nothing for', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.recordNotices(
      CONTROLLER,
      DISCLOSURE,
      'slice-1',
      [
        { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
        { subjectId: 'bob', status: 'sent', messageId: 'ses-2' },
        { subjectId: 'carol', status: 'failed' },
      ],
      NOW,
    );

    // Assess
    const [items] = transactions();
    expect(counterUpdate(items!.at(-1))).toEqual({ key: counterKey('slice-1'), added: { notified: 2, failed: 1 } });
  });

  it('settles a group one notice per transaction when a notice settled before, counting only those it settles', async () => {
    // Prepare: bob's notice settled before, so the group's transaction is cancelled, and so is bob's own.
    const table = ledgerTable({ existing: ['alice', 'carol'], settled: ['bob'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    const recording = store.recordNotices(CONTROLLER, DISCLOSURE, 'shard-5', notices, NOW);

    // Assess
    await expect(recording).resolves.toBeUndefined();
    const singles = transactions().slice(1);
    expect(singles.map((items) => items[0]!.Update!.Key)).toEqual(['alice', 'bob', 'carol'].map(entryKey));
    expect(singles.map((items) => counterUpdate(items[1]))).toEqual([
      { key: counterKey('shard-5'), added: { notified: 1 } },
      { key: counterKey('shard-5'), added: { failed: 1 } },
      { key: counterKey('shard-5'), added: { suppressed: 1 } },
    ]);
    for (const items of singles) {
      expect(items).toHaveLength(2);
      expect(items[0]!.Update!.ConditionExpression).toBe('noticeStatus = :queued');
    }
    expect(table.counted).toEqual({ notified: 1, suppressed: 1 });
  });

  it('counts nothing for a repeated settle: every notice settled before', async () => {
    // Prepare
    const table = ledgerTable({ settled: ['alice', 'bob', 'carol'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    await store.recordNotices(CONTROLLER, DISCLOSURE, 'shard-5', notices, NOW);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
    expect(table.counted).toEqual({});
  });

  it('lets any other error through', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    dynamo.on(TransactWriteCommand).rejects(throttled);

    // Act
    const recording = store.recordNotices(CONTROLLER, DISCLOSURE, 'shard-5', notices, NOW);

    // Assess
    await expect(recording).rejects.toThrow(/Throughput exceeded/);
  });

  it('sends nothing for no notices', async () => {
    // Act
    await store.recordNotices(CONTROLLER, DISCLOSURE, 'shard-5', [], NOW);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('LedgerStore.writeEntries with a first notice status', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('creates each entry with its own status and counts it as a subject and under its status', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const entries: { subjectId: string; noticeStatus: NoticeStatus }[] = [
      { subjectId: 'alice', noticeStatus: 'queued' },
      { subjectId: 'bob', noticeStatus: 'held' },
      { subjectId: 'carol', noticeStatus: 'not_required' },
      { subjectId: 'dave', noticeStatus: 'not_required' },
      { subjectId: 'erin', noticeStatus: 'sent' },
      { subjectId: 'frank', noticeStatus: 'failed' },
      { subjectId: 'grace', noticeStatus: 'suppressed' },
    ];

    // Act
    await store.writeEntries({ ...disclosure, noticeMode: 'none' }, 'shard-4', entries);

    // Assess
    const [items] = transactions();
    expect(items).toHaveLength(8);
    expect(items!.slice(0, 7).map((item) => [item.Put!.Item!.subjectId, item.Put!.Item!.noticeStatus])).toEqual(
      entries.map((entry) => [entry.subjectId, entry.noticeStatus]),
    );
    expect(items!.slice(0, 7).every((item) => item.Put!.Item!.noticeMode === 'none')).toBe(true);
    expect(counterUpdate(items![7])).toEqual({
      key: counterKey('shard-4'),
      added: { subjects: 7, notRequired: 2, notified: 1, failed: 1, suppressed: 1 },
    });
  });

  it('counts a held entry as a subject only: its notice is counted when the hold ends and it is sent', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.writeEntries({ ...disclosure, noticeMode: 'deferred' }, 'shard-0', [
      { subjectId: 'alice', noticeStatus: 'held' },
      { subjectId: 'bob', noticeStatus: 'held' },
    ]);

    // Assess
    const [items] = transactions();
    expect(counterUpdate(items!.at(-1))).toEqual({ key: counterKey('shard-0'), added: { subjects: 2 } });
  });

  it('counts each created entry under its own status when the group is written one by one', async () => {
    // Prepare: bob's entry exists.
    const table = ledgerTable({ existing: ['bob'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    await store.writeEntries(disclosure, 'shard-1', [
      { subjectId: 'alice', noticeStatus: 'not_required' },
      { subjectId: 'bob', noticeStatus: 'not_required' },
      { subjectId: 'carol', noticeStatus: 'queued' },
    ]);

    // Assess
    expect(table.counted).toEqual({ subjects: 2, notRequired: 1 });
  });
});

describe('LedgerStore.writeIntentEntries', () => {
  const before: Disclosure = { ...disclosure, noticeMode: 'before', plannedAt: '2026-12-24T10:00:00.000Z' };

  beforeEach(() => {
    dynamo.reset();
  });

  it('puts one queued intent entry per subject, only if absent, and counts them as intent subjects of the part', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.writeIntentEntries(before, 'shard-7', ['alice', 'bob', 'alice']);

    // Assess
    const sent = transactions();
    expect(sent).toHaveLength(1);
    const items = sent[0]!;
    expect(items).toHaveLength(3);
    expect(items.slice(0, 2).map((item) => item.Put!.Item)).toEqual(
      ['alice', 'bob'].map((subjectId) => ({
        ...keys.intentEntry(CONTROLLER, subjectId, DISCLOSURE),
        controllerId: CONTROLLER,
        subjectId,
        disclosureId: DISCLOSURE,
        plannedAt: '2026-12-24T10:00:00.000Z',
        noticeStatus: 'queued',
      })),
    );
    expect(items[0]!.Put!.Item!.sk).toBe(`INTENT#${DISCLOSURE}`);
    for (const item of items.slice(0, 2)) expect(item.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
    // An intent entry is not a ledger entry: no recipient index, and no `subjects` count.
    expect(items[0]!.Put!.Item).not.toHaveProperty('recipientPk');
    expect(counterUpdate(items[2])).toEqual({ key: counterKey('shard-7'), added: { intentSubjects: 2 } });
  });

  it('counts only the intent entries it creates when some exist already', async () => {
    // Prepare
    const table = ledgerTable({ existing: ['alice'] });
    dynamo.on(TransactWriteCommand).callsFake(table.handler);

    // Act
    await store.writeIntentEntries(before, 'shard-7', ['alice', 'bob']);

    // Assess
    expect(table.counted).toEqual({ intentSubjects: 1 });
  });
});

describe('LedgerStore.recordNotices of intent notices', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('settles the intent entries and counts them under the intent counters', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.recordNotices(
      CONTROLLER,
      DISCLOSURE,
      'shard-2',
      [
        { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
        { subjectId: 'bob', status: 'failed' },
        { subjectId: 'carol', status: 'suppressed' },
      ],
      NOW,
      'intent',
    );

    // Assess
    const [items] = transactions();
    expect(items!.slice(0, 3).map((item) => item.Update!.Key)).toEqual(
      ['alice', 'bob', 'carol'].map((subjectId) => keys.intentEntry(CONTROLLER, subjectId, DISCLOSURE)),
    );
    expect(counterUpdate(items![3])).toEqual({
      key: counterKey('shard-2'),
      added: { intentNotified: 1, intentFailed: 1, intentSuppressed: 1 },
    });
  });

  it('reads the notice statuses of the intent entries when asked for the intent track', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [{ subjectId: 'alice', noticeStatus: 'sent' }] } });

    // Act
    const statuses = await store.noticeStatuses(CONTROLLER, DISCLOSURE, ['alice'], 'intent');

    // Assess
    expect(statuses).toEqual(new Map([['alice', 'sent']]));
    expect(dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TABLE]!.Keys).toEqual([
      keys.intentEntry(CONTROLLER, 'alice', DISCLOSURE),
    ]);
  });
});

describe('LedgerStore.releaseHeld', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('turns held entries into queued ones, each only while it is held, and each subject once', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.releaseHeld(CONTROLLER, DISCLOSURE, ['alice', 'bob', 'alice'], NOW);

    // Assess
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates.map((update) => update.Key)).toEqual([entryKey('alice'), entryKey('bob')]);
    for (const update of updates) {
      expect(update.TableName).toBe(TABLE);
      expect(update.UpdateExpression).toBe('SET noticeStatus = :queued, releasedAt = :now');
      expect(update.ConditionExpression).toBe('noticeStatus = :held');
      expect(update.ExpressionAttributeValues).toEqual({ ':queued': 'queued', ':held': 'held', ':now': NOW });
    }
    // Releasing counts nothing: the notice is counted when the sender settles it.
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('leaves an entry that is not held (already released, sent, not required) as it is, and goes on', async () => {
    // Prepare
    const notHeld = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(UpdateCommand, { Key: entryKey('bob') }).rejects(notHeld);

    // Act
    const releasing = store.releaseHeld(CONTROLLER, DISCLOSURE, ['alice', 'bob', 'carol'], NOW);

    // Assess
    await expect(releasing).resolves.toBeUndefined();
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 3);
  });

  it('lets any other error through', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' }));

    // Act
    const releasing = store.releaseHeld(CONTROLLER, DISCLOSURE, ['alice'], NOW);

    // Assess
    await expect(releasing).rejects.toThrow(/Throughput exceeded/);
  });

  it('sends at most 25 updates at once', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    dynamo.on(UpdateCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return {};
    });

    // Act
    await store.releaseHeld(CONTROLLER, DISCLOSURE, Array.from({ length: 60 }, (_, index) => `s-${index}`), NOW);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 60);
    expect(most).toBe(25);
  });
});
