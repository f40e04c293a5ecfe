import type { CfnTemplate } from '../../../scripts/local/template/cloudformation';
import type { LocalAccount, LocalEndpoints } from '../../../scripts/local/template/local-names';

/** A hand-made template in the shapes `cdk synth` gives the pipeline stack (see cdk.out). */
export const account: LocalAccount = { region: 'eu-west-1', accountId: '000000000000', partition: 'aws', stackName: 'DisclosurePipeline' };
export const endpoints: LocalEndpoints = {
  sqsEndpoint: 'http://127.0.0.1:4566',
  jwtIssuer: 'https://issuer.local',
  jwtAudience: 'local-client',
  apiUrl: 'http://127.0.0.1:3000',
};

export const fragment: CfnTemplate = {
  Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
  Conditions: {
    InEurope: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
    NotInEurope: { 'Fn::Not': [{ Condition: 'InEurope' }] },
  },
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'audiencePk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          { IndexName: 'audience', KeySchema: [{ AttributeName: 'audiencePk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, SSEEnabled: true, SSEType: 'KMS' },
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      },
    },
    DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
    PlanQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
        VisibilityTimeout: 360,
      },
    },
    ConfigurationSet: { Type: 'AWS::SES::ConfigurationSet', Properties: {} },
    LinkSecret: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: { Description: 'Signs public links', GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 64 } },
    },
    NoticeTemplate: {
      Type: 'AWS::SES::Template',
      Properties: { Template: { TemplateName: 'notice-nl', SubjectPart: 'Hallo {{name}}', TextPart: 'Tekst', HtmlPart: '<p>Html</p>' } },
    },
    PlannerFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Timeout: 60,
        MemorySize: 512,
        LoggingConfig: { LogFormat: 'JSON' },
        Environment: {
          Variables: {
            TABLE_NAME: { Ref: 'Table' },
            PLAN_QUEUE_URL: { Ref: 'PlanQueue' },
            SES_CONFIGURATION_SET: { Ref: 'ConfigurationSet' },
            WHERE: { 'Fn::Sub': '${AWS::Region}/${PlanQueue.QueueName}/${!Literal}' },
            OPTIONAL: { 'Fn::If': ['InEurope', 'eu', { Ref: 'AWS::NoValue' }] },
            LINK_SECRET_ARN: { Ref: 'LinkSecret' },
            // CDK's `httpApi.apiEndpoint`.
            PUBLIC_BASE_URL: {
              'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
            },
          },
        },
      },
      Metadata: { 'aws:asset:path': 'asset.planner' },
    },
    InlineFunction: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.13', Code: { ZipFile: 'pass' } } },
    PlanMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        BatchSize: 5,
        EventSourceArn: { 'Fn::GetAtt': ['PlanQueue', 'Arn'] },
        FunctionName: { Ref: 'PlannerFunction' },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      },
    },
    UserPool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
    UserPoolClient: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'UserPool' } } },
    Api: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: 'Api',
        ProtocolType: 'HTTP',
        CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['authorization'] },
      },
    },
    Integration: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'Api' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': ['PlannerFunction', 'Arn'] },
        PayloadFormatVersion: '2.0',
      },
    },
    Authorizer: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'Api' },
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: [{ Ref: 'UserPoolClient' }], Issuer: { 'Fn::GetAtt': ['UserPool', 'ProviderURL'] } },
        Name: 'CognitoJwt',
      },
    },
    SecuredRoute: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Api' },
        AuthorizationScopes: ['disclosure-pipeline/subjects:write'],
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: 'Authorizer' },
        RouteKey: 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] },
      },
    },
    PublicRoute: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Api' },
        AuthorizationType: 'NONE',
        RouteKey: 'GET /v1/openapi.json',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] },
      },
    },
    OnlyOutsideEurope: { Type: 'AWS::SQS::Queue', Condition: 'NotInEurope', Properties: {} },
  },
};
