import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../../scripts/local/template/cloudformation';
import { readPipelineModel } from '../../scripts/local/template/pipeline-model';
import { account, endpoints } from '../unit/local/template-fragment';
import { synthApp } from './synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
type Statement = { Effect?: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

describe('DisclosurePipeline stack', () => {
  const { template } = synthApp();
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const actionsOf = (statement: Statement) => [statement.Action].flat();

  /** The logical id of the function whose id starts with `Pipeline<name>Function`. */
  const functionId = (name: string) => {
    const ids = ofType('AWS::Lambda::Function').map(([id]) => id).filter((id) => id.startsWith(`Pipeline${name}Function`));
    expect(ids, name).toHaveLength(1);
    return ids[0]!;
  };
  /** Every IAM statement attached to a function's role. */
  const statementsOf = (name: string): Statement[] => {
    const roleId = resources[functionId(name)]!.Properties.Role['Fn::GetAtt'][0] as string;
    return ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
  };
  /** The functions (by name) whose role has a statement on a resource whose logical id starts with `prefix`. */
  const functionsReaching = (prefix: string) =>
    ['Api', 'Planner', 'Sender', 'Sweeper', 'Public', 'Webhook', 'Events'].filter((name) =>
      statementsOf(name).some((statement) => JSON.stringify(statement.Resource).includes(`"${prefix}`)),
    );
  const [[secretId, secret]] = ofType('AWS::SecretsManager::Secret') as [[string, Resources[string]]];
  const [[keyId]] = ofType('AWS::KMS::Key') as [[string, Resources[string]]];

  it('runs every function on Node 24, arm64', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(7);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('keeps the table encrypted with the KMS key, recoverable and retained', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('PipelineTable')) as [[string, Resources[string]]];
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(['byRecipient', 'byDue', 'byEmail']);
  });

  it('indexes subject items by the hash of their address in byEmail, projecting the subject id and no contact data', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('PipelineTable')) as [[string, Resources[string]]];
    const byEmail = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).find((index) => index.IndexName === 'byEmail');
    expect(byEmail).toEqual({
      IndexName: 'byEmail',
      KeySchema: [{ AttributeName: 'emailLookup', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['subjectId'] },
    });
    expect(table.Properties.AttributeDefinitions).toEqual(expect.arrayContaining([{ AttributeName: 'emailLookup', AttributeType: 'S' }]));
  });

  it('indexes armed timers by controller and due time in the byDue index the sweeper queries', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('PipelineTable')) as [[string, Resources[string]]];
    const byDue = (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).find((index) => index.IndexName === 'byDue');
    expect(byDue).toEqual({
      IndexName: 'byDue',
      KeySchema: [
        { AttributeName: 'duePk', KeyType: 'HASH' },
        { AttributeName: 'dueSk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'duePk', AttributeType: 'S' },
        { AttributeName: 'dueSk', AttributeType: 'S' },
      ]),
    );
  });

  it('lets no function scan the pipeline table, and delete only audience items, the sender alone (evidence is append-only)', () => {
    const tableStatements = ofType('AWS::IAM::Policy').flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[])
        .filter((statement) => JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'))
        .map((statement) => ({ policy: id, ...statement })),
    );
    expect(functionsReaching('PipelineTable0C1A5F45')).toEqual(['Api', 'Planner', 'Sender', 'Sweeper', 'Public', 'Webhook', 'Events']);
    for (const statement of tableStatements) expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
    const deletes = tableStatements.filter((statement) => [statement.Action].flat().includes('dynamodb:DeleteItem'));
    // An erasure takes the subject out of its audience shard: that delete, of those items, is the only one.
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.policy).toMatch(/^PipelineSenderFunction/);
    expect(deletes[0]).toMatchObject({
      Action: 'dynamodb:DeleteItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['C#*#AUDIENCE#*'] } },
    });
  });

  it('encrypts every queue with the KMS key and refuses non-TLS access to each', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(8);
    for (const [id, queue] of queues) {
      expect(queue.Properties.KmsMasterKeyId, id).toBeDefined();
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('moves a message to its DLQ after 5 receives, with visibility at least 6x the consumer timeout', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(4);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
      const functionId = mapping.Properties.FunctionName.Ref as string;
      const queue = resources[queueId]!;
      const consumer = resources[functionId]!;
      expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer.Properties.Timeout);
      const deadLetterId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterId, 'QueueName'] } }],
        Threshold: 1,
      });
    }
  });

  it('guards every /v1 route but the OpenAPI document with the Cognito JWT authorizer and a scope', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(36);
    const guarded = routes.filter(([, route]) => String(route.Properties.RouteKey).includes(' /v1/controllers/'));
    expect(guarded).toHaveLength(27);
    for (const [, route] of guarded) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizationScopes).toEqual([expect.stringMatching(/^disclosure-pipeline\/[a-z]+:(read|write)$/)]);
    }
    expect(Object.fromEntries(guarded.map(([, route]) => [route.Properties.RouteKey, route.Properties.AuthorizationScopes[0]]))).toMatchObject({
      'PUT /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': 'disclosure-pipeline/subjects:write',
      'GET /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': 'disclosure-pipeline/disclosures:read',
      'GET /v1/controllers/{controllerId}/policy': 'disclosure-pipeline/disclosures:read',
      'POST /v1/controllers/{controllerId}/disclosures/{disclosureId}/hold': 'disclosure-pipeline/disclosures:write',
      'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}/events': 'disclosure-pipeline/disclosures:read',
      'GET /v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret': 'disclosure-pipeline/recipients:write',
      'POST /v1/controllers/{controllerId}/breaches': 'disclosure-pipeline/breaches:write',
      'GET /v1/controllers/{controllerId}/breaches': 'disclosure-pipeline/breaches:read',
      'POST /v1/controllers/{controllerId}/breaches/{breachId}/filings': 'disclosure-pipeline/breaches:write',
      'GET /v1/controllers/{controllerId}/breaches/{breachId}/filing-draft': 'disclosure-pipeline/breaches:read',
      'POST /v1/controllers/{controllerId}/breaches/{breachId}/notices': 'disclosure-pipeline/breaches:write',
    });
    const unguarded = routes.filter(([, route]) => !String(route.Properties.RouteKey).includes(' /v1/controllers/'));
    expect(unguarded.map(([, route]) => route.Properties.RouteKey).sort()).toEqual([
      'GET /a/{token}',
      'GET /o/{token}',
      'GET /v/{token}',
      'GET /v1/openapi.json',
      'POST /a/{token}',
      'POST /o/{token}',
      'POST /v/{token}',
      'POST /v1/public/acks/{token}',
      'POST /v1/public/controllers/{controllerId}/erasures',
    ]);
    for (const [, route] of unguarded) {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'disclosure-pipeline',
      Scopes: Match.arrayWith([Match.objectLike({ ScopeName: 'controller:softmedex' })]),
    });
  });

  it('tells the alarm topic, KMS-encrypted, when a message lands in a dead-letter queue', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Resources[string]]];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('creates the SES configuration set and one notice template per locale', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    const names = ofType('AWS::SES::Template').map(([, resource]) => resource.Properties.Template.TemplateName);
    expect(names.sort()).toEqual([
      'breach-notice-en',
      'breach-notice-nl',
      'disclosure-intent-en',
      'disclosure-intent-nl',
      'disclosure-notice-en',
      'disclosure-notice-nl',
    ]);
  });

  it('lets only the sender send email, and only with the notice templates', () => {
    const policies = ofType('AWS::IAM::Policy');
    const sesStatements = policies.flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')))
        .map((statement) => ({ id, statement })),
    );
    expect(sesStatements.map(({ id }) => id)).toEqual([expect.stringMatching(/^PipelineSenderFunction/)]);
  });

  it('lets the sender send both bulk notices (SendBulkEmail) and single mails (SendEmail)', () => {
    const ses = statementsOf('Sender').filter((statement) => actionsOf(statement).some((action) => action.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!).sort()).toEqual(['ses:SendBulkEmail', 'ses:SendEmail']);
    const resources = JSON.stringify(ses[0]!.Resource);
    expect(resources).toContain(':identity/');
    expect(resources).toContain(':template/disclosure-*');
    expect(resources).toContain(':template/breach-notice-*');
    expect(resources).toContain(':configuration-set/');
  });

  it('keeps the link-signing secret encrypted with the data key and retained', () => {
    expect(ofType('AWS::SecretsManager::Secret')).toHaveLength(1);
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.DeletionPolicy).toBe('Retain');
  });

  it('lets only the functions that sign links or derive webhook secrets read the link-signing secret', () => {
    const readers = ['Api', 'Planner', 'Sender', 'Sweeper', 'Public', 'Webhook'].filter((name) =>
      statementsOf(name).some((statement) => JSON.stringify(statement.Resource).includes(`"${secretId}"`)),
    );
    expect(readers).toEqual(['Api', 'Sender', 'Public', 'Webhook']);
    for (const name of readers) {
      const statement = statementsOf(name).find((candidate) => JSON.stringify(candidate.Resource).includes(`"${secretId}"`))!;
      expect(actionsOf(statement).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      expect(resources[functionId(name)]!.Properties.Environment.Variables.LINK_SECRET_ARN).toEqual({ Ref: secretId });
    }
    // The data key decrypts the secret through Secrets Manager for these roles only.
    const keyStatements = resources[keyId]!.Properties.KeyPolicy.Statement as Statement[];
    const viaSecretsManagerForRoles = keyStatements.filter(
      (statement) => JSON.stringify(statement.Condition ?? {}).includes('secretsmanager.') && JSON.stringify(statement.Principal).includes('Role'),
    );
    expect(viaSecretsManagerForRoles.map((statement) => JSON.stringify(statement.Principal)).sort()).toEqual([
      expect.stringContaining('PipelineApiFunctionServiceRole'),
      expect.stringContaining('PipelinePublicFunctionServiceRole'),
      expect.stringContaining('PipelineSenderFunctionServiceRole'),
      expect.stringContaining('PipelineWebhookFunctionServiceRole'),
    ]);
    // Any other function's environment does not name it.
    for (const name of ['Planner', 'Sweeper']) {
      expect(resources[functionId(name)]!.Properties.Environment.Variables.LINK_SECRET_ARN, name).toBeUndefined();
    }
  });

  it('runs the sweeper every 5 minutes from an EventBridge rule, which may invoke it', () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0]!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId('Sweeper'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId('Sweeper'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('lets the sweeper queue plan and notify work, and send no email', () => {
    expect(functionsReaching('PipelinePlanQueue')).toEqual(['Api', 'Planner', 'Sweeper']);
    expect(statementsOf('Sweeper').flatMap(actionsOf).filter((action) => action.startsWith('ses:'))).toEqual([]);
  });

  it('answers the public routes with the public function, which cannot touch the plan queue or send email', () => {
    const publicFunction = functionId('Public');
    const publicRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, route]) => / \/o\/| \/v1\/public\/controllers\//.test(String(route.Properties.RouteKey)));
    expect(publicRoutes).toHaveLength(3);
    for (const [, route] of publicRoutes) {
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
      expect(resources[integrationId]!.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [publicFunction, 'Arn'] });
    }
    const statements = statementsOf('Public');
    expect(JSON.stringify(statements)).not.toContain('PipelinePlanQueue');
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('ses:'))).toEqual([]);
    // It hands objection confirmations to the sender through the notify queue, and no other queue.
    const sqsStatements = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')));
    expect(sqsStatements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^PipelineNotifyQueue/), 'Arn'] }]);
    expect(actionsOf(sqsStatements[0]!)).not.toContain('sqs:ReceiveMessage');
    expect(Object.keys(resources[publicFunction]!.Properties.Environment.Variables)).not.toContain('PLAN_QUEUE_URL');
  });

  it('gives each function every environment variable its handler requires', () => {
    const required: Record<string, string[]> = {
      Api: ['TABLE_NAME', 'AUDIENCE_SHARDS', 'PLAN_QUEUE_URL'],
      Planner: ['TABLE_NAME', 'AUDIENCE_SHARDS', 'PLAN_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
      Sender: [
        'TABLE_NAME',
        'AUDIENCE_SHARDS',
        'SEND_RATE_PER_SECOND',
        'LINK_SECRET_ARN',
        'PUBLIC_BASE_URL',
        'IDEMPOTENCY_TABLE_NAME',
        'SES_CONFIGURATION_SET',
        'NOTIFY_QUEUE_URL',
      ],
      Sweeper: ['TABLE_NAME', 'AUDIENCE_SHARDS', 'PLAN_QUEUE_URL', 'NOTIFY_QUEUE_URL'],
      Public: ['TABLE_NAME', 'AUDIENCE_SHARDS', 'NOTIFY_QUEUE_URL', 'LINK_SECRET_ARN'],
      Webhook: ['TABLE_NAME', 'AUDIENCE_SHARDS', 'LINK_SECRET_ARN', 'PUBLIC_BASE_URL', 'WEBHOOK_QUEUE_URL'],
    };
    for (const [name, variables] of Object.entries(required)) {
      expect(Object.keys(resources[functionId(name)]!.Properties.Environment.Variables), name).toEqual(expect.arrayContaining(variables));
    }
  });

  it('lets the sender send to the notify queue (a website request queues its verification email), never to the plan queue', () => {
    const variables = resources[functionId('Sender')]!.Properties.Environment.Variables;
    expect(variables.NOTIFY_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^PipelineNotifyQueue/) });
    expect(variables.PLAN_QUEUE_URL).toBeUndefined();
    const sends = statementsOf('Sender').filter((statement) => actionsOf(statement).includes('sqs:SendMessage'));
    expect(sends.map((statement) => statement.Resource)).toContainEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineNotifyQueue/), 'Arn'] });
    expect(JSON.stringify(sends)).not.toContain('PipelinePlanQueue');
  });

  it("calls recipients' webhooks from their own queue: the sender queues, the webhook function reads items by key and writes erasure requests' items only", () => {
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(([, candidate]) => candidate.Properties.FunctionName.Ref === functionId('Webhook')) as [
      [string, Resources[string]],
    ];
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineWebhookQueue/), 'Arn'] });
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const variables = resources[functionId('Webhook')]!.Properties.Environment.Variables;
    expect(variables.WEBHOOK_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^PipelineWebhookQueue/) });
    expect(variables.ALLOW_HTTP_WEBHOOKS).toBeUndefined();
    expect(resources[functionId('Sender')]!.Properties.Environment.Variables.WEBHOOK_QUEUE_URL).toEqual(variables.WEBHOOK_QUEUE_URL);
    expect(functionsReaching('PipelineWebhookQueue')).toEqual(['Sender', 'Webhook']);
    const sends = statementsOf('Sender').filter((statement) => actionsOf(statement).includes('sqs:SendMessage'));
    expect(sends.map((statement) => statement.Resource)).toContainEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineWebhookQueue/), 'Arn'] });
    const tableStatements = statementsOf('Webhook').filter((statement) => JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'));
    for (const statement of tableStatements) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['PipelineTable0C1A5F45', 'Arn'] });
    const writes = tableStatements.filter((statement) => actionsOf(statement).some((action) => /Put|Update|Write|Delete/.test(action)));
    // A delivery is recorded on the erasure request (C#<controller>#E#<erasure>), and nowhere else.
    expect(writes.flatMap(actionsOf).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(writes.map((statement) => statement.Condition)).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['C#*#E#*'] } }]);
    expect(tableStatements.filter((statement) => !writes.includes(statement)).flatMap(actionsOf)).toEqual(['dynamodb:GetItem']);
    // Ten seconds a call, a batch's in parallel, well inside its timeout (the queue's visibility is 6x it).
    expect(resources[functionId('Webhook')]!.Properties.Timeout).toBe(30);
  });

  it("hears SES's bounces and complaints through an encrypted, TLS-only topic that only the configuration set publishes to and only the events queue reads", () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic').filter(([id]) => id.startsWith('PipelineEmailEventsTopic')) as [[string, Resources[string]]];
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const [[, destination]] = ofType('AWS::SES::ConfigurationSetEventDestination') as [[string, Resources[string]]];
    expect(destination.Properties.EventDestination).toMatchObject({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: topicId } } });
    const [[configurationSetId]] = ofType('AWS::SES::ConfigurationSet') as [[string, Resources[string]]];
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configurationSetId });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' }, Condition: { StringEquals: Match.objectLike({ 'AWS:SourceArn': Match.anyValue() }) } }),
        ]),
      },
    });
    // SES encrypts what it publishes with the data key, for this configuration set only.
    const keyStatements = resources[keyId]!.Properties.KeyPolicy.Statement as Statement[];
    const ses = keyStatements.filter((statement) => JSON.stringify(statement.Principal).includes('ses.amazonaws.com'));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(JSON.stringify(ses[0]!.Condition)).toContain('configuration-set/');
    const [[, subscription]] = ofType('AWS::SNS::Subscription') as [[string, Resources[string]]];
    expect(subscription.Properties).toMatchObject({ Protocol: 'sqs', TopicArn: { Ref: topicId }, Endpoint: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineEventsQueue/), 'Arn'] } });
    expect(functionsReaching('PipelineEventsQueue')).toEqual(['Events']);
    // The local runtime follows the same route, so a scenario's bounce reaches the events function as on AWS.
    const local = readPipelineModel(template.toJSON() as CfnTemplate, { account, endpoints, assetRoot: '/assembly' });
    expect(local.emailEventRoutes).toEqual([
      expect.objectContaining({ eventTypes: ['bounce', 'complaint'], queues: [expect.objectContaining({ queueLogicalId: expect.stringMatching(/^PipelineEventsQueue/), rawMessageDelivery: false })] }),
    ]);
  });

  it("records bounces with the events function, which reads and updates breaches' items and nothing else, from its own queue", () => {
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping').filter(([, candidate]) => candidate.Properties.FunctionName.Ref === functionId('Events')) as [
      [string, Resources[string]],
    ];
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineEventsQueue/), 'Arn'] });
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const statements = statementsOf('Events');
    const tableStatements = statements.filter((statement) => JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'));
    expect(tableStatements).toHaveLength(1);
    expect(tableStatements[0]!.Resource).toEqual({ 'Fn::GetAtt': ['PipelineTable0C1A5F45', 'Arn'] });
    // markBounced: a read, then two updates in one transaction (authorized as UpdateItem each); nothing else.
    expect(actionsOf(tableStatements[0]!).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(tableStatements[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['C#*#B#*'] } });
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('ses:') || action === 'sqs:SendMessage')).toEqual([]);
    expect(Object.keys(resources[functionId('Events')]!.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME']));
  });

  it('tells the sender where the public links point: the API endpoint', () => {
    const [[apiId]] = ofType('AWS::ApiGatewayV2::Api') as [[string, Resources[string]]];
    const variables = resources[functionId('Sender')]!.Properties.Environment.Variables;
    expect(variables.PUBLIC_BASE_URL).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
  });

  describe('the public routes, which anyone can call', () => {
    const [[stageId, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resources[string]]];
    const publicRouteIds = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, route]) => /^(GET|POST) \/(o|v|a|v1\/public)\//.test(String(route.Properties.RouteKey)))
      .map(([id]) => id);

    it('are throttled per route, below and apart from the stage limit the /v1 routes use', () => {
      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
      expect(stage.Properties.RouteSettings).toEqual({
        'GET /o/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /o/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'GET /v/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /v/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /v1/public/controllers/{controllerId}/erasures': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'GET /a/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /a/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /v1/public/acks/{token}': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      });
      // API Gateway rejects route settings for a route key that does not exist yet.
      expect(publicRouteIds).toHaveLength(8);
      expect((template.toJSON().Resources[stageId] as { DependsOn?: string[] }).DependsOn).toEqual(expect.arrayContaining(publicRouteIds));
    });

    it('run on a function with 5 reserved concurrent executions', () => {
      expect(resources[functionId('Public')]!.Properties.ReservedConcurrentExecutions).toBe(5);
      expect(resources[functionId('Sweeper')]!.Properties.ReservedConcurrentExecutions).toBe(1);
      for (const name of ['Api', 'Planner', 'Sender']) {
        expect(resources[functionId(name)]!.Properties.ReservedConcurrentExecutions, name).toBeUndefined();
      }
    });

    it('reach the table through the public function only as far as an objection needs', () => {
      const tableStatements = statementsOf('Public').filter((statement) => JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'));
      // No index, and the table's own ARN only.
      expect(JSON.stringify(tableStatements)).not.toContain('/index/');
      for (const statement of tableStatements) expect(statement.Resource).toEqual({ 'Fn::GetAtt': ['PipelineTable0C1A5F45', 'Arn'] });
      const actions = tableStatements.flatMap(actionsOf);
      expect(actions.sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      expect(actions).not.toContain('dynamodb:BatchWriteItem');
      // Every statement that writes is limited to a disclosure's partitions (C#<controller>#D#<disclosure>).
      const writes = tableStatements.filter((statement) => actionsOf(statement).some((action) => /Put|Update|Write/.test(action)));
      expect(writes).toHaveLength(1);
      expect(writes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['C#*#D#*', 'C#*#E#*'] } });
      // Reads carry no condition (the subject's locale lives in C#<controller>#S#<subject>) but include no write.
      const reads = tableStatements.filter((statement) => statement !== writes[0]);
      expect(reads.flatMap(actionsOf).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
      // And it encrypts and decrypts with the data key.
      const kms = statementsOf('Public').filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
      expect(kms.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
      expect(actionsOf(kms[0]!)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']));
    });

    it('are logged without the caller\'s address, user agent or path (the path holds the signed link)', () => {
      const format = stage.Properties.AccessLogSettings.Format as string;
      expect(format).not.toMatch(/sourceIp|userAgent|\$context\.path\b|\$context\.identity/);
      expect(JSON.parse(format)).toEqual({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        requestTime: '$context.requestTime',
        responseLength: '$context.responseLength',
        integrationLatency: '$context.integrationLatency',
        integrationErrorMessage: '$context.integrationErrorMessage',
      });
      expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineApiAccessLogs/), 'Arn'] });
    });
  });

  it('gives the sweeper every table grant it uses but BatchWriteItem, with the byDue index', () => {
    const tableStatements = statementsOf('Sweeper').filter((statement) => JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'));
    const actions = tableStatements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    expect(JSON.stringify(tableStatements)).toContain('/index/*');
  });

  describe('alarms on the alarm topic', () => {
    const [[topicId]] = ofType('AWS::SNS::Topic') as [[string, Resources[string]]];
    const alarmsOn = (fnName: string) =>
      ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) => JSON.stringify(alarm.Properties).includes(`"${functionId(fnName)}"`));

    it.each(['Api', 'Public'])('counts every 5xx the %s function answers: errors, throttles and the failures its handler logs', (name) => {
      const alarms = alarmsOn(name);
      expect(alarms).toHaveLength(1);
      const [, alarm] = alarms[0]!;
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
      const metrics = alarm.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: Record<string, any> } }[];
      const stat = (id: string) => metrics.find((metric) => metric.Id === id)!.MetricStat!.Metric;
      expect(metrics.find((metric) => metric.Expression)!.Expression).toBe('FILL(errors, 0) + FILL(throttles, 0) + FILL(logged, 0)');
      expect(stat('errors')).toEqual({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }] });
      expect(stat('throttles')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles' });
      // The handler answers 500 to what it did not expect after logging it at ERROR; Lambda counts no error then.
      const logged = stat('logged');
      const logGroupId = resources[functionId(name)]!.Properties.LoggingConfig.LogGroup.Ref as string;
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: logGroupId },
        FilterPattern: '{ $.level = "ERROR" }',
        MetricTransformations: [{ MetricNamespace: logged.Namespace, MetricName: logged.MetricName, MetricValue: '1' }],
      });
    });

    it('alarms when the sweeper stops running: fewer than 1 invocation in 15 minutes, missing data breaching', () => {
      const heartbeat = alarmsOn('Sweeper').filter(([, alarm]) => alarm.Properties.MetricName === 'Invocations');
      expect(heartbeat).toHaveLength(1);
      expect(heartbeat[0]![1].Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 900,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      // Its errors keep their own alarm.
      expect(alarmsOn('Sweeper').map(([, alarm]) => alarm.Properties.MetricName).sort()).toEqual(['Errors', 'Invocations']);
    });
  });

  it("gives each controller a legal team client without the override scope and an exception approver client with it", () => {
    const [[resourceServerId]] = ofType('AWS::Cognito::UserPoolResourceServer') as [[string, Resources[string]]];
    const scopesOf = (client: Resources[string]) =>
      (client.Properties.AllowedOAuthScopes as { 'Fn::Join': [string, [{ Ref: string }, string]] }[]).map((scope) => {
        expect(scope['Fn::Join'][1][0]).toEqual({ Ref: resourceServerId });
        return scope['Fn::Join'][1][1].replace(/^\//, '');
      });
    const clients = ofType('AWS::Cognito::UserPoolClient');
    const controllers = ['dentists4dentists', 'dsoft', 'etsoft', 'softmedex', 'softshop'];
    expect(clients).toHaveLength(2 * controllers.length);
    for (const controllerId of controllers) {
      const legalTeam = clients.filter(([id]) => id.startsWith(`PipelineClientPoolLegalTeamClient${controllerId}`));
      const approver = clients.filter(([id]) => id.startsWith(`PipelineClientPoolExceptionApproverClient${controllerId}`));
      expect(legalTeam, controllerId).toHaveLength(1);
      expect(approver, controllerId).toHaveLength(1);
      expect(scopesOf(legalTeam[0]![1]).sort()).toEqual(
        [
          'breaches:read',
          'breaches:write',
          'disclosures:read',
          'disclosures:write',
          'erasures:read',
          'erasures:write',
          'recipients:write',
          'subjects:write',
          `controller:${controllerId}`,
        ].sort(),
      );
      expect(scopesOf(approver[0]![1]).sort()).toEqual(
        ['disclosures:override', 'disclosures:read', 'disclosures:write', `controller:${controllerId}`].sort(),
      );
      for (const [, client] of [...legalTeam, ...approver]) {
        expect(client.Properties.AllowedOAuthFlows).toEqual(['client_credentials']);
        expect(client.Properties.GenerateSecret).toBe(true);
      }
    }
    const holders = clients.filter(([, client]) => scopesOf(client).includes('disclosures:override')).map(([id]) => id);
    expect(holders).toHaveLength(controllers.length);
    expect(holders.every((id) => id.startsWith('PipelineClientPoolExceptionApproverClient'))).toBe(true);
    // The authorizer accepts tokens of every client.
    const [[, authorizer]] = ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Resources[string]]];
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(clients.length);
    // The resource server defines the override scope; no route requires it (the API checks it itself).
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Scopes: Match.arrayWith([Match.objectLike({ ScopeName: 'disclosures:override' })]),
    });
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      expect(route.Properties.AuthorizationScopes ?? []).not.toContain('disclosure-pipeline/disclosures:override');
    }
  });
});

