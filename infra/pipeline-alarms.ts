import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type AlarmProps, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function';

/** The topic every alarm tells, encrypted with the data key; `alarmEmail`, when given, is subscribed. */
export function alarmTopic(scope: Construct, key: Key, alarmEmail: string | undefined): Topic {
  const topic = new Topic(scope, 'AlarmTopic', { displayName: 'Disclosure pipeline alarms', masterKey: key, enforceSSL: true });
  if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
  // CloudWatch publishes to the encrypted topic with this key.
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  return topic;
}

/** `<name>DeadLetterAlarm`: a message landed in the dead-letter queue. */
export function deadLetterAlarm(scope: Construct, topic: Topic, name: string, deadLetterQueue: IQueue): Alarm {
  return alarmOnAny(
    scope,
    topic,
    `${name}DeadLetterAlarm`,
    `Messages in the ${name.toLowerCase()} dead-letter queue: inspect and redrive`,
    deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
  );
}

/** Requests of the legal teams' API that failed on our side (5xx). */
export function apiErrorAlarm(scope: Construct, topic: Topic, apiFunction: PipelineFunction): Alarm {
  return alarmOnAny(
    scope,
    topic,
    'ApiErrorAlarm',
    "Requests of the legal teams' API failed with a 5xx (function error, throttle or unhandled error). Read the API function's log.",
    failedRequests(apiFunction, 'ApiFailedRequests'),
  );
}

/** Requests of data subjects on /o/{token} that failed on our side (5xx). */
export function publicErrorAlarm(scope: Construct, topic: Topic, publicFunction: PipelineFunction): Alarm {
  return alarmOnAny(
    scope,
    topic,
    'PublicErrorAlarm',
    "Data subjects' requests on /o/{token} failed with a 5xx (function error, throttle or unhandled error): objections may not be recorded. Read the public function's log.",
    failedRequests(publicFunction, 'PublicFailedRequests'),
  );
}

/** A timer that fails stays armed and is tried on every sweep; someone must hear that it keeps failing. */
export function sweeperErrorAlarm(scope: Construct, topic: Topic, sweeper: PipelineFunction): Alarm {
  return alarmOnAny(
    scope,
    topic,
    'SweeperErrorAlarm',
    'The sweeper failed: holds, objection windows or reminders may be late. Read its log.',
    sweeper.metricErrors({ period: Duration.minutes(15) }),
  );
}

/**
 * The schedule runs it 3 times in 15 minutes; none at all (rule disabled, function broken at init, throttled)
 * publishes no data, which counts as breaching: a sweeper that stops running must alarm.
 */
export function sweeperHeartbeatAlarm(scope: Construct, topic: Topic, sweeper: PipelineFunction): Alarm {
  return alarm(scope, topic, 'SweeperHeartbeatAlarm', {
    alarmDescription: 'The sweeper has not run for 15 minutes: no timer fires (holds, objection windows, reminders, breach filing reminders) until it does.',
    metric: sweeper.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.BREACHING,
  });
}

/** An alarm on the stack's topic as soon as the metric shows one of what it counts. */
function alarmOnAny(scope: Construct, topic: Topic, id: string, description: string, metric: IMetric): Alarm {
  return alarm(scope, topic, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** An alarm that tells the stack's topic. */
function alarm(scope: Construct, topic: Topic, id: string, props: AlarmProps): Alarm {
  const created = new Alarm(scope, id, props);
  created.addAlarmAction(new SnsAction(topic));
  return created;
}

/**
 * Requests a function answered with a 5xx, per 5 minutes. The API and public handlers catch what they do not
 * expect, log it at ERROR and answer 500, so Lambda's Errors metric sees only crashes and timeouts: the ERROR
 * lines are counted too (a metric filter on the function's log group), and throttled invocations, which API
 * Gateway also answers with a 5xx.
 */
function failedRequests(fn: PipelineFunction, metricName: string): IMetric {
  const period = Duration.minutes(5);
  const namespace = `DisclosurePipeline/${Stack.of(fn).stackName}`;
  fn.logGroup.addMetricFilter(`${metricName}Filter`, {
    filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
    metricNamespace: namespace,
    metricName,
    metricValue: '1',
  });
  return new MathExpression({
    expression: 'FILL(errors, 0) + FILL(throttles, 0) + FILL(logged, 0)',
    usingMetrics: {
      errors: fn.metricErrors({ period }),
      throttles: fn.metricThrottles({ period }),
      logged: new Metric({ namespace, metricName, statistic: 'Sum', period }),
    },
    label: `${metricName} (5xx)`,
    period,
  });
}
