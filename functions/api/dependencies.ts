import { SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { BreachNoticeStore } from '../../shared/adapters/dynamo/breach-notice-store';
import { BreachStore } from '../../shared/adapters/dynamo/breach-store';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import { ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { TimerStore } from '../../shared/adapters/dynamo/timer-store';
import { linkSecretFrom } from '../../shared/adapters/secrets/link-secret';
import { SqsQueuePublisher, type QueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock, type Clock } from '../../shared/domain/clock';

export interface ApiDependencies {
  subjects: SubjectStore;
  recipients: RecipientStore;
  disclosures: DisclosureStore;
  ledger: LedgerStore;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  erasures: ErasureStore;
  erasureRecipients: ErasureRecipientStore;
  breaches: BreachStore;
  breachNotices: BreachNoticeStore;
  audienceShards: number;
  timers: TimerStore;
  clock: Clock;
  newId: () => string;
  /** The link-signing key, from which each recipient's webhook secret is derived. */
  linkSecret: () => Promise<Uint8Array>;
  /** Plain http webhook URLs are accepted only where the deployment allows them (the local runtime). */
  allowHttpWebhooks: boolean;
}

/** Built once per container, on first use, from the environment the stack sets. */
let dependencies: ApiDependencies | undefined;

export function apiDependencies(): ApiDependencies {
  if (dependencies) return dependencies;
  const tableName = requiredEnv('TABLE_NAME');
  const client = createDocumentClient();
  const sqs = new SQSClient({});
  const audienceShards = Number(requiredEnv('AUDIENCE_SHARDS'));
  // Read when first asked for: only the webhook-secret route and subject writes (their address lookup key) need it.
  const linkSecret = () => linkSecretFrom(requiredEnv('LINK_SECRET_ARN'))();
  dependencies = {
    subjects: new SubjectStore(client, tableName, audienceShards, linkSecret),
    recipients: new RecipientStore(client, tableName),
    disclosures: new DisclosureStore(client, tableName),
    ledger: new LedgerStore(client, tableName),
    planQueue: new SqsQueuePublisher(sqs, requiredEnv('PLAN_QUEUE_URL')),
    notifyQueue: new SqsQueuePublisher(sqs, requiredEnv('NOTIFY_QUEUE_URL')),
    erasures: new ErasureStore(client, tableName),
    erasureRecipients: new ErasureRecipientStore(client, tableName),
    breaches: new BreachStore(client, tableName),
    breachNotices: new BreachNoticeStore(client, tableName),
    audienceShards,
    timers: new TimerStore(client, tableName),
    clock: systemClock,
    newId: ulid,
    linkSecret,
    allowHttpWebhooks: process.env.ALLOW_HTTP_WEBHOOKS === 'true',
  };
  return dependencies;
}