describe.each([1, 14, 50, 1000])('the sender at an SES account rate of %d per second', (sesMaxSendRate) => {
  // Bundling is skipped: only the sender's settings matter here.
  const app = new App({ context: { sesMaxSendRate: String(sesMaxSendRate), 'aws:cdk:bundling-stacks': [] } });
  const { stack } = buildApp(app);
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const [mapping] = Object.entries(resources).filter(
    ([id, resource]) => id.startsWith('PipelineSender') && resource.Type === 'AWS::Lambda::EventSourceMapping',
  )[0]!.slice(1) as [Resources[string]];
  const sender = resources[mapping.Properties.FunctionName.Ref]!;
  const queue = resources[mapping.Properties.EventSourceArn['Fn::GetAtt'][0]]!;
  const ratePerSender = Number(sender.Properties.Environment.Variables.SEND_RATE_PER_SECOND);

  it('keeps all senders together below the account rate', () => {
    expect(ratePerSender * mapping.Properties.ScalingConfig.MaximumConcurrency).toBeLessThan(sesMaxSendRate);
  });

  it('gives a batch no more chunks than a sender can mail in half its timeout, and the queue 6x that timeout', () => {
    expect((mapping.Properties.BatchSize * 50) / ratePerSender).toBeLessThanOrEqual(sender.Properties.Timeout / 2);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * sender.Properties.Timeout);
  });
});

