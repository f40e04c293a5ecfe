import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErasureStore } from '../../../shared/adapters/dynamo/erasure-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { ERASURE_EVENTS, ERASURE_STATES, nextErasureState } from '../../../shared/domain/erasure/erasure-state';
import { GENESIS_HASH, chainEvent, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const ERASURE = '01KB0ERASURE0000000000000A';
const RECORDED_AT = '2027-02-01T09:00:00.000Z';
const NOW = '2027-02-01T09:00:02.000Z';
const EXPIRES_AT = '2027-02-15T09:00:02.000Z';
const LAST_HASH = 'a'.repeat(64);

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new ErasureStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function sentTransaction(): TransactItem[] {
  const calls = dynamo.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems!;
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const request: ErasureRequest = {
  controllerId: CONTROLLER,
  erasureId: ERASURE,
  subjectId: 'alice',
  receivedAt: '2027-01-31T10:00:00.000Z',
  channel: 'post',
  note: 'Letter of 29 January',
  dueDate: '2027-03-01',
  recordedAt: RECORDED_AT,
};
const { note: _note, ...withoutNote } = request;
const legalTeam = { clientId: 'legal-console', sub: 'jurist-7' };
const OTHER = '01KB0ERASURE0000000000000B';

/** The claim on the subject item that keeps a subject to one open request. */
const subjectClaim = {
  Update: {
    TableName: TABLE,
    Key: keys.subject(CONTROLLER, 'alice'),
    UpdateExpression: 'SET openErasureId = :erasureId',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openErasureId)',
    ExpressionAttributeValues: { ':erasureId': ERASURE },
  },
};

/** The subject item as read back: missing, or naming the open request it holds (or none). */
function subjectItem(item: { openErasureId?: string } | undefined) {
  dynamo.on(GetCommand, { Key: keys.subject(CONTROLLER, 'alice') }).resolves(item ? { Item: { pk: keys.subject(CONTROLLER, 'alice').pk, ...item } } : {});
}

describe('ErasureStore.record', () => {
  beforeEach(() => dynamo.reset());

  it('puts the request received and its first event, chained from the genesis hash, in one transaction, each only if new', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.record(request, legalTeam);

    // Assess
    const received = chainEvent({
      aggregateId: ERASURE,
      seq: 1,
      type: 'erasure.received',
      at: RECORDED_AT,
      // The note (free text, which may name people) stays on the state item; the event keeps its hash.
      data: { ...withoutNote, noteSha256: createHash('sha256').update(request.note!).digest('hex'), recordedBy: legalTeam },
      prevHash: GENESIS_HASH,
    });
    expect(JSON.stringify(sentTransaction()[1])).not.toContain(request.note!);
    expect(sentTransaction()).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: {
            pk: `C#${CONTROLLER}#E#${ERASURE}`,
            sk: 'STATE',
            type: 'erasure',
            controllerId: CONTROLLER,
            request,
            state: 'received',
            dueDate: '2027-03-01',
            extendedMonths: 0,
            seq: 1,
            lastHash: received.hash,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: { pk: `C#${CONTROLLER}#E#${ERASURE}`, sk: 'EVENT#00000001', type: 'event', controllerId: CONTROLLER, event: received },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      // The subject's claim: only a known subject, and only one with no open request.
      subjectClaim,
    ]);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 0);
  });

  it('answers the open request, read back consistently, when the subject claim failed, and writes nothing', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    subjectItem({ openErasureId: OTHER });

    // Act
    const outcome = await store.record(request, legalTeam);

    // Assess
    expect(outcome).toEqual({ recorded: false, openErasureId: OTHER });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: keys.subject(CONTROLLER, 'alice'), ConsistentRead: true });
  });

  it('tells the subject claim from the Idempotency-Key claim by its index: a failed key is a retry, answered with the first request', async () => {
    // Prepare: the first request with this key holds both the key and the subject.
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'ConditionalCheckFailed'));
    dynamo.on(GetCommand, { Key: keys.erasureIdempotencyKey(CONTROLLER, 'letter-1') }).resolves({ Item: { erasureId: OTHER, requestHash: 'h'.repeat(64) } });
    subjectItem({ openErasureId: OTHER });

    // Act
    const outcome = await store.record(request, legalTeam, { key: 'letter-1', requestHash: 'h'.repeat(64) });

    // Assess
    expect(outcome).toEqual({ recorded: false, existingErasureId: OTHER, sameRequest: true });
    const items = sentTransaction();
    expect(items[0]!.Put!.Item).toMatchObject(keys.erasureIdempotencyKey(CONTROLLER, 'letter-1'));
    expect(items[3]).toEqual(subjectClaim);
  });

  it('with a key, answers the open request when only the subject claim failed', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'None', 'ConditionalCheckFailed'));
    subjectItem({ openErasureId: OTHER });

    // Act
    const outcome = await store.record(request, legalTeam, { key: 'letter-1', requestHash: 'h'.repeat(64) });

    // Assess
    expect(outcome).toEqual({ recorded: false, openErasureId: OTHER });
  });

  it('records again when the open request closed between the failed claim and the read, and then records', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed')).resolves({});
    subjectItem({});

    // Act
    const outcome = await store.record(request, legalTeam);

    // Assess
    expect(outcome).toEqual({ recorded: true });
    const [first, second] = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems);
    expect(second).toEqual(first);
  });

  it('throws for a subject with no item, whose claim can never hold', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    subjectItem(undefined);

    // Act
    const recording = store.record(request, legalTeam);

    // Assess
    await expect(recording).rejects.toThrow('Unknown subject');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it.each([
    ['the state item', ['ConditionalCheckFailed', 'None', 'None']],
    ['the first event', ['None', 'ConditionalCheckFailed', 'None']],
    ['the state item of a request that also holds the subject', ['ConditionalCheckFailed', 'ConditionalCheckFailed', 'ConditionalCheckFailed']],
  ])('throws on an erasure id recorded before (%s exists)', async (_, codes) => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled(...codes));

    // Act
    const recording = store.record(request, legalTeam);

    // Assess
    await expect(recording).rejects.toThrow('Erasure id collision');
  });
});

