import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventChain, type ChainAppend } from '../../../shared/adapters/dynamo/event-chain';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { GENESIS_HASH, chainEvent, verifyChain, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const AGGREGATE = '01KB0ERASURE0000000000000A';
const NOW = '2027-02-01T09:00:00.000Z';
const LAST_HASH = 'a'.repeat(64);

const dynamo = mockClient(DynamoDBDocumentClient);
const chain = new EventChain(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE, {
  name: 'erasure request',
  state: keys.erasure,
  event: keys.erasureEvent,
  eventPrefix: keys.eventPrefix,
});

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function transactions(): TransactItem[][] {
  return dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
}

function sentTransaction(): TransactItem[] {
  const sent = transactions();
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const append = (overrides: Partial<ChainAppend> = {}): ChainAppend => ({
  controllerId: CONTROLLER,
  aggregateId: AGGREGATE,
  type: 'erasure.noted',
  data: { note: 1 },
  at: NOW,
  ...overrides,
});

/** A write of the caller's, to go in the same transaction. */
const marker: TransactItem = {
  Put: { TableName: TABLE, Item: { pk: `C#${CONTROLLER}#E#${AGGREGATE}`, sk: 'MARKER#1' }, ConditionExpression: 'attribute_not_exists(pk)' },
};

describe('EventChain.start', () => {
  it('chains the first events of an aggregate from the genesis hash, numbered from 1, all at the same time', () => {
    // Act
    const events = chain.start(AGGREGATE, [{ type: 'erasure.received', data: { a: 1 } }, { type: 'erasure.noted', data: { b: 2 } }], NOW);

    // Assess
    expect(events.map(({ seq, type, at, prevHash }) => ({ seq, type, at, prevHash }))).toEqual([
      { seq: 1, type: 'erasure.received', at: NOW, prevHash: GENESIS_HASH },
      { seq: 2, type: 'erasure.noted', at: NOW, prevHash: events[0]!.hash },
    ]);
    expect(events[0]).toEqual(chainEvent({ aggregateId: AGGREGATE, seq: 1, type: 'erasure.received', at: NOW, data: { a: 1 }, prevHash: GENESIS_HASH }));
    expect(verifyChain(events)).toBe(true);
  });
});

describe('EventChain.eventPut', () => {
  it('puts an event under its aggregate, only if no event has its sequence number', () => {
    // Prepare
    const [event] = chain.start(AGGREGATE, [{ type: 'erasure.received', data: {} }], NOW);

    // Act
    const put = chain.eventPut(CONTROLLER, event!);

    // Assess
    expect(put).toEqual({
      Put: {
        TableName: TABLE,
        Item: { pk: `C#${CONTROLLER}#E#${AGGREGATE}`, sk: 'EVENT#00000001', type: 'event', controllerId: CONTROLLER, event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });
});

describe('EventChain.tryAppend', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
  });

  it('reads the sequence number and last hash of the state item consistently', async () => {
    // Act
    await chain.tryAppend(append());

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.erasure(CONTROLLER, AGGREGATE),
      ProjectionExpression: 'seq, lastHash',
      ConsistentRead: true,
    });
  });

  it('updates the state item only at the sequence number it read, and puts the next event chained to the last, in one transaction', async () => {
    // Act
    const outcome = await chain.tryAppend(append());

    // Assess
    expect(outcome).toEqual({ ok: true });
    const expected = chainEvent({ aggregateId: AGGREGATE, seq: 5, type: 'erasure.noted', at: NOW, data: { note: 1 }, prevHash: LAST_HASH });
    expect(sentTransaction()).toEqual([
      {
        Update: {
          TableName: TABLE,
          Key: keys.erasure(CONTROLLER, AGGREGATE),
          UpdateExpression: 'SET seq = :next, lastHash = :hash',
          ConditionExpression: 'seq = :seq',
          ExpressionAttributeNames: undefined,
          ExpressionAttributeValues: { ':seq': 4, ':next': 5, ':hash': expected.hash },
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: { ...keys.erasureEvent(CONTROLLER, AGGREGATE, 5), type: 'event', controllerId: CONTROLLER, event: expected },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  });

  it('sets the state changes through name placeholders, and adds the guard to the sequence condition', async () => {
    // Act
    await chain.tryAppend(
      append({
        stateChanges: { state: 'awaiting_verification', verificationExpiresAt: '2027-02-15T09:00:00.000Z' },
        guard: '#state = :from',
        guardValues: { ':from': 'received' },
      }),
    );

    // Assess
    const update = sentTransaction()[0]!.Update!;
    expect(update.UpdateExpression).toBe('SET seq = :next, lastHash = :hash, #state = :set_state, #verificationExpiresAt = :set_verificationExpiresAt');
    expect(update.ConditionExpression).toBe('seq = :seq AND (#state = :from)');
    expect(update.ExpressionAttributeNames).toEqual({ '#state': 'state', '#verificationExpiresAt': 'verificationExpiresAt' });
    expect(update.ExpressionAttributeValues).toEqual({
      ':seq': 4,
      ':next': 5,
      ':hash': expect.stringMatching(/^[0-9a-f]{64}$/),
      ':set_state': 'awaiting_verification',
      ':set_verificationExpiresAt': '2027-02-15T09:00:00.000Z',
      ':from': 'received',
    });
  });

  it('defines no attribute names for a guard that uses none', async () => {
    // Act
    await chain.tryAppend(append({ guard: 'attribute_not_exists(releasedAt)' }));

    // Assess
    const update = sentTransaction()[0]!.Update!;
    expect(update.ConditionExpression).toBe('seq = :seq AND (attribute_not_exists(releasedAt))');
    expect(update.ExpressionAttributeNames).toBeUndefined();
  });

  it('defines the names the guard uses, without state changes', async () => {
    // Act
    await chain.tryAppend(append({ guard: '#state = :from', guardNames: { '#state': 'state' }, guardValues: { ':from': 'verified' } }));

    // Assess
    const update = sentTransaction()[0]!.Update!;
    expect(update.UpdateExpression).toBe('SET seq = :next, lastHash = :hash');
    expect(update.ExpressionAttributeNames).toEqual({ '#state': 'state' });
    expect(update.ExpressionAttributeValues).toMatchObject({ ':from': 'verified' });
  });

  it("adds the caller's other writes after the state update and the event", async () => {
    // Act
    await chain.tryAppend(append({ alsoWrite: [marker] }));

    // Assess
    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[0]!.Update).toBeDefined();
    expect(items[1]!.Put!.Item!.sk).toBe('EVENT#00000005');
    expect(items[2]).toEqual(marker);
  });

  it('answers the failed conditions and the sequence number it read when the transaction is cancelled', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const outcome = await chain.tryAppend(append());

    // Assess
    expect(outcome).toEqual({ ok: false, failedConditions: [0], seq: 4 });
  });

  it('throws "Unknown <name>" for an aggregate without a state item, writing nothing', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const appending = chain.tryAppend(append());

    // Assess
    await expect(appending).rejects.toThrow('Unknown erasure request');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('EventChain.appendPatiently', () => {
  beforeEach(() => dynamo.reset());

  it('appends again after the next event, when another append took its sequence number first', async () => {
    // Prepare: the first read sees seq 4, another append takes 5, the second attempt chains to it.
    const hashOf5 = 'b'.repeat(64);
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { seq: 4, lastHash: LAST_HASH } })
      .resolvesOnce({ Item: { seq: 5 } })
      .resolvesOnce({ Item: { seq: 5, lastHash: hashOf5 } });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed')).resolves({});

    // Act
    const appended = await chain.appendPatiently(append());

    // Assess
    expect(appended).toBe(true);
    const sent = transactions();
    expect(sent).toHaveLength(2);
    expect(sent.map((items) => items[0]!.Update!.ExpressionAttributeValues![':seq'])).toEqual([4, 5]);
    expect(sent[1]![1]!.Put!.Item!.sk).toBe('EVENT#00000006');
    expect((sent[1]![1]!.Put!.Item!.event as EvidenceEvent).prevHash).toBe(hashOf5);
    // Between the attempts, the sequence number alone is read again, consistently.
    expect(dynamo.commandCalls(GetCommand)[1]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.erasure(CONTROLLER, AGGREGATE),
      ProjectionExpression: 'seq',
      ConsistentRead: true,
    });
  });

  it('answers false without trying again when the guard failed (the sequence number did not move)', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const appended = await chain.appendPatiently(append({ guard: '#state = :from', guardNames: { '#state': 'state' }, guardValues: { ':from': 'received' } }));

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 2);
  });

  it("answers false at once when a condition of one of the caller's other writes failed", async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    // Act
    const appended = await chain.appendPatiently(append({ alsoWrite: [marker] }));

    // Assess
    expect(appended).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('gives up with an error after as many lost races as it may attempt', async () => {
    // Prepare: every attempt loses to another append.
    let seq = 4;
    dynamo.on(GetCommand).callsFake(() => ({ Item: { seq: seq++, lastHash: LAST_HASH } }));
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const appending = chain.appendPatiently(append(), 3);

    // Assess
    await expect(appending).rejects.toThrow(/too many concurrent appends/);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('throws "Unknown <name>" for an aggregate without a state item', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const appending = chain.appendPatiently(append());

    // Assess
    await expect(appending).rejects.toThrow('Unknown erasure request');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('EventChain.events', () => {
  beforeEach(() => dynamo.reset());

  it("reads the aggregate's EVENT# items consistently, on every page, and answers their events in order", async () => {
    // Prepare
    const [first, second, third] = chain.start(
      AGGREGATE,
      [
        { type: 'erasure.received', data: {} },
        { type: 'erasure.verification_sent', data: {} },
        { type: 'erasure.verified', data: {} },
      ],
      NOW,
    );
    const item = (event: EvidenceEvent) => ({ ...keys.erasureEvent(CONTROLLER, AGGREGATE, event.seq), type: 'event', event });
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(first!), item(second!)], LastEvaluatedKey: keys.erasureEvent(CONTROLLER, AGGREGATE, 2) })
      .resolvesOnce({ Items: [item(third!)] });

    // Act
    const events = await chain.events(CONTROLLER, AGGREGATE);

    // Assess
    expect(events).toEqual([first, second, third]);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#E#${AGGREGATE}`, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
    expect(queries[1]!.ExclusiveStartKey).toEqual(keys.erasureEvent(CONTROLLER, AGGREGATE, 2));
  });
});

describe('EventChain.tryAppend, state changes named like the chain values', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 3, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
  });

  it('keeps a change named hash, next or seq apart from the sequence and hash of the chain', async () => {
    // Act
    await chain.tryAppend(append({ stateChanges: { hash: 'not-the-hash', next: 99, seq: 7 } }));

    // Assess
    const update = sentTransaction()[0]!.Update!;
    expect(update.ExpressionAttributeValues![':next']).toBe(4);
    expect(update.ExpressionAttributeValues![':seq']).toBe(3);
    expect(update.ExpressionAttributeValues![':hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':set_hash': 'not-the-hash', ':set_next': 99, ':set_seq': 7 });
  });

  it('refuses a change whose name cannot be a placeholder, or whose value is undefined, sending nothing', async () => {
    await expect(chain.tryAppend(append({ stateChanges: { 'due-date': '2027-03-01' } }))).rejects.toThrow(/Cannot set state field/);
    await expect(chain.tryAppend(append({ stateChanges: { dueDate: undefined } }))).rejects.toThrow(/Cannot set state field/);
    expect(transactions()).toEqual([]);
  });
});
