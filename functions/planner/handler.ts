import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock } from '../../shared/domain/clock';
import { findProfile } from '../../shared/domain/policy/profiles';
import { planMessageSchema } from '../../shared/messages/pipeline-messages';
import { logger } from '../../shared/observability/logger';
import { RedactedError } from '../../shared/observability/redacted-error';
import { UnknownDisclosureError, planPart, type PlannerDependencies } from '../../shared/workflow/plan-part';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const sqs = new SQSClient({});
const deps: PlannerDependencies = {
  disclosures: new DisclosureStore(documentClient, tableName),
  subjects: new SubjectStore(documentClient, tableName, Number(requiredEnv('AUDIENCE_SHARDS'))),
  ledger: new LedgerStore(documentClient, tableName),
  planQueue: new SqsQueuePublisher(sqs, requiredEnv('PLAN_QUEUE_URL')),
  notifyQueue: new SqsQueuePublisher(sqs, requiredEnv('NOTIFY_QUEUE_URL')),
  findProfile,
  clock: systemClock,
};
const processor = new BatchProcessor(EventType.SQS);

/** Receives after which a plan for a disclosure still not recorded is taken for one whose recording failed. */
const RECEIVES_BEFORE_DROPPING_ORPHANS = 3;

async function planRecord(record: SQSRecord): Promise<void> {
  const message = planMessageSchema.parse(JSON.parse(record.body));
  try {
    const { subjects } = await planPart(deps, message);
    logger.info('Planned audience part', { disclosureId: message.disclosureId, subjectCount: subjects });
  } catch (error) {
    const orphan = error instanceof UnknownDisclosureError;
    if (!orphan || Number(record.attributes.ApproximateReceiveCount) < RECEIVES_BEFORE_DROPPING_ORPHANS) {
      throw new RedactedError(error);
    }
    logger.warn('Dropped the plan of a disclosure that was never recorded', { disclosureId: message.disclosureId });
  }
}

/** Plan queue consumer: one audience page per message; failed messages are reported, not the batch. */
export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, planRecord, processor, { context }),
).use(injectLambdaContext(logger));
