import { createHash } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErasureRecipientStore } from '../../../shared/adapters/dynamo/erasure-recipient-store';
import { ErasureStore } from '../../../shared/adapters/dynamo/erasure-store';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { LedgerStore } from '../../../shared/adapters/dynamo/ledger-store';
import { SubjectStore } from '../../../shared/adapters/dynamo/subject-store';
import { timerPut } from '../../../shared/adapters/dynamo/timer-store';
import { audienceShard } from '../../../shared/domain/audience/shard';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import type { RetainedCategory } from '../../../shared/domain/erasure/retention';
import { chainEvent } from '../../../shared/domain/evidence/hash-chain';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'dentists4dentists';
const ERASURE = '01KB0ERASURE0000000000000A';
const AT = '2026-12-07T09:00:00.000Z';
const LAST_HASH = 'c'.repeat(64);
const STATE_KEY = { pk: `C#${CONTROLLER}#E#${ERASURE}`, sk: 'STATE' };

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const subjects = new SubjectStore(client, TABLE, 16);
const erasures = new ErasureStore(client, TABLE);
const ledger = new LedgerStore(client, TABLE);
const recipients = new ErasureRecipientStore(client, TABLE);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const sentTransactions = (): TransactItem[][] => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: `Transaction cancelled [${codes.join(', ')}]`, $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const request: ErasureRequest = {
  controllerId: CONTROLLER,
  erasureId: ERASURE,
  subjectId: 'praktijk-1',
  receivedAt: '2026-11-02T10:00:00.000Z',
  channel: 'email',
  note: 'Mail from Tandartspraktijk Noord, J. de Vries',
  dueDate: '2026-12-02',
  recordedAt: '2026-11-02T10:05:00.000Z',
};

beforeEach(() => dynamo.reset());

describe('SubjectStore: erasure', () => {
  it('takes the subject out of its audience shard and drops its preferences, marking it once, in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    const left = await subjects.leaveForErasure(CONTROLLER, 'praktijk-1', { erasureId: ERASURE, startedAt: AT });

    expect(left).toBe(true);
    expect(sentTransactions()).toEqual([
      [
        {
          Update: {
            TableName: TABLE,
            Key: keys.subject(CONTROLLER, 'praktijk-1'),
            UpdateExpression: 'SET #erasure = if_not_exists(#erasure, :erasure) REMOVE preferences',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#erasure': 'erasure' },
            ExpressionAttributeValues: { ':erasure': { erasureId: ERASURE, startedAt: AT } },
          },
        },
        { Delete: { TableName: TABLE, Key: keys.audienceMember(CONTROLLER, audienceShard('praktijk-1', 16), 'praktijk-1') } },
      ],
    ]);
  });

  it('answers false for a subject it does not know', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    expect(await subjects.leaveForErasure(CONTROLLER, 'nobody', { erasureId: ERASURE, startedAt: AT })).toBe(false);
  });

  it('erases the contact data and the lookup key, keeping the pseudonymous id, and only on a subject item that exists', () => {
    expect(subjects.eraseContactWrite(CONTROLLER, 'praktijk-1', AT)).toEqual({
      Update: {
        TableName: TABLE,
        Key: keys.subject(CONTROLLER, 'praktijk-1'),
        UpdateExpression: 'SET erasedAt = :at REMOVE email, #name, locale, emailLookup, preferences, dataCategories',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':at': AT },
      },
    });
  });

  it('reads the contact data of a subject being erased consistently, and none once it is erased', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { ...keys.subject(CONTROLLER, 'praktijk-1'), controllerId: CONTROLLER, subjectId: 'praktijk-1', email: 'balie@noord.nl', locale: 'nl', name: 'Noord', erasure: { erasureId: ERASURE } } })
      .resolvesOnce({ Item: { ...keys.subject(CONTROLLER, 'praktijk-1'), controllerId: CONTROLLER, subjectId: 'praktijk-1', erasedAt: AT } });

    expect(await subjects.contactDuringErasure(CONTROLLER, 'praktijk-1')).toEqual({
      controllerId: CONTROLLER,
      subjectId: 'praktijk-1',
      email: 'balie@noord.nl',
      locale: 'nl',
      name: 'Noord',
    });
    expect(await subjects.contactDuringErasure(CONTROLLER, 'praktijk-1')).toBeUndefined();
    expect(dynamo.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: keys.subject(CONTROLLER, 'praktijk-1'), ConsistentRead: true });
  });

  it('leaves subjects being erased, or erased, out of getMany: nothing else may write to them or act for them', async () => {
    const item = (subjectId: string, more: Record<string, unknown> = {}) => ({ controllerId: CONTROLLER, subjectId, email: `${subjectId}@example.nl`, locale: 'nl', ...more });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [item('kept'), item('being-erased', { erasure: { erasureId: ERASURE, startedAt: AT } }), { controllerId: CONTROLLER, subjectId: 'erased', erasedAt: AT }] },
    });

    const found = await subjects.getMany(CONTROLLER, ['kept', 'being-erased', 'erased']);

    expect([...found.keys()]).toEqual(['kept']);
  });
});

