import type { AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement, LocalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { type ReadContext, activeResources } from './read-context';

export interface LocalTable {
  logicalId: string;
  tableName: string;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  globalSecondaryIndexes?: GlobalSecondaryIndex[];
  localSecondaryIndexes?: LocalSecondaryIndex[];
  timeToLiveAttribute?: string;
  streamViewType?: string;
}

export interface LocalQueue {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  /** SQS queue attributes as CreateQueue takes them (strings; RedrivePolicy as JSON). */
  attributes: Record<string, string>;
}

export interface LocalEmailTemplate {
  name: string;
  subject?: string;
  text?: string;
  html?: string;
}

/**
 * Tables as DynamoDB Local creates them. Encryption (SSESpecification), point-in-time recovery, deletion
 * protection and billing mode have no local meaning and are left out.
 */
export function readTables(context: ReadContext): LocalTable[] {
  return activeResources(context, 'AWS::DynamoDB::Table').map(({ logicalId, props }) => {
    const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    const stream = props.StreamSpecification as { StreamViewType?: string } | undefined;
    const indexes = (props.GlobalSecondaryIndexes as GlobalSecondaryIndex[] | undefined)?.map(
      ({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }),
    );
    if (stream) context.warn(`${logicalId}: the table stream is created, but no local poller reads it`);
    return {
      logicalId,
      tableName: context.references.physicalName(logicalId),
      keySchema: props.KeySchema as KeySchemaElement[],
      attributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
      globalSecondaryIndexes: indexes,
      localSecondaryIndexes: props.LocalSecondaryIndexes as LocalSecondaryIndex[] | undefined,
      timeToLiveAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
      streamViewType: stream?.StreamViewType,
    };
  });
}

/** The CreateQueue attributes the local queue keeps; KMS settings are stored-only in fauxqs and left out. */
const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

export function readQueues(context: ReadContext): LocalQueue[] {
  return activeResources(context, 'AWS::SQS::Queue').map(({ logicalId, props }) => {
    const attributes: Record<string, string> = {};
    for (const name of QUEUE_ATTRIBUTES) {
      if (props[name] !== undefined) attributes[name] = String(props[name]);
    }
    // The redrive policy carries the dead-letter queue's (local) ARN; fauxqs moves a message there
    // once it has been received more than maxReceiveCount times, as SQS does.
    if (props.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(props.RedrivePolicy);
    return {
      logicalId,
      name: context.references.physicalName(logicalId),
      arn: context.references.getAtt(logicalId, 'Arn'),
      url: context.references.ref(logicalId),
      attributes,
    };
  });
}

/**
 * SES templates, created in the emulator at start. Configuration sets are not read: aws-ses-v2-local
 * accepts a ConfigurationSetName on a send and ignores it, so there is nothing to create.
 */
export function readEmailTemplates(context: ReadContext): LocalEmailTemplate[] {
  return activeResources(context, 'AWS::SES::Template').map(({ logicalId, props }) => {
    const template = props.Template as { TemplateName?: string; SubjectPart?: string; TextPart?: string; HtmlPart?: string };
    return {
      name: template.TemplateName ?? context.references.physicalName(logicalId),
      subject: template.SubjectPart,
      text: template.TextPart,
      html: template.HtmlPart,
    };
  });
}
