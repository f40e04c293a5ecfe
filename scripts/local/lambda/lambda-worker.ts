/**
 * One Lambda container: a worker thread that loads the bundled handler once (the init phase) and then
 * runs one invocation at a time. Node runs this file with its built-in type stripping, so it holds only
 * erasable TypeScript and imports nothing but Node built-ins (type imports vanish).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { ContainerSetup, InvokeReply, InvokeRequest, LambdaError } from './worker-protocol';

type Handler = (event: unknown, context: unknown) => unknown;

const setup = workerData as ContainerSetup;
const port = parentPort!;

// The template's NODE_OPTIONS cannot reach a worker thread; source maps are the one option it sets.
if (process.env.NODE_OPTIONS?.includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

const handlerReady = loadHandler(setup).then(
  (handler) => ({ handler }),
  (error: unknown) => ({ initError: toLambdaError(error, 'Runtime.ImportModuleError') }),
);

port.on('message', async (request: InvokeRequest) => {
  const loaded = await handlerReady;
  if ('initError' in loaded) {
    reply({ requestId: request.requestId, ok: false, error: loaded.initError, fatal: true });
    return;
  }
  try {
    const result = await loaded.handler(JSON.parse(request.eventJson), lambdaContext(request));
    reply({ requestId: request.requestId, ok: true, resultJson: JSON.stringify(result ?? null) });
  } catch (error) {
    reply({ requestId: request.requestId, ok: false, error: toLambdaError(error, 'Error'), fatal: false });
  }
});

async function loadHandler({ codeDirectory, handler }: ContainerSetup): Promise<Handler> {
  const separator = handler.lastIndexOf('.');
  const modulePath = join(codeDirectory, handler.slice(0, separator));
  const exportName = handler.slice(separator + 1);
  const file = ['.js', '.cjs', '.mjs'].map((extension) => modulePath + extension).find((path) => existsSync(path));
  if (!file) throw Object.assign(new Error(`Cannot find module ${handler.slice(0, separator)}`), { name: 'Runtime.ImportModuleError' });
  // CommonJS bundles load with require, as Lambda's runtime does; an .mjs bundle through import().
  const loaded = (
    file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : createRequire(file)(file)
  ) as Record<string, unknown>;
  const fn = loaded[exportName];
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return fn as Handler;
}

function lambdaContext(request: InvokeRequest) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: setup.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: setup.functionArn,
    memoryLimitInMB: String(setup.memoryMb),
    awsRequestId: request.requestId,
    logGroupName: setup.logGroupName,
    logStreamName: setup.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  };
}

function toLambdaError(error: unknown, defaultType: string): LambdaError {
  if (error instanceof Error) {
    const errorType = error.name && error.name !== 'Error' ? error.name : defaultType;
    return { errorType, errorMessage: error.message, trace: error.stack?.split('\n') };
  }
  return { errorType: defaultType, errorMessage: String(error) };
}

function reply(message: InvokeReply): void {
  port.postMessage(message);
}
