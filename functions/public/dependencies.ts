import { SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { ErasureRecipientStore } from '../../shared/adapters/dynamo/erasure-recipient-store';
import { ErasureStore } from '../../shared/adapters/dynamo/erasure-store';
import { LedgerStore } from '../../shared/adapters/dynamo/ledger-store';
import { RecipientStore } from '../../shared/adapters/dynamo/recipient-store';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { TimerStore } from '../../shared/adapters/dynamo/timer-store';
import { linkSecretFrom } from '../../shared/adapters/secrets/link-secret';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock, type Clock } from '../../shared/domain/clock';
import type { PolicyProfile } from '../../shared/domain/policy/policy-profile';
import { findProfile } from '../../shared/domain/policy/profiles';

export interface PublicDependencies {
  disclosures: DisclosureStore;
  erasures: ErasureStore;
  /** The recipients of erasure requests, who answer through `/a/{token}` or the callback. */
  erasureRecipients: ErasureRecipientStore;
  /** Before a request completes, the subject's ledger and the recipients it names: one the request does not hold yet is told too. */
  ledger: LedgerStore;
  recipients: RecipientStore;
  timers: TimerStore;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  subjects: SubjectStore;
  notifyQueue: SqsQueuePublisher;
  linkSecret: () => Promise<Uint8Array>;
  clock: Clock;
  newId: () => string;
}

/** Built once per container, on first use, from the environment the stack sets. */
let dependencies: PublicDependencies | undefined;

export function publicDependencies(): PublicDependencies {
  if (dependencies) return dependencies;
  const tableName = requiredEnv('TABLE_NAME');
  const client = createDocumentClient();
  dependencies = {
    disclosures: new DisclosureStore(client, tableName),
    erasures: new ErasureStore(client, tableName),
    erasureRecipients: new ErasureRecipientStore(client, tableName),
    ledger: new LedgerStore(client, tableName),
    recipients: new RecipientStore(client, tableName),
    timers: new TimerStore(client, tableName),
    findProfile,
    subjects: new SubjectStore(client, tableName, Number(requiredEnv('AUDIENCE_SHARDS'))),
    notifyQueue: new SqsQueuePublisher(new SQSClient({}), requiredEnv('NOTIFY_QUEUE_URL')),
    linkSecret: linkSecretFrom(requiredEnv('LINK_SECRET_ARN')),
    clock: systemClock,
    newId: ulid,
  };
  return dependencies;
}
