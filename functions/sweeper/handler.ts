import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { BreachStore } from '../../shared/adapters/dynamo/breach-store';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import { ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import { TimerStore } from '../../shared/adapters/dynamo/timer-store';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { POLICY_PROFILES, findProfile } from '../../shared/domain/policy/profiles';
import { logger } from '../../shared/observability/logger';
import { RedactedError } from '../../shared/observability/redacted-error';
import { TimersFailedError, sweep, type SweeperDependencies } from '../../shared/workflow/sweep';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const sqs = new SQSClient({});
const deps: SweeperDependencies = {
  timers: new TimerStore(documentClient, tableName),
  disclosures: new DisclosureStore(documentClient, tableName),
  erasures: new ErasureStore(documentClient, tableName),
  breaches: new BreachStore(documentClient, tableName),
  erasureRecipients: new ErasureRecipientStore(documentClient, tableName),
  ledger: new LedgerStore(documentClient, tableName),
  recipients: new RecipientStore(documentClient, tableName),
  findProfile,
  planQueue: new SqsQueuePublisher(sqs, requiredEnv('PLAN_QUEUE_URL')),
  notifyQueue: new SqsQueuePublisher(sqs, requiredEnv('NOTIFY_QUEUE_URL')),
  controllerIds: POLICY_PROFILES.map((profile) => profile.controllerId),
  audienceShards: Number(requiredEnv('AUDIENCE_SHARDS')),
};

/** How far ahead of the clock a sweep may run: none on AWS beyond clock skew; any time in the local runtime. */
const MAX_LEAD_MS = process.env.ALLOW_SIMULATED_TIME === 'true' ? Number.POSITIVE_INFINITY : 5 * 60_000;

/** A sweep asked to run ahead of the clock: it would release holds and execute transfers early. */
export class SweepAheadOfClockError extends Error {
  constructor() {
    super('Refused to sweep as of a time ahead of the clock');
    this.name = 'SweepAheadOfClockError';
  }
}

/**
 * The sweep runs as of the schedule's time (the event's `time`), not the moment the function happens to
 * start: EventBridge sends that time, and locally it lets tests drive the sweeper in simulated time.
 */
function sweepTime(event: Partial<ScheduledEvent>): Date {
  const time = typeof event.time === 'string' ? new Date(event.time) : undefined;
  if (!time || Number.isNaN(time.getTime())) return new Date();
  if (time.getTime() > Date.now() + MAX_LEAD_MS) throw new SweepAheadOfClockError();
  return time;
}

/** Runs on a schedule: fires every timer that is due (intent notices, transfers, hold reminders, releases, erasure deadlines, breach filing reminders). */
export const handler = middy(async (event: Partial<ScheduledEvent>) => {
  try {
    const { fired } = await sweep(deps, sweepTime(event));
    logger.info('Swept timers', { fired: fired.length, timers: fired });
  } catch (error) {
    // Timer failures name disclosures and error types only; anything else may quote data, so only its name.
    if (error instanceof TimersFailedError || error instanceof SweepAheadOfClockError) {
      logger.error(error.message, error instanceof TimersFailedError ? { failures: error.failures } : {});
      throw error;
    }
    throw new RedactedError(error);
  }
}).use(injectLambdaContext(logger));
