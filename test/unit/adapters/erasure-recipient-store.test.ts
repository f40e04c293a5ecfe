import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErasureRecipientStore } from '../../../shared/adapters/dynamo/erasure-recipient-store';
import type { ErasureRecipient, RecipientAnswer } from '../../../shared/domain/erasure/erasure-recipient';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { chainEvent } from '../../../shared/domain/evidence/hash-chain';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'acme-care';
const ERASURE = '01KB0ERASURE0000000000000A';
const AT = '2027-03-01T09:00:00.000Z';
const LAST_HASH = 'b'.repeat(64);
const STATE_KEY = { pk: `C#${CONTROLLER}#E#${ERASURE}`, sk: 'STATE' };
const RECIPIENT_KEY = { pk: `C#${CONTROLLER}#E#${ERASURE}`, sk: 'RECIPIENT#buyer' };

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new ErasureRecipientStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const recipient: ErasureRecipient = {
  recipientId: 'buyer',
  name: 'Buyer BV',
  kind: 'acquirer',
  country: 'NL',
  locale: 'en',
  contactEmail: 'privacy@buyer.example',
  disclosures: [{ disclosureId: 'd1', kind: 'merger_acquisition', dataCategories: ['contact'], disclosedAt: '2026-05-01T00:00:00.000Z' }],
};

function sentTransactions(): TransactItem[][] {
  return dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand, { Key: STATE_KEY }).resolves({ Item: { seq: 4, lastHash: LAST_HASH } });
});

describe('ErasureRecipientStore.putWrites', () => {
  it('puts each recipient under its request, only if not there yet', () => {
    expect(store.putWrites(CONTROLLER, ERASURE, [recipient])).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: { ...RECIPIENT_KEY, type: 'erasure-recipient', controllerId: CONTROLLER, erasureId: ERASURE, ...recipient },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  });
});

describe('ErasureRecipientStore.list', () => {
  it('reads the recipients of the request without their keys', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...RECIPIENT_KEY, type: 'erasure-recipient', controllerId: CONTROLLER, erasureId: ERASURE, ...recipient }] });

    await expect(store.list(CONTROLLER, ERASURE)).resolves.toEqual([recipient]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': STATE_KEY.pk, ':prefix': 'RECIPIENT#' });
  });
});

describe('ErasureRecipientStore.recordAnswer', () => {
  const answer: RecipientAnswer = { status: 'refused', reason: 'Kept for a pending court case', answeredAt: AT, via: 'callback' };

  it('appends the answer as the next event of the request and sets it on the recipient, only if it had none', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await expect(store.recordAnswer(CONTROLLER, ERASURE, 'buyer', answer)).resolves.toBe('recorded');

    const [items] = sentTransactions();
    // The reason, free text, stays on the recipient item; the append-only event keeps its hash.
    const data = { recipientId: 'buyer', status: 'refused', reasonSha256: freeTextSha256('Kept for a pending court case'), answeredAt: AT, via: 'callback' };
    const event = chainEvent({ aggregateId: ERASURE, seq: 5, type: 'erasure.recipient_answered', at: AT, data, prevHash: LAST_HASH });
    expect(items![1]).toEqual({
      Put: { TableName: TABLE, Item: { pk: STATE_KEY.pk, sk: 'EVENT#00000005', type: 'event', controllerId: CONTROLLER, event }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    expect(items![2]).toEqual({
      Update: {
        TableName: TABLE,
        Key: RECIPIENT_KEY,
        UpdateExpression: 'SET answer = :answer',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer)',
        ExpressionAttributeValues: { ':answer': answer },
      },
    });
  });

  it('records an answer without a reason with no reason and no hash in its event', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await store.recordAnswer(CONTROLLER, ERASURE, 'buyer', { status: 'erased', answeredAt: AT, via: 'link' });

    expect(sentTransactions()[0]![1]!.Put!.Item!.event).toMatchObject({ data: { recipientId: 'buyer', status: 'erased', answeredAt: AT, via: 'link' } });
    expect(JSON.stringify(sentTransactions()[0]![1]!.Put!.Item!.event)).not.toMatch(/reason/);
  });

  it('keeps the first answer: a second one records nothing', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    dynamo.on(GetCommand, { Key: RECIPIENT_KEY }).resolves({ Item: { ...RECIPIENT_KEY, ...recipient, answer: { ...answer, status: 'erased' } } });

    await expect(store.recordAnswer(CONTROLLER, ERASURE, 'buyer', answer)).resolves.toBe('already-answered');
    expect(sentTransactions()).toHaveLength(1);
  });

  it('tells a recipient the request never had apart from an answered one', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    dynamo.on(GetCommand, { Key: RECIPIENT_KEY }).resolves({});

    await expect(store.recordAnswer(CONTROLLER, ERASURE, 'buyer', answer)).resolves.toBe('unknown-recipient');
  });
});

