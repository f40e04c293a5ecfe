import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { BreachNoticeStore } from '../../shared/adapters/dynamo/breach-notice-store';
import { BreachStore } from '../../shared/adapters/dynamo/breach-store';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { TimerStore } from '../../shared/adapters/dynamo/timer-store';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock } from '../../shared/domain/clock';
import { findProfile } from '../../shared/domain/policy/profiles';
import { notifyMessageSchema, type NotifyMessage } from '../../shared/messages/pipeline-messages';
import { linkSecretFrom } from '../../shared/adapters/secrets/link-secret';
import { objectionLink } from '../../shared/domain/links/objection-link';
import type { Disclosure } from '../../shared/domain/disclosure/disclosure';
import { ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import {
  ErasureNotRecordedError,
  sendErasureVerification,
  type ErasureVerificationDependencies,
} from '../../shared/workflow/send-erasure-verification';
import { sendErasureExtension, type ErasureExtensionDependencies } from '../../shared/workflow/send-erasure-extension';
import { sendErasureLegalAlert, type ErasureLegalAlertDependencies } from '../../shared/workflow/send-erasure-legal-alert';
import {
  sendErasureVerificationReminder,
  type ErasureVerificationReminderDependencies,
} from '../../shared/workflow/send-erasure-verification-reminder';
import { sendErasureRejection, type ErasureRejectionDependencies } from '../../shared/workflow/send-erasure-rejection';
import { receivePublicErasure, type ReceivePublicErasureDependencies } from '../../shared/workflow/receive-public-erasure';
import { sendHoldReminder, type HoldReminderDependencies } from '../../shared/workflow/send-hold-reminder';
import { sendBreachFilingDraft, type BreachFilingDraftDependencies } from '../../shared/workflow/send-breach-filing-draft';
import { BreachDecisionNotRecordedError } from '../../shared/workflow/breach-decision-not-recorded';
import { sendBreachFilingReminder, type BreachFilingReminderDependencies } from '../../shared/workflow/send-breach-filing-reminder';
import { ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import { ErasureStepNotRecordedError } from '../../shared/workflow/erasure-step-not-recorded';
import { executeErasure, type ExecuteErasureDependencies } from '../../shared/workflow/execute-erasure';
import { sendErasureCompletion, type ErasureCompletionDependencies } from '../../shared/workflow/send-erasure-completion';
import { sendErasureRecipientNotice, type ErasureRecipientNoticeDependencies } from '../../shared/workflow/send-erasure-recipient-notice';
import {
  ObjectionNotRecordedError,
  sendObjectionConfirmation,
  type ObjectionConfirmationDependencies,
} from '../../shared/workflow/send-objection-confirmation';
import { logger } from '../../shared/observability/logger';
import { redactingErrors } from '../../shared/observability/redacted-error';
import { createPacer } from '../../shared/workflow/pacer';
import { sendChunk, type SenderDependencies } from '../../shared/workflow/send-chunk';
import { sendBreachChunk, type BreachSenderDependencies } from '../../shared/workflow/send-breach-chunk';
import { settleIfComplete } from '../../shared/workflow/settle-disclosure';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const sendRatePerSecond = Number(requiredEnv('SEND_RATE_PER_SECOND'));
// At rates below one per second a call carries one notice.
const pacer = createPacer(sendRatePerSecond);
const linkSecret = linkSecretFrom(requiredEnv('LINK_SECRET_ARN'));
const publicBaseUrl = requiredEnv('PUBLIC_BASE_URL');
const disclosureStore = new DisclosureStore(documentClient, tableName);
const deps = {
  disclosures: disclosureStore,
  subjects: new SubjectStore(documentClient, tableName, Number(requiredEnv('AUDIENCE_SHARDS'))),
  ledger: new LedgerStore(documentClient, tableName),
  // No SDK retries: a call that timed out may have been sent, and a retry would mail again. A failed
  // call fails the chunk, and the queue's retry mails only notices still queued.
  mailer: new SesMailer(new SESv2Client({ maxAttempts: 1 })),
  findProfile,
  pace: (messages) => pacer.take(messages),
  maxPerCall: Math.max(1, Math.floor(sendRatePerSecond)),
  clock: systemClock,
  configurationSet: process.env.SES_CONFIGURATION_SET,
  objectionUrl: async (disclosure: Disclosure, subjectId: string) => objectionLink(publicBaseUrl, disclosure, subjectId, await linkSecret()),
  erasures: new ErasureStore(documentClient, tableName),
  timers: new TimerStore(documentClient, tableName),
  publicBaseUrl,
  linkSecret,
  // A request typed on a controller's website becomes a request here, which queues its verification email.
  notifyQueue: new SqsQueuePublisher(new SQSClient({}), requiredEnv('NOTIFY_QUEUE_URL')),
  newId: ulid,
  erasureRecipients: new ErasureRecipientStore(documentClient, tableName),
  recipients: new RecipientStore(documentClient, tableName),
  // Recipients with a webhook are called through the webhook function's queue, when the stack has one.
  webhookQueue: process.env.WEBHOOK_QUEUE_URL ? new SqsQueuePublisher(new SQSClient({}), process.env.WEBHOOK_QUEUE_URL) : undefined,
  breaches: new BreachStore(documentClient, tableName),
  breachNotices: new BreachNoticeStore(documentClient, tableName),
} satisfies SenderDependencies &
  BreachSenderDependencies &
  ObjectionConfirmationDependencies &
  HoldReminderDependencies &
  ErasureVerificationDependencies &
  ErasureExtensionDependencies &
  ErasureVerificationReminderDependencies &
  ErasureLegalAlertDependencies &
  ErasureRejectionDependencies &
  ReceivePublicErasureDependencies &
  ExecuteErasureDependencies &
  ErasureRecipientNoticeDependencies &
  ErasureCompletionDependencies &
  BreachFilingDraftDependencies &
  BreachFilingReminderDependencies;

// A chunk is sent at most once: a second delivery of the same chunk of the same disclosure, even while the first is still
// running, gets the first one's result instead of a second email. A breach's work ids repeat from breach to breach
// (`filing-reminder#24`), so its id keys them; a disclosure's and an erasure's key is as it always was.
const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: '[controllerId, disclosureId || breachId, workId]',
  expiresAfterSeconds: 7 * 24 * 3600,
});
/** Each message type to its workflow; single emails are paced like chunks. */
async function send(message: NotifyMessage): Promise<Record<string, unknown>> {
  switch (message.type) {
    case 'notice-chunk':
      return { ...(await sendChunk(deps, message)) };
    case 'objection-confirmation':
      await deps.pace(1);
      return sendObjectionConfirmation(deps, message);
    case 'hold-reminder':
      await deps.pace(1);
      return sendHoldReminder(deps, message);
    case 'erasure-verification':
      await deps.pace(1);
      return sendErasureVerification(deps, message);
    case 'erasure-extension':
      await deps.pace(1);
      return sendErasureExtension(deps, message);
    case 'erasure-verification-reminder':
      await deps.pace(1);
      return sendErasureVerificationReminder(deps, message);
    case 'erasure-legal-alert':
      await deps.pace(1);
      return sendErasureLegalAlert(deps, message);
    case 'erasure-rejection':
      await deps.pace(1);
      return sendErasureRejection(deps, message);
    // Sends nothing itself: a request it records queues its verification email like any other.
    case 'public-erasure-request':
      return receivePublicErasure(deps, message);
    // Sends nothing itself: it queues the recipients' notices, or the completion email.
    case 'erasure-execution':
      return { ...(await executeErasure(deps, message)) };
    case 'erasure-recipient-notice':
      await deps.pace(1);
      return { ...(await sendErasureRecipientNotice(deps, message)) };
    case 'erasure-completion':
      await deps.pace(1);
      return sendErasureCompletion(deps, message);
    // Up to two emails each (the breach contact and the privacy address), paced as such.
    case 'breach-filing-draft':
      await deps.pace(2);
      return sendBreachFilingDraft(deps, message);
    case 'breach-filing-reminder':
      await deps.pace(2);
      return sendBreachFilingReminder(deps, message);
    // Paced per SendBulkEmail inside, like a disclosure's chunk.
    case 'breach-notice-chunk':
      return { ...(await sendBreachChunk(deps, message)) };
  }
}

