import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../../../scripts/local/template/cloudformation';
import { readPipelineModel } from '../../../scripts/local/template/pipeline-model';
import { account, endpoints, fragment } from './template-fragment';

const read = (template: CfnTemplate) => readPipelineModel(template, { account, endpoints, assetRoot: '/assembly' });

describe('readPipelineModel', () => {
  const model = read(fragment);

  it('reads the table with its keys, indexes and TTL, leaving encryption out', () => {
    expect(model.tables).toEqual([
      {
        logicalId: 'Table',
        tableName: 'Table',
        keySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        attributeDefinitions: expect.arrayContaining([{ AttributeName: 'audiencePk', AttributeType: 'S' }]),
        globalSecondaryIndexes: [
          { IndexName: 'audience', KeySchema: [{ AttributeName: 'audiencePk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
        localSecondaryIndexes: undefined,
        timeToLiveAttribute: 'expiration',
        streamViewType: undefined,
      },
    ]);
  });

  it('reads queues with the redrive policy pointing at the local dead-letter queue ARN, skipping inactive ones', () => {
    const planQueue = model.queues.find((queue) => queue.logicalId === 'PlanQueue');
    expect(planQueue).toEqual({
      logicalId: 'PlanQueue',
      name: 'PlanQueue',
      arn: 'arn:aws:sqs:eu-west-1:000000000000:PlanQueue',
      url: 'http://127.0.0.1:4566/000000000000/PlanQueue',
      attributes: {
        VisibilityTimeout: '360',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:DeadLetterQueue', maxReceiveCount: 5 }),
      },
    });
    expect(model.queues.map((queue) => queue.logicalId)).not.toContain('OnlyOutsideEurope');
  });

  it('reads the Node.js function with its resolved environment and reports the one it cannot run', () => {
    expect(model.functions).toEqual([
      expect.objectContaining({
        logicalId: 'PlannerFunction',
        codeDirectory: '/assembly/asset.planner',
        handler: 'index.handler',
        timeoutSeconds: 60,
        memoryMb: 512,
        logFormat: 'JSON',
        environment: {
          TABLE_NAME: 'Table',
          PLAN_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/PlanQueue',
          SES_CONFIGURATION_SET: 'ConfigurationSet',
          WHERE: 'eu-west-1/PlanQueue/${Literal}',
          OPTIONAL: 'eu',
          LINK_SECRET_ARN: expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:LinkSecret-[A-Za-z0-9]{6}$/),
          PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        },
      }),
    ]);
    expect(model.warnings).toEqual([expect.stringMatching(/^InlineFunction: only Node.js functions/)]);
  });

  it('reads the SQS event source mapping', () => {
    expect(model.queueMappings).toEqual([
      {
        logicalId: 'PlanMapping',
        functionLogicalId: 'PlannerFunction',
        queueLogicalId: 'PlanQueue',
        batchSize: 5,
        reportBatchItemFailures: true,
        maximumConcurrency: 10,
      },
    ]);
  });

  it('reads routes with their function and JWT requirements (local issuer and audience), and the CORS setup', () => {
    expect(model.httpApi.routes).toEqual([
      {
        routeKey: 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}',
        functionLogicalId: 'PlannerFunction',
        authorization: { type: 'JWT', issuer: 'https://issuer.local', audience: ['local-client'], scopes: ['disclosure-pipeline/subjects:write'] },
      },
      { routeKey: 'GET /v1/openapi.json', functionLogicalId: 'PlannerFunction', authorization: { type: 'NONE' } },
    ]);
    expect(model.httpApi.cors).toMatchObject({ allowOrigins: ['*'], allowHeaders: ['authorization'] });
  });

  it('reads each secret with a value generated per GenerateSecretString, under the ARN its Ref gives', () => {
    const [secret] = model.secrets;
    expect(model.secrets).toHaveLength(1);
    expect(secret).toMatchObject({ logicalId: 'LinkSecret', name: 'LinkSecret', arn: model.functions[0]!.environment.LINK_SECRET_ARN });
    expect(secret!.secretString).toMatch(/^[A-Za-z0-9]{64}$/);
    // A new value every start, as a freshly created secret would have.
    expect(read(fragment).secrets[0]!.secretString).not.toBe(secret!.secretString);
  });

  it('keeps a SecretString as given and reports rotation it does not emulate', () => {
    const withRotation: CfnTemplate = {
      ...fragment,
      Resources: {
        ...fragment.Resources,
        LinkSecret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'link-key', SecretString: '{"key":"fixed"}' } },
        Rotation: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'LinkSecret' } } },
      },
    };
    const { secrets, warnings } = read(withRotation);
    expect(secrets).toEqual([
      { logicalId: 'LinkSecret', name: 'link-key', arn: expect.stringMatching(/:secret:link-key-[A-Za-z0-9]{6}$/), secretString: '{"key":"fixed"}' },
    ]);
    expect(warnings).toContain('Rotation: secret rotation is not emulated; the secret keeps its first value');
  });

  it('reads the SES templates', () => {
    expect(model.emailTemplates).toEqual([{ name: 'notice-nl', subject: 'Hallo {{name}}', text: 'Tekst', html: '<p>Html</p>' }]);
  });

  it('reads rate schedules of EventBridge rules and EventBridge Scheduler that target local functions', () => {
    const withSchedules: CfnTemplate = {
      ...fragment,
      Resources: {
        ...fragment.Resources,
        SweeperRule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            ScheduleExpression: 'rate(5 minutes)',
            State: 'ENABLED',
            Targets: [{ Arn: { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] }, Id: 'Target0' }],
          },
        },
        DisabledRule: {
          Type: 'AWS::Events::Rule',
          Properties: { ScheduleExpression: 'rate(1 hour)', State: 'DISABLED', Targets: [{ Arn: { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] }, Id: 'T' }] },
        },
        NightlySchedule: {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            ScheduleExpression: 'rate(1 day)',
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] }, RoleArn: 'arn:aws:iam::000000000000:role/x', Input: '{"sweep":"retention"}' },
          },
        },
      },
    };
    expect(read(withSchedules).schedules).toEqual([
      {
        logicalId: 'SweeperRule',
        arn: 'arn:aws:events:eu-west-1:000000000000:rule/SweeperRule',
        expression: 'rate(5 minutes)',
        source: 'events-rule',
        targets: [{ functionLogicalId: 'PlannerFunction', input: undefined }],
      },
      {
        logicalId: 'NightlySchedule',
        arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/NightlySchedule',
        expression: 'rate(1 day)',
        source: 'scheduler',
        targets: [{ functionLogicalId: 'PlannerFunction', input: '{"sweep":"retention"}' }],
      },
    ]);
  });
});
