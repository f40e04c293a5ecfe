import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllerScope, fullScope } from '../../shared/auth/scopes';
import { type LocalSqs, startLocalSqs } from '../../scripts/local/emulators/fauxqs';
import { localClientConfig } from '../../scripts/local/emulators/local-aws';
import { FunctionPool } from '../../scripts/local/lambda/function-pool';
import { issueLocalAccessToken } from '../../scripts/local/local-jwt';
import { type LocalPipeline, startLocalPipeline } from '../../scripts/local/runtime';
import { QueuePoller } from '../../scripts/local/sqs/queue-poller';

/** Java processes running DynamoDB Local on a port (the runtime picks a free one per start). */
function dynamoDbLocalProcesses(port: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));
}

async function queueDepth(client: SQSClient, queueUrl: string) {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
}

describe('the local runtime, started from the synthesized stack', () => {
  let pipeline: LocalPipeline;
  let sqs: SQSClient;
  const subjectRoute = '/v1/controllers/softmedex/subjects/s-1';
  const putSubject = (headers: Record<string, string> = {}) =>
    fetch(pipeline.apiUrl + subjectRoute, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: 'jan@example.com', locale: 'nl' }),
    });

  beforeAll(async () => {
    pipeline = await startLocalPipeline({ apiPort: 0, mailPort: 0, quiet: true });
    sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
  });

  afterAll(async () => {
    sqs?.destroy();
    await pipeline?.stop();
  });

  it('creates every table, queue and SES template the template declares', async () => {
    const dynamodb = new DynamoDBClient(localClientConfig(pipeline.endpoints.dynamodb));
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    dynamodb.destroy();
    expect(TableNames?.sort()).toEqual(Object.values(pipeline.tableNames).sort());
    expect(Object.keys(pipeline.queueUrls).filter((id) => /PlanQueue|NotifyQueue/.test(id))).toHaveLength(2);
    const store = (await (await fetch(`${pipeline.mailUrl}/store`)).json()) as { templates: Record<string, unknown> };
    // Every template the stack declares comes in the languages the notices are sent in (more kinds of notice
    // join over time: intent notices, ...).
    const names = Object.keys(store.templates).sort();
    expect(names).toEqual(expect.arrayContaining(['disclosure-notice-en', 'disclosure-notice-nl']));
    for (const name of names) expect(names).toEqual(expect.arrayContaining([name.replace(/-(en|nl)$/, '-en'), name.replace(/-(en|nl)$/, '-nl')]));
  });

  it('answers 401 on a JWT route without a token, or with a token it did not issue', async () => {
    const response = await putSubject();
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect((await putSubject({ authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('answers 403 to a valid token that lacks the route scope', async () => {
    const token = await issueLocalAccessToken({ scopes: [fullScope('disclosures:read'), controllerScope('softmedex')] });
    const response = await putSubject({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });

  it('hands GET /v1/openapi.json to the api function without a token', async () => {
    const response = await fetch(`${pipeline.apiUrl}/v1/openapi.json`);
    // Not the runtime's own answers (no route, no token, no scope): the request reached the function.
    expect([401, 403, 404]).not.toContain(response.status);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
  });

  it('answers 404 {"message":"Not Found"} for a path no route matches', async () => {
    const response = await fetch(`${pipeline.apiUrl}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('feeds a message sent to a mapped queue to its function until the queue is empty', async () => {
    const [planQueueId, planQueueUrl] = Object.entries(pipeline.queueUrls).find(([id]) => /^PipelinePlanQueue/.test(id))!;
    await sqs.send(new SendMessageCommand({ QueueUrl: planQueueUrl, MessageBody: JSON.stringify({ probe: planQueueId }) }));
    // Only the event source mapping receives from this queue: once it is empty, the planner has had the
    // message (and either finished with it or, after 5 failed receives, the redrive moved it to its DLQ).
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await queueDepth(sqs, planQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("serves each of the template's secrets through Secrets Manager's GetSecretValue, and no other", async () => {
    const client = new SecretsManagerClient(localClientConfig(pipeline.endpoints.secretsManager));
    try {
      for (const secret of Object.values(pipeline.secrets)) {
        const value = await client.send(new GetSecretValueCommand({ SecretId: secret.arn }));
        expect(value).toMatchObject({ ARN: secret.arn, Name: secret.name, SecretString: secret.secretString });
      }
      const unknown = `arn:aws:secretsmanager:eu-west-1:000000000000:secret:NotInTheTemplate-Ab12Cd`;
      await expect(client.send(new GetSecretValueCommand({ SecretId: unknown }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    } finally {
      client.destroy();
    }
  });

  it('runs whatever schedules the template has once on demand, in simulated time', async () => {
    await expect(pipeline.runSchedules(new Date())).resolves.toBeUndefined();
  });

  it('stops every process it started: no DynamoDB Local Java process is left', async () => {
    const port = new URL(pipeline.endpoints.dynamodb).port;
    expect(dynamoDbLocalProcesses(port)).toHaveLength(1);
    await pipeline.stop();
    expect(dynamoDbLocalProcesses(port)).toEqual([]);
    await expect(fetch(`${pipeline.apiUrl}/v1/openapi.json`)).rejects.toThrow();
  });
});

describe('an SQS event source mapping against fauxqs', () => {
  /** Fails any message whose body says so, reporting it as a batch item failure, and records what it saw. */
  const HANDLER = `
    const fs = require('node:fs');
    exports.handler = async (event) => {
      for (const record of event.Records) fs.appendFileSync(process.env.SEEN_FILE, JSON.stringify(record) + '\\n');
      return { batchItemFailures: event.Records.filter((r) => r.body === 'fail').map((r) => ({ itemIdentifier: r.messageId })) };
    };`;
  let localSqs: LocalSqs;
  let client: SQSClient;
  let codeDirectory: string;
  const queue = (name: string, attributes: Record<string, string> = {}) => ({
    logicalId: name,
    name,
    arn: `arn:aws:sqs:eu-west-1:000000000000:${name}`,
    url: `${localSqs.endpoint}/000000000000/${name}`,
    attributes,
  });

  beforeAll(async () => {
    localSqs = await startLocalSqs();
    client = new SQSClient(localClientConfig(localSqs.endpoint));
    codeDirectory = mkdtempSync(join(tmpdir(), 'local-poller-'));
    writeFileSync(join(codeDirectory, 'index.js'), HANDLER);
  });

  afterAll(async () => {
    client?.destroy();
    await localSqs?.stop();
    rmSync(codeDirectory, { recursive: true, force: true });
  });

  it('deletes what succeeded, retries what failed, and redrives it to the DLQ after maxReceiveCount', async () => {
    const deadLetters = queue('Dlq');
    const work = queue('Work', {
      VisibilityTimeout: '360',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 2 }),
    });
    localSqs.createQueues([deadLetters, work]);
    const seenFile = join(codeDirectory, 'seen.jsonl');
    const worker = {
      logicalId: 'Worker',
      name: 'Worker',
      arn: 'arn:aws:lambda:eu-west-1:000000000000:function:Worker',
      codeDirectory,
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 5,
      memoryMb: 128,
      environment: {},
    };
    const pool = new FunctionPool(worker, { env: { SEEN_FILE: seenFile }, quiet: true });
    const poller = new QueuePoller({
      mapping: {
        logicalId: 'Mapping',
        functionLogicalId: 'Worker',
        queueLogicalId: 'Work',
        batchSize: 10,
        reportBatchItemFailures: true,
        maximumConcurrency: 2,
      },
      queue: work,
      sqsEndpoint: localSqs.endpoint,
      invoke: (event) => pool.invoke(event),
      log: () => {},
    });
    poller.start();
    try {
      await client.send(new SendMessageCommand({ QueueUrl: work.url, MessageBody: 'ok' }));
      await client.send(new SendMessageCommand({ QueueUrl: work.url, MessageBody: 'fail' }));
      for (let waited = 0; (await queueDepth(client, deadLetters.url)).visible === 0 && waited < 20_000; waited += 200) await sleep(200);
    } finally {
      poller.stopReceiving();
      await pool.stop();
      await poller.finished();
    }

    expect(await queueDepth(client, work.url)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(client, deadLetters.url)).toMatchObject({ visible: 1 });
    const seen = readFileSync(seenFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    // 'ok' once; 'fail' twice (receive counts 1 and 2), then the third receive moved it to the DLQ.
    expect(seen.map((record) => [record.body, record.attributes.ApproximateReceiveCount])).toEqual(
      expect.arrayContaining([['ok', '1'], ['fail', '1'], ['fail', '2']]),
    );
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: work.arn, awsRegion: 'eu-west-1', md5OfBody: expect.any(String) });
  });
});
