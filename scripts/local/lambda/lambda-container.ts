import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ContainerSetup, InvokeReply, InvokeRequest, LambdaError } from './worker-protocol';

export type InvocationOutcome = { ok: true; result: unknown; requestId: string } | { ok: false; error: LambdaError; requestId: string };

const WORKER_FILE = new URL('./lambda-worker.ts', import.meta.url);

/**
 * One warm Lambda container: a worker thread with the function's own environment, running one
 * invocation at a time. A timeout, a crash or a failed init ends the container, as it does on Lambda,
 * and the next invocation gets a fresh one (a cold start).
 */
export class LambdaContainer {
  private readonly worker: Worker;
  private alive = true;

  constructor(setup: ContainerSetup, options: { env: Record<string, string>; quiet: boolean }) {
    this.worker = new Worker(WORKER_FILE, {
      workerData: setup,
      env: options.env,
      // A clean Node, not the runtime's own flags (tsx, vitest): the bundle must stand on its own.
      execArgv: [],
      // Lambda's memory setting, approximated as the heap limit: a function that outgrows it fails here too.
      resourceLimits: { maxOldGenerationSizeMb: setup.memoryMb },
      stdout: options.quiet,
      stderr: options.quiet,
    });
    if (options.quiet) {
      this.worker.stdout.resume();
      this.worker.stderr.resume();
    }
    this.worker.on('exit', () => (this.alive = false));
    // Errors are reported by the invocation they happen in; an idle container just ends.
    this.worker.on('error', () => (this.alive = false));
  }

  get reusable(): boolean {
    return this.alive;
  }

  invoke(event: unknown, timeoutMs: number): Promise<InvocationOutcome> {
    const requestId = randomUUID();
    const request: InvokeRequest = { requestId, eventJson: JSON.stringify(event), deadline: Date.now() + timeoutMs };
    return new Promise((resolve) => {
      const finish = (outcome: InvocationOutcome, endContainer: boolean) => {
        clearTimeout(timer);
        this.worker.off('message', onReply);
        this.worker.off('error', onCrash);
        this.worker.off('exit', onExit);
        if (endContainer) void this.terminate();
        resolve(outcome);
      };
      const fail = (errorType: string, errorMessage: string) => ({ ok: false as const, requestId, error: { errorType, errorMessage } });
      const onReply = (reply: InvokeReply) => {
        if (reply.requestId !== requestId) return;
        if (reply.ok) finish({ ok: true, requestId, result: JSON.parse(reply.resultJson) }, false);
        else finish({ ok: false, requestId, error: reply.error }, reply.fatal);
      };
      const onCrash = (error: Error) => {
        const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(fail(outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', error.message), true);
      };
      const onExit = (code: number) => finish(fail('Runtime.ExitError', `Runtime exited with code ${code}`), true);
      const timer = setTimeout(
        () => finish(fail('Sandbox.Timedout', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`), true),
        timeoutMs,
      );
      this.worker.on('message', onReply);
      this.worker.once('error', onCrash);
      this.worker.once('exit', onExit);
      this.worker.postMessage(request);
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
