import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { defineProfile } from '../shared/domain/policy/policy-profile';
import { POLICY_PROFILES } from '../shared/domain/policy/profiles';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import {
  alarmTopic,
  apiErrorAlarm,
  deadLetterAlarm,
  publicErrorAlarm,
  sweeperErrorAlarm,
  sweeperHeartbeatAlarm,
} from './pipeline-alarms';
import { pipelineApi } from './pipeline-api';
import { checkPublicBaseUrl, checkSendersCovered } from './pipeline-checks';
import {
  grantAudienceRemoval,
  grantBreachItemAccess,
  grantErasureItemWrites,
  grantPublicTable,
  grantTable,
  grantTableItemWrites,
  grantItemReads,
  pipelineData,
  queueWithDeadLetters,
} from './pipeline-data';
import { SENDER_CONCURRENCY, emailSending, grantSendEmail, senderPace } from './pipeline-email';
import { emailEvents } from './pipeline-email-events';
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

/** How often the sweeper looks for due timers: a hold ends, a window closes, within this much of its time. */
const SWEEP_EVERY = Duration.minutes(5);

/** The whole pipeline: API, table, queues, planner, sender and SES, as one construct. */
export class DisclosurePipeline extends Construct {
  readonly api: HttpApi;
  readonly table: Table;
  readonly planQueue: Queue;
  readonly notifyQueue: Queue;
  /** Calls of recipients' webhooks about erasure requests. */
  readonly webhookQueue: Queue;
  /** SES's bounces and complaints, as the email events topic hands them on. */
  readonly eventsQueue: Queue;
  /** Where SES publishes the bounces and complaints of the mail sent through the configuration set. */
  readonly emailEventsTopic: Topic;
  readonly deadLetterAlarms: Alarm[] = [];
  readonly alarmTopic: Topic;
  readonly sweeperAlarm: Alarm;
  /** The sweeper did not run at all: nothing fires (holds, objection windows, erasure deadlines, reminders) until it does. */
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
    const senderDomains = props.senderDomains ?? [];
    checkSendersCovered(profiles, senderDomains);
    const sesMaxSendRate = props.sesMaxSendRate ?? 14;

    // Every helper below creates in this scope with fixed ids: a changed logical id would replace the retained table
    // or Cognito pool on deploy. Creation order is the template's resource order; keep it and a synth diff stays empty.
    const data = pipelineData(this);
    const { key, linkSecret, idempotencyTable } = data;
    this.table = data.table;
    this.alarmTopic = alarmTopic(this, key, props.alarmEmail);

    const plannerTimeout = Duration.seconds(60);
    const plan = queueWithDeadLetters(this, 'Plan', plannerTimeout, key);
    this.planQueue = plan.queue;
    this.deadLetterAlarms.push(deadLetterAlarm(this, this.alarmTopic, 'Plan', plan.deadLetterQueue));
    const pace = senderPace(sesMaxSendRate);
    const notify = queueWithDeadLetters(this, 'Notify', pace.timeout, key);
    this.notifyQueue = notify.queue;
    this.deadLetterAlarms.push(deadLetterAlarm(this, this.alarmTopic, 'Notify', notify.deadLetterQueue));

