import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type AlarmProps, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolResourceServer,
  FeaturePlan,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnTemplate, ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { API_SCOPES, RESOURCE_SERVER_ID, fullScope, type ApiScope } from '../shared/auth/scopes';
import { NOTICE_TEMPLATES } from '../shared/domain/notice/notice-templates';
import { defineProfile, type PolicyProfile } from '../shared/domain/policy/policy-profile';
import { POLICY_PROFILES } from '../shared/domain/policy/profiles';
import { API_ROUTES, PUBLIC_ROUTES } from '../shared/http/routes';
import { DUE_INDEX } from '../shared/adapters/dynamo/timer-store';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { PipelineFunction } from './pipeline-function';

export interface DisclosurePipelineProps {
  /**
   * Domains verified in SES for the controllers' sender addresses (each profile's sender must be in one);
   * omit to manage the identities elsewhere.
   */
  readonly senderDomains?: readonly string[];
  /** Prefix of the Cognito hosted domain that issues client-credentials tokens; omit for no hosted domain. */
  readonly cognitoDomainPrefix?: string;
  /** Messages per second the SES account may send; the sender stays below it. */
  readonly sesMaxSendRate?: number;
  /** Shards the audience of a controller is spread over (fan-out without a hot partition). */
  readonly audienceShards?: number;
  /** Address told when a message lands in a dead-letter queue; the alarm topic is there either way. */
  readonly alarmEmail?: string;
  /**
   * Origin of the links in notices, e.g. `https://privacy.example.com`: a custom domain the deployer maps to the
   * HTTP API's `$default` stage. An https URL without a path; omit to link to the API's execute-api endpoint.
   */
  readonly publicBaseUrl?: string;
}

const MAX_RECEIVES_BEFORE_DLQ = 5;
/** How often the sweeper looks for due timers: a hold ends, a window closes, within this much of its time. */
const SWEEP_EVERY = Duration.minutes(5);
const SENDER_CONCURRENCY = 2;
const NOTICES_PER_CHUNK = 50;

const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
// No DeleteItem anywhere: evidence is append-only, and no function of this pipeline deletes.
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
/** Single-item writes (alone or inside TransactWriteItems, which IAM authorizes item by item). */
const ITEM_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Partition keys of a disclosure's items: its state, events, objections, counters, work markers and timers. */
const DISCLOSURE_PARTITIONS = 'C#*#D#*';

