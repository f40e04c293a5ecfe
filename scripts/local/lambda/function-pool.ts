import type { LocalFunction } from '../template/functions';
import { type InvocationOutcome, LambdaContainer } from './lambda-container';
import type { ContainerSetup } from './worker-protocol';

/**
 * A function's containers: one per concurrent invocation, started on demand and kept warm, like
 * Lambda's execution environments. Reserved concurrency, when the template sets it, caps them; excess
 * invocations wait for a free container instead of being throttled.
 */
export class FunctionPool {
  private readonly idle: LambdaContainer[] = [];
  private readonly all = new Set<LambdaContainer>();
  private readonly waiting: (() => void)[] = [];
  /** Invocations asked for and not finished, including those waiting for a container. */
  private unfinished = 0;
  private busyContainers = 0;
  private stopped = false;

  constructor(
    readonly fn: LocalFunction,
    private readonly options: { env: Record<string, string>; quiet: boolean },
  ) {}

  /** Invocations running (or waiting to run) right now. */
  get running(): number {
    return this.unfinished;
  }

  async invoke(event: unknown): Promise<InvocationOutcome> {
    this.unfinished++;
    try {
      await this.takeContainerSlot();
      try {
        if (this.stopped) throw new Error(`${this.fn.logicalId} is stopped`);
        const container = this.idle.pop() ?? this.startContainer();
        const outcome = await container.invoke(event, this.fn.timeoutSeconds * 1000);
        if (container.reusable && !this.stopped) this.idle.push(container);
        else this.all.delete(container);
        return outcome;
      } finally {
        this.busyContainers--;
        this.waiting.shift()?.();
      }
    } finally {
      this.unfinished--;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wakeUp of this.waiting.splice(0)) wakeUp();
    await Promise.all([...this.all].map((container) => container.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  /** Counts the container as busy at once, or once one frees up when reserved concurrency is reached. */
  private takeContainerSlot(): Promise<void> {
    const limit = this.fn.reservedConcurrency;
    if (limit === undefined || this.busyContainers < limit || this.stopped) {
      this.busyContainers++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.busyContainers++;
        resolve();
      }),
    );
  }

  private startContainer(): LambdaContainer {
    const { fn } = this;
    const setup: ContainerSetup = {
      codeDirectory: fn.codeDirectory,
      handler: fn.handler,
      functionName: fn.name,
      functionArn: fn.arn,
      memoryMb: fn.memoryMb,
      logGroupName: this.options.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${fn.name}`,
      logStreamName: this.options.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local',
    };
    const container = new LambdaContainer(setup, this.options);
    this.all.add(container);
    return container;
  }
}
