import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { DUE_INDEX, TimerStore, timerPut, type DueTimer, type Timer } from '../../../shared/adapters/dynamo/timer-store';
import '../../helpers/aws-matchers';

const TABLE = 'disclosures';
const CONTROLLER = 'softshop';
const DISCLOSURE = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A';
const NOW = '2026-11-24T10:00:00.000Z';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new TimerStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), TABLE);

const timer: Timer = { controllerId: CONTROLLER, disclosureId: DISCLOSURE, name: 'execute', dueAt: '2026-11-24T09:55:00.000Z' };
const due: DueTimer = { ...timer, dueSk: `2026-11-24T09:55:00.000Z#${DISCLOSURE}#execute` };

const timerItem = (t: Timer) => ({ ...timerPut(TABLE, t).Put!.Item! });

describe('timerPut', () => {
  it('arms the timer under its disclosure, in the sparse due index of its controller, sorted by due time', () => {
    // Act
    const put = timerPut(TABLE, timer);

    // Assess
    expect(put).toEqual({
      Put: {
        TableName: TABLE,
        Item: {
          pk: `C#${CONTROLLER}#D#${DISCLOSURE}`,
          sk: 'TIMER#execute',
          type: 'timer',
          controllerId: CONTROLLER,
          disclosureId: DISCLOSURE,
          name: 'execute',
          dueAt: timer.dueAt,
          duePk: `C#${CONTROLLER}#DUE`,
          dueSk: due.dueSk,
        },
      },
    });
  });
});

describe('TimerStore.due', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('queries the byDue index of the controller up to now, past any disclosure id and timer name due at now', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [timerItem(timer)] });

    // Act
    const timers = await store.due(CONTROLLER, NOW);

    // Assess
    expect(timers).toEqual([due]);
    const input = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(DUE_INDEX).toBe('byDue');
    expect(input).toMatchObject({
      TableName: TABLE,
      IndexName: 'byDue',
      KeyConditionExpression: 'duePk = :pk AND dueSk <= :until',
      ExpressionAttributeValues: { ':pk': keys.duePk(CONTROLLER), ':until': `${NOW}#~` },
    });
    // A GSI cannot be read consistently.
    expect(input.ConsistentRead).toBeUndefined();
  });

  it('takes a timer due exactly now, and not one due a millisecond later', () => {
    // The key condition compares strings: check the bound orders as the sweeper needs.
    const until = `${NOW}#~`;
    const dueNow = timerItem({ ...timer, dueAt: NOW, name: 'release' }).dueSk as string;
    const dueLater = timerItem({ ...timer, dueAt: '2026-11-24T10:00:00.001Z' }).dueSk as string;
    expect(dueNow <= until).toBe(true);
    expect(dueLater <= until).toBe(false);
  });

  it('reads every page of the index, earliest first', async () => {
    // Prepare
    const later: Timer = { ...timer, name: 'hold-reminder-1d', dueAt: '2026-11-24T09:58:00.000Z' };
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [timerItem(timer)], LastEvaluatedKey: { pk: 'p', sk: 's', duePk: keys.duePk(CONTROLLER), dueSk: due.dueSk } })
      .resolvesOnce({ Items: [timerItem(later)] });

    // Act
    const timers = await store.due(CONTROLLER, NOW);

    // Assess
    expect(timers.map((t) => t.name)).toEqual(['execute', 'hold-reminder-1d']);
    const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]!.ExclusiveStartKey).toBeUndefined();
    expect(inputs[1]!.ExclusiveStartKey).toEqual({ pk: 'p', sk: 's', duePk: keys.duePk(CONTROLLER), dueSk: due.dueSk });
  });

  it('answers no timers when none is due', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const timers = await store.due(CONTROLLER, NOW);

    // Assess
    expect(timers).toEqual([]);
  });
});

describe('TimerStore.stillArmed', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('reads the timer item consistently and answers true while it carries the dueSk it was found with', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { dueSk: due.dueSk } });

    // Act
    const armed = await store.stillArmed(due);

    // Assess
    expect(armed).toBe(true);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: keys.timer(CONTROLLER, DISCLOSURE, 'execute'),
      ProjectionExpression: 'dueSk',
      ConsistentRead: true,
    });
  });

  it('answers false for a timer re-armed for another time, fired already (no dueSk), or gone', async () => {
    // Prepare
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { dueSk: `2026-12-01T00:00:00.000Z#${DISCLOSURE}#execute` } })
      .resolvesOnce({ Item: {} })
      .resolvesOnce({});

    // Act
    const answers = [await store.stillArmed(due), await store.stillArmed(due), await store.stillArmed(due)];

    // Assess
    expect(answers).toEqual([false, false, false]);
  });
});

describe('TimerStore.arm', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('puts the timer as timerPut writes it, replacing any earlier arming', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await store.arm(timer);

    // Assess
    const input = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input).toEqual(timerPut(TABLE, timer).Put);
    expect(input.ConditionExpression).toBeUndefined();
  });
});

describe('TimerStore.markFired', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('removes duePk and dueSk (out of the index) only while the timer carries the dueSk it was found with', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    const fired = await store.markFired(due, NOW);

    // Assess
    expect(fired).toBe(true);
    expect(dynamo.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.timer(CONTROLLER, DISCLOSURE, 'execute'),
      UpdateExpression: 'SET firedAt = :firedAt REMOVE duePk, dueSk',
      ConditionExpression: 'dueSk = :dueSk',
      ExpressionAttributeValues: { ':firedAt': NOW, ':dueSk': due.dueSk },
    });
  });

  it('answers false, leaving it armed, for a timer re-armed meanwhile or fired by another sweep', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const fired = await store.markFired(due, NOW);

    // Assess
    expect(fired).toBe(false);
  });

  it('lets any other error through', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(new Error('Service unavailable'));

    // Act
    const firing = store.markFired(due, NOW);

    // Assess
    await expect(firing).rejects.toThrow(/Service unavailable/);
  });
});
