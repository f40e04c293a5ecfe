import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ErasureRecipient, RecipientAnswer } from '../../domain/erasure/erasure-recipient';
import { freeTextSha256 } from '../../domain/evidence/free-text-hash';
import { EventChain } from './event-chain';
import { keys } from './keys';
import { queryPrefix } from './query-prefix';
import { transactWrite, type TransactItem } from './transact';

export type AnswerOutcome = 'recorded' | 'already-answered' | 'unknown-recipient';

/**
 * The recipients an erasure request tells (Art. 19): one item per recipient under the request, and every
 * step with a recipient (told, reminded, its webhook's delivery, answered, escalated) an event of the
 * request's hash-chained trail, appended in the same transaction as the item's change and guarded by it,
 * so no step is recorded twice.
 */
export class ErasureRecipientStore {
  private readonly chain: EventChain;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.chain = new EventChain(client, tableName, { name: 'erasure request', state: keys.erasure, event: keys.erasureEvent, eventPrefix: keys.eventPrefix });
  }

  /** The puts of the recipients of a request, for the transaction that starts telling them; each only once. */
  putWrites(controllerId: string, erasureId: string, recipients: readonly ErasureRecipient[]): TransactItem[] {
    return recipients.map((recipient) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.erasureRecipient(controllerId, erasureId, recipient.recipientId), type: 'erasure-recipient', controllerId, erasureId, ...recipient },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  /**
   * Puts recipients with the writes that go with them (their follow-up timers) in one transaction, for the
   * recipients a single transaction with the request's own change has no room for. False, and nothing
   * written, when one of them was put before.
   */
  async add(controllerId: string, erasureId: string, recipients: readonly ErasureRecipient[], alsoWrite: readonly TransactItem[] = []): Promise<boolean> {
    const outcome = await transactWrite(this.client, { TransactItems: [...this.putWrites(controllerId, erasureId, recipients), ...alsoWrite] });
    return outcome.ok;
  }

  async list(controllerId: string, erasureId: string): Promise<ErasureRecipient[]> {
    const items = await queryPrefix(this.client, this.tableName, keys.erasure(controllerId, erasureId).pk, keys.erasureRecipientPrefix);
    return items.map(toRecipient);
  }

  /**
   * Takes the recipient's refusal reason (free text, which may name the subject) off its answer once the
   * subject has read it in the completion email, keeping its hash as the evidence does. A reason taken off
   * before, or none, changes nothing.
   */
  async scrubAnswerReason(controllerId: string, erasureId: string, recipientId: string, reason: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.erasureRecipient(controllerId, erasureId, recipientId),
          UpdateExpression: 'SET #answer.#reasonSha256 = :hash REMOVE #answer.#reason',
          ConditionExpression: 'attribute_exists(#answer.#reason)',
          ExpressionAttributeNames: { '#answer': 'answer', '#reason': 'reason', '#reasonSha256': 'reasonSha256' },
          ExpressionAttributeValues: { ':hash': freeTextSha256(reason) },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async get(controllerId: string, erasureId: string, recipientId: string): Promise<ErasureRecipient | undefined> {
    const item = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.erasureRecipient(controllerId, erasureId, recipientId), ConsistentRead: true }),
    );
    return item.Item ? toRecipient(item.Item) : undefined;
  }

  /**
   * Records that the recipient's notice (`notice`) or reminder (`reminder`) went out, and how:
   * `erasure.recipient_notified` / `erasure.recipient_reminded`, once each. `channels` names what carried it
   * (`email`: the mail service took it); `webhook: 'queued'` a call only queued, whose delivery is recorded
   * when the webhook takes it (recordWebhookDelivered). False when it was recorded before.
   */
  recordTold(
    controllerId: string,
    erasureId: string,
    recipientId: string,
    told: { step: 'notice' | 'reminder'; emailed: boolean; webhookQueued: boolean },
    at: string,
  ): Promise<boolean> {
    const field = told.step === 'notice' ? 'notifiedAt' : 'remindedAt';
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: erasureId,
      type: told.step === 'notice' ? 'erasure.recipient_notified' : 'erasure.recipient_reminded',
      data: { recipientId, channels: told.emailed ? ['email'] : [], ...(told.webhookQueued ? { webhook: 'queued' } : {}) },
      at,
      alsoWrite: [this.recipientUpdate(controllerId, erasureId, recipientId, `SET ${field} = :at`, `attribute_exists(pk) AND attribute_not_exists(${field})`, { ':at': at })],
    });
  }

  /**
   * Records the recipient's answer, `erasure.recipient_answered`: the first answer counts, a later one is
   * refused (`already-answered`), so what the subject is told cannot change behind them. A refusal's
   * reason, free text that may name people, stays on the recipient item; the append-only event keeps its hash.
   */
  async recordAnswer(controllerId: string, erasureId: string, recipientId: string, answer: RecipientAnswer): Promise<AnswerOutcome> {
    const { reason, ...evidence } = answer;
    const recorded = await this.chain.appendPatiently({
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.recipient_answered',
      data: { recipientId, ...evidence, ...(reason === undefined ? {} : { reasonSha256: freeTextSha256(reason) }) },
      at: answer.answeredAt,
      alsoWrite: [this.recipientUpdate(controllerId, erasureId, recipientId, 'SET answer = :answer', 'attribute_exists(pk) AND attribute_not_exists(answer)', { ':answer': answer })],
    });
    if (recorded) return 'recorded';
    return (await this.get(controllerId, erasureId, recipientId)) ? 'already-answered' : 'unknown-recipient';
  }

  /**
   * Records that the recipient's webhook took the call of a step (`notice` or `reminder`) with a 2xx,
   * `erasure.recipient_webhook_delivered` with the call's `webhook-id` and status: once per step, so a call
   * repeated after its record failed is not recorded twice. False when recorded before.
   */
  recordWebhookDelivered(
    controllerId: string,
    erasureId: string,
    recipientId: string,
    delivery: { step: 'notice' | 'reminder'; webhookId: string; status: number },
    at: string,
  ): Promise<boolean> {
    const field = delivery.step === 'notice' ? 'notifiedByWebhookAt' : 'remindedByWebhookAt';
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.recipient_webhook_delivered',
      data: { recipientId, ...delivery },
      at,
      alsoWrite: [this.recipientUpdate(controllerId, erasureId, recipientId, `SET ${field} = :at`, `attribute_exists(pk) AND attribute_not_exists(${field})`, { ':at': at })],
    });
  }

  /**
   * Records that a silent recipient was handed to the legal team, `erasure.recipient_escalated`: once, and
   * not after it answered. False when either happened before.
   */
  recordEscalated(controllerId: string, erasureId: string, recipientId: string, at: string): Promise<boolean> {
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.recipient_escalated',
      data: { recipientId },
      at,
      alsoWrite: [
        this.recipientUpdate(
          controllerId,
          erasureId,
          recipientId,
          'SET escalatedAt = :at',
          'attribute_exists(pk) AND attribute_not_exists(answer) AND attribute_not_exists(escalatedAt)',
          { ':at': at },
        ),
      ],
    });
  }

  private recipientUpdate(
    controllerId: string,
    erasureId: string,
    recipientId: string,
    updateExpression: string,
    condition: string,
    values: Record<string, unknown>,
  ): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.erasureRecipient(controllerId, erasureId, recipientId),
        UpdateExpression: updateExpression,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    };
  }
}

function toRecipient(item: Record<string, unknown>): ErasureRecipient {
  const { pk: _pk, sk: _sk, type: _type, controllerId: _controllerId, erasureId: _erasureId, ...recipient } = item;
  return recipient as unknown as ErasureRecipient;
}
