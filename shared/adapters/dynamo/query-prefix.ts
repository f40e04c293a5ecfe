import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every item of one partition whose sort key starts with `prefix`, in sort key order, read consistently. */
export async function queryPrefix(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  prefix: string,
): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}
