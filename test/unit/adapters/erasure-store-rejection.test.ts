import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErasureStore } from '../../../shared/adapters/dynamo/erasure-store';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { chainEvent, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const ERASURE = '01KB0ERASURE0000000000000A';
const NOW = '2027-02-10T12:00:00.000Z';
const LAST_HASH = 'a'.repeat(64);
const legalTeam = { clientId: 'legal-console', sub: 'jurist-7' };
const refusal = { ground: 'legal_claims', reason: 'We are in court with you over invoice 2026-118.', rejectedBy: legalTeam } as const;

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

/** The request's subject, read through the request, and the claim its subject item holds (none unless given). */
function subjectHolding(openErasureId?: string) {
  dynamo.on(GetCommand, { Key: keys.erasure(CONTROLLER, ERASURE), ProjectionExpression: '#request.subjectId' }).resolves({ Item: { request: { subjectId: 'ann' } } });
  dynamo.on(GetCommand, { Key: keys.subject(CONTROLLER, 'ann') }).resolves({ Item: { ...keys.subject(CONTROLLER, 'ann'), ...(openErasureId ? { openErasureId } : {}) } });
}

describe('ErasureStore.reject', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: { seq: 3, lastHash: LAST_HASH } });
    subjectHolding();
  });

  it('moves the request to rejected only from the state it was read in, keeping the rejection on it, with its event', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const rejected = await store.reject(CONTROLLER, ERASURE, { from: 'verified', ...refusal }, NOW);

    // Assess
    expect(rejected).toBe(true);
    const [update, put, ...others] = sentTransaction();
    expect(others).toEqual([]);
    expect(update!.Update).toMatchObject({
      TableName: TABLE,
      Key: keys.erasure(CONTROLLER, ERASURE),
      UpdateExpression: 'SET seq = :next, lastHash = :hash, #state = :set_state, #rejection = :set_rejection',
      ConditionExpression: 'seq = :seq AND (#state = :from)',
      // `state` is a reserved word: named through the placeholder the same request defines.
      ExpressionAttributeNames: { '#state': 'state', '#rejection': 'rejection' },
    });
    const event = put!.Put!.Item!.event as EvidenceEvent;
    expect(update!.Update!.ExpressionAttributeValues).toEqual({
      ':seq': 3,
      ':next': 4,
      ':hash': event.hash,
      ':set_state': 'rejected',
      ':set_rejection': { ground: 'legal_claims', reason: refusal.reason, rejectedAt: NOW },
      ':from': 'verified',
    });
    expect(put!.Put).toMatchObject({ Item: keys.erasureEvent(CONTROLLER, ERASURE, 4), ConditionExpression: 'attribute_not_exists(pk)' });
    expect(JSON.stringify(put!.Put)).not.toContain(refusal.reason);
    expect(event).toEqual(
      chainEvent({
        aggregateId: ERASURE,
        seq: 4,
        type: 'erasure.rejected',
        at: NOW,
        // The reason (free text, which may name people) stays on the state item; the event keeps its hash.
        data: { ground: 'legal_claims', reasonSha256: freeTextSha256(refusal.reason), rejectedBy: legalTeam, from: 'verified', to: 'rejected' },
        prevHash: LAST_HASH,
      }),
    );
  });

  it("releases the subject's claim on the request in the same transaction, after the Idempotency-Key's", async () => {
    // Prepare
    subjectHolding(ERASURE);
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const rejected = await store.reject(CONTROLLER, ERASURE, { from: 'awaiting_verification', ...refusal }, NOW, { key: 'refuse-1', requestHash: 'h'.repeat(64) });

    // Assess: the subject may ask again once this request is closed.
    expect(rejected).toBe(true);
    const [, , claim, release, ...others] = sentTransaction();
    expect(others).toEqual([]);
    expect(claim!.Put!.Item).toMatchObject(keys.erasureIdempotencyKey(CONTROLLER, 'refuse-1'));
    expect(release!.Update).toEqual({
      TableName: TABLE,
      Key: keys.subject(CONTROLLER, 'ann'),
      UpdateExpression: 'REMOVE openErasureId',
      ConditionExpression: 'openErasureId = :erasureId',
      ExpressionAttributeValues: { ':erasureId': ERASURE },
    });
  });

  it("leaves the subject's claim alone when it names another request (this one was recorded before claims existed)", async () => {
    // Prepare
    subjectHolding('01KB0ERASURE0000000000000B');
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const rejected = await store.reject(CONTROLLER, ERASURE, { from: 'verified', ...refusal }, NOW);

    // Assess
    expect(rejected).toBe(true);
    expect(sentTransaction()).toHaveLength(2);
  });

  it('claims an Idempotency-Key in the same transaction, only if new, and answers false when it was claimed meanwhile', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    // Act
    const rejected = await store.reject(CONTROLLER, ERASURE, { from: 'received', ...refusal }, NOW, { key: 'refuse-1', requestHash: 'h'.repeat(64) });

    // Assess
    expect(rejected).toBe(false);
    const claim = sentTransaction()[2]!;
    expect(claim.Put).toEqual({
      TableName: TABLE,
      Item: { ...keys.erasureIdempotencyKey(CONTROLLER, 'refuse-1'), controllerId: CONTROLLER, erasureId: ERASURE, requestHash: 'h'.repeat(64) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false, without trying again, when the request left that state meanwhile', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const rejected = await store.reject(CONTROLLER, ERASURE, { from: 'awaiting_verification', ...refusal }, NOW);

    // Assess
    expect(rejected).toBe(false);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it.each(['in_progress', 'awaiting_recipients', 'completed', 'lapsed', 'rejected'] as const)(
    'writes nothing from %s, which the state machine does not let reject',
    async (from) => {
      // Act
      const rejected = await store.reject(CONTROLLER, ERASURE, { from, ...refusal }, NOW);

      // Assess
      expect(rejected).toBe(false);
      expect(dynamo.calls()).toHaveLength(0);
    },
  );

  it('answers the rejection with the request it reads', async () => {
    // Prepare
    const rejection = { ground: 'excessive', reason: 'Third request this month.', rejectedAt: NOW };
    dynamo.on(GetCommand).resolves({
      Item: { request: { erasureId: ERASURE, dueDate: '2027-03-01' }, state: 'rejected', dueDate: '2027-03-01', extendedMonths: 0, rejection },
    });

    // Act
    const stored = await store.get(CONTROLLER, ERASURE);

    // Assess
    expect(stored).toMatchObject({ state: 'rejected', rejection });
  });
});
