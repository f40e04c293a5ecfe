import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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

/**
 * The counters an update adds, with their values, checking its shape: `SET controllerId = :controllerId`
 * then one ADD clause per counter, and no condition (a count is guarded by the writes it goes with).
 */
function addedCounters(update: NonNullable<TransactItem['Update']>): Record<string, unknown> {
  const match = /^SET controllerId = :controllerId ADD (.+)$/.exec(update.UpdateExpression!);
  expect(match, update.UpdateExpression).not.toBeNull();
  expect(update.ExpressionAttributeValues![':controllerId']).toBe(CONTROLLER);
  expect(update.ConditionExpression).toBeUndefined();
  return Object.fromEntries(
    match![1]!
      .split(',')
      .map((clause) => clause.trim().split(/\s+/) as [string, string])
      .map(([name, value]) => [update.ExpressionAttributeNames![name], update.ExpressionAttributeValues![value]]),
  );
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('DisclosureStore.completeWork', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("puts the marker only if absent and adds to its part's counters, in one transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const done = await store.completeWork({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      workId: 'plan#shard-3#subject-00499',
      now: NOW,
      counters: { partKey: 'shard-3', increments: { partsPlanned: 1 } },
    });

    // Assess
    expect(done).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(2);

    const marker = items[0]!.Put!;
    expect(marker.TableName).toBe(TABLE);
    expect(marker.Item).toEqual({
      ...keys.workDone(CONTROLLER, DISCLOSURE, 'plan#shard-3#subject-00499'),
      controllerId: CONTROLLER,
      doneAt: NOW,
      result: {},
    });
    expect(marker.ConditionExpression).toBe('attribute_not_exists(pk)');

    const counters = items[1]!.Update!;
    expect(counters.TableName).toBe(TABLE);
    expect(counters.Key).toEqual(keys.counter(CONTROLLER, DISCLOSURE, 'shard-3'));
    expect(counters.Key).toEqual({ pk: `C#${CONTROLLER}#D#${DISCLOSURE}`, sk: 'COUNTER#shard-3' });
    expect(addedCounters(counters)).toEqual({ partsPlanned: 1 });
  });

  it('adds only the non-zero counters it is given', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.completeWork({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      workId: 'w',
      now: NOW,
      counters: { partKey: 'slice-2', increments: { notified: 2, failed: 0, suppressed: 1 } },
    });

    // Assess
    const items = sentTransaction();
    expect(items[1]!.Update!.Key).toEqual(keys.counter(CONTROLLER, DISCLOSURE, 'slice-2'));
    expect(addedCounters(items[1]!.Update!)).toEqual({ notified: 2, suppressed: 1 });
  });

  it('puts only the marker, with its result, when it has no counters', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const result = { notified: 2, failed: 1, suppressed: 0 };

    // Act
    const done = await store.completeWork({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      workId: 'plan#shard-3##nl#0#0123456789abcdef',
      now: NOW,
      result,
    });

    // Assess
    expect(done).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(1);
    expect(items[0]!.Put!.Item).toEqual({
      ...keys.workDone(CONTROLLER, DISCLOSURE, 'plan#shard-3##nl#0#0123456789abcdef'),
      controllerId: CONTROLLER,
      doneAt: NOW,
      result,
    });
    expect(items[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('puts only the marker when every increment of its counters is zero (a page with a next one)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const done = await store.completeWork({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      workId: 'plan#shard-0#',
      now: NOW,
      result: { nextCursor: 'subject-00499' },
      counters: { partKey: 'shard-0', increments: { partsPlanned: 0 } },
    });

    // Assess
    expect(done).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(1);
    expect(items[0]!.Put!.Item!.result).toEqual({ nextCursor: 'subject-00499' });
  });

  it('answers false when the work was done before (the marker condition fails)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const done = await store.completeWork({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      workId: 'plan#shard-0#',
      now: NOW,
      counters: { partKey: 'shard-0', increments: { partsPlanned: 1 } },
    });

    // Assess
    expect(done).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('DisclosureStore.finishedWork', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it("reads the work's marker consistently and answers its result", async () => {
    // Prepare
    const workId = 'plan#shard-0#';
    dynamo.on(GetCommand).resolves({
      Item: { ...keys.workDone(CONTROLLER, DISCLOSURE, workId), controllerId: CONTROLLER, doneAt: NOW, result: { nextCursor: 's-499' } },
    });

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, workId);

    // Assess
    expect(finished).toEqual({ result: { nextCursor: 's-499' } });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.workDone(CONTROLLER, DISCLOSURE, workId),
      ConsistentRead: true,
    });
  });

  it('answers an empty result for a marker written without one', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...keys.workDone(CONTROLLER, DISCLOSURE, 'w'), doneAt: NOW } });

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, 'w');

    // Assess
    expect(finished).toEqual({ result: {} });
  });

  it('answers undefined for work never done', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const finished = await store.finishedWork(CONTROLLER, DISCLOSURE, 'plan#slice-0');

    // Assess
    expect(finished).toBeUndefined();
  });
});

