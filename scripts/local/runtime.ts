import { rm } from 'node:fs/promises';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDbLocal, createTables, startDynamoDbLocal } from './emulators/dynamodb-local';
import { type LocalSqs, startLocalSqs } from './emulators/fauxqs';
import { LOCAL_REGION, localClientConfig } from './emulators/local-aws';
import { type LocalSecretsManager, startLocalSecretsManager } from './emulators/secrets-manager';
import { type LocalSes, startLocalSes } from './emulators/ses-local';
import { freePort } from './free-port';
import { startApiServer } from './http/api-server';
import { busyQueues, waitUntilIdle } from './idle';
import { FunctionPool } from './lambda/function-pool';
import { type EmulatorEndpoints, lambdaEnvironment } from './lambda/lambda-environment';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, localJwks } from './local-jwt';
import { createLog } from './log';
import { runSchedulesOnce, startScheduleTimers } from './schedules/schedule-timers';
import { publishEmailEvent } from './sns/email-event-publisher';
import { QueuePoller } from './sqs/queue-poller';
import { Teardown } from './teardown';
import { LOCAL_ACCOUNT_ID, type LocalAccount } from './template/local-names';
import { type PipelineModel, readPipelineModel } from './template/pipeline-model';
import { synthesizeStack } from './template/synthesize';

export interface LocalPipelineOptions {
  /** Port of the HTTP API; 0 (the default) takes any free port. */
  apiPort?: number;
  /** Port of the SES emulator and its mail viewer; 0 (the default) takes any free port. */
  mailPort?: number;
  /** No runtime log lines and no function output. */
  quiet?: boolean;
}