/** Each public route (per route key, `GET /o/{token}`...) gets its own bucket, below the /v1 routes' stage limit. */
const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 };
/**
 * Access log fields: no `$context.identity.sourceIp` or `userAgent` (data subjects visit /o/{token}, and their
 * addresses would sit in the log for a year) and no `$context.path` (it holds the signed link); the route key
 * names the route template only.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  routeKey: '$context.routeKey',
  status: '$context.status',
  requestTime: '$context.requestTime',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationErrorMessage: '$context.integrationErrorMessage',
});

/** The whole pipeline: API, table, queues, planner, sender and SES, as one construct. */
export class DisclosurePipeline extends Construct {
  readonly api: HttpApi;
  readonly table: Table;
  readonly planQueue: Queue;
  readonly notifyQueue: Queue;
  readonly deadLetterAlarms: Alarm[] = [];
  readonly alarmTopic: Topic;
  readonly sweeperAlarm: Alarm;
  /** The sweeper did not run at all: nothing fires (holds, objection windows, reminders) until it does. */
  readonly sweeperHeartbeatAlarm: Alarm;
  /** Requests of the legal teams' API that failed on our side (5xx). */
  readonly apiErrorAlarm: Alarm;
  /** Requests of data subjects on /o/{token} that failed on our side (5xx). */
  readonly publicErrorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: DisclosurePipelineProps = {}) {
    super(scope, id);
    // The functions serve the built-in profiles (findProfile, the sweeper's controllers); a broken one fails synth.
    const profiles = POLICY_PROFILES.map(defineProfile);
    const publicBaseUrl = props.publicBaseUrl === undefined ? undefined : checkPublicBaseUrl(props.publicBaseUrl);
    const sesMaxSendRate = props.sesMaxSendRate ?? 14;
    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: 'Encrypts the disclosure pipeline table and queues',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
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
    this.table.addGlobalSecondaryIndex({
      indexName: 'byRecipient',
      partitionKey: { name: 'recipientPk', type: AttributeType.STRING },
      sortKey: { name: 'recipientSk', type: AttributeType.STRING },
    });

    // Timers by due time (intent notices, transfers, hold reminders, releases): sparse, one partition per controller.
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX,
      partitionKey: { name: 'duePk', type: AttributeType.STRING },
      sortKey: { name: 'dueSk', type: AttributeType.STRING },
    });

    // Signs the links subjects follow without an account (objections). Not rotated automatically: rotating
    // would break every link still in a mailbox; rotate by hand after a suspected leak.
    const linkSecret = new Secret(this, 'LinkSigningSecret', {
      description: 'HMAC key for signed public links (objections)',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const idempotencyTable = new Table(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Disclosure pipeline alarms', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // CloudWatch publishes to the encrypted topic with this key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    const plannerTimeout = Duration.seconds(60);
    this.planQueue = this.queueWithDeadLetters('Plan', plannerTimeout, key);
    // Each concurrent sender takes an equal share of 90% of the account's rate, so together they stay below
    // it; a batch holds no more chunks than one sender can mail in half its timeout at that share.
    const sendRatePerSender = (sesMaxSendRate * 0.9) / SENDER_CONCURRENCY;
    const chunkSeconds = NOTICES_PER_CHUNK / sendRatePerSender;
    const senderTimeout = Duration.seconds(Math.min(900, Math.max(60, Math.ceil(2 * chunkSeconds) + 30)));
    const senderBatchSize = Math.min(10, Math.max(1, Math.floor(senderTimeout.toSeconds() / 2 / chunkSeconds)));
    this.notifyQueue = this.queueWithDeadLetters('Notify', senderTimeout, key);

    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
    });
    for (const template of NOTICE_TEMPLATES) {
      new CfnTemplate(this, `Template-${template.name}`, {
        template: {
          templateName: template.name,
          subjectPart: template.subject,
          textPart: template.text,
          htmlPart: template.html,
        },
      });
    }
    const senderDomains = props.senderDomains ?? [];
    checkSendersCovered(profiles, senderDomains);
    for (const domain of senderDomains) {
      new EmailIdentity(this, `SenderIdentity-${domain}`, { identity: Identity.domain(domain), configurationSet });
    }

    const common = {
      TABLE_NAME: this.table.tableName,
      AUDIENCE_SHARDS: String(props.audienceShards ?? 16),
    };

    const apiFunction = new PipelineFunction(this, 'ApiFunction', {
      functionDir: 'api',
      serviceName: 'disclosure-api',
      timeout: Duration.seconds(15),
      environment: {
        ...common,
        PLAN_QUEUE_URL: this.planQueue.queueUrl,
      },
    });
    this.grantTable(apiFunction, key);
    this.planQueue.grantSendMessages(apiFunction);
    this.apiErrorAlarm = this.alarmOnAny(
      'ApiErrorAlarm',
      "Requests of the legal teams' API failed with a 5xx (function error, throttle or unhandled error). Read the API function's log.",
      failedRequests(apiFunction, 'ApiFailedRequests'),
    );

    const planner = new PipelineFunction(this, 'PlannerFunction', {
      functionDir: 'planner',
      serviceName: 'disclosure-planner',
      timeout: plannerTimeout,
      environment: { ...common, PLAN_QUEUE_URL: this.planQueue.queueUrl, NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl },
    });
    this.grantTable(planner, key);
    this.planQueue.grantSendMessages(planner);
    this.notifyQueue.grantSendMessages(planner);
    planner.addEventSource(
      new SqsEventSource(this.planQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }),
    );

    const sender = new PipelineFunction(this, 'SenderFunction', {
      functionDir: 'sender',
      serviceName: 'disclosure-sender',
      timeout: senderTimeout,
      environment: {
        ...common,
        IDEMPOTENCY_TABLE_NAME: idempotencyTable.tableName,
        SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        SEND_RATE_PER_SECOND: sendRatePerSender.toFixed(3),
        LINK_SECRET_ARN: linkSecret.secretArn,
      },
    });
    this.grantTable(sender, key);
    idempotencyTable.grantReadWriteData(sender);
    linkSecret.grantRead(sender);
    sender.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendBulkEmail', 'ses:SendEmail'],
        resources: [
          ...(senderDomains.length > 0 ? senderDomains : ['*']).map((domain) =>
            Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
          ),
          Stack.of(this).formatArn({ service: 'ses', resource: 'template', resourceName: 'disclosure-*' }),
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    sender.addEventSource(
      new SqsEventSource(this.notifyQueue, {
        batchSize: senderBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: SENDER_CONCURRENCY,
      }),
    );

    const sweeper = new PipelineFunction(this, 'SweeperFunction', {
      functionDir: 'sweeper',
      serviceName: 'disclosure-sweeper',
      timeout: Duration.minutes(2),
      // One sweep at a time: a retried schedule never races a running sweep for the same timers.
      reservedConcurrentExecutions: 1,
      environment: { ...common, PLAN_QUEUE_URL: this.planQueue.queueUrl, NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl },
    });
    // Reads timers through the byDue index; writes single items (timers, events in transactions), never in batches.
    this.table.grant(sweeper, ...TABLE_READS, ...ITEM_WRITES);
    key.grantEncryptDecrypt(sweeper);
    this.planQueue.grantSendMessages(sweeper);
    this.notifyQueue.grantSendMessages(sweeper);
    new Rule(this, 'SweepSchedule', {
      description: 'Fires due timers: intent notices, transfers after objection windows, hold reminders and releases',
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2 })],
    });
    // A timer that fails stays armed and is tried on every sweep; someone must hear that it keeps failing.
    this.sweeperAlarm = this.alarmOnAny(
      'SweeperErrorAlarm',
      'The sweeper failed: holds, objection windows or reminders may be late. Read its log.',
      sweeper.metricErrors({ period: Duration.minutes(15) }),
    );
    // The schedule runs it 3 times in 15 minutes; none at all (rule disabled, function broken at init, throttled)
    // publishes no data, which counts as breaching: a sweeper that stops running must alarm.
    this.sweeperHeartbeatAlarm = this.alarm('SweeperHeartbeatAlarm', {
      alarmDescription: 'The sweeper has not run for 15 minutes: no timer fires (holds, objection windows, reminders) until it does.',
      metric: sweeper.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });

    const publicFunction = new PipelineFunction(this, 'PublicFunction', {
      functionDir: 'public',
      serviceName: 'disclosure-public',
      timeout: Duration.seconds(15),
      // Anyone can call its routes without an account: a flood of them may take at most 5 concurrent executions
      // (the route throttle caps the rate first), never the account's concurrency the API, planner and sender need.
      reservedConcurrentExecutions: 5,
      environment: { ...common, NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    this.grantPublicTable(publicFunction, key);
    this.notifyQueue.grantSendMessages(publicFunction);
    linkSecret.grantRead(publicFunction);
    this.publicErrorAlarm = this.alarmOnAny(
      'PublicErrorAlarm',
      "Data subjects' requests on /o/{token} failed with a 5xx (function error, throttle or unhandled error): objections may not be recorded. Read the public function's log.",
      failedRequests(publicFunction, 'PublicFailedRequests'),
    );

    this.api = this.httpApi(apiFunction, publicFunction, props.cognitoDomainPrefix, profiles);
    // Links in notices point at the API's public routes, on the deployer's custom domain when there is one.
    sender.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl ?? this.api.apiEndpoint);
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    acknowledgeNagFindings(this);
  }

  private grantTable(fn: PipelineFunction, key: Key): void {
    this.table.grant(fn, ...TABLE_READS, ...TABLE_WRITES);
    key.grantEncryptDecrypt(fn);
  }

  /**
   * The public function reads a disclosure, its counters and objections and the subject's locale (no index), and
   * writes only a disclosure's items: the objection event, the objection and the state's sequence, in one transaction.
   */
  private grantPublicTable(fn: PipelineFunction, key: Key): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [this.table.tableArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ITEM_WRITES,
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [DISCLOSURE_PARTITIONS] } },
      }),
    );
    key.grantEncryptDecrypt(fn);
  }

  /** HTTP API whose every /v1 route needs a Cognito-issued JWT carrying the route's scope. */
  private httpApi(
    apiFunction: PipelineFunction,
    publicFunction: PipelineFunction,
    cognitoDomainPrefix: string | undefined,
    profiles: readonly PolicyProfile[],
  ): HttpApi {
    const userPool = new UserPool(this, 'ClientPool', {
      selfSignUpEnabled: false,
      featurePlan: FeaturePlan.ESSENTIALS,
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireSymbols: true, requireUppercase: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const apiScopes = new Map(API_SCOPES.map((scopeName) => [scopeName, new ResourceServerScope({ scopeName, scopeDescription: scopeName })]));
    const controllerScopes = profiles.map(
      (profile) =>
        new ResourceServerScope({
          scopeName: `controller:${profile.controllerId}`,
          scopeDescription: `Acts for ${profile.legalName}`,
        }),
    );
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', {
      userPool,
      identifier: RESOURCE_SERVER_ID,
      scopes: [...apiScopes.values(), ...controllerScopes],
    });
    const client = (id: string, scopes: readonly ApiScope[], controllerScope: ResourceServerScope) =>
      userPool.addClient(id, {
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [
            ...scopes.map((scope) => OAuthScope.resourceServer(resourceServer, apiScopes.get(scope)!)),
            OAuthScope.resourceServer(resourceServer, controllerScope),
          ],
        },
      });
    // Per controller: the legal team's client, which cannot record exceptions to the policy, and an
    // approver's client, which can; each holds only its controller's scope.
    const clients = profiles.flatMap((profile, index) => [
      client(`LegalTeamClient-${profile.controllerId}`, API_SCOPES.filter((scope) => scope !== 'disclosures:override'), controllerScopes[index]!),
      client(`ExceptionApproverClient-${profile.controllerId}`, ['disclosures:read', 'disclosures:write', 'disclosures:override'], controllerScopes[index]!),
    ]);
    if (cognitoDomainPrefix) userPool.addDomain('TokenDomain', { cognitoDomain: { domainPrefix: cognitoDomainPrefix } });

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', userPool.userPoolProviderUrl, {
      jwtAudience: clients.map((client) => client.userPoolClientId),
    });
    const api = new HttpApi(this, 'Api', {
      description: 'Disclosure pipeline API (v1)',
      createDefaultStage: false,
      corsPreflight: { allowMethods: [CorsHttpMethod.ANY], allowOrigins: ['*'], allowHeaders: ['authorization', 'content-type', 'idempotency-key'] },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(ACCESS_LOG_FORMAT) },
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', apiFunction);
    for (const route of API_ROUTES) {
      api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration,
        ...(route.scope ? { authorizer, authorizationScopes: [fullScope(route.scope)] } : {}),
      });
    }
    // Subjects' pages: the signed link in the path is the credential.
    const publicIntegration = new HttpLambdaIntegration('PublicIntegration', publicFunction);
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of PUBLIC_ROUTES) {
      const routes = api.addRoutes({ path: route.path, methods: [route.method as HttpMethod], integration: publicIntegration });
      routeSettings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      };
      // API Gateway refuses settings for a route key it does not know yet: the stage waits for the routes.
      for (const created of routes) stage.node.addDependency(created);
    }
    // Unauthenticated routes get their own, lower limits, so a flood of them cannot use up the /v1 routes' share.
    // HttpStage has no per-route settings; RouteSettings is keyed by route key and written as CloudFormation spells it.
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    return api;
  }

  private queueWithDeadLetters(name: string, consumerTimeout: Duration, key: Key): Queue {
    const deadLetterQueue = new Queue(this, `${name}DeadLetterQueue`, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new Queue(this, `${name}Queue`, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVES_BEFORE_DLQ },
    });
    // For `npm run redrive -- --from <dead-letter queue url> --to <queue url>`.
    new CfnOutput(this, `${name}QueueUrl`, { value: queue.queueUrl });
    new CfnOutput(this, `${name}DeadLetterQueueUrl`, { value: deadLetterQueue.queueUrl });
    this.deadLetterAlarms.push(
      this.alarmOnAny(
        `${name}DeadLetterAlarm`,
        `Messages in the ${name.toLowerCase()} dead-letter queue: inspect and redrive`,
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      ),
    );
    return queue;
  }

  /** An alarm on the stack's topic as soon as the metric shows one of what it counts. */
  private alarmOnAny(id: string, description: string, metric: IMetric): Alarm {
    return this.alarm(id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** An alarm that tells the stack's topic. */
  private alarm(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this, id, props);
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    return alarm;
  }
}

