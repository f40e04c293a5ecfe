import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunk } from '../../domain/collections/chunk';

/**
 * Reads items by key, consistently, 100 keys per call, until DynamoDB has returned every one it holds:
 * keys it leaves unprocessed (throttling) are asked for again after a growing pause.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  projection?: string,
): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for (const group of chunk(keys, 100)) {
    let keysToRead: Record<string, unknown>[] = [...group];
    for (let attempt = 0; keysToRead.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: keysToRead, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      keysToRead = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
