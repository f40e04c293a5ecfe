import { randomUUID } from 'node:crypto';
import type { InvocationOutcome } from '../lambda/lambda-container';
import type { LambdaError } from '../lambda/worker-protocol';
import type { Log } from '../log';
import type { LocalAccount } from '../template/local-names';
import type { FunctionSchedule } from '../template/triggers';
import { rateExpressionPeriodMs } from './rate-expression';

export interface ScheduleTimers {
  stop(): void;
}

/**
 * Each `rate(...)` schedule as a timer that invokes its targets every period, the first time one period
 * after start, as a new EventBridge schedule does. Invocations are asynchronous, like EventBridge's: a
 * slow run does not hold back the next one.
 */
export function startScheduleTimers(options: {
  schedules: readonly FunctionSchedule[];
  account: LocalAccount;
  invoke(functionLogicalId: string, event: unknown): Promise<InvocationOutcome>;
  log: Log;
}): ScheduleTimers {
  const timers: NodeJS.Timeout[] = [];
  for (const schedule of options.schedules) {
    const periodMs = rateExpressionPeriodMs(schedule.expression);
    if (periodMs === undefined) {
      options.log(`${schedule.logicalId}: ${schedule.expression} is not run locally (only rate(...) schedules are)`);
      continue;
    }
    timers.push(
      setInterval(() => {
        for (const target of schedule.targets) {
          const event = scheduledEvent(schedule, target.input, options.account, new Date());
          options.invoke(target.functionLogicalId, event).then(
            (outcome) => {
              if (!outcome.ok) options.log(`${schedule.logicalId}: ${target.functionLogicalId} failed with ${outcome.error.errorType}`);
            },
            (error: Error) => options.log(`${schedule.logicalId}: ${target.functionLogicalId} not invoked (${error.message})`),
          );
        }
      }, periodMs),
    );
  }
  return { stop: () => timers.forEach(clearInterval) };
}

/** A scheduled invocation that failed, named by schedule, function and Lambda error type (never the message). */
export class ScheduledInvocationFailed extends Error {
  override name = 'ScheduledInvocationFailed';
  constructor(readonly failures: { scheduleLogicalId: string; functionLogicalId: string; error: LambdaError }[]) {
    super(
      `Scheduled invocation failed: ${failures
        .map((failure) => `${failure.scheduleLogicalId}: ${failure.functionLogicalId} failed with ${failure.error.errorType}`)
        .join('; ')}`,
    );
  }
}

/**
 * Simulated time: invokes every schedule's targets once, now, with the event they would get at `at`
 * (whatever their expression, cron included), one after the other, each awaited. Rejects with
 * ScheduledInvocationFailed once all ran if any invocation failed.
 */
export async function runSchedulesOnce(options: {
  schedules: readonly FunctionSchedule[];
  account: LocalAccount;
  invoke(functionLogicalId: string, event: unknown): Promise<InvocationOutcome>;
  at: Date;
}): Promise<void> {
  if (Number.isNaN(options.at.getTime())) throw new Error('runSchedules needs a valid date');
  const failures: ScheduledInvocationFailed['failures'] = [];
  for (const schedule of options.schedules) {
    for (const target of schedule.targets) {
      const outcome = await options.invoke(target.functionLogicalId, scheduledEvent(schedule, target.input, options.account, options.at));
      if (!outcome.ok) failures.push({ scheduleLogicalId: schedule.logicalId, functionLogicalId: target.functionLogicalId, error: outcome.error });
    }
  }
  if (failures.length > 0) throw new ScheduledInvocationFailed(failures);
}

/**
 * What a target receives at `time`: its Input when the template sets one (for EventBridge Scheduler with
 * its context attributes, such as `<aws.scheduler.scheduled-time>`, filled in); otherwise EventBridge's
 * "Scheduled Event" for a rule, whose `time` is `time` to the second, and an empty object for Scheduler.
 */
export function scheduledEvent(schedule: FunctionSchedule, input: string | undefined, account: LocalAccount, time: Date): unknown {
  const eventTime = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (input !== undefined) {
    if (schedule.source !== 'scheduler') return JSON.parse(input);
    const attributes: Record<string, string> = {
      'aws.scheduler.schedule-arn': schedule.arn,
      'aws.scheduler.scheduled-time': eventTime,
      'aws.scheduler.execution-id': randomUUID(),
      'aws.scheduler.attempt-number': '1',
    };
    return JSON.parse(input.replace(/<(aws\.scheduler\.[a-z-]+)>/g, (placeholder, name: string) => attributes[name] ?? placeholder));
  }
  if (schedule.source === 'scheduler') return {};
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: account.accountId,
    time: eventTime,
    region: account.region,
    resources: [schedule.arn],
    detail: {},
  };
}