describe('ErasureStore.openErasureId', () => {
  beforeEach(() => dynamo.reset());

  it("reads the subject item's claim consistently", async () => {
    // Prepare
    subjectItem({ openErasureId: OTHER });

    // Act
    const open = await store.openErasureId(CONTROLLER, 'alice');

    // Assess
    expect(open).toBe(OTHER);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: keys.subject(CONTROLLER, 'alice'), ConsistentRead: true });
  });

  it.each([
    ['a subject with no open request', {}],
    ['an unknown subject', undefined],
  ])('answers undefined for %s', async (_, item) => {
    // Prepare
    subjectItem(item);

    // Act
    const open = await store.openErasureId(CONTROLLER, 'alice');

    // Assess
    expect(open).toBeUndefined();
  });
});

describe('ErasureStore.get', () => {
  beforeEach(() => dynamo.reset());

  it('reads the state item consistently and answers the request, its state, due date and until when it can be verified', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({
      Item: {
        ...keys.erasure(CONTROLLER, ERASURE),
        type: 'erasure',
        controllerId: CONTROLLER,
        request,
        state: 'awaiting_verification',
        dueDate: '2027-03-01',
        extendedMonths: 0,
        verificationExpiresAt: EXPIRES_AT,
        seq: 2,
        lastHash: LAST_HASH,
      },
    });

    // Act
    const stored = await store.get(CONTROLLER, ERASURE);

    // Assess
    expect(stored).toEqual({ request, state: 'awaiting_verification', dueDate: '2027-03-01', extendedMonths: 0, verificationExpiresAt: EXPIRES_AT });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: keys.erasure(CONTROLLER, ERASURE), ConsistentRead: true });
  });

  it('answers no verificationExpiresAt before the verification was sent', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...keys.erasure(CONTROLLER, ERASURE), request, state: 'received', dueDate: '2027-03-01', extendedMonths: 0, seq: 1 } });

    // Act
    const stored = await store.get(CONTROLLER, ERASURE);

    // Assess
    expect(stored).toEqual({ request, state: 'received', dueDate: '2027-03-01', extendedMonths: 0 });
    expect(stored).not.toHaveProperty('verificationExpiresAt');
  });

  it('answers undefined for a request it does not know', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const stored = await store.get(CONTROLLER, 'no-such-request');

    // Assess
    expect(stored).toBeUndefined();
  });
});