/**
 * Requests a function answered with a 5xx, per 5 minutes. The API and public handlers catch what they do not
 * expect, log it at ERROR and answer 500, so Lambda's Errors metric sees only crashes and timeouts: the ERROR
 * lines are counted too (a metric filter on the function's log group), and throttled invocations, which API
 * Gateway also answers with a 5xx.
 */
function failedRequests(fn: PipelineFunction, metricName: string): IMetric {
  const period = Duration.minutes(5);
  const namespace = `DisclosurePipeline/${Stack.of(fn).stackName}`;
  fn.logGroup.addMetricFilter(`${metricName}Filter`, {
    filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
    metricNamespace: namespace,
    metricName,
    metricValue: '1',
  });
  return new MathExpression({
    expression: 'FILL(errors, 0) + FILL(throttles, 0) + FILL(logged, 0)',
    usingMetrics: {
      errors: fn.metricErrors({ period }),
      throttles: fn.metricThrottles({ period }),
      logged: new Metric({ namespace, metricName, statistic: 'Sum', period }),
    },
    label: `${metricName} (5xx)`,
    period,
  });
}

/** The origin links in notices use: an https URL with no path (links are `<origin>/o/<token>`), or synth fails. */
function checkPublicBaseUrl(value: string): string {
  if (Token.isUnresolved(value)) return value;
  const problem = `publicBaseUrl must be an https URL without a path, query or fragment, such as https://privacy.example.com; got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username || url.password || value.trim() !== value) {
    throw new Error(problem);
  }
  return url.origin;
}

/** A profile whose sender sits outside every verified domain could not send a single notice: fail synth instead. */
function checkSendersCovered(profiles: readonly PolicyProfile[], senderDomains: readonly string[]): void {
  if (senderDomains.length === 0) return;
  const uncovered = profiles.filter((profile) => {
    const domain = profile.sender.address.split('@')[1]!.toLowerCase();
    return !senderDomains.some((verified) => domain === verified.toLowerCase() || domain.endsWith(`.${verified.toLowerCase()}`));
  });
  if (uncovered.length > 0) {
    throw new Error(
      `Sender addresses outside the verified senderDomains (${senderDomains.join(', ')}): ` +
        uncovered.map((profile) => `${profile.controllerId} sends from ${profile.sender.address}`).join('; '),
    );
  }
}
