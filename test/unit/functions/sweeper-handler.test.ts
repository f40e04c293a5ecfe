import { QueryCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'sweeper', awsRequestId: 'r-1' } as Context;
const scheduled = (time: Date) => ({ 'detail-type': 'Scheduled Event' as const, source: 'aws.events', time: time.toISOString().replace(/\.\d{3}Z$/, 'Z') });

/** The handler reads its environment when its module loads: each test loads it afresh with the environment it needs. */
async function loadHandler(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ TABLE_NAME: 't', AUDIENCE_SHARDS: '16', PLAN_QUEUE_URL: 'http://q/plan', NOTIFY_QUEUE_URL: 'http://q/notify', ...env })) {
    vi.stubEnv(name, value);
  }
  return (await import('../../../functions/sweeper/handler')).handler;
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the sweeper handler', () => {
  it('sweeps as of the scheduled time EventBridge sends', async () => {
    const handler = await loadHandler({});
    const time = new Date(Date.now() - 60_000);

    await handler(scheduled(time), context);

    const queried = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':until']);
    expect(queried.length).toBeGreaterThan(0);
    expect(queried.every((until) => until === `${time.toISOString().replace(/\.\d{3}Z$/, '.000Z')}#~`)).toBe(true);
  });

  it('refuses, on AWS, to sweep as of a time ahead of the clock: a hand-made event must not release a hold early', async () => {
    const handler = await loadHandler({});

    await expect(handler(scheduled(new Date(Date.now() + 24 * 3600_000)), context)).rejects.toThrow('ahead of the clock');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('sweeps as of any time where simulated time is allowed (the local runtime)', async () => {
    const handler = await loadHandler({ ALLOW_SIMULATED_TIME: 'true' });
    const time = new Date(Date.now() + 30 * 24 * 3600_000);

    await handler(scheduled(time), context);

    expect(dynamo.commandCalls(QueryCommand).length).toBeGreaterThan(0);
  });
});