const sendOnce = makeIdempotent(send, {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE_NAME') }),
  config: idempotencyConfig,
});
const processor = new BatchProcessor(EventType.SQS);

/** Receives after which a confirmation whose objection is still not recorded is taken for one whose recording failed. */
const RECEIVES_BEFORE_DROPPING_ORPHANS = 3;

async function sendRecord(record: SQSRecord): Promise<void> {
  await redactingErrors(async () => {
    const message = notifyMessageSchema.parse(JSON.parse(record.body));
    let result: Record<string, unknown>;
    try {
      result = await sendOnce(message);
    } catch (error) {
      const orphan =
        error instanceof ObjectionNotRecordedError ||
        error instanceof ErasureNotRecordedError ||
        error instanceof ErasureStepNotRecordedError ||
        error instanceof BreachDecisionNotRecordedError;
      if (!orphan || Number(record.attributes.ApproximateReceiveCount) < RECEIVES_BEFORE_DROPPING_ORPHANS) throw error;
      logger.warn('Dropped a message whose request was never recorded', { type: message.type, workId: message.workId });
      return;
    }
    logger.info('Sent', { type: message.type, workId: message.workId, ...result });
    // Outside the idempotent send: a failure here retries the settling, not the sending.
    if ('disclosureId' in message) await settleIfComplete(disclosureStore, systemClock, message.controllerId, message.disclosureId);
  });
}

/** Notify queue consumer: one SendBulkEmail per chunk of up to 50 subjects, paced below the SES rate. */
export const handler = middy(async (event: SQSEvent, context: Context) => {
  idempotencyConfig.registerLambdaContext(context);
  // One record after another: the pacer then holds the whole invocation below the send rate.
  const response = await processPartialResponse(event, sendRecord, processor, { context, processInParallel: false });
  await pacer.drain();
  return response;
}).use(injectLambdaContext(logger));
