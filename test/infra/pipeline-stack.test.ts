import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { describe, expect, it } from 'vitest';
import { synthApp } from './synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

describe('DisclosurePipeline stack', () => {
  const { template } = synthApp();
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

  it('runs every function on Node 24, arm64', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(3);
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
    expect(table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(['byRecipient']);
  });

  it('lets no function delete from or scan the pipeline table (evidence is append-only)', () => {
    const tableStatements = ofType('AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((statement) =>
        JSON.stringify(statement.Resource).includes('PipelineTable0C1A5F45'),
      ),
    );
    expect(tableStatements.length).toBe(3);
    for (const statement of tableStatements) {
      expect([statement.Action].flat()).not.toContain('dynamodb:DeleteItem');
      expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
    }
  });

  it('encrypts every queue with the KMS key and refuses non-TLS access to each', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues).toHaveLength(4);
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
    expect(mappings).toHaveLength(2);
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
    const guarded = routes.filter(([, route]) => route.Properties.RouteKey !== 'GET /v1/openapi.json');
    expect(guarded).toHaveLength(6);
    for (const [, route] of guarded) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizationScopes).toEqual([expect.stringMatching(/^disclosure-pipeline\/[a-z]+:(read|write)$/)]);
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
    expect(names.sort()).toEqual(['disclosure-notice-en', 'disclosure-notice-nl']);
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
