import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErasureStore } from '../../../shared/adapters/dynamo/erasure-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { TimerStore, type ErasureTimer } from '../../../shared/adapters/dynamo/timer-store';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import type { EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const ERASURE = '01KB0ERASURE0000000000000A';
const NOW = '2027-02-10T12:00:00.000Z';
const LAST_HASH = 'a'.repeat(64);

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const store = new ErasureStore(client, TABLE);

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

const timer = (name: ErasureTimer['name'], dueAt: string): ErasureTimer => ({ controllerId: CONTROLLER, erasureId: ERASURE, name, dueAt });

/** The item that arms a timer: under the request, in the sparse due index, with no condition (re-arming replaces it). */
const armed = (armedTimer: ErasureTimer): TransactItem => ({
  Put: {
    TableName: TABLE,
    Item: {
      pk: `C#${CONTROLLER}#E#${ERASURE}`,
      sk: `TIMER#${armedTimer.name}`,
      type: 'timer',
      ...armedTimer,
      duePk: `C#${CONTROLLER}#DUE`,
      dueSk: `${armedTimer.dueAt}#${ERASURE}#${armedTimer.name}`,
    },
  },
});

const request: ErasureRequest = {
  controllerId: CONTROLLER,
  erasureId: ERASURE,
  subjectId: 'alice',
  receivedAt: '2027-01-31T10:00:00.000Z',
  channel: 'post',
  dueDate: '2027-03-01',
  recordedAt: '2027-02-01T09:00:00.000Z',
};

/** Due 1 March 2027 in Amsterdam: reminders at the start of 22 and 28 February, overdue once 1 March has ended. */
const dueTimers = [
  timer('due-reminder-7d', '2027-02-21T23:00:00.000Z'),
  timer('due-reminder-1d', '2027-02-27T23:00:00.000Z'),
  timer('overdue', '2027-03-01T23:00:00.000Z'),
];

describe('ErasureStore arms timers in the transaction that makes them due', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 2, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
  });

  it('records a request with the timers of its due date', async () => {
    // Act
    await store.record(request, { clientId: 'legal-console' }, undefined, dueTimers);

    // Assess
    const items = sentTransaction();
    expect(items.slice(0, 3).map((item) => (item.Put?.Item ?? item.Update?.Key)!.sk)).toEqual(['STATE', 'EVENT#00000001', 'SUBJECT']);
    expect(items.slice(3)).toEqual(dueTimers.map(armed));
  });

  it('puts timers the way the timer store arms them', async () => {
    // Act
    await store.record(request, { clientId: 'legal-console' }, undefined, [dueTimers[0]!]);

    // Assess: one item shape for both, so the sweeper finds and fires them alike.
    expect(sentTransaction()[3]).toEqual(new TimerStore(client, TABLE).armWrite(dueTimers[0]!));
  });

  it('re-arms the timers of the new due date with an extension, after its Idempotency-Key claim', async () => {
    // Prepare
    const later = [timer('due-reminder-7d', '2027-03-24T23:00:00.000Z'), timer('overdue', '2027-04-01T22:00:00.000Z')];
    const extension = {
      extendedMonthsSoFar: 0,
      extendedMonths: 1,
      previousDueDate: '2027-03-01',
      dueDate: '2027-04-01',
      reason: 'Many requests after the merger',
      extendedBy: { clientId: 'legal-team' },
    };

    // Act
    await store.extend(CONTROLLER, ERASURE, extension, NOW, { key: 'double-click', requestHash: 'h'.repeat(64) }, later);

    // Assess
    const items = sentTransaction();
    expect(items[2]!.Put!.Item).toMatchObject(keys.erasureIdempotencyKey(CONTROLLER, 'double-click'));
    expect(items.slice(3)).toEqual(later.map(armed));
  });

  it('arms what a transition starts in the same transaction', async () => {
    // Prepare
    const lapse = timer('verification-lapse', '2027-02-24T12:00:00.000Z');

    // Act
    await store.transition(CONTROLLER, ERASURE, 'received', 'verification_sent', {}, NOW, {}, [armed(lapse)]);

    // Assess
    expect(sentTransaction().slice(2)).toEqual([armed(lapse)]);
  });
});

describe.each([
  {
    method: 'flagOverdue',
    call: () => store.flagOverdue(CONTROLLER, ERASURE, '2027-03-01', NOW),
    type: 'erasure.overdue',
    field: 'overdueAt',
    data: { dueDate: '2027-03-01' },
  },
  {
    method: 'recordVerificationReminder',
    call: () => store.recordVerificationReminder(CONTROLLER, ERASURE, '2027-02-15T09:00:02.000Z', NOW),
    type: 'erasure.verification_reminded',
    field: 'verificationRemindedAt',
    data: { verificationExpiresAt: '2027-02-15T09:00:02.000Z' },
  },
])('ErasureStore.$method', ({ call, type, field, data }) => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 3, lastHash: LAST_HASH } });
  });

  it(`appends ${type} and sets ${field}, only if it was never set`, async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const recorded = await call();

    // Assess
    expect(recorded).toBe(true);
    const [update, put] = sentTransaction();
    expect(update!.Update).toMatchObject({
      Key: keys.erasure(CONTROLLER, ERASURE),
      UpdateExpression: `SET seq = :next, lastHash = :hash, #${field} = :set_${field}`,
      ConditionExpression: `seq = :seq AND (attribute_not_exists(#${field}))`,
      // Every placeholder the guard uses is defined in the same request.
      ExpressionAttributeNames: { [`#${field}`]: field },
    });
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':seq': 3, ':next': 4, [`:set_${field}`]: NOW });
    expect(put!.Put!.Item!.event as EvidenceEvent).toMatchObject({ seq: 4, type, at: NOW, data, prevHash: LAST_HASH });
  });

  it('answers false, without trying again, once it was set', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const recorded = await call();

    // Assess
    expect(recorded).toBe(false);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('ErasureStore.get', () => {
  beforeEach(() => dynamo.reset());

  it('answers when the subject was reminded and when the request was flagged overdue', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({
      Item: {
        ...keys.erasure(CONTROLLER, ERASURE),
        request,
        state: 'verified',
        dueDate: '2027-03-01',
        extendedMonths: 0,
        verificationRemindedAt: '2027-02-08T09:00:00.000Z',
        overdueAt: '2027-03-02T00:05:00.000Z',
        seq: 5,
      },
    });

    // Act
    const stored = await store.get(CONTROLLER, ERASURE);

    // Assess
    expect(stored).toMatchObject({ verificationRemindedAt: '2027-02-08T09:00:00.000Z', overdueAt: '2027-03-02T00:05:00.000Z' });
  });
});
