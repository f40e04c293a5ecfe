import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BreachStore } from '../../../shared/adapters/dynamo/breach-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import type { BreachNoticeCampaign } from '../../../shared/domain/breach/breach';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { chainEvent } from '../../../shared/domain/evidence/hash-chain';
import { aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const BREACH = 'b1';
const LAST_HASH = 'a'.repeat(64);

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new BreachStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function sentTransactions(): TransactItem[][] {
  return dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
}

/** The state item's update of the one transaction sent, with every `#name` it uses defined (DynamoDB refuses one that is not). */
function stateUpdate() {
  const [transaction] = sentTransactions();
  const update = transaction![0]!.Update!;
  const used = `${update.UpdateExpression} ${update.ConditionExpression}`.match(/#\w+/g) ?? [];
  for (const name of used) expect(update.ExpressionAttributeNames ?? {}, `${name} is defined`).toHaveProperty([name]);
  return update;
}

/** The state item read before an append: at `seq`, with the chain's last hash. */
function stateAt(seq: number, item: Record<string, unknown> = {}) {
  dynamo.on(GetCommand, { Key: keys.breach(CONTROLLER, BREACH) }).resolves({ Item: { ...keys.breach(CONTROLLER, BREACH), seq, lastHash: LAST_HASH, ...item } });
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => dynamo.reset());

describe('BreachStore.recordAssessment', () => {
  it('sets the latest assessment on the state read at afterSeq, appending breach.assessed with the reasoning hashed', async () => {
    // Prepare
    stateAt(3);
    dynamo.on(TransactWriteCommand).resolves({});
    const assessment = anAssessment({ risk: 'high', exemption: { ground: 'encrypted', reasoning: 'AES-256, key safe.' } });

    // Act
    expect(await store.recordAssessment(CONTROLLER, BREACH, assessment, 3)).toBe(true);

    // Assess
    const update = stateUpdate();
    expect(update.ConditionExpression).toBe('seq = :seq AND (seq = :afterSeq)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':afterSeq': 3, ':set_assessment': assessment, ':set_closedAt': null });
    const event = sentTransactions()[0]![1]!.Put!.Item!.event;
    expect(event).toEqual(
      chainEvent({
        aggregateId: BREACH,
        seq: 4,
        type: 'breach.assessed',
        at: assessment.assessedAt,
        data: {
          risk: 'high',
          assessedBy: assessment.assessedBy,
          recordedBy: assessment.recordedBy,
          reasoningSha256: freeTextSha256(assessment.reasoning),
          exemption: { ground: 'encrypted', reasoningSha256: freeTextSha256('AES-256, key safe.') },
        },
        prevHash: LAST_HASH,
      }),
    );
    expect(JSON.stringify(event)).not.toContain(assessment.reasoning);
  });

  it('closes the breach with a none assessment', async () => {
    stateAt(1);
    dynamo.on(TransactWriteCommand).resolves({});
    const none = anAssessment({ risk: 'none' });
    await store.recordAssessment(CONTROLLER, BREACH, none, 1);
    expect(stateUpdate().ExpressionAttributeValues).toMatchObject({ ':set_closedAt': none.assessedAt });
  });

  it('writes nothing and answers false when the breach moved on since it was read', async () => {
    stateAt(4);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expect(await store.recordAssessment(CONTROLLER, BREACH, anAssessment(), 3)).toBe(false);
  });
});

describe('BreachStore.recordFiling', () => {
  it('adds the first filing only to none read, freezes its lateness, and claims the Idempotency-Key under its own sort key, naming the filing', async () => {
    // Prepare
    stateAt(2);
    dynamo.on(TransactWriteCommand).resolves({});
    const filing = aFiling({ delayReasons: 'A weekend.' });

    // Act
    await store.recordFiling(CONTROLLER, BREACH, filing, { afterSeq: 2, filingsSoFar: [], lateByMinutes: 17 }, { key: 'k1', requestHash: 'h1' });

    // Assess
    const update = stateUpdate();
    expect(update.ConditionExpression).toBe('seq = :seq AND (seq = :afterSeq AND size(#filings) = :filingsSoFar)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':filingsSoFar': 0, ':set_filings': [filing], ':set_lateByMinutes': 17 });
    const [, eventPut, claim] = sentTransactions()[0]!;
    expect(eventPut!.Put!.Item!.event).toMatchObject({ type: 'breach.filed', data: { filingId: filing.filingId, lateByMinutes: 17, delayReasonsSha256: freeTextSha256('A weekend.') } });
    expect(claim!.Put).toEqual({
      TableName: TABLE,
      Item: { ...keys.breachFilingIdempotencyKey(CONTROLLER, 'k1'), controllerId: CONTROLLER, breachId: BREACH, requestHash: 'h1', filingId: filing.filingId },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(keys.breachFilingIdempotencyKey(CONTROLLER, 'k1').sk).not.toBe(keys.breachIdempotencyKey(CONTROLLER, 'k1').sk);
  });

  it('leaves the lateness frozen at the first filing when a supplement follows', async () => {
    stateAt(5);
    dynamo.on(TransactWriteCommand).resolves({});
    const initial = aFiling();
    const supplement = aFiling({ filingId: 'f2', phase: 'supplement' });
    await store.recordFiling(CONTROLLER, BREACH, supplement, { afterSeq: 5, filingsSoFar: [initial], lateByMinutes: 17 });
    const update = stateUpdate();
    expect(update.ExpressionAttributeValues).toMatchObject({ ':filingsSoFar': 1, ':set_filings': [initial, supplement] });
    expect(update.ExpressionAttributeValues).not.toHaveProperty([':set_lateByMinutes']);
    expect(update.UpdateExpression).not.toContain('lateByMinutes');
    expect(sentTransactions()[0]![1]!.Put!.Item!.event.data).not.toHaveProperty('lateByMinutes');
  });

  it('answers false when the key was claimed before, and the claim names the filing it recorded', async () => {
    stateAt(2);
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    expect(await store.recordFiling(CONTROLLER, BREACH, aFiling(), { afterSeq: 2, filingsSoFar: [], lateByMinutes: 0 }, { key: 'k1', requestHash: 'h1' })).toBe(false);
    dynamo.on(GetCommand, { Key: keys.breachFilingIdempotencyKey(CONTROLLER, 'k1') }).resolves({ Item: { breachId: BREACH, filingId: 'f1', requestHash: 'h1' } });
    expect(await store.filingIdempotencyClaim(CONTROLLER, 'k1')).toEqual({ breachId: BREACH, filingId: 'f1', requestHash: 'h1' });
  });
});

describe('BreachStore.startNotices', () => {
  const campaign: BreachNoticeCampaign = { audience: { type: 'recipient' }, words: {}, disclosedUpTo: '2026-11-30T22:00:00.000Z', partsTotal: 16, startedAt: '2026-12-02T10:00:00.000Z', startedBy: {} };

  it('sets the campaign once, only while the latest assessment is high without exemption, with the caller event data', async () => {
    stateAt(3);
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await store.startNotices(CONTROLLER, BREACH, campaign, { audience: 'recipient' })).toBe(true);
    const update = stateUpdate();
    expect(update.ConditionExpression).toBe('seq = :seq AND (attribute_not_exists(#notices) AND #assessment.#risk = :high AND attribute_not_exists(#assessment.#exemption))');
    expect(sentTransactions()[0]![1]!.Put!.Item!.event).toMatchObject({ type: 'breach.notices_started', data: { audience: 'recipient' }, at: campaign.startedAt });
  });

  it('answers false when they were started before', async () => {
    stateAt(3);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expect(await store.startNotices(CONTROLLER, BREACH, campaign, {})).toBe(false);
  });
});

describe('BreachStore.recordPublicCommunication and recordSent', () => {
  it('records the public communication once, on the state read', async () => {
    stateAt(4);
    dynamo.on(TransactWriteCommand).resolves({});
    const communication = { publishedAt: '2026-12-03T10:00:00.000Z', channel: 'website', recordedAt: '2026-12-03T11:00:00.000Z', recordedBy: {} };
    await store.recordPublicCommunication(CONTROLLER, BREACH, communication, 4);
    expect(stateUpdate().ConditionExpression).toBe('seq = :seq AND (seq = :afterSeq AND attribute_not_exists(#publicCommunication))');
    expect(sentTransactions()[0]![1]!.Put!.Item!.event).toMatchObject({ type: 'breach.public_communication_recorded', data: { channel: 'website' } });
  });

  it('appends a sent mail as a plain event, changing nothing else', async () => {
    stateAt(4);
    dynamo.on(TransactWriteCommand).resolves({});
    await store.recordSent(CONTROLLER, BREACH, 'breach.filing_reminded', { workId: 'reminder#24' }, '2026-12-02T08:00:00.000Z');
    expect(stateUpdate().UpdateExpression).toBe('SET seq = :next, lastHash = :hash');
    expect(sentTransactions()[0]![1]!.Put!.Item!.event).toMatchObject({ seq: 5, type: 'breach.filing_reminded', data: { workId: 'reminder#24' } });
  });
});

describe('BreachStore.get', () => {
  it('reads a reopened breach (closedAt null) as open', async () => {
    const { report } = aStoredBreach();
    dynamo.on(GetCommand).resolves({ Item: { ...keys.breach(CONTROLLER, BREACH), report, filings: [], assessment: anAssessment(), closedAt: null, seq: 3, lastHash: LAST_HASH } });
    const stored = await store.get(CONTROLLER, BREACH);
    expect(stored).toEqual({ report, filings: [], assessment: anAssessment(), seq: 3 });
  });
});