describe('DisclosureStore.get', () => {
  const disclosure = { controllerId: CONTROLLER, disclosureId: DISCLOSURE, purpose: 'Continuing the service', noticeMode: 'after' };
  const audience = { all: true };
  const pk = keys.disclosure(CONTROLLER, DISCLOSURE).pk;
  const counter = (partKey: string, counts: Record<string, number>) => ({
    ...keys.counter(CONTROLLER, DISCLOSURE, partKey),
    controllerId: CONTROLLER,
    ...counts,
  });

  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({
      Item: { ...keys.disclosure(CONTROLLER, DISCLOSURE), type: 'disclosure', disclosure, audience, partsTotal: 3, seq: 7, lastHash: 'a'.repeat(64) },
    });
  });

  it("answers the sum of its parts' counters, read on every page of the query, as its progress", async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          counter('shard-0', { partsPlanned: 1, subjects: 500, notified: 480, failed: 3, suppressed: 2, notRequired: 4, excludedNoConsent: 6 }),
          counter('shard-1', { subjects: 120, notified: 100, excludedOptedOut: 2 }),
        ],
        LastEvaluatedKey: keys.counter(CONTROLLER, DISCLOSURE, 'shard-1'),
      })
      .resolvesOnce({ Items: [counter('shard-2', { partsPlanned: 1, subjects: 7, suppressed: 7, excludedObjected: 1, partsReleased: 1 })] });

    // Act
    const stored = await store.get(CONTROLLER, DISCLOSURE);

    // Assess
    expect(stored).toEqual({
      disclosure,
      audience,
      progress: {
        ...emptyProgress(3),
        partsPlanned: 2,
        subjects: 627,
        notified: 580,
        failed: 3,
        suppressed: 9,
        notRequired: 4,
        excludedNoConsent: 6,
        excludedOptedOut: 2,
        excludedObjected: 1,
        partsReleased: 1,
      },
      phases: { noticeMode: 'after', intentStartedAt: undefined, executionStartedAt: undefined, releasedAt: undefined },
      completedAt: undefined,
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.disclosure(CONTROLLER, DISCLOSURE),
      ConsistentRead: true,
    });
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'COUNTER#' },
      ConsistentRead: true,
    });
    expect(queries[1]!.ExclusiveStartKey).toEqual(keys.counter(CONTROLLER, DISCLOSURE, 'shard-1'));
  });

  it('sums the intent counters of a transfer announced before it happens, and answers when its phases began', async () => {
    // Prepare
    const before = { ...disclosure, noticeMode: 'before', plannedAt: '2026-12-24T10:00:00.000Z' };
    dynamo.on(GetCommand).resolves({
      Item: {
        ...keys.disclosure(CONTROLLER, DISCLOSURE),
        disclosure: before,
        audience,
        partsTotal: 2,
        seq: 3,
        intentStartedAt: NOW,
        executionStartedAt: '2026-12-24T10:05:00.000Z',
      },
    });
    dynamo.on(QueryCommand).resolves({
      Items: [
        counter('shard-0', { intentPartsPlanned: 1, intentSubjects: 10, intentNotified: 8, intentFailed: 1 }),
        counter('shard-1', { intentPartsPlanned: 1, intentSubjects: 5, intentNotified: 4, intentSuppressed: 1 }),
      ],
    });

    // Act
    const stored = await store.get(CONTROLLER, DISCLOSURE);

    // Assess
    expect(stored!.progress).toEqual({
      ...emptyProgress(2),
      intentPartsPlanned: 2,
      intentSubjects: 15,
      intentNotified: 12,
      intentFailed: 1,
      intentSuppressed: 1,
    });
    expect(stored!.phases).toEqual({
      noticeMode: 'before',
      intentStartedAt: NOW,
      executionStartedAt: '2026-12-24T10:05:00.000Z',
      releasedAt: undefined,
    });
  });

  it("takes a disclosure recorded before notice modes existed as mode 'after'", async () => {
    // Prepare
    const { noticeMode: _, ...older } = disclosure;
    dynamo.on(GetCommand).resolves({ Item: { ...keys.disclosure(CONTROLLER, DISCLOSURE), disclosure: older, partsTotal: 1, seq: 1 } });
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const stored = await store.get(CONTROLLER, DISCLOSURE);

    // Assess
    expect(stored!.phases.noticeMode).toBe('after');
  });

  it('answers zero counts while no part has counted anything, and the time it completed', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({
      Item: { ...keys.disclosure(CONTROLLER, DISCLOSURE), disclosure, audience, partsTotal: 2, seq: 1, completedAt: NOW, releasedAt: NOW },
    });
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const stored = await store.get(CONTROLLER, DISCLOSURE);

    // Assess
    expect(stored).toEqual({
      disclosure,
      audience,
      progress: emptyProgress(2),
      phases: { noticeMode: 'after', intentStartedAt: undefined, executionStartedAt: undefined, releasedAt: NOW },
      completedAt: NOW,
    });
  });

  it('answers undefined for a disclosure it does not know', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const stored = await store.get(CONTROLLER, 'unknown');

    // Assess
    expect(stored).toBeUndefined();
  });
});

