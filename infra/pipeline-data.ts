import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EMAIL_INDEX } from '../shared/adapters/dynamo/subject-store';
import { DUE_INDEX } from '../shared/adapters/dynamo/timer-store';
import type { PipelineFunction } from './pipeline-function';

const MAX_RECEIVES_BEFORE_DLQ = 5;

const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
// No DeleteItem in these: evidence is append-only. The one delete is grantAudienceRemoval's, of audience items only.
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
/** Single-item writes (alone or inside TransactWriteItems, which IAM authorizes item by item). */
const ITEM_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Partition keys of a disclosure's items: its state, events, objections, counters, work markers and timers. */
/** Partitions the public function may write: a disclosure's (objections) and an erasure request's (confirmations). */
const PUBLIC_WRITE_PARTITIONS = ['C#*#D#*', 'C#*#E#*'];

export interface PipelineData {
  /** Encrypts the tables, queues, secret and alarm topic. */
  readonly key: Key;
  readonly table: Table;
  readonly linkSecret: Secret;
  readonly idempotencyTable: Table;
}

/** The key, the pipeline table with its indexes, the link-signing secret and the sender's idempotency table. */
export function pipelineData(scope: Construct): PipelineData {
  const key = new Key(scope, 'DataKey', {
    enableKeyRotation: true,
    description: 'Encrypts the disclosure pipeline table and queues',
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const table = new Table(scope, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Ledger entries by recipient (Art. 19: whom to tell of an erasure).
  table.addGlobalSecondaryIndex({
    indexName: 'byRecipient',
    partitionKey: { name: 'recipientPk', type: AttributeType.STRING },
    sortKey: { name: 'recipientSk', type: AttributeType.STRING },
  });

  // Timers by due time (intent notices, transfers, hold reminders, releases): sparse, one partition per controller.
  table.addGlobalSecondaryIndex({
    indexName: DUE_INDEX,
    partitionKey: { name: 'duePk', type: AttributeType.STRING },
    sortKey: { name: 'dueSk', type: AttributeType.STRING },
  });

  // Subject items by the hash of their address (a request typed on the controller's website): sparse, no address in it.
  table.addGlobalSecondaryIndex({
    indexName: EMAIL_INDEX,
    partitionKey: { name: 'emailLookup', type: AttributeType.STRING },
    projectionType: ProjectionType.INCLUDE,
    nonKeyAttributes: ['subjectId'],
  });

  // Signs the links subjects follow without an account (objections). Not rotated automatically: rotating
  // would break every link still in a mailbox; rotate by hand after a suspected leak.
  const linkSecret = new Secret(scope, 'LinkSigningSecret', {
    description: 'HMAC key for signed public links (objections)',
    encryptionKey: key,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const idempotencyTable = new Table(scope, 'IdempotencyTable', {
    partitionKey: { name: 'id', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: 'expiration',
    removalPolicy: RemovalPolicy.DESTROY,
  });

  return { key, table, linkSecret, idempotencyTable };
}

/** Reads and writes, batched ones included; never deletes. */
export function grantTable(data: PipelineData, fn: PipelineFunction): void {
  data.table.grant(fn, ...TABLE_READS, ...TABLE_WRITES);
  data.key.grantEncryptDecrypt(fn);
}

/** Reads (indexes included) and single-item writes, alone or in transactions; never batched writes, never deletes. */
export function grantTableItemWrites(data: PipelineData, fn: PipelineFunction): void {
  data.table.grant(fn, ...TABLE_READS, ...ITEM_WRITES);
  data.key.grantEncryptDecrypt(fn);
}

/** Reads items by key and nothing else: no query, no index, no write. */
export function grantItemReads(data: PipelineData, fn: PipelineFunction): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [data.table.tableArn] }));
  data.key.grantDecrypt(fn);
}

/** Partitions of erasure requests: a request's state, its events, its recipients and its timers. */
const ERASURE_PARTITIONS = ['C#*#E#*'];

/**
 * Writes erasure requests' items and nothing else, one item at a time (alone or in a transaction): the webhook
 * function records a delivery as an event of the request, with the request's sequence and the recipient's mark.
 */
export function grantErasureItemWrites(data: PipelineData, fn: PipelineFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ITEM_WRITES,
      resources: [data.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ERASURE_PARTITIONS } },
    }),
  );
  data.key.grantEncryptDecrypt(fn);
}

/** Partitions of breaches: a breach's state, its events, its subjects' notices, their counters and its work markers. */
const BREACH_PARTITIONS = ['C#*#B#*'];

/**
 * Reads and updates breaches' items and nothing else, one item at a time: the events function reads a subject's
 * notice of a breach and marks it bounced with its part's count, two updates in one transaction (IAM authorizes a
 * transaction's updates as UpdateItem; there is no action of its own).
 */
export function grantBreachItemAccess(data: PipelineData, fn: PipelineFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resources: [data.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': BREACH_PARTITIONS } },
    }),
  );
  data.key.grantEncryptDecrypt(fn);
}

/** Partitions of the audience shards: the only items any function deletes (a subject leaving for erasure). */
const AUDIENCE_PARTITIONS = ['C#*#AUDIENCE#*'];

/**
 * Deletes audience items and nothing else: an erasure takes the subject out of its controller's audience, so no
 * later disclosure reaches it (its contact data goes from the subject item later, by update).
 */
export function grantAudienceRemoval(data: PipelineData, fn: PipelineFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:DeleteItem'],
      resources: [data.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': AUDIENCE_PARTITIONS } },
    }),
  );
}

/**
 * The public function reads a disclosure, its counters and objections and the subject's locale (no index), and
 * writes only a disclosure's items: the objection event, the objection and the state's sequence, in one transaction.
 */
export function grantPublicTable(data: PipelineData, fn: PipelineFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      resources: [data.table.tableArn],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ITEM_WRITES,
      resources: [data.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PUBLIC_WRITE_PARTITIONS } },
    }),
  );
  data.key.grantEncryptDecrypt(fn);
}

export interface QueueWithDeadLetters {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * `<name>Queue`, whose messages move to `<name>DeadLetterQueue` after 5 failed receives; both encrypted with the key
 * and their URLs output for redrive.
 */
export function queueWithDeadLetters(scope: Construct, name: string, consumerTimeout: Duration, key: Key): QueueWithDeadLetters {
  const deadLetterQueue = new Queue(scope, `${name}DeadLetterQueue`, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, `${name}Queue`, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVES_BEFORE_DLQ },
  });
  // For `npm run redrive -- --from <dead-letter queue url> --to <queue url>`.
  new CfnOutput(scope, `${name}QueueUrl`, { value: queue.queueUrl });
  new CfnOutput(scope, `${name}DeadLetterQueueUrl`, { value: deadLetterQueue.queueUrl });
  return { queue, deadLetterQueue };
}
