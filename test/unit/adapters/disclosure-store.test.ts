import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DisclosureStore, type AppendedEvent } from '../../../shared/adapters/dynamo/disclosure-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import type { Timer } from '../../../shared/adapters/dynamo/timer-store';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import { emptyProgress } from '../../../shared/domain/disclosure/disclosure-status';
import { GENESIS_HASH, chainEvent, verifyChain, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';
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
    expect(update.UpdateExpression).toBe('SET seq = :next, lastHash = :hash, #completedAt = :set_completedAt');
    expect(update.ExpressionAttributeNames).toEqual({ '#completedAt': 'completedAt' });
    expect(update.ExpressionAttributeValues).toMatchObject({ ':seq': 4, ':set_completedAt': NOW });
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

describe('DisclosureStore.record', () => {
  const disclosure: Disclosure = {
    controllerId: CONTROLLER,
    disclosureId: DISCLOSURE,
    kind: 'merger_acquisition',
    recipient: { recipientId: 'nordhealth', name: 'Nordhealth B.V.', kind: 'acquirer', country: 'NL' },
    legalBasis: 'legitimate_interests',
    purpose: 'Sale of the customer base',
    dataCategories: ['name', 'email address'],
    occurredAt: '2026-12-24T10:00:00.000Z',
    recordedAt: NOW,
    noticeMode: 'before',
    plannedAt: '2026-12-24T10:00:00.000Z',
    intentAt: '2026-11-24T10:00:00.000Z',
    exception: { reason: 'Approved by the board after review', approvedBy: 'Jane Doe, DPO', rules: ['kind.merger_acquisition'] },
  };
  const audience = { all: true as const };
  const exceptionEvent = {
    type: 'disclosure.exception_approved',
    data: { reason: 'Approved by the board after review', approvedBy: 'Jane Doe, DPO', violations: [{ rule: 'kind.merger_acquisition' }] },
  };
  const timers: Timer[] = [
    { controllerId: CONTROLLER, disclosureId: DISCLOSURE, name: 'intent', dueAt: '2026-11-24T10:00:00.000Z' },
    { controllerId: CONTROLLER, disclosureId: DISCLOSURE, name: 'execute', dueAt: '2026-12-24T10:00:00.000Z' },
  ];

  beforeEach(() => dynamo.reset());

  it('puts the idempotency claim, the state, its chained events and its timers in one transaction, each only if absent but the timers', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const outcome = await store.record({
      disclosure,
      audience,
      partsTotal: 16,
      idempotency: { key: 'merger-2026', requestHash: 'f'.repeat(64) },
      moreEvents: [exceptionEvent],
      timers,
      phases: { intentStartedAt: NOW },
    });

    // Assess
    expect(outcome).toEqual({ recorded: true });
    const items = sentTransaction();
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['DISCLOSURE', 'STATE', 'EVENT#00000001', 'EVENT#00000002', 'TIMER#intent', 'TIMER#execute']);
    for (const item of items) expect(item.Put!.TableName).toBe(TABLE);
    for (const item of items.slice(0, 4)) expect(item.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');

    const [claim, state, first, second, intent, execute] = items.map((item) => item.Put!);
    expect(claim!.Item).toEqual({
      ...keys.idempotencyKey(CONTROLLER, 'merger-2026'),
      controllerId: CONTROLLER,
      disclosureId: DISCLOSURE,
      requestHash: 'f'.repeat(64),
      createdAt: NOW,
    });

    const events = [first!, second!].map((put) => put.Item!.event as EvidenceEvent);
    expect(events.map((event) => event.type)).toEqual(['disclosure.recorded', 'disclosure.exception_approved']);
    expect(verifyChain(events)).toBe(true);
    expect(events[0]!.data).toEqual({ ...disclosure, audience, partsTotal: 16 });
    expect(events[1]!.data).toEqual(exceptionEvent.data);
    expect(events.map((event) => event.at)).toEqual([NOW, NOW]);
    expect(first!.Item).toMatchObject({ ...keys.disclosureEvent(CONTROLLER, DISCLOSURE, 1), type: 'event', controllerId: CONTROLLER });

    expect(state!.Item).toEqual({
      ...keys.disclosure(CONTROLLER, DISCLOSURE),
      type: 'disclosure',
      controllerId: CONTROLLER,
      disclosure,
      audience,
      partsTotal: 16,
      intentStartedAt: NOW,
      seq: 2,
      lastHash: events[1]!.hash,
    });

    // Timers are put as armed: in the sparse due index, re-armed by a later put.
    expect(intent!.ConditionExpression).toBeUndefined();
    expect(intent!.Item).toEqual({
      ...keys.timer(CONTROLLER, DISCLOSURE, 'intent'),
      type: 'timer',
      ...timers[0],
      duePk: keys.duePk(CONTROLLER),
      dueSk: `2026-11-24T10:00:00.000Z#${DISCLOSURE}#intent`,
    });
    expect(execute!.Item).toMatchObject({ duePk: `C#${CONTROLLER}#DUE`, dueSk: `2026-12-24T10:00:00.000Z#${DISCLOSURE}#execute` });
  });

  it('puts only the state and its first event when there is no key, no exception and no timer', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const after: Disclosure = { ...disclosure, noticeMode: 'after', plannedAt: undefined, intentAt: undefined, exception: undefined };

    // Act
    const outcome = await store.record({ disclosure: after, audience, partsTotal: 16 });

    // Assess
    expect(outcome).toEqual({ recorded: true });
    const items = sentTransaction();
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual(['STATE', 'EVENT#00000001']);
    const event = items[1]!.Put!.Item!.event as EvidenceEvent;
    expect(event.prevHash).toBe(GENESIS_HASH);
    expect(items[0]!.Put!.Item).toMatchObject({ seq: 1, lastHash: event.hash });
    expect(items[0]!.Put!.Item).not.toHaveProperty('intentStartedAt');
  });

  it('answers the disclosure recorded first when the idempotency key was claimed, and whether it was the same request', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { disclosureId: 'first-disclosure', requestHash: 'f'.repeat(64) } });

    // Act
    const same = await store.record({ disclosure, audience, partsTotal: 1, idempotency: { key: 'k-1', requestHash: 'f'.repeat(64) } });
    const other = await store.record({ disclosure, audience, partsTotal: 1, idempotency: { key: 'k-1', requestHash: 'e'.repeat(64) } });

    // Assess
    expect(same).toEqual({ recorded: false, existingDisclosureId: 'first-disclosure', sameRequest: true });
    expect(other).toEqual({ recorded: false, existingDisclosureId: 'first-disclosure', sameRequest: false });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: keys.idempotencyKey(CONTROLLER, 'k-1'), ConsistentRead: true });
  });

  it('throws when the disclosure id exists already (a state or event condition failed)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));

    // Act
    const recording = store.record({ disclosure, audience, partsTotal: 1, idempotency: { key: 'k-1', requestHash: 'f'.repeat(64) } });

    // Assess
    await expect(recording).rejects.toThrow(/collision/);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 0);
  });
});

