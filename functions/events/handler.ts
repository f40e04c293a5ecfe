import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { BreachNoticeStore } from '../../shared/adapters/dynamo/breach-notice-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { sesEventFromQueueBody } from '../../shared/messages/ses-events';
import { logger } from '../../shared/observability/logger';
import { RedactedError } from '../../shared/observability/redacted-error';
import { BounceBeforeSettledError, recordBounce, type RecordBounceDependencies } from '../../shared/workflow/record-bounce';

const documentClient = createDocumentClient();
const deps: RecordBounceDependencies = {
  breachNotices: new BreachNoticeStore(documentClient, requiredEnv('TABLE_NAME')),
};

/**
 * One SES event: its type, the outcome and the notice's ids are logged, never the event, which holds addresses.
 * A failure keeps only its error's name: a parse error may quote the body.
 */
async function recordEvent(record: SQSRecord): Promise<void> {
  try {
    const event = sesEventFromQueueBody(record.body);
    if (!event) {
      logger.info('Ignored an SNS message that is no notification');
      return;
    }
    const recorded = await recordBounce(deps, event);
    const bounceType = event.bounce?.bounceType;
    if (recorded.outcome === 'ignored') logger.info('Email event ignored', { eventType: event.eventType, bounceType, reason: recorded.reason });
    else logger.info('Breach notice bounce recorded', { eventType: event.eventType, bounceType, ...recorded.notice, result: recorded.result });
  } catch (error) {
    const failure = new RedactedError(error);
    const notice = error instanceof BounceBeforeSettledError ? error.notice : {};
    logger.warn('Email event not recorded', { ...notice, error: failure.name, receiveCount: Number(record.attributes.ApproximateReceiveCount) });
    throw failure;
  }
}

const processor = new BatchProcessor(EventType.SQS);

/**
 * Events queue consumer: what SES says of the mail it took, as the email events topic hands it on. A permanent
 * bounce of a breach notice marks the subject's notice bounced (idempotent: once, counted once); the rest is
 * acknowledged. A record that fails (the table, a notice not settled yet) is reported and comes back.
 */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordEvent, processor, { context, throwOnFullBatchFailure: false }),
).use(injectLambdaContext(logger));