describe('ErasureRecipientStore.recordTold and recordEscalated', () => {
  it('records the notice and the reminder each once, with the email sent and the webhook call only queued', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await store.recordTold(CONTROLLER, ERASURE, 'buyer', { step: 'notice', emailed: true, webhookQueued: true }, AT);
    await store.recordTold(CONTROLLER, ERASURE, 'buyer', { step: 'reminder', emailed: false, webhookQueued: true }, AT);

    const [notice, reminder] = sentTransactions();
    expect((notice![1]!.Put!.Item!.event as { type: string; data: unknown })).toMatchObject({
      type: 'erasure.recipient_notified',
      data: { recipientId: 'buyer', channels: ['email'], webhook: 'queued' },
    });
    expect(notice![2]!.Update).toMatchObject({ UpdateExpression: 'SET notifiedAt = :at', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifiedAt)' });
    expect((reminder![1]!.Put!.Item!.event as { type: string; data: unknown })).toMatchObject({
      type: 'erasure.recipient_reminded',
      data: { recipientId: 'buyer', channels: [], webhook: 'queued' },
    });
    expect(reminder![2]!.Update).toMatchObject({ UpdateExpression: 'SET remindedAt = :at', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(remindedAt)' });
  });

  it('escalates a recipient only while it has not answered, once', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    await expect(store.recordEscalated(CONTROLLER, ERASURE, 'buyer', AT)).resolves.toBe(false);
    expect(sentTransactions()[0]![2]!.Update).toMatchObject({
      UpdateExpression: 'SET escalatedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer) AND attribute_not_exists(escalatedAt)',
    });
  });
});

describe('ErasureRecipientStore.recordWebhookDelivered', () => {
  const delivery = { step: 'notice' as const, webhookId: 'msg_abc', status: 204 };

  it("appends the delivery as the next event of the request and marks the step's delivery on the recipient, only if not marked", async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await expect(store.recordWebhookDelivered(CONTROLLER, ERASURE, 'buyer', delivery, AT)).resolves.toBe(true);
    await store.recordWebhookDelivered(CONTROLLER, ERASURE, 'buyer', { ...delivery, step: 'reminder' }, AT);

    const [notice, reminder] = sentTransactions();
    const event = chainEvent({ aggregateId: ERASURE, seq: 5, type: 'erasure.recipient_webhook_delivered', at: AT, data: { recipientId: 'buyer', ...delivery }, prevHash: LAST_HASH });
    expect(notice![1]!.Put!.Item!.event).toEqual(event);
    expect(notice![2]).toEqual({
      Update: {
        TableName: TABLE,
        Key: RECIPIENT_KEY,
        UpdateExpression: 'SET notifiedByWebhookAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifiedByWebhookAt)',
        ExpressionAttributeValues: { ':at': AT },
      },
    });
    expect(reminder![2]!.Update).toMatchObject({
      UpdateExpression: 'SET remindedByWebhookAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(remindedByWebhookAt)',
    });
  });

  it('records a delivery of a step once: a second one appends nothing', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    await expect(store.recordWebhookDelivered(CONTROLLER, ERASURE, 'buyer', delivery, AT)).resolves.toBe(false);
    expect(sentTransactions()).toHaveLength(1);
  });
});

describe('ErasureRecipientStore.scrubAnswerReason', () => {
  it('replaces the refusal reason by its hash, only while the reason is there', async () => {
    dynamo.on(UpdateCommand).resolves({});

    await store.scrubAnswerReason(CONTROLLER, ERASURE, 'buyer', 'We keep J. de Vries invoices');

    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: RECIPIENT_KEY,
      UpdateExpression: 'SET #answer.#reasonSha256 = :hash REMOVE #answer.#reason',
      ConditionExpression: 'attribute_exists(#answer.#reason)',
      ExpressionAttributeNames: { '#answer': 'answer', '#reason': 'reason', '#reasonSha256': 'reasonSha256' },
      ExpressionAttributeValues: { ':hash': createHash('sha256').update('We keep J. de Vries invoices').digest('hex') },
    });
  });

  it('takes a reason taken off before as done', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));

    await expect(store.scrubAnswerReason(CONTROLLER, ERASURE, 'buyer', 'x')).resolves.toBeUndefined();
  });
});