describe('DisclosureStore.appendEventPatiently', () => {
  const append: AppendedEvent = {
    controllerId: CONTROLLER,
    disclosureId: DISCLOSURE,
    type: 'disclosure.hold_extended',
    data: { until: '2027-06-01T00:00:00.000Z' },
    at: NOW,
    guard: 'attribute_not_exists(releasedAt)',
  };

  beforeEach(() => dynamo.reset());

  it('appends again after the next event, when another append took its sequence number first', async () => {
    // Prepare: the first read sees seq 4, another append takes 5, the second attempt chains to it.
    const hashOf5 = 'b'.repeat(64);
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { seq: 4, lastHash: 'a'.repeat(64) } })
      .resolvesOnce({ Item: { seq: 5 } })
      .resolvesOnce({ Item: { seq: 5, lastHash: hashOf5 } });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed')).resolves({});

    // Act
    const appended = await store.appendEventPatiently(append);

    // Assess
    expect(appended).toBe(true);
    const sent = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(sent).toHaveLength(2);
    expect(sent.map((items) => items[0]!.Update!.ExpressionAttributeValues![':seq'])).toEqual([4, 5]);
    expect(sent[1]![1]!.Put!.Item!.sk).toBe('EVENT#00000006');
    expect((sent[1]![1]!.Put!.Item!.event as EvidenceEvent).prevHash).toBe(hashOf5);
    expect(dynamo.commandCalls(GetCommand)[1]!.args[0].input).toMatchObject({ ProjectionExpression: 'seq', ConsistentRead: true });
  });

  it('answers false without trying again when the guard failed (the sequence number did not move)', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: 'a'.repeat(64) } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const appended = await store.appendEventPatiently(append);

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 2);
  });

  it("answers false at once when a condition of one of the caller's other writes failed", async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: 'a'.repeat(64) } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    // Act
    const appended = await store.appendEventPatiently({ ...append, alsoWrite: [store.objectionPut(CONTROLLER, DISCLOSURE, 'alice', NOW)] });

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    // Only the read of the state before the append: the sequence number is not read again.
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('gives up with an error after as many lost races as it may attempt', async () => {
    // Prepare: every attempt loses to another append.
    let seq = 4;
    dynamo.on(GetCommand).callsFake(() => ({ Item: { seq: seq++, lastHash: 'a'.repeat(64) } }));
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const appending = store.appendEventPatiently(append, 3);

    // Assess
    await expect(appending).rejects.toThrow(/too many concurrent appends/);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});

