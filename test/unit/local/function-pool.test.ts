import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FunctionPool } from '../../../scripts/local/lambda/function-pool';
import type { LocalFunction } from '../../../scripts/local/template/functions';

/** A bundled CommonJS handler, as esbuild leaves it in an asset folder. */
const HANDLER = `
let invocations = 0;
exports.handler = async (event, context) => {
  invocations++;
  if (event.throw) throw new TypeError('bad input');
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  return {
    invocations,
    env: { FROM_TEMPLATE: process.env.FROM_TEMPLATE, LEAK: process.env.LOCAL_RUNTIME_TEST_LEAK ?? null },
    context: {
      functionName: context.functionName,
      awsRequestId: context.awsRequestId,
      remaining: context.getRemainingTimeInMillis(),
      memoryLimitInMB: context.memoryLimitInMB,
      invokedFunctionArn: context.invokedFunctionArn,
    },
    at: new Date(0),
  };
};
`;

let codeDirectory: string;
const pools: FunctionPool[] = [];

function pool(overrides: Partial<LocalFunction> = {}): FunctionPool {
  const fn: LocalFunction = {
    logicalId: 'TestFunction',
    name: 'TestFunction',
    arn: 'arn:aws:lambda:eu-west-1:000000000000:function:TestFunction',
    codeDirectory,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 2,
    memoryMb: 256,
    environment: {},
    ...overrides,
  };
  const created = new FunctionPool(fn, { env: { FROM_TEMPLATE: 'yes' }, quiet: true });
  pools.push(created);
  return created;
}

beforeAll(() => {
  codeDirectory = mkdtempSync(join(tmpdir(), 'local-lambda-'));
  writeFileSync(join(codeDirectory, 'index.js'), HANDLER);
  process.env.LOCAL_RUNTIME_TEST_LEAK = 'from the developer shell';
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.stop()));
});
afterAll(() => {
  rmSync(codeDirectory, { recursive: true, force: true });
  delete process.env.LOCAL_RUNTIME_TEST_LEAK;
});

describe('FunctionPool', () => {
  it('invokes the handler with the event and a Lambda-like context, in its own environment', async () => {
    const outcome = await pool().invoke({});
    expect(outcome).toEqual({
      ok: true,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      result: {
        invocations: 1,
        env: { FROM_TEMPLATE: 'yes', LEAK: null },
        context: {
          functionName: 'TestFunction',
          awsRequestId: outcome.requestId,
          remaining: expect.any(Number),
          memoryLimitInMB: '256',
          invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:TestFunction',
        },
        at: '1970-01-01T00:00:00.000Z',
      },
    });
    const remaining = (outcome as { result: { context: { remaining: number } } }).result.context.remaining;
    expect(remaining).toBeGreaterThan(1000);
    expect(remaining).toBeLessThanOrEqual(2000);
  });

  it('loads the code once per container and keeps the container warm, even after a handler error', async () => {
    const fn = pool();
    await fn.invoke({});
    expect(await fn.invoke({ throw: true })).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'bad input' } });
    expect(await fn.invoke({})).toMatchObject({ ok: true, result: { invocations: 3 } });
  });

  it('runs concurrent invocations in separate containers', async () => {
    const fn = pool();
    const outcomes = await Promise.all([fn.invoke({ sleepMs: 200 }), fn.invoke({ sleepMs: 200 })]);
    expect(outcomes.map((outcome) => (outcome as { result: { invocations: number } }).result.invocations)).toEqual([1, 1]);
  });

  it('holds invocations beyond the reserved concurrency until a container is free', async () => {
    const fn = pool({ reservedConcurrency: 1 });
    const outcomes = await Promise.all([fn.invoke({ sleepMs: 100 }), fn.invoke({ sleepMs: 100 })]);
    expect(outcomes.map((outcome) => (outcome as { result: { invocations: number } }).result.invocations).sort()).toEqual([1, 2]);
  });

  it('ends an invocation at the template timeout and starts the next one cold', async () => {
    const fn = pool({ timeoutSeconds: 1 });
    expect(fn.running).toBe(0);
    const slow = fn.invoke({ sleepMs: 5000 });
    expect(fn.running).toBe(1);
    expect(await slow).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' } });
    expect(fn.running).toBe(0);
    expect(await fn.invoke({})).toMatchObject({ ok: true, result: { invocations: 1 } });
  });

  it('reports a handler the bundle does not export', async () => {
    expect(await pool({ handler: 'index.missing' }).invoke({})).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.missing is undefined or not exported' },
    });
    expect(await pool({ handler: 'nowhere.handler' }).invoke({})).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  });
});