    const configurationSet = emailSending(this, senderDomains);

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
        // Erasure requests queue their verification email.
        NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl,
        // Each recipient's webhook secret (GET .../webhook-secret) and each subject's address lookup key derive from the link key.
        LINK_SECRET_ARN: linkSecret.secretArn,
      },
    });
    grantTable(data, apiFunction);
    linkSecret.grantRead(apiFunction);
    this.planQueue.grantSendMessages(apiFunction);
    this.notifyQueue.grantSendMessages(apiFunction);
    this.apiErrorAlarm = apiErrorAlarm(this, this.alarmTopic, apiFunction);

    const planner = new PipelineFunction(this, 'PlannerFunction', {
      functionDir: 'planner',
      serviceName: 'disclosure-planner',
      timeout: plannerTimeout,
      environment: { ...common, PLAN_QUEUE_URL: this.planQueue.queueUrl, NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl },
    });
    grantTable(data, planner);
    this.planQueue.grantSendMessages(planner);
    this.notifyQueue.grantSendMessages(planner);
    planner.addEventSource(
      new SqsEventSource(this.planQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }),
    );

    const sender = new PipelineFunction(this, 'SenderFunction', {
      functionDir: 'sender',
      serviceName: 'disclosure-sender',
      timeout: pace.timeout,
      environment: {
        ...common,
        IDEMPOTENCY_TABLE_NAME: idempotencyTable.tableName,
        SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        SEND_RATE_PER_SECOND: pace.sendRatePerSender.toFixed(3),
        LINK_SECRET_ARN: linkSecret.secretArn,
        // A request typed on a controller's website, once its subject is found, queues its verification email.
        NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl,
      },
    });
    // Reads the byEmail index (whose address a website's request names) as well as the table.
    grantTable(data, sender);
    // Carrying out an erasure takes the subject out of its audience shard.
    grantAudienceRemoval(data, sender);
    this.notifyQueue.grantSendMessages(sender);
    idempotencyTable.grantReadWriteData(sender);
    linkSecret.grantRead(sender);
    grantSendEmail(sender, senderDomains, configurationSet);
    sender.addEventSource(
      new SqsEventSource(this.notifyQueue, {
        batchSize: pace.batchSize,
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
    grantTableItemWrites(data, sweeper);
    this.planQueue.grantSendMessages(sweeper);
    this.notifyQueue.grantSendMessages(sweeper);
    new Rule(this, 'SweepSchedule', {
      description: "Fires due timers: intent notices, transfers, holds, erasure reminders, lapses, overdue flags and recipient follow-ups, and breaches' filing reminders",
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2 })],
    });
    this.sweeperAlarm = sweeperErrorAlarm(this, this.alarmTopic, sweeper);
    this.sweeperHeartbeatAlarm = sweeperHeartbeatAlarm(this, this.alarmTopic, sweeper);

    const publicFunction = new PipelineFunction(this, 'PublicFunction', {
      functionDir: 'public',
      serviceName: 'disclosure-public',
      timeout: Duration.seconds(15),
      // Anyone can call its routes without an account: a flood of them may take at most 5 concurrent executions
      // (the route throttle caps the rate first), never the account's concurrency the API, planner and sender need.
      reservedConcurrentExecutions: 5,
      environment: { ...common, NOTIFY_QUEUE_URL: this.notifyQueue.queueUrl, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    grantPublicTable(data, publicFunction);
    this.notifyQueue.grantSendMessages(publicFunction);
    linkSecret.grantRead(publicFunction);
    this.publicErrorAlarm = publicErrorAlarm(this, this.alarmTopic, publicFunction);

    this.api = pipelineApi(this, apiFunction, publicFunction, props.cognitoDomainPrefix, profiles);
    // Links in notices point at the API's public routes, on the deployer's custom domain when there is one.
    sender.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl ?? this.api.apiEndpoint);

    // Recipients' webhooks (Art. 19): one signed call per message; a failed call backs off (the function stretches the
    // message's visibility), and after 5 receives the message lands in the dead-letter queue, which alarms.
    const webhookTimeout = Duration.seconds(30);
    const webhook = queueWithDeadLetters(this, 'Webhook', webhookTimeout, key);
    this.webhookQueue = webhook.queue;
    this.deadLetterAlarms.push(deadLetterAlarm(this, this.alarmTopic, 'Webhook', webhook.deadLetterQueue));
    const webhookFunction = new PipelineFunction(this, 'WebhookFunction', {
      functionDir: 'webhook',
      serviceName: 'disclosure-webhook',
      timeout: webhookTimeout,
      environment: {
        ...common,
        LINK_SECRET_ARN: linkSecret.secretArn,
        PUBLIC_BASE_URL: publicBaseUrl ?? this.api.apiEndpoint,
        // Its own queue: a failed call's message is held back there before it is retried.
        WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl,
      },
    });
    // Reads the request, its recipient, the recipient's current webhook and the subject, each by key; writes only
    // the request's items (a delivery's event, the request's sequence, the recipient's mark).
    grantItemReads(data, webhookFunction);
    grantErasureItemWrites(data, webhookFunction);
    linkSecret.grantRead(webhookFunction);
    // Calls of 10 s at most each, a batch's in parallel: well inside the timeout.
    webhookFunction.addEventSource(new SqsEventSource(this.webhookQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 5 }));
    // The sender queues a recipient's webhook call with its notice email.
    sender.addEnvironment('WEBHOOK_QUEUE_URL', this.webhookQueue.queueUrl);
    this.webhookQueue.grantSendMessages(sender);

    // What SES says of the mail it took (bounces, complaints), through a topic into the events queue: a permanent
    // bounce of a breach notice marks that subject's notice undeliverable (Art. 34), which the public-communication
    // decision counts. Events it cannot record go back to the queue; after 5 receives, the dead-letter queue alarms.
    const eventsTimeout = Duration.seconds(30);
    const events = queueWithDeadLetters(this, 'Events', eventsTimeout, key);
    this.eventsQueue = events.queue;
    this.deadLetterAlarms.push(deadLetterAlarm(this, this.alarmTopic, 'Events', events.deadLetterQueue));
    this.emailEventsTopic = emailEvents(this, configurationSet, key, this.eventsQueue);
    const eventsFunction = new PipelineFunction(this, 'EventsFunction', {
      functionDir: 'events',
      serviceName: 'disclosure-events',
      timeout: eventsTimeout,
      environment: common,
    });
    // A bounce names its breach and subject in its message tags: it reads and writes that breach's items alone.
    grantBreachItemAccess(data, eventsFunction);
    eventsFunction.addEventSource(new SqsEventSource(this.eventsQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    acknowledgeNagFindings(this);
  }
}
