import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { LedgerStore } from '../../../shared/adapters/dynamo/ledger-store';
import '../../helpers/aws-matchers';

const TABLE = 'pipeline';
const CONTROLLER = 'acme-care';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new LedgerStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

/** A ledger entry as the index projects it. */
const item = (subjectId: string, disclosureId: string) => ({
  subjectId,
  disclosureId,
  disclosedAt: '2026-11-01T09:00:00.000Z',
  kind: 'processor_handoff',
  dataCategories: ['Invoices'],
  noticeStatus: 'not_required',
});
const indexKey = (subjectId: string, disclosureId: string) => ({
  recipientPk: keys.recipientPk(CONTROLLER, 'mailhouse'),
  recipientSk: `S#${subjectId}#D#${disclosureId}`,
  ...keys.ledgerEntry(CONTROLLER, subjectId, disclosureId),
});
const queries = () => dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeEach(() => {
  dynamo.reset();
});

describe('LedgerStore.recipientLedgerPage', () => {
  it("queries the recipient's entries through byRecipient, after the cursor's subject, without the entries' other fields", async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [item('bob', 'd1'), item('carol', 'd1')] });

    // Act
    const page = await store.recipientLedgerPage(CONTROLLER, 'mailhouse', 'alice', 250);

    // Assess
    expect(page).toEqual({
      entries: [
        { subjectId: 'bob', disclosureId: 'd1', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Invoices'], noticeStatus: 'not_required' },
        { subjectId: 'carol', disclosureId: 'd1', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Invoices'], noticeStatus: 'not_required' },
      ],
    });
    const [query] = queries();
    expect(query).toMatchObject({
      TableName: TABLE,
      IndexName: 'byRecipient',
      KeyConditionExpression: 'recipientPk = :pk AND recipientSk > :after',
      ExpressionAttributeValues: { ':pk': 'C#acme-care#R#mailhouse', ':after': 'S#alice#D#~' },
      Limit: 250,
    });
    // Every #name the projection uses is defined.
    for (const name of query!.ProjectionExpression!.match(/#\w+/g) ?? []) expect(query!.ExpressionAttributeNames).toHaveProperty(name);
    expect(query!.ProjectionExpression).not.toMatch(/recipient\b|purpose|email/);
  });

  it('leaves a subject cut short by the limit to the next page, which starts after the last whole subject', async () => {
    // Prepare: bob has more entries than the page reached.
    dynamo.on(QueryCommand).resolves({ Items: [item('alice', 'd1'), item('alice', 'd2'), item('bob', 'd1')], LastEvaluatedKey: indexKey('bob', 'd1') });

    // Act
    const page = await store.recipientLedgerPage(CONTROLLER, 'mailhouse', undefined, 3);

    // Assess
    expect(page.entries.map((entry) => `${entry.subjectId}/${entry.disclosureId}`)).toEqual(['alice/d1', 'alice/d2']);
    expect(page.nextCursor).toBe('alice');
    expect(queries()[0]).toMatchObject({ KeyConditionExpression: 'recipientPk = :pk', ExpressionAttributeValues: { ':pk': 'C#acme-care#R#mailhouse' } });
  });

  it('reads a subject that alone fills the page to its end', async () => {
    // Prepare: the paginator reuses its input, so each request is copied as it is sent.
    const sent: Record<string, unknown>[] = [];
    const answers = [
      { Items: [item('alice', 'd1'), item('alice', 'd2')], LastEvaluatedKey: indexKey('alice', 'd2') },
      { Items: [item('alice', 'd3')], LastEvaluatedKey: indexKey('alice', 'd3') },
      { Items: [item('alice', 'd4')] },
    ];
    dynamo.on(QueryCommand).callsFake((input: Record<string, unknown>) => {
      sent.push(structuredClone(input));
      return answers[sent.length - 1];
    });

    // Act
    const page = await store.recipientLedgerPage(CONTROLLER, 'mailhouse', undefined, 2);

    // Assess
    expect(page.entries.map((entry) => entry.disclosureId)).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(page.nextCursor).toBe('alice');
    const [, rest, more] = sent;
    expect(rest).toMatchObject({
      IndexName: 'byRecipient',
      KeyConditionExpression: 'recipientPk = :pk AND begins_with(recipientSk, :subject)',
      ExpressionAttributeValues: { ':pk': 'C#acme-care#R#mailhouse', ':subject': 'S#alice#D#' },
      ExclusiveStartKey: indexKey('alice', 'd2'),
    });
    expect(more!.ExclusiveStartKey).toEqual(indexKey('alice', 'd3'));
  });

  it('reads on past an empty page that goes on, rather than end the chain there', async () => {
    // Prepare: DynamoDB may answer a page with nothing in it and a key to go on from.
    const sent: Record<string, unknown>[] = [];
    const answers = [
      { Items: [], LastEvaluatedKey: indexKey('alice', 'd9') },
      { Items: [], LastEvaluatedKey: indexKey('bob', 'd0') },
      { Items: [item('bob', 'd1'), item('carol', 'd1')], LastEvaluatedKey: indexKey('carol', 'd1') },
    ];
    dynamo.on(QueryCommand).callsFake((input: Record<string, unknown>) => {
      sent.push(structuredClone(input));
      return answers[sent.length - 1];
    });

    // Act
    const page = await store.recipientLedgerPage(CONTROLLER, 'mailhouse', 'alice', 250);

    // Assess: the entries found, with a cursor, so the chain goes on after bob.
    expect(page.entries.map((entry) => `${entry.subjectId}/${entry.disclosureId}`)).toEqual(['bob/d1']);
    expect(page.nextCursor).toBe('bob');
    expect(sent).toHaveLength(3);
    const [first, second, third] = sent;
    expect(first).not.toHaveProperty('ExclusiveStartKey');
    for (const [query, startKey] of [[second, indexKey('alice', 'd9')], [third, indexKey('bob', 'd0')]] as const) {
      expect(query).toMatchObject({
        IndexName: 'byRecipient',
        KeyConditionExpression: 'recipientPk = :pk AND recipientSk > :after',
        ExpressionAttributeValues: { ':pk': 'C#acme-care#R#mailhouse', ':after': 'S#alice#D#~' },
        Limit: 250,
        ExclusiveStartKey: startKey,
      });
    }
  });

  it('ends without a cursor only when an empty page is the last', async () => {
    const answers = [{ Items: [], LastEvaluatedKey: indexKey('alice', 'd9') }, { Items: [] }];
    let calls = 0;
    dynamo.on(QueryCommand).callsFake(() => answers[calls++]);
    expect(await store.recipientLedgerPage(CONTROLLER, 'mailhouse', undefined, 250)).toEqual({ entries: [] });
    expect(calls).toBe(2);
  });

  it('ends without a cursor when the index has nothing more', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [item('alice', 'd1')] });
    expect(await store.recipientLedgerPage(CONTROLLER, 'mailhouse', undefined, 250)).toEqual({ entries: [expect.objectContaining({ subjectId: 'alice' })] });
  });
});