describe('sender domains', () => {
  const synth = (senderDomains: string) =>
    buildApp(new App({ context: { senderDomains, 'aws:cdk:bundling-stacks': [] } })).stack;
  const allFive = 'softmedex.com, softshop.nl,d-4-d.com,etsoft.nl,dsoft.be';

  it('verifies each domain in SES and lets the sender send only from those identities', () => {
    const resources = Template.fromStack(synth(allFive)).toJSON().Resources as Resources;
    const identities = Object.values(resources).filter((resource) => resource.Type === 'AWS::SES::EmailIdentity');
    expect(identities.map((identity) => identity.Properties.EmailIdentity).sort()).toEqual(
      ['d-4-d.com', 'dsoft.be', 'etsoft.nl', 'softmedex.com', 'softshop.nl'],
    );
    const sesStatements = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
    const identityArns = JSON.stringify(sesStatements.map((statement) => statement.Resource));
    expect(identityArns).toContain(':identity/dsoft.be');
    expect(identityArns).not.toContain(':identity/*');
  });

  it('fails synth, naming the controller, when a profile sends from a domain that is not verified', () => {
    expect(() => synth('softmedex.com,softshop.nl,d-4-d.com,etsoft.nl')).toThrow(/dsoft sends from privacy@dsoft\.be/);
  });
});

