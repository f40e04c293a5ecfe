import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { LedgerStore } from '../../../shared/adapters/dynamo/ledger-store';
import type { NoticeOutcome } from '../../../shared/domain/disclosure/notice';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const DISCLOSURE = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';
const NOW = '2026-11-24T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new LedgerStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

const entryKey = (subjectId: string) => keys.ledgerEntry(CONTROLLER, subjectId, DISCLOSURE);

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

describe('LedgerStore.recordNotices', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  const notices: NoticeOutcome[] = [
    { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
    { subjectId: 'bob', status: 'failed' },
    { subjectId: 'carol', status: 'suppressed' },
  ];

  it('updates one entry per notice, only while its notice is still queued', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.recordNotices(CONTROLLER, DISCLOSURE, notices, NOW);

    // Assess
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
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
  });

  it('leaves an entry that is no longer queued as it is, without an error', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    dynamo
      .on(UpdateCommand, { Key: entryKey('bob') })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const recording = store.recordNotices(CONTROLLER, DISCLOSURE, notices, NOW);

    // Assess
    await expect(recording).resolves.toBeUndefined();
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 3);
  });

  it('lets any other error through', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});
    const throttled = Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    dynamo.on(UpdateCommand, { Key: entryKey('carol') }).rejects(throttled);

    // Act
    const recording = store.recordNotices(CONTROLLER, DISCLOSURE, notices, NOW);

    // Assess
    await expect(recording).rejects.toThrow(/Throughput exceeded/);
  });

  it('sends nothing for no notices', async () => {
    // Act
    await store.recordNotices(CONTROLLER, DISCLOSURE, [], NOW);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 0);
  });
});
