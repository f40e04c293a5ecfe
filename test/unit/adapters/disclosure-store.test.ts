import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DisclosureStore } from '../../../shared/adapters/dynamo/disclosure-store';
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

  it('puts the marker (with increments and result) only if absent and adds only non-zero counters, in one transaction', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const increments = { notified: 2, failed: 0, suppressed: 1 };

    // Act
    const counted = await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-3##nl#0#0123456789abcdef', increments, NOW, increments);

    // Assess
    expect(counted).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(2);

    const marker = items[0]!.Put!;
    expect(marker.TableName).toBe(TABLE);
    expect(marker.Item).toEqual({
      ...keys.workDone(CONTROLLER, DISCLOSURE, 'plan#shard-3##nl#0#0123456789abcdef'),
      controllerId: CONTROLLER,
      doneAt: NOW,
      increments,
      result: increments,
    });
    expect(marker.ConditionExpression).toBe('attribute_not_exists(pk)');

    const counters = items[1]!.Update!;
    expect(counters.Key).toEqual(keys.disclosure(CONTROLLER, DISCLOSURE));
    expect(addedCounters(counters)).toEqual({ notified: 2, suppressed: 1 });
    expect(counters.ConditionExpression).toBeUndefined();
  });

  it("keeps a planned page's next cursor in the marker, and an empty result when none is given", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#', { subjects: 500 }, NOW, { nextCursor: 'subject-00499' });
    await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#subject-00499', { subjects: 3, partsPlanned: 1 }, NOW);

    // Assess
    const markers = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Put!.Item);
    expect(markers.map((item) => item!.result)).toEqual([{ nextCursor: 'subject-00499' }, {}]);
  });

  it('counts a planned page: subjects and partsPlanned when both are non-zero', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#', { subjects: 120, partsPlanned: 1 }, NOW);

    // Assess
    const items = sentTransaction();
    expect(items).toHaveLength(2);
    expect(addedCounters(items[1]!.Update!)).toEqual({ subjects: 120, partsPlanned: 1 });
  });

  it('sends no counter update when every increment is zero, only the marker', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const counted = await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#slice-0', { subjects: 0, partsPlanned: 0 }, NOW);

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
    const counted = await store.completeWork(CONTROLLER, DISCLOSURE, 'plan#shard-0#', { subjects: 5, partsPlanned: 1 }, NOW);

    // Assess
    expect(counted).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('DisclosureStore.finishedWork', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("reads the work's marker consistently and answers its increments and result", async () => {
    // Prepare
    const workId = 'plan#shard-0#';
    dynamo.on(GetCommand).resolves({
      Item: {
        ...keys.workDone(CONTROLLER, DISCLOSURE, workId),
        doneAt: NOW,
        increments: { subjects: 500 },
        result: { nextCursor: 's-499' },
      },
    });

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, workId);

    // Assess
    expect(finished).toEqual({ increments: { subjects: 500 }, result: { nextCursor: 's-499' } });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.workDone(CONTROLLER, DISCLOSURE, workId),
      ConsistentRead: true,
    });
  });

  it('answers empty increments and result for a marker written without them', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...keys.workDone(CONTROLLER, DISCLOSURE, 'w'), doneAt: NOW } });

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, 'w');

    // Assess
    expect(finished).toEqual({ increments: {}, result: {} });
  });

  it('answers undefined for work never counted', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, 'plan#slice-0');

    // Assess
    expect(finished).toBeUndefined();
  });
});

describe('DisclosureStore.appendEvent', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: 'a'.repeat(64) } });
  });

  const stateUpdate = () => sentTransaction()[0]!.Update!;

  it('conditions the state update on the sequence number alone when there is no guard', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const appended = await store.appendEvent(CONTROLLER, DISCLOSURE, 'disclosure.noted', { note: 1 }, NOW);

    // Assess
    expect(appended).toBe(true);
    expect(stateUpdate().ConditionExpression).toBe('seq = :seq');
    expect(stateUpdate().ExpressionAttributeValues).toMatchObject({ ':seq': 4, ':next': 5 });
  });

  it('ANDs a guard into the condition on the sequence number', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const appended = await store.appendEvent(
      CONTROLLER,
      DISCLOSURE,
      'disclosure.notices_settled',
      { subjects: 3 },
      NOW,
      { completedAt: NOW },
      'attribute_not_exists(completedAt)',
    );

    // Assess
    expect(appended).toBe(true);
    const update = stateUpdate();
    expect(update.Key).toEqual(keys.disclosure(CONTROLLER, DISCLOSURE));
    expect(update.ConditionExpression).toBe('seq = :seq AND (attribute_not_exists(completedAt))');
    expect(update.UpdateExpression).toContain('#completedAt = :completedAt');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':seq': 4, ':completedAt': NOW });
  });

  it('answers false, writing nothing, when the guard fails', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const appended = await store.appendEvent(
      CONTROLLER,
      DISCLOSURE,
      'disclosure.notices_settled',
      {},
      NOW,
      { completedAt: NOW },
      'attribute_not_exists(completedAt)',
    );

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
