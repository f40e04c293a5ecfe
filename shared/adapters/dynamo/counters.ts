import type { CounterIncrements } from '../../domain/disclosure/notice-counts';
import { keys } from './keys';

export type { Counted, CounterIncrements } from '../../domain/disclosure/notice-counts';

/**
 * The transaction item that adds to one part's counters. Every count is written in the same transaction
 * as the change it counts (a ledger entry created, a notice settled, a page planned), so no retry, replay
 * or overlap can count anything twice or lose a count.
 */
export function addToCounters(tableName: string, controllerId: string, disclosureId: string, partKey: string, increments: CounterIncrements) {
  return addToCounterItem(tableName, keys.counter(controllerId, disclosureId, partKey), controllerId, increments);
}

/** The same for any counter item, by its key: a breach's notices count on their own items, with their own fields. */
export function addToCounterItem(
  tableName: string,
  key: { pk: string; sk: string },
  controllerId: string,
  increments: Readonly<Record<string, number | undefined>>,
) {
  const fields = Object.entries(increments).filter(([, value]) => value);
  if (fields.length === 0) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET controllerId = :controllerId ADD ${fields.map(([field]) => `#${field} :${field}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([field]) => [`#${field}`, field])),
        ExpressionAttributeValues: {
          ':controllerId': controllerId,
          ...Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value])),
        },
      },
    },
  ];
}
