import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DisclosureStore, type NoticeOutcome } from '../../../shared/adapters/dynamo/disclosure-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const DISCLOSURE = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';
const NOW = '2026-11-24T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DisclosureStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function sentTransaction(): TransactItem[] {
  const calls = dynamo.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems!;
}

/** The counters an ADD expression adds, with their values. */
function addedCounters(update: NonNullable<TransactItem['Update']>): Record<string, unknown> {
  const expression = update.UpdateExpression!;
  expect(expression).toMatch(/^ADD /);
  return Object.fromEntries(
    expression
      .slice('ADD '.length)
      .split(',')
      .map((clause) => clause.trim().split(/\s+/) as [string, string])
      .map(([name, value]) => [update.ExpressionAttributeNames![name], update.ExpressionAttributeValues![value]]),
  );
}

describe('DisclosureStore.completeWork', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('puts the work marker only if absent, adds only non-zero counters, and updates each notice, in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const notices: NoticeOutcome[] = [
      { subjectId: 'alice', status: 'sent', messageId: 'ses-1' },
      { subjectId: 'bob', status: 'suppressed' },
      { subjectId: 'carol', status: 'sent', messageId: 'ses-3' },
    ];

    // Act
    const counted = await store.completeWork(
      CONTROLLER,
      DISCLOSURE,
      'plan#shard-3##nl#0',
      { notified: 2, failed: 0, suppressed: 1 },
      notices,
      NOW,
    );

    // Assess
    expect(counted).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(2 + notices.length);

    const marker = items[0]!.Put!;
    expect(marker.TableName).toBe(TABLE);
    expect(marker.Item).toMatchObject({ ...keys.workDone(CONTROLLER, DISCLOSURE, 'plan#shard-3##nl#0'), doneAt: NOW });
    expect(marker.ConditionExpression).toBe('attribute_not_exists(pk)');

    const counters = items[1]!.Update!;
    expect(counters.Key).toEqual(keys.disclosure(CONTROLLER, DISCLOSURE));
    expect(addedCounters(counters)).toEqual({ notified: 2, suppressed: 1 });
    expect(counters.ConditionExpression).toBeUndefined();

    const noticeUpdates = items.slice(2).map((item) => item.Update!);
    expect(noticeUpdates.map((update) => update.Key)).toEqual(
      notices.map((notice) => keys.ledgerEntry(CONTROLLER, notice.subjectId, DISCLOSURE)),
    );
    expect(noticeUpdates.map((update) => update.ExpressionAttributeValues)).toEqual([
      { ':status': 'sent', ':now': NOW, ':messageId': 'ses-1' },
      { ':status': 'suppressed', ':now': NOW, ':messageId': null },
      { ':status': 'sent', ':now': NOW, ':messageId': 'ses-3' },
    ]);
    for (const update of noticeUpdates) expect(update.UpdateExpression).toMatch(/noticeStatus = :status/);
  });

  it('counts a planned page: subjects and partsPlanned when both are non-zero', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#', { subjects: 120, partsPlanned: 1 });

    // Assess
    const items = sentTransaction();
    expect(items).toHaveLength(2);
    expect(addedCounters(items[1]!.Update!)).toEqual({ subjects: 120, partsPlanned: 1 });
  });

  it('sends no counter update when every increment is zero, only the marker', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const counted = await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#slice-0', { subjects: 0, partsPlanned: 0 });

    // Assess
    expect(counted).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(1);
    expect(items[0]!.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers false when the work was already counted (the marker condition fails)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const counted = await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#', { subjects: 5, partsPlanned: 1 });

    // Assess
    expect(counted).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