describe('ErasureStore.events', () => {
  beforeEach(() => dynamo.reset());

  it('reads the EVENT# items under the request and answers their events in order', async () => {
    // Prepare
    const first = chainEvent({ aggregateId: ERASURE, seq: 1, type: 'erasure.received', at: RECORDED_AT, data: {}, prevHash: GENESIS_HASH });
    const second = chainEvent({ aggregateId: ERASURE, seq: 2, type: 'erasure.verification_sent', at: NOW, data: {}, prevHash: first.hash });
    dynamo.on(QueryCommand).resolves({ Items: [first, second].map((event) => ({ ...keys.erasureEvent(CONTROLLER, ERASURE, event.seq), type: 'event', event })) });

    // Act
    const events = await store.events(CONTROLLER, ERASURE);

    // Assess
    expect(events).toEqual([first, second]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      TableName: TABLE,
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#E#${ERASURE}`, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
  });
});

describe('ErasureStore.transition', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 1, lastHash: LAST_HASH } });
  });

  const transition = () =>
    store.transition(CONTROLLER, ERASURE, 'received', 'verification_sent', { sent: true, expiresAt: EXPIRES_AT }, NOW, { verificationExpiresAt: EXPIRES_AT });

  it('sets the next state, and the state changes, only from the state it was given, with the event of the transition', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const moved = await transition();

    // Assess
    expect(moved).toBe(true);
    const [update, put] = sentTransaction();
    expect(update!.Update).toMatchObject({
      TableName: TABLE,
      Key: keys.erasure(CONTROLLER, ERASURE),
      UpdateExpression: 'SET seq = :next, lastHash = :hash, #verificationExpiresAt = :set_verificationExpiresAt, #state = :set_state',
      ConditionExpression: 'seq = :seq AND (#state = :from)',
      ExpressionAttributeNames: { '#verificationExpiresAt': 'verificationExpiresAt', '#state': 'state' },
    });
    const event = put!.Put!.Item!.event as EvidenceEvent;
    expect(update!.Update!.ExpressionAttributeValues).toEqual({
      ':seq': 1,
      ':next': 2,
      ':hash': event.hash,
      ':set_verificationExpiresAt': EXPIRES_AT,
      ':set_state': 'awaiting_verification',
      ':from': 'received',
    });
    expect(put!.Put).toMatchObject({ Item: keys.erasureEvent(CONTROLLER, ERASURE, 2), ConditionExpression: 'attribute_not_exists(pk)' });
    expect(event).toEqual(
      chainEvent({
        aggregateId: ERASURE,
        seq: 2,
        type: 'erasure.verification_sent',
        at: NOW,
        data: { sent: true, expiresAt: EXPIRES_AT, from: 'received', to: 'awaiting_verification' },
        prevHash: LAST_HASH,
      }),
    );
  });

  it('sets the state the machine gives, whatever state the caller passes among its changes', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.transition(CONTROLLER, ERASURE, 'awaiting_verification', 'verified', { via: 'link' }, NOW, { state: 'completed' });

    // Assess
    const values = sentTransaction()[0]!.Update!.ExpressionAttributeValues!;
    expect(values[':set_state']).toBe('verified');
    expect(values[':from']).toBe('awaiting_verification');
  });

  it('answers false when the request left that state meanwhile (the guard failed), without trying again', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const moved = await transition();

    // Assess
    expect(moved).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('tries again after another event of the request took the next sequence number, guarded by the same state', async () => {
    // Prepare
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { seq: 1, lastHash: LAST_HASH } })
      .resolvesOnce({ Item: { seq: 2 } })
      .resolvesOnce({ Item: { seq: 2, lastHash: 'b'.repeat(64) } });
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed')).resolves({});

    // Act
    const moved = await transition();

    // Assess
    expect(moved).toBe(true);
    const updates = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems![0]!.Update!);
    expect(updates.map((update) => [update.ExpressionAttributeValues![':seq'], update.ExpressionAttributeValues![':from'], update.ConditionExpression])).toEqual([
      [1, 'received', 'seq = :seq AND (#state = :from)'],
      [2, 'received', 'seq = :seq AND (#state = :from)'],
    ]);
  });

  it.each([
    ['a second confirmation', 'verified', 'verified'],
    ['a lapse after verification', 'verified', 'lapsed'],
    ['a rejection once erasure has begun', 'in_progress', 'rejected'],
    ['verification before the email went', 'received', 'verified'],
    ['anything of a completed request', 'completed', 'verification_sent'],
  ] as const)('sends nothing for a transition the state machine forbids: %s', async (_, from, event) => {
    // Act
    const moved = await store.transition(CONTROLLER, ERASURE, from, event, {}, NOW);

    // Assess
    expect(moved).toBe(false);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('sends nothing for any event the state machine does not allow from any state', async () => {
    // Prepare
    const forbidden = ERASURE_STATES.flatMap((from) => ERASURE_EVENTS.filter((event) => !nextErasureState(from, event)).map((event) => [from, event] as const));
    expect(forbidden.length).toBeGreaterThan(0);

    // Act
    const answers = await Promise.all(forbidden.map(([from, event]) => store.transition(CONTROLLER, ERASURE, from, event, {}, NOW)));

    // Assess
    expect(answers.every((answer) => answer === false)).toBe(true);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('throws for a request it does not know, writing nothing', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const moving = transition();

    // Assess
    await expect(moving).rejects.toThrow('Unknown erasure request');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });
});

describe('ErasureStore.transition closing a request', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 4, lastHash: LAST_HASH } });
    // The subject is read through the request.
    dynamo.on(GetCommand, { Key: keys.erasure(CONTROLLER, ERASURE), ProjectionExpression: '#request.subjectId' }).resolves({ Item: { request: { subjectId: 'alice' } } });
    dynamo.on(TransactWriteCommand).resolves({});
  });

  const release = {
    Update: {
      TableName: TABLE,
      Key: keys.subject(CONTROLLER, 'alice'),
      UpdateExpression: 'REMOVE openErasureId',
      ConditionExpression: 'openErasureId = :erasureId',
      ExpressionAttributeValues: { ':erasureId': ERASURE },
    },
  };

  it.each([
    ['lapsed', 'awaiting_verification', 'lapsed'],
    ['completed', 'awaiting_recipients', 'recipients_settled'],
    ['rejected', 'verified', 'rejected'],
  ] as const)("releases the subject's claim in the transaction that makes it %s", async (_, from, event) => {
    // Prepare
    subjectItem({ openErasureId: ERASURE });

    // Act
    const moved = await store.transition(CONTROLLER, ERASURE, from, event, {}, NOW);

    // Assess
    expect(moved).toBe(true);
    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual(release);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.erasure(CONTROLLER, ERASURE),
      ProjectionExpression: '#request.subjectId',
      ExpressionAttributeNames: { '#request': 'request' },
      ConsistentRead: true,
    });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: keys.subject(CONTROLLER, 'alice'), ConsistentRead: true });
  });

  it('releases after the writes the caller gives', async () => {
    // Prepare
    subjectItem({ openErasureId: ERASURE });
    const timer = { Put: { TableName: TABLE, Item: { ...keys.erasureTimer(CONTROLLER, ERASURE, 'overdue') } } };

    // Act
    await store.transition(CONTROLLER, ERASURE, 'awaiting_recipients', 'recipients_settled', {}, NOW, {}, [timer]);

    // Assess
    expect(sentTransaction().slice(2)).toEqual([timer, release]);
  });

  it.each([
    ['a request recorded since, for a request recorded before claims existed', { openErasureId: OTHER }],
    ['none, for a request recorded before claims existed', {}],
  ])("leaves the subject's claim alone when it names %s, and still closes", async (_, item) => {
    // Prepare
    subjectItem(item);

    // Act
    const moved = await store.transition(CONTROLLER, ERASURE, 'awaiting_verification', 'lapsed', {}, NOW);

    // Assess
    expect(moved).toBe(true);
    expect(sentTransaction().map((write) => (write.Put?.Item ?? write.Update?.Key)!.sk)).toEqual(['STATE', 'EVENT#00000005']);
  });

  it('answers false when a concurrent close released the claim first', async () => {
    // Prepare
    subjectItem({ openErasureId: ERASURE });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'));

    // Act
    const moved = await store.transition(CONTROLLER, ERASURE, 'awaiting_verification', 'lapsed', {}, NOW);

    // Assess
    expect(moved).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('reads no subject for a transition that leaves the request open', async () => {
    // Prepare
    subjectItem({ openErasureId: ERASURE });

    // Act
    await store.transition(CONTROLLER, ERASURE, 'awaiting_verification', 'verified', { via: 'link' }, NOW);

    // Assess
    expect(sentTransaction()).toHaveLength(2);
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).not.toContainEqual(keys.subject(CONTROLLER, 'alice'));
  });
});