describe('publicBaseUrl', () => {
  const synth = (context: Record<string, string>) =>
    buildApp(new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } })).stack;
  const senderVariables = (stack: ReturnType<typeof synth>) => {
    const resources = Template.fromStack(stack).toJSON().Resources as Resources;
    const [sender] = Object.entries(resources).filter(([id, resource]) => id.startsWith('PipelineSenderFunction') && resource.Type === 'AWS::Lambda::Function');
    return sender![1].Properties.Environment.Variables as Record<string, unknown>;
  };

  it("points the notices' links at the deployer's custom domain when given", () => {
    expect(senderVariables(synth({ publicBaseUrl: 'https://privacy.example.com' })).PUBLIC_BASE_URL).toBe('https://privacy.example.com');
    // A trailing slash is no path.
    expect(senderVariables(synth({ publicBaseUrl: 'https://privacy.example.com/' })).PUBLIC_BASE_URL).toBe('https://privacy.example.com');
  });

  it('points them at the API endpoint without it', () => {
    expect(senderVariables(synth({})).PUBLIC_BASE_URL).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineApi[0-9A-F]{8}$/), 'ApiEndpoint'] });
  });

  it.each(['http://privacy.example.com', 'https://privacy.example.com/links', 'https://privacy.example.com?x=1', 'privacy.example.com', 'not a url'])(
    'fails synth, saying what it needs, for %s',
    (publicBaseUrl) => {
      expect(() => synth({ publicBaseUrl })).toThrow(/publicBaseUrl must be an https URL without a path/);
    },
  );
});
