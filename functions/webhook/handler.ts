import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import { ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { FetchWebhookClient } from '../../shared/adapters/http/webhook-client';
import { linkSecretFrom } from '../../shared/adapters/secrets/link-secret';
import { delayNextReceive } from '../../shared/adapters/sqs/retry-delay';
import { systemClock } from '../../shared/domain/clock';
import { findProfile } from '../../shared/domain/policy/profiles';
import { webhookRetryDelaySeconds } from '../../shared/domain/webhooks/retry-backoff';
import { webhookCallSchema } from '../../shared/messages/pipeline-messages';
import { logger } from '../../shared/observability/logger';
import { RedactedError, redactingErrors } from '../../shared/observability/redacted-error';
import {
  callRecipientWebhook,
  WebhookDeliveryError,
  WebhookRecipientNotRecordedError,
  type WebhookCallDependencies,
} from '../../shared/workflow/call-recipient-webhook';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const sqs = new SQSClient({});
const webhookQueueUrl = requiredEnv('WEBHOOK_QUEUE_URL');
// Set by the local runtime only, so a scenario can serve a webhook on http://127.0.0.1; never on AWS.
const allowHttpWebhooks = process.env.ALLOW_HTTP_WEBHOOKS === 'true';
const deps: WebhookCallDependencies = {
  erasures: new ErasureStore(documentClient, tableName),
  erasureRecipients: new ErasureRecipientStore(documentClient, tableName),
  recipients: new RecipientStore(documentClient, tableName),
  subjects: new SubjectStore(documentClient, tableName, Number(requiredEnv('AUDIENCE_SHARDS'))),
  webhooks: new FetchWebhookClient({ allowInternalAddresses: allowHttpWebhooks }),
  findProfile,
  linkSecret: linkSecretFrom(requiredEnv('LINK_SECRET_ARN')),
  publicBaseUrl: requiredEnv('PUBLIC_BASE_URL'),
  clock: systemClock,
  allowHttpWebhooks,
};

/** Receives after which a call whose request or recipient is still not recorded is taken for one whose recording failed. */
const RECEIVES_BEFORE_DROPPING_ORPHANS = 3;

async function callRecord(record: SQSRecord): Promise<void> {
  const message = await redactingErrors(async () => webhookCallSchema.parse(JSON.parse(record.body)));
  const ids = { erasureId: message.erasureId, recipientId: message.recipientId, step: message.step, workId: message.workId };
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  try {
    const outcome = await callRecipientWebhook(deps, message);
    logger.info(outcome.called ? 'Webhook delivered' : 'Webhook not needed', { ...ids, ...outcome });
  } catch (error) {
    if (error instanceof WebhookRecipientNotRecordedError && receiveCount >= RECEIVES_BEFORE_DROPPING_ORPHANS) {
      logger.warn('Dropped a webhook call whose request or recipient was never recorded', ids);
      return;
    }
    // Backs off before failing: the message stays invisible this long, then comes back; after 5 receives, the dead-letter queue.
    const retryInSeconds = webhookRetryDelaySeconds(receiveCount);
    await delayNextReceive(sqs, webhookQueueUrl, record.receiptHandle, retryInSeconds);
    // A delivery error says only a status code or the kind of failure; any other keeps its name, never its message.
    const failure = error instanceof WebhookDeliveryError ? error : new RedactedError(error);
    logger.warn('Webhook call failed', { ...ids, receiveCount, retryInSeconds, error: failure.message });
    throw failure;
  }
}

const processor = new BatchProcessor(EventType.SQS);

/**
 * Webhook queue consumer: one signed call per message to the recipient's webhook, its delivery recorded on the
 * erasure request; a failed call is retried with backoff.
 */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  // A recipient that is down fails its records, not the function: they are reported, held back and retried.
  processPartialResponse(event, callRecord, processor, { context, throwOnFullBatchFailure: false }),
).use(injectLambdaContext(logger));
