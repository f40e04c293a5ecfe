import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { BreachNoticeStore } from '../../shared/adapters/dynamo/breach-notice-store';
import { BreachStore } from '../../shared/adapters/dynamo/breach-store';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock } from '../../shared/domain/clock';
import { findProfile } from '../../shared/domain/policy/profiles';
import { planQueueMessageSchema, type PlanQueueMessage } from '../../shared/messages/pipeline-messages';
import { logger } from '../../shared/observability/logger';
import { RedactedError } from '../../shared/observability/redacted-error';
import { BreachNoticesNotStartedError } from '../../shared/workflow/breach-notices-not-started';
import { planBreachPart, type BreachPlannerDependencies } from '../../shared/workflow/plan-breach-part';
import { UnknownDisclosureError, planPart, type PlannerDependencies } from '../../shared/workflow/plan-part';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const sqs = new SQSClient({});
const deps: PlannerDependencies & BreachPlannerDependencies = {
  disclosures: new DisclosureStore(documentClient, tableName),
  breaches: new BreachStore(documentClient, tableName),
  breachNotices: new BreachNoticeStore(documentClient, tableName),
  subjects: new SubjectStore(documentClient, tableName, Number(requiredEnv('AUDIENCE_SHARDS'))),
  ledger: new LedgerStore(documentClient, tableName),
  planQueue: new SqsQueuePublisher(sqs, requiredEnv('PLAN_QUEUE_URL')),
  notifyQueue: new SqsQueuePublisher(sqs, requiredEnv('NOTIFY_QUEUE_URL')),
  findProfile,
  clock: systemClock,
};
const processor = new BatchProcessor(EventType.SQS);

/** Receives after which a plan for a disclosure (or a breach's notices) still not recorded is taken for one whose recording failed. */
const RECEIVES_BEFORE_DROPPING_ORPHANS = 3;

/** A disclosure's audience page, or a page of a breach's subject notices. */
async function plan(message: PlanQueueMessage): Promise<void> {
  if ('type' in message) {
    const result = await planBreachPart(deps, message);
    logger.info('Planned breach notices part', { breachId: message.breachId, ...result });
    return;
  }
  const { subjects } = await planPart(deps, message);
  logger.info('Planned audience part', { disclosureId: message.disclosureId, subjectCount: subjects });
}

async function planRecord(record: SQSRecord): Promise<void> {
  const message = planQueueMessageSchema.parse(JSON.parse(record.body));
  try {
    await plan(message);
  } catch (error) {
    const orphan = error instanceof UnknownDisclosureError || error instanceof BreachNoticesNotStartedError;
    if (!orphan || Number(record.attributes.ApproximateReceiveCount) < RECEIVES_BEFORE_DROPPING_ORPHANS) {
      throw new RedactedError(error);
    }
    logger.warn('Dropped a plan whose disclosure or notices were never recorded', 'type' in message ? { breachId: message.breachId } : { disclosureId: message.disclosureId });
  }
}

/** Plan queue consumer: one audience page per message; failed messages are reported, not the batch. */
export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, planRecord, processor, { context }),
).use(injectLambdaContext(logger));
