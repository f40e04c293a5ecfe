import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { backfillEmailLookups } from '../../../shared/adapters/dynamo/email-lookup-backfill';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';

const TABLE = 'disclosures';
const KEY = new TextEncoder().encode('k'.repeat(64));
const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));

const subject = (subjectId: string, email: string, lookup?: string) => ({
  pk: `C#softmedex#S#${subjectId}`,
  sk: 'SUBJECT',
  controllerId: 'softmedex',
  email,
  ...(lookup ? { emailLookup: lookup } : {}),
});
const plainHash = (email: string) => `C#softmedex#EMAIL#${createHash('sha256').update(email).digest('hex')}`;

beforeEach(() => {
  dynamo.reset();
});

describe('backfillEmailLookups', () => {
  it('reads subject items page by page and sets each missing or outdated lookup, conditioned on the address read', async () => {
    // Prepare: two pages; ann has the plain hash of before, bea none, cor a current key.
    const lastKey = { pk: 'C#softmedex#S#bea', sk: 'SUBJECT' };
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: [subject('ann', 'ann@example.com', plainHash('ann@example.com')), subject('bea', 'bea@example.com')], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [subject('cor', 'cor@example.com', emailLookup(KEY, 'softmedex', 'cor@example.com'))] });
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const counts = await backfillEmailLookups(client, TABLE, KEY);

    // Assess
    expect(counts).toEqual({ subjects: 3, updated: 2, current: 1, changedMeanwhile: 0 });
    const scans = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(scans[0]).toEqual({
      TableName: TABLE,
      FilterExpression: 'sk = :subject AND attribute_exists(email)',
      ProjectionExpression: 'pk, sk, controllerId, email, emailLookup',
      ExpressionAttributeValues: { ':subject': 'SUBJECT' },
      ExclusiveStartKey: undefined,
    });
    expect(scans[1]!.ExclusiveStartKey).toEqual(lastKey);
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toEqual([
      {
        TableName: TABLE,
        Key: { pk: 'C#softmedex#S#ann', sk: 'SUBJECT' },
        UpdateExpression: 'SET emailLookup = :emailLookup',
        ConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':emailLookup': emailLookup(KEY, 'softmedex', 'ann@example.com'), ':email': 'ann@example.com' },
      },
      expect.objectContaining({ Key: { pk: 'C#softmedex#S#bea', sk: 'SUBJECT' } }),
    ]);
  });

  it('leaves a subject whose address changed since the scan to its own write, and counts it', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [subject('ann', 'ann@example.com')] });
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const counts = await backfillEmailLookups(client, TABLE, KEY);

    // Assess
    expect(counts).toEqual({ subjects: 1, updated: 0, current: 0, changedMeanwhile: 1 });
  });

  it('lets any other failure through, so a run cut short is run again', async () => {
    dynamo.on(ScanCommand).resolves({ Items: [subject('ann', 'ann@example.com')] });
    dynamo.on(UpdateCommand).rejects(new Error('Throughput exceeded'));

    await expect(backfillEmailLookups(client, TABLE, KEY)).rejects.toThrow(/Throughput exceeded/);
  });

  it('scans the segments asked for in parallel and adds up their counts', async () => {
    // Prepare: each segment holds one subject without a lookup.
    dynamo.on(ScanCommand).callsFake((input) => ({ Items: [subject(`s-${input.Segment}`, `s-${input.Segment}@example.com`)] }));
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const counts = await backfillEmailLookups(client, TABLE, KEY, 4);

    // Assess
    expect(counts).toEqual({ subjects: 4, updated: 4, current: 0, changedMeanwhile: 0 });
    const scans = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(scans.map((scan) => [scan.Segment, scan.TotalSegments]).sort()).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
  });
});
