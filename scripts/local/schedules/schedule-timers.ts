import { randomUUID } from 'node:crypto';
import type { InvocationOutcome } from '../lambda/lambda-container';
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
          const event = scheduledEvent(schedule, target.input, options.account);
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

/**
 * The target's Input when the template sets one; otherwise EventBridge's "Scheduled Event" for a rule,
 * and an empty object for EventBridge Scheduler.
 */
export function scheduledEvent(schedule: FunctionSchedule, input: string | undefined, account: LocalAccount): unknown {
  if (input !== undefined) return JSON.parse(input);
  if (schedule.source === 'scheduler') return {};
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: account.accountId,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: account.region,
    resources: [schedule.arn],
    detail: {},
  };
}