describe('ErasureStore: execution and completion', () => {
  it('answers what a request retains and when its contact data was erased', async () => {
    const retained: RetainedCategory[] = [{ category: 'Copies of invoices', reason: 'policy', rule: { period: 'P7Y', from: 'the invoice date', source: 's' }, startsOn: '2026-03-15', until: '2033-03-15' }];
    dynamo.on(GetCommand).resolves({ Item: { ...STATE_KEY, request, state: 'completed', dueDate: '2026-12-02', extendedMonths: 0, retained, contactDataErasedAt: AT } });

    expect(await erasures.get(CONTROLLER, ERASURE)).toMatchObject({ state: 'completed', retained, contactDataErasedAt: AT });
  });

  it('claims an Idempotency-Key for the transaction that starts the request, only once', () => {
    expect(erasures.idempotencyClaimPut(CONTROLLER, { key: 'start-1', requestHash: 'h' }, ERASURE)).toEqual({
      Put: {
        TableName: TABLE,
        Item: { ...keys.erasureIdempotencyKey(CONTROLLER, 'start-1'), controllerId: CONTROLLER, erasureId: ERASURE, requestHash: 'h' },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it("records the contact data erased with the subject's scrub, writing the request back without the note, once and only when completed", async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: STATE_KEY }).resolves({ Item: { seq: 9, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
    const scrub = subjects.eraseContactWrite(CONTROLLER, 'praktijk-1', AT);

    // Act
    const recorded = await erasures.recordContactDataErased(CONTROLLER, ERASURE, { request }, { completionEmailed: true }, AT, [scrub]);

    // Assess
    expect(recorded).toBe(true);
    const event = chainEvent({ aggregateId: ERASURE, seq: 10, type: 'erasure.contact_data_erased', at: AT, data: { completionEmailed: true }, prevHash: LAST_HASH });
    const { note: _note, ...withoutNote } = request;
    expect(sentTransactions()).toEqual([
      [
        {
          Update: {
            TableName: TABLE,
            Key: STATE_KEY,
            UpdateExpression: 'SET seq = :next, lastHash = :hash, #request = :set_request, #contactDataErasedAt = :set_contactDataErasedAt',
            ConditionExpression: 'seq = :seq AND (attribute_not_exists(#contactDataErasedAt) AND #state = :completed)',
            ExpressionAttributeNames: { '#request': 'request', '#contactDataErasedAt': 'contactDataErasedAt', '#state': 'state' },
            ExpressionAttributeValues: {
              ':seq': 9,
              ':next': 10,
              ':hash': event.hash,
              ':set_request': withoutNote,
              ':set_contactDataErasedAt': AT,
              ':completed': 'completed',
            },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.erasureEvent(CONTROLLER, ERASURE, 10), type: 'event', controllerId: CONTROLLER, event },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        scrub,
      ],
    ]);
    expect(JSON.stringify(sentTransactions())).not.toContain('J. de Vries');
  });

  it('records nothing a second time', async () => {
    dynamo.on(GetCommand, { Key: STATE_KEY }).resolves({ Item: { seq: 10, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));

    expect(await erasures.recordContactDataErased(CONTROLLER, ERASURE, { request }, { completionEmailed: true }, AT)).toBe(false);
  });

  it("takes the holds' details and the extensions' reasons off the request with the note, keeping their hashes", async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: STATE_KEY }).resolves({ Item: { seq: 9, lastHash: LAST_HASH } });
    dynamo.on(TransactWriteCommand).resolves({});
    const detail = 'Dispute with J. de Vries over invoice 2026-118';
    const reason = 'Six systems to search';
    const retained = [{ category: 'Dispute file', reason: 'open_dispute' as const, detail }];
    const extensions = [{ dueDate: '2027-04-01', months: 1, reason, extendedAt: AT }];

    // Act
    await erasures.recordContactDataErased(CONTROLLER, ERASURE, { request, retained, extensions }, { completionEmailed: true }, AT);

    // Assess
    const values = sentTransactions()[0]![0]!.Update!.ExpressionAttributeValues!;
    expect(values[':set_retained']).toEqual([{ category: 'Dispute file', reason: 'open_dispute', detailSha256: createHash('sha256').update(detail).digest('hex') }]);
    expect(values[':set_extensions']).toEqual([{ dueDate: '2027-04-01', months: 1, reasonSha256: createHash('sha256').update(reason).digest('hex'), extendedAt: AT }]);
    expect(JSON.stringify(sentTransactions())).not.toContain('de Vries');
    expect(JSON.stringify(sentTransactions())).not.toContain(reason);
  });
});

describe('LedgerStore.recipientEntries', () => {
  it("answers each of the subject's disclosures with its recipient's id and its notice status, read consistently", async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.ledgerEntry(CONTROLLER, 'praktijk-1', 'd-1'),
          controllerId: CONTROLLER,
          subjectId: 'praktijk-1',
          disclosureId: 'd-1',
          kind: 'debt_collection',
          recipient: { recipientId: 'incasso', name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', country: 'NL' },
          legalBasis: 'legitimate_interests',
          purpose: 'Incasso',
          dataCategories: ['factuurgegevens'],
          disclosedAt: '2026-03-01T10:00:00Z',
          noticeStatus: 'not_required',
        },
      ],
    });

    const entries = await ledger.recipientEntries(CONTROLLER, 'praktijk-1');

    expect(entries).toEqual([
      {
        disclosureId: 'd-1',
        kind: 'debt_collection',
        recipient: { recipientId: 'incasso', name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', country: 'NL' },
        dataCategories: ['factuurgegevens'],
        disclosedAt: '2026-03-01T10:00:00Z',
        noticeStatus: 'not_required',
      },
    ]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `C#${CONTROLLER}#S#praktijk-1`, ':prefix': 'DISCLOSURE#' },
      ConsistentRead: true,
    });
  });
});

describe('ErasureRecipientStore.add', () => {
  const recipient: ErasureRecipient = {
    recipientId: 'incasso',
    name: 'Incassobureau Brabant B.V.',
    kind: 'debt_collector',
    country: 'NL',
    locale: 'nl',
    contactEmail: 'privacy@incasso.example',
    disclosures: [],
  };
  const timer = timerPut(TABLE, { controllerId: CONTROLLER, erasureId: ERASURE, name: 'recipient-reminder#incasso', dueAt: AT });

  it('puts recipients with their timers in one transaction, each recipient only if new', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    expect(await recipients.add(CONTROLLER, ERASURE, [recipient], [timer])).toBe(true);

    expect(sentTransactions()).toEqual([[...recipients.putWrites(CONTROLLER, ERASURE, [recipient]), timer]]);
    expect(sentTransactions()[0]![0]!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('answers false, having written nothing, when a recipient was put before', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    expect(await recipients.add(CONTROLLER, ERASURE, [recipient], [timer])).toBe(false);
  });
});