export interface LocalPipeline {
  apiUrl: string;
  /** The SES emulator's mail viewer (and its `GET /store`). */
  mailUrl: string;
  endpoints: EmulatorEndpoints;
  /** Table name by the table's logical id in the template. */
  tableNames: Record<string, string>;
  /** Queue URL by the queue's logical id in the template. */
  queueUrls: Record<string, string>;
  /** Secrets Manager secrets by logical id: the local ARN (what `Ref` gives), the name and this run's value. */
  secrets: Record<string, { arn: string; name: string; secretString: string }>;
  /**
   * Simulated time: invokes every schedule's targets (rules and EventBridge Scheduler, whatever their
   * expression) once, now, with the event of a run at `at` (a rule's Scheduled Event has `time` = `at`,
   * to the second), one after the other. Resolves when all finished; rejects with
   * `ScheduledInvocationFailed` (schedule, function and error type) if any failed. The real rate timers
   * keep running beside it.
   */
  runSchedules(at: Date): Promise<void>;
  /**
   * An SES event (`{eventType: 'Bounce', mail: {...}, bounce: {...}}`) published as SES would through the
   * configuration set's event destinations that take its type, each topic delivering it to its subscribed queues as
   * SNS does (the SES emulator bounces nothing itself). Resolves with the logical ids of the queues it reached.
   */
  publishEmailEvent(event: { eventType: string }): Promise<string[]>;
  /** Resolves when no queue feeding a function holds a message and no invocation runs, seen twice in a row. */
  waitForIdle(options?: { timeoutMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** The SES quota the stack is synthesized with locally, and the one the SES emulator reports. */
export const LOCAL_SES_MAX_SEND_RATE = 1000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * Synthesizes the real stack and runs it here as its template says: tables in DynamoDB Local, queues
 * (with their redrive policies) in fauxqs, SES templates in aws-ses-v2-local, each function in its own
 * worker threads, secrets in a local Secrets Manager, HTTP routes on a local server behind the JWT
 * authorizer, each SQS event source mapping as a poller and each rate schedule as a timer. Nothing here names a table, queue or function.
 */
export async function startLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const log = createLog(options.quiet ?? false);
  const teardown = new Teardown();
  // The emulators boot (DynamoDB Local takes seconds) while the stack synthesizes.
  const emulatorsStarting = startEmulators(options.mailPort ?? 0, teardown);
  try {
    const stack = synthesizeStack({ sesMaxSendRate: String(LOCAL_SES_MAX_SEND_RATE) });
    teardown.add('cloud assembly', () => rm(stack.assemblyDir, { recursive: true, force: true }));
    const { dynamodb, sqs, ses } = await emulatorsStarting;
    // The functions' environment names the API's URL (an `httpApi.apiEndpoint` in the template), so the
    // port is settled before the template is read; with port 0 a free one is taken now.
    const apiPort = options.apiPort || (await freePort());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const account: LocalAccount = { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID, partition: 'aws', stackName: stack.stackName };
    const model = readPipelineModel(stack.template, {
      account,
      endpoints: { sqsEndpoint: sqs.endpoint, jwtIssuer: LOCAL_JWT_ISSUER, jwtAudience: LOCAL_JWT_AUDIENCE, apiUrl },
      assetRoot: stack.assemblyDir,
    });
    for (const warning of [...model.warnings, ...foreignIssuers(model)]) log(`not emulated: ${warning}`);

    await createTables(dynamodb.endpoint, model.tables);
    sqs.createQueues(model.queues);
    await ses.createTemplates(model.emailTemplates);
    // Started even when the template has no secret: a function asking for one gets ResourceNotFoundException
    // here rather than a call to the real service.
    const secretsManager: LocalSecretsManager = await startLocalSecretsManager(model.secrets);
    teardown.add('Secrets Manager', () => secretsManager.stop());

    const endpoints: EmulatorEndpoints = {
      dynamodb: dynamodb.endpoint,
      sqs: sqs.endpoint,
      sesv2: ses.endpoint,
      secretsManager: secretsManager.endpoint,
    };
    const pools = new Map(
      model.functions.map((fn) => [fn.logicalId, new FunctionPool(fn, { env: lambdaEnvironment(fn, endpoints), quiet: options.quiet ?? false })]),
    );
    const invoke = (functionLogicalId: string, event: unknown) => pools.get(functionLogicalId)!.invoke(event);

    const pollers = model.queueMappings.map(
      (mapping) =>
        new QueuePoller({
          mapping,
          queue: model.queues.find((queue) => queue.logicalId === mapping.queueLogicalId)!,
          sqsEndpoint: sqs.endpoint,
          invoke: (event) => invoke(mapping.functionLogicalId, event),
          log,
        }),
    );
    // Stopping order: no new work (receives), then the containers (ending running invocations), then the pollers.
    teardown.add('functions and pollers', async () => {
      for (const poller of pollers) poller.stopReceiving();
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
      await Promise.all(pollers.map((poller) => poller.finished()));
    });
    for (const poller of pollers) poller.start();

    const timers = startScheduleTimers({ schedules: model.schedules, account, invoke, log });
    teardown.add('schedules', () => timers.stop());

    const api = await startApiServer({ port: apiPort, api: model.httpApi, jwks: await localJwks(), invoke, log });
    teardown.add('HTTP API', () => api.stop());
    if (api.url !== apiUrl) throw new Error(`The HTTP API listens at ${api.url}, not at ${apiUrl} as the functions were told`);

    const adminSqs = new SQSClient(localClientConfig(sqs.endpoint));
    teardown.add('SQS client', () => adminSqs.destroy());
    const mappedQueues = model.queues.filter((queue) => model.queueMappings.some((mapping) => mapping.queueLogicalId === queue.logicalId));
    const busy = async () => {
      const report = await busyQueues(adminSqs, mappedQueues);
      const running = [...pools.values()].reduce((sum, pool) => sum + pool.running, 0);
      return running > 0 ? [...report, `${running} invocation(s) running`] : report;
    };

    return {
      apiUrl: api.url,
      mailUrl: ses.endpoint,
      endpoints,
      tableNames: Object.fromEntries(model.tables.map((table) => [table.logicalId, table.tableName])),
      queueUrls: Object.fromEntries(model.queues.map((queue) => [queue.logicalId, queue.url])),
      secrets: Object.fromEntries(
        model.secrets.map(({ logicalId, arn, name, secretString }) => [logicalId, { arn, name, secretString }]),
      ),
      runSchedules: (at) => runSchedulesOnce({ schedules: model.schedules, account, invoke, at }),
      publishEmailEvent: (event) => publishEmailEvent(adminSqs, model.emailEventRoutes, event),
      waitForIdle: ({ timeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = {}) => waitUntilIdle(busy, timeoutMs),
      stop: () => teardown.run(),
    };
  } catch (error) {
    await emulatorsStarting.catch(() => {});
    await teardown.run().catch(() => {});
    throw error;
  }
}

/** Starts the three emulators side by side; each one that comes up is registered to be stopped. */
async function startEmulators(mailPort: number, teardown: Teardown): Promise<{ dynamodb: DynamoDbLocal; sqs: LocalSqs; ses: LocalSes }> {
  const started = <T extends { stop(): Promise<void> }>(name: string, emulator: Promise<T>) =>
    emulator.then((running) => {
      teardown.add(name, () => running.stop());
      return running;
    });
  const [dynamodb, sqs, ses] = await Promise.allSettled([
    started('DynamoDB Local', startDynamoDbLocal()),
    started('fauxqs', startLocalSqs()),
    started('SES emulator', startLocalSes({ port: mailPort, maxSendRate: LOCAL_SES_MAX_SEND_RATE })),
  ]);
  for (const result of [dynamodb, sqs, ses]) if (result.status === 'rejected') throw result.reason;
  return {
    dynamodb: (dynamodb as PromiseFulfilledResult<DynamoDbLocal>).value,
    sqs: (sqs as PromiseFulfilledResult<LocalSqs>).value,
    ses: (ses as PromiseFulfilledResult<LocalSes>).value,
  };
}

/** JWT routes whose issuer is not a Cognito pool (and so not the local issuer) refuse local tokens. */
function foreignIssuers(model: PipelineModel): string[] {
  return model.httpApi.routes
    .filter((route) => route.authorization.type === 'JWT' && route.authorization.issuer !== LOCAL_JWT_ISSUER)
    .map((route) => `${route.routeKey}: its JWT issuer is not a Cognito user pool; local tokens will not pass`);
}