describe('DisclosureStore.appendEvent', () => {
  const lastHash = 'a'.repeat(64);

  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash } });
  });

  const stateUpdate = () => sentTransaction()[0]!.Update!;

  it('conditions the state update on the sequence number alone when there is no guard, and chains the event to the last one', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const appended = await store.appendEvent({ controllerId: CONTROLLER, disclosureId: DISCLOSURE, type: 'disclosure.noted', data: { note: 1 }, at: NOW });

    // Assess
    expect(appended).toBe(true);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      Key: keys.disclosure(CONTROLLER, DISCLOSURE),
      ProjectionExpression: 'seq, lastHash',
      ConsistentRead: true,
    });
    expect(stateUpdate().ConditionExpression).toBe('seq = :seq');
    expect(stateUpdate().UpdateExpression).toBe('SET seq = :next, lastHash = :hash');
    expect(stateUpdate().ExpressionAttributeNames).toBeUndefined();
    const put = sentTransaction()[1]!.Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.Item).toMatchObject({ ...keys.disclosureEvent(CONTROLLER, DISCLOSURE, 5), type: 'event', controllerId: CONTROLLER });
    const event = put.Item!.event as EvidenceEvent;
    expect(event).toMatchObject({ aggregateId: DISCLOSURE, seq: 5, type: 'disclosure.noted', at: NOW, data: { note: 1 }, prevHash: lastHash });
    expect(stateUpdate().ExpressionAttributeValues).toEqual({ ':seq': 4, ':next': 5, ':hash': event.hash });
  });

  it('ANDs a guard into the condition on the sequence number, and sets the state changes with it', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const appended = await store.appendEvent({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      type: 'disclosure.notices_settled',
      data: { subjects: 3 },
      at: NOW,
      stateChanges: { completedAt: NOW },
      guard: 'attribute_not_exists(completedAt)',
    });

    // Assess
    expect(appended).toBe(true);
    const update = stateUpdate();
    expect(update.Key).toEqual(keys.disclosure(CONTROLLER, DISCLOSURE));
    expect(update.ConditionExpression).toBe('seq = :seq AND (attribute_not_exists(completedAt))');
    expect(update.UpdateExpression).toBe('SET seq = :next, lastHash = :hash, #completedAt = :completedAt');
    expect(update.ExpressionAttributeNames).toEqual({ '#completedAt': 'completedAt' });
    expect(update.ExpressionAttributeValues).toMatchObject({ ':seq': 4, ':completedAt': NOW });
  });

  it("passes the guard's values and writes the caller's other items in the same transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const objection = store.objectionPut(CONTROLLER, DISCLOSURE, 'alice', NOW);

    // Act
    await store.appendEvent({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      type: 'disclosure.objection_recorded',
      data: { subjectId: 'alice' },
      at: NOW,
      guard: 'attribute_not_exists(executionStartedAt) AND plannedAt > :now',
      guardValues: { ':now': NOW },
      alsoWrite: [objection],
    });

    // Assess
    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':seq': 4, ':now': NOW });
    expect(items[2]).toEqual(objection);
  });

  it('answers false, writing nothing, when the guard fails', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const appended = await store.appendEvent({
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      type: 'disclosure.notices_settled',
      data: {},
      at: NOW,
      stateChanges: { completedAt: NOW },
      guard: 'attribute_not_exists(completedAt)',
    });

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('throws for a disclosure it does not know, writing nothing', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const appending = store.appendEvent({ controllerId: CONTROLLER, disclosureId: 'unknown', type: 'disclosure.noted', data: {}, at: NOW });

    // Assess
    await expect(appending).rejects.toThrow(/Unknown disclosure/);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('DisclosureStore.pinPage', () => {
  const page = { members: [{ subjectId: 's-1', locale: 'nl' as const }], nextCursor: 's-1' };

  beforeEach(() => dynamo.reset());

  it('pins a first reading with a put that only succeeds when no page is pinned yet', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    dynamo.on(PutCommand).resolves({});

    const pinned = await store.pinPage(CONTROLLER, DISCLOSURE, 'plan#shard-0#', page);

    expect(pinned).toEqual(page);
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item).toMatchObject({ ...keys.pinnedPage(CONTROLLER, DISCLOSURE, 'plan#shard-0#'), page });
  });

  it('answers the page pinned earlier when there is one, dropping the new reading', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
    const earlier = { members: [{ subjectId: 's-0', locale: 'en' as const }] };
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { page: earlier } });

    const pinned = await store.pinPage(CONTROLLER, DISCLOSURE, 'plan#shard-0#', page);

    expect(pinned).toEqual(earlier);
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true, Key: keys.pinnedPage(CONTROLLER, DISCLOSURE, 'plan#shard-0#') });
  });
});

describe('DisclosureStore.disclosure', () => {
  beforeEach(() => dynamo.reset());

  it('reads the disclosure from its state item alone, without querying the counters', async () => {
    const disclosure = { controllerId: CONTROLLER, disclosureId: DISCLOSURE, purpose: 'sale' };
    dynamo.on(GetCommand).resolves({ Item: { disclosure } });

    const read = await store.disclosure(CONTROLLER, DISCLOSURE);

    expect(read).toEqual(disclosure);
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: keys.disclosure(CONTROLLER, DISCLOSURE), ConsistentRead: true });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