describe('DisclosureStore objections', () => {
  beforeEach(() => dynamo.reset());

  it("puts a subject's objection under the disclosure, once", () => {
    // Act
    const put = store.objectionPut(CONTROLLER, DISCLOSURE, 'alice', NOW);

    // Assess
    expect(put).toEqual({
      Put: {
        TableName: TABLE,
        Item: {
          pk: `C#${CONTROLLER}#D#${DISCLOSURE}`,
          sk: 'OBJECTION#alice',
          controllerId: CONTROLLER,
          disclosureId: DISCLOSURE,
          subjectId: 'alice',
          objectedAt: NOW,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('reads the objections of the listed subjects consistently, each subject once, and maps subject to objection', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [{ ...keys.objection(CONTROLLER, DISCLOSURE, 'bob'), subjectId: 'bob', objectedAt: NOW }] },
    });

    // Act
    const objections = await store.objectionsOf(CONTROLLER, DISCLOSURE, ['alice', 'bob', 'alice']);

    // Assess
    expect(objections).toEqual(new Map([['bob', { subjectId: 'bob', objectedAt: NOW }]]));
    const request = dynamo.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems![TABLE]!;
    expect(request.Keys).toEqual([keys.objection(CONTROLLER, DISCLOSURE, 'alice'), keys.objection(CONTROLLER, DISCLOSURE, 'bob')]);
    expect(request.ConsistentRead).toBe(true);
  });

  it('lists every objector of the disclosure from its OBJECTION# items', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        { ...keys.objection(CONTROLLER, DISCLOSURE, 'alice'), subjectId: 'alice', objectedAt: NOW, controllerId: CONTROLLER },
        { ...keys.objection(CONTROLLER, DISCLOSURE, 'bob'), subjectId: 'bob', objectedAt: NOW, controllerId: CONTROLLER },
      ],
    });

    // Act
    const objectors = await store.objectors(CONTROLLER, DISCLOSURE);

    // Assess
    expect(objectors).toEqual([
      { subjectId: 'alice', objectedAt: NOW },
      { subjectId: 'bob', objectedAt: NOW },
    ]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#D#${DISCLOSURE}`, ':prefix': 'OBJECTION#' },
      ConsistentRead: true,
    });
  });
});

describe('DisclosureStore.events', () => {
  beforeEach(() => dynamo.reset());

  it('reads the EVENT# items of the disclosure in order and answers their events', async () => {
    // Prepare
    const first = chainEvent({ aggregateId: DISCLOSURE, seq: 1, type: 'disclosure.recorded', at: NOW, data: {}, prevHash: GENESIS_HASH });
    const second = chainEvent({ aggregateId: DISCLOSURE, seq: 2, type: 'disclosure.notices_settled', at: NOW, data: {}, prevHash: first.hash });
    dynamo.on(QueryCommand).resolves({
      Items: [first, second].map((event) => ({ ...keys.disclosureEvent(CONTROLLER, DISCLOSURE, event.seq), type: 'event', event })),
    });

    // Act
    const events = await store.events(CONTROLLER, DISCLOSURE);

    // Assess
    expect(events).toEqual([first, second]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': `C#${CONTROLLER}#D#${DISCLOSURE}`,
      ':prefix': 'EVENT#',
    });
  });
});
