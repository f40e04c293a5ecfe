import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunk } from '../../domain/collections/chunk';
import { emailLookupBackfill } from '../../domain/subject/email-lookup-backfill';

/** What a backfill did, in counts only: it never reports an address or a key. */
export interface EmailLookupBackfillCounts {
  /** Subject items with an address that the scan read. */
  subjects: number;
  /** Lookup keys written. */
  updated: number;
  /** Lookup keys already current. */
  current: number;
  /** Subjects whose address changed or was erased between the scan and the write: their own write keyed them. */
  changedMeanwhile: number;
}

const NO_COUNTS: EmailLookupBackfillCounts = { subjects: 0, updated: 0, current: 0, changedMeanwhile: 0 };

/**
 * Sets every subject's `emailLookup` under the current link key (after keyed lookups were introduced, or after
 * the link key was rotated): a scan of the table in `segments` parallel segments, page by page, and per subject
 * to change a write conditioned on its address being the one read, so a subject written meanwhile keeps the key
 * its own write gave it. Running it twice does nothing the second time.
 */
export async function backfillEmailLookups(
  client: DynamoDBDocumentClient,
  tableName: string,
  linkKey: Uint8Array,
  segments = 1,
): Promise<EmailLookupBackfillCounts> {
  const perSegment = await Promise.all(Array.from({ length: segments }, (_, segment) => backfillSegment(client, tableName, linkKey, segment, segments)));
  return perSegment.reduce(
    (sum, counts) => ({
      subjects: sum.subjects + counts.subjects,
      updated: sum.updated + counts.updated,
      current: sum.current + counts.current,
      changedMeanwhile: sum.changedMeanwhile + counts.changedMeanwhile,
    }),
    NO_COUNTS,
  );
}

async function backfillSegment(
  client: DynamoDBDocumentClient,
  tableName: string,
  linkKey: Uint8Array,
  segment: number,
  totalSegments: number,
): Promise<EmailLookupBackfillCounts> {
  const counts = { ...NO_COUNTS };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        // Subject items with an address only; the key, the controller and the address are all the decision needs.
        FilterExpression: 'sk = :subject AND attribute_exists(email)',
        ProjectionExpression: 'pk, sk, controllerId, email, emailLookup',
        ExpressionAttributeValues: { ':subject': 'SUBJECT' },
        ExclusiveStartKey: startKey,
        ...(totalSegments > 1 ? { Segment: segment, TotalSegments: totalSegments } : {}),
      }),
    );
    for (const group of chunk(page.Items ?? [], 25)) {
      const outcomes = await Promise.all(group.map((item) => backfillItem(client, tableName, linkKey, item)));
      counts.subjects += outcomes.filter((outcome) => outcome !== 'skipped').length;
      counts.updated += outcomes.filter((outcome) => outcome === 'updated').length;
      counts.current += outcomes.filter((outcome) => outcome === 'current').length;
      counts.changedMeanwhile += outcomes.filter((outcome) => outcome === 'changed-meanwhile').length;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}

async function backfillItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  linkKey: Uint8Array,
  item: Record<string, unknown>,
): Promise<'updated' | 'current' | 'changed-meanwhile' | 'skipped'> {
  const decision = emailLookupBackfill(item, linkKey);
  if (decision.action === 'skip') return decision.why === 'current' ? 'current' : 'skipped';
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET emailLookup = :emailLookup',
        ConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':emailLookup': decision.emailLookup, ':email': decision.email },
      }),
    );
    return 'updated';
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return 'changed-meanwhile';
  }
}
