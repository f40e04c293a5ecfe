import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'planner', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** The handler reads its environment when its module loads. */
async function loadHandler() {
  vi.resetModules();
  for (const [name, value] of Object.entries({ TABLE_NAME: 't', AUDIENCE_SHARDS: '16', PLAN_QUEUE_URL: 'http://q/plan', NOTIFY_QUEUE_URL: 'http://q/notify' })) {
    vi.stubEnv(name, value);
  }
  return (await import('../../../functions/planner/handler')).handler;
}

const sqsEvent = (...records: { body: unknown; receiveCount: number }[]): SQSEvent =>
  ({
    Records: records.map(({ body, receiveCount }, index) => ({
      messageId: `m-${index + 1}`,
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: String(receiveCount) },
      eventSource: 'aws:sqs',
    })),
  }) as unknown as SQSEvent;

const breachPlan = { type: 'breach-plan', controllerId: 'softmedex', breachId: 'b1', part: { shard: 0 } };
const disclosurePlan = { controllerId: 'softmedex', disclosureId: 'd1', part: { shard: 0 } };
const readKeys = () => dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key);

beforeEach(() => {
  dynamo.reset();
  // Nothing is recorded: neither the breach's notices nor the disclosure.
  dynamo.on(GetCommand).resolves({});
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the planner handler', () => {
  it("plans a breach's notices page as the breach's work, and a disclosure's page as before", async () => {
    const handler = await loadHandler();

    // Received a few times already: each is dropped as never recorded, after reading what it is about.
    const response = await handler(sqsEvent({ body: breachPlan, receiveCount: 3 }, { body: disclosurePlan, receiveCount: 3 }), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(readKeys()).toEqual(
      expect.arrayContaining([
        { pk: 'C#softmedex#B#b1', sk: 'DONE#notices#shard-0#' },
        { pk: 'C#softmedex#D#d1', sk: 'DONE#plan#shard-0#' },
      ]),
    );
  });

  it("hands back a breach's plan whose notices are not recorded as started, and drops it after a few receives", async () => {
    const handler = await loadHandler();

    const response = await handler(sqsEvent({ body: breachPlan, receiveCount: 1 }, { body: breachPlan, receiveCount: 3 }), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });
});
