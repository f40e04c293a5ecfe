import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timerAggregateId, type Timer } from '../../domain/timers/timer';
import { keys } from './keys';
import type { TransactItem } from './transact';

export const DUE_INDEX = 'byDue';

export type { BreachTimer, DisclosureTimer, ErasureTimer, Timer, TimerName } from '../../domain/timers/timer';

/** A timer as the sweeper finds it: `dueSk` tells the firing apart from a re-armed timer of the same name. */
export type DueTimer = Timer & { dueSk: string };

const dueSk = (timer: Timer) => `${timer.dueAt}#${timerAggregateId(timer)}#${timer.name}`;

/** A timer's item: under its disclosure, its erasure request or its breach. */
const timerKey = (timer: Timer) => {
  if ('breachId' in timer) return keys.breachTimer(timer.controllerId, timer.breachId, timer.name);
  return 'erasureId' in timer ? keys.erasureTimer(timer.controllerId, timer.erasureId, timer.name) : keys.timer(timer.controllerId, timer.disclosureId, timer.name);
};

/** The write that arms (or re-arms) a timer, for a transaction: it enters the sparse due index. */
export function timerPut(tableName: string, timer: Timer): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...timerKey(timer),
        type: 'timer',
        ...timer,
        duePk: keys.duePk(timer.controllerId),
        dueSk: dueSk(timer),
      },
    },
  };
}

/**
 * Timers: items due at a time, found through the sparse `byDue` index (one partition per controller,
 * sorted by due time). Firing takes a timer out of the index, and only the arming it was found with.
 */
export class TimerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Timers of a controller due at or before `now`, earliest first. */
  async due(controllerId: string, now: string): Promise<DueTimer[]> {
    const timers: DueTimer[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: 'duePk = :pk AND dueSk <= :until',
          // '~' sorts after every character of a disclosure id and timer name.
          ExpressionAttributeValues: { ':pk': keys.duePk(controllerId), ':until': `${now}#~` },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { controllerId: itemController, name, dueAt, dueSk: itemDueSk } = item;
        if (item.breachId) timers.push({ controllerId: itemController, breachId: item.breachId, name, dueAt, dueSk: itemDueSk });
        else if (item.erasureId) timers.push({ controllerId: itemController, erasureId: item.erasureId, name, dueAt, dueSk: itemDueSk });
        else timers.push({ controllerId: itemController, disclosureId: item.disclosureId, name, dueAt, dueSk: itemDueSk });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return timers;
  }

  /** Whether the timer is still armed as found: the index is read eventually, this reads the item itself. */
  async stillArmed(timer: DueTimer): Promise<boolean> {
    const item = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: timerKey(timer),
        ProjectionExpression: 'dueSk',
        ConsistentRead: true,
      }),
    );
    return item.Item?.dueSk === timer.dueSk;
  }

  /** The write that arms a timer, for a transaction that changes what the timer is for. */
  armWrite(timer: Timer): TransactItem {
    return timerPut(this.tableName, timer);
  }

  /** Arms a timer again for a later time (a window that must run its full length first). */
  async arm(timer: Timer): Promise<void> {
    await this.client.send(new PutCommand(timerPut(this.tableName, timer).Put!));
  }

  /** Takes a fired timer out of the due index; a timer re-armed meanwhile (another `dueSk`) stays armed. */
  async markFired(timer: DueTimer, firedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: timerKey(timer),
          UpdateExpression: 'SET firedAt = :firedAt REMOVE duePk, dueSk',
          ConditionExpression: 'dueSk = :dueSk',
          ExpressionAttributeValues: { ':firedAt': firedAt, ':dueSk': timer.dueSk },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