describe('ErasureStore.extend', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 2, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
  });

  const extension = (extendedMonthsSoFar: number) => ({
    extendedMonthsSoFar,
    extendedMonths: extendedMonthsSoFar + 1,
    previousDueDate: '2027-03-01',
    dueDate: '2027-04-01',
    reason: 'Many requests after the merger',
    extendedBy: { clientId: 'legal-team' },
  });

  it('takes a request never extended, even one recorded before extensions were counted', async () => {
    // Act
    await store.extend(CONTROLLER, ERASURE, extension(0), NOW);

    // Assess
    const update = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ConditionExpression).toContain('attribute_not_exists(#extendedMonths) OR #extendedMonths = :soFar');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':soFar': 0, ':set_dueDate': '2027-04-01', ':set_extendedMonths': 1 });
  });

  it('takes a request extended before only if no other extension came since', async () => {
    // Act
    await store.extend(CONTROLLER, ERASURE, extension(1), NOW);

    // Assess
    const update = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ConditionExpression).toContain('#extendedMonths = :soFar');
    expect(update.ConditionExpression).not.toContain('attribute_not_exists(#extendedMonths)');
    expect(update.ConditionExpression).toContain('NOT (#state IN (:completed, :lapsed, :rejected))');
  });

  it('keeps the reason the subject reads on the state item, after the ones before, and only its hash in the event', async () => {
    // Prepare
    const earlier = { dueDate: '2027-04-01', months: 1, reason: 'The first month was not enough', extendedAt: '2027-02-10T09:00:00.000Z' };

    // Act
    await store.extend(CONTROLLER, ERASURE, { ...extension(1), extensionsSoFar: [earlier], extendedMonths: 2, dueDate: '2027-05-03' }, NOW);

    // Assess
    const [update, put] = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.ExpressionAttributeValues![':set_extensions']).toEqual([
      earlier,
      { dueDate: '2027-05-03', months: 1, reason: 'Many requests after the merger', extendedAt: NOW },
    ]);
    const event = put!.Put!.Item!.event as EvidenceEvent;
    expect(event.data).toMatchObject({ dueDate: '2027-05-03', extendedMonths: 2, reasonSha256: createHash('sha256').update('Many requests after the merger').digest('hex') });
    expect(JSON.stringify(event)).not.toContain('Many requests');
  });

  it('claims an Idempotency-Key in the same transaction as the extension, once', async () => {
    // Act
    await store.extend(CONTROLLER, ERASURE, extension(0), NOW, { key: 'double-click', requestHash: 'h'.repeat(64) });

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[2]!.Put).toEqual({
      TableName: TABLE,
      Item: { ...keys.erasureIdempotencyKey(CONTROLLER, 'double-click'), controllerId: CONTROLLER, erasureId: ERASURE, requestHash: 'h'.repeat(64) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});
