import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { tagValue } from '../../../shared/domain/breach/notice-tags';
import { permanentBounce, sesEvent, snsEnvelope } from '../../helpers/ses-events';

const dynamo = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'events', awsRequestId: 'r-1' } as Context;
const BREACH_ID = '01KB7BREACH0000000000000001';
const ADDRESS = 'ann.de.vries@example.com';
const TAGS = { controllerId: 'softmedex', breachId: BREACH_ID, subjectId: 'ann' };

type Item = Record<string, unknown>;

/** The notices of the breach as the table holds them, by subject. */
function notices(statuses: Record<string, string>) {
  const items: Item[] = Object.entries(statuses).map(([subjectId, noticeStatus]) => ({
    ...keys.breachNotice('softmedex', BREACH_ID, subjectId),
    subjectId,
    noticeStatus,
    partKey: 'shard-3',
  }));
  dynamo.on(GetCommand).callsFake((input) => ({ Item: items.find((item) => item.pk === input.Key.pk && item.sk === input.Key.sk) }));
}

const record = (messageId: string, body: string) => ({
  messageId,
  receiptHandle: `receipt-${messageId}`,
  body,
  attributes: { ApproximateReceiveCount: '1' } as SQSEvent['Records'][number]['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:events',
  awsRegion: 'eu-west-1',
});
const batch = (...bodies: string[]): SQSEvent => ({ Records: bodies.map((body, index) => record(`m-${index + 1}`, body)) });

/** The handler builds its store when its module loads: each test loads it afresh. */
async function loadHandler() {
  vi.resetModules();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('TABLE_NAME', 't');
  return (await import('../../../functions/events/handler')).handler;
}

/** Everything the handler hands its logger, as one string. */
async function logCalls() {
  const { logger } = await import('../../../shared/observability/logger');
  const calls: unknown[][] = [];
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void calls.push(args));
  }
  return () => JSON.stringify(calls);
}

/** The notice updates the handler's transactions made: which item, and the counter each added to. */
const bounceWrites = () =>
  dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!.map((item) => item.Update?.Key));

beforeEach(() => {
  dynamo.reset();
  dynamo.on(TransactWriteCommand).resolves({});
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the events handler', () => {
  it("marks the notice of a breach notice's permanent bounce bounced, with its part's count, from the SNS envelope", async () => {
    notices({ ann: 'sent', bob: 'sent' });
    const handler = await loadHandler();

    const response = await handler(batch(snsEnvelope(permanentBounce(TAGS, { to: ADDRESS }))), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(bounceWrites()).toEqual([[keys.breachNotice('softmedex', BREACH_ID, 'ann'), keys.breachCounter('softmedex', BREACH_ID, 'shard-3')]]);
  });

  it('finds a subject whose id the sender wrote as an encoded tag value', async () => {
    notices({ 'ann.de.vries': 'sent' });
    const handler = await loadHandler();

    await handler(batch(snsEnvelope(permanentBounce({ ...TAGS, subjectId: tagValue('ann.de.vries') }))), context);

    expect(bounceWrites()[0]![0]).toEqual(keys.breachNotice('softmedex', BREACH_ID, 'ann.de.vries'));
  });

  it('acknowledges complaints, transient bounces and mail that is no breach notice, writing nothing', async () => {
    notices({ ann: 'sent' });
    const handler = await loadHandler();

    const response = await handler(
      batch(
        snsEnvelope(sesEvent('Complaint', { tags: TAGS })),
        snsEnvelope(sesEvent('Bounce', { tags: TAGS, bounceType: 'Transient' })),
        snsEnvelope(sesEvent('Bounce', { tags: { controllerId: 'softmedex' } })),
        JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'confirm', TopicArn: 'arn:aws:sns:eu-west-1:1:t' }),
      ),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(GetCommand)).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it("reports a bounce of a notice the sender has not settled, and a body that is no SES event, as failures, and the rest as done", async () => {
    notices({ ann: 'queued', bob: 'sent' });
    const handler = await loadHandler();

    const response = await handler(
      batch(snsEnvelope(permanentBounce(TAGS)), `not json ${ADDRESS}`, snsEnvelope(permanentBounce({ ...TAGS, subjectId: 'bob' }))),
      context,
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['m-1', 'm-2']);
    expect(bounceWrites()).toEqual([[keys.breachNotice('softmedex', BREACH_ID, 'bob'), keys.breachCounter('softmedex', BREACH_ID, 'shard-3')]]);
  });

  it('logs types, outcomes and ids, never an address of the event or of a body it could not read', async () => {
    notices({ ann: 'sent' });
    const handler = await loadHandler();
    const logged = await logCalls();

    await handler(
      batch(snsEnvelope(permanentBounce(TAGS, { to: ADDRESS })), snsEnvelope(sesEvent('Complaint', { tags: TAGS, to: ADDRESS })), `{"broken": "${ADDRESS}"`),
      context,
    );

    const log = logged();
    expect(log).toContain('Breach notice bounce recorded');
    expect(log).toContain('"subjectId":"ann"');
    expect(log).toContain('"eventType":"Complaint"');
    expect(log).toContain('Email event not recorded');
    expect(log).not.toContain(ADDRESS);
    expect(log).not.toContain('example.com');
  });
});
