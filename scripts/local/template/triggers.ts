import type { LocalQueue } from './data-stores';
import { type LocalFunction, functionNamed } from './functions';
import { type ReadContext, activeResources } from './read-context';

/** An SQS event source mapping: a poller that feeds a queue's messages to a function in batches. */
export interface QueueMapping {
  logicalId: string;
  functionLogicalId: string;
  queueLogicalId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency; without it, Lambda starts with 5 concurrent pollers. */
  maximumConcurrency: number;
}

/** A schedule (EventBridge rule or EventBridge Scheduler) that invokes functions. */
export interface FunctionSchedule {
  logicalId: string;
  arn: string;
  expression: string;
  source: 'events-rule' | 'scheduler';
  targets: { functionLogicalId: string; input?: string }[];
}

/** Lambda's SQS default batch size, and the most one ReceiveMessage call returns. */
const DEFAULT_SQS_BATCH_SIZE = 10;
const SQS_RECEIVE_LIMIT = 10;
const DEFAULT_SQS_POLLERS = 5;

export function readQueueMappings(
  context: ReadContext,
  functions: readonly LocalFunction[],
  queues: readonly LocalQueue[],
): QueueMapping[] {
  const mappings: QueueMapping[] = [];
  for (const { logicalId, props } of activeResources(context, 'AWS::Lambda::EventSourceMapping')) {
    const queue = queues.find((candidate) => candidate.arn === props.EventSourceArn);
    const fn = functionNamed(functions, props.FunctionName);
    if (props.Enabled === false) continue;
    if (!queue || !fn) {
      context.warn(`${logicalId}: only SQS event sources feeding a local function are polled; skipped`);
      continue;
    }
    let batchSize = Number(props.BatchSize ?? DEFAULT_SQS_BATCH_SIZE);
    if (batchSize > SQS_RECEIVE_LIMIT) {
      // Lambda gathers larger batches over MaximumBatchingWindowInSeconds; one receive is enough locally.
      context.warn(`${logicalId}: batch size ${batchSize} is capped at ${SQS_RECEIVE_LIMIT} locally`);
      batchSize = SQS_RECEIVE_LIMIT;
    }
    if (props.FilterCriteria) context.warn(`${logicalId}: FilterCriteria is not applied locally`);
    const scaling = props.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    mappings.push({
      logicalId,
      functionLogicalId: fn.logicalId,
      queueLogicalId: queue.logicalId,
      batchSize,
      reportBatchItemFailures: ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
        'ReportBatchItemFailures',
      ),
      maximumConcurrency: Number(scaling?.MaximumConcurrency ?? DEFAULT_SQS_POLLERS),
    });
  }
  return mappings;
}

/** Enabled schedules whose targets are local functions. */
export function readSchedules(context: ReadContext, functions: readonly LocalFunction[]): FunctionSchedule[] {
  const schedules: FunctionSchedule[] = [];
  const targetsOf = (logicalId: string, targets: { Arn?: unknown; Input?: unknown }[]) =>
    targets.flatMap((target) => {
      const fn = functionNamed(functions, target.Arn);
      if (!fn) context.warn(`${logicalId}: target ${String(target.Arn)} is not a local function; not invoked`);
      return fn ? [{ functionLogicalId: fn.logicalId, input: target.Input === undefined ? undefined : String(target.Input) }] : [];
    });

  for (const { logicalId, props } of activeResources(context, 'AWS::Events::Rule')) {
    if (!props.ScheduleExpression || (props.State ?? 'ENABLED') !== 'ENABLED') continue;
    const targets = targetsOf(logicalId, (props.Targets as { Arn?: unknown; Input?: unknown }[] | undefined) ?? []);
    const arn = context.references.getAtt(logicalId, 'Arn');
    schedules.push({ logicalId, arn, expression: String(props.ScheduleExpression), source: 'events-rule', targets });
  }
  for (const { logicalId, props } of activeResources(context, 'AWS::Scheduler::Schedule')) {
    if ((props.State ?? 'ENABLED') !== 'ENABLED') continue;
    const target = props.Target as { Arn?: unknown; Input?: unknown } | undefined;
    const targets = targetsOf(logicalId, target ? [target] : []);
    const arn = context.references.getAtt(logicalId, 'Arn');
    schedules.push({ logicalId, arn, expression: String(props.ScheduleExpression), source: 'scheduler', targets });
  }
  return schedules.filter((schedule) => schedule.targets.length > 0);
}
