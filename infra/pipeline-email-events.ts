import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { EmailSendingEvent, EventDestination, type ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * What SES tells about the mail sent through the configuration set: bounces (a permanent one makes a breach notice
 * undeliverable, Art. 34) and complaints (counted in the log). Deliveries are left out: one event per notice sent
 * would cost more than it tells.
 */
export const EMAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT];

/**
 * `EmailEventsTopic`: SES publishes the configuration set's bounces and complaints to it, encrypted with the data
 * key and reachable over TLS only, and it hands each to `queue` (in an SNS envelope, as SNS does by default).
 */
export function emailEvents(scope: Construct, configurationSet: ConfigurationSet, key: Key, queue: IQueue): Topic {
  const topic = new Topic(scope, 'EmailEventsTopic', { displayName: 'Disclosure pipeline email events', masterKey: key, enforceSSL: true });
  const stack = Stack.of(scope);
  // SES encrypts what it publishes to the topic with this key, and only for this configuration set.
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('ses.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
        },
      },
    }),
  );
  // Adds the topic policy letting SES publish from this configuration set alone.
  configurationSet.addEventDestination('EmailEvents', { destination: EventDestination.snsTopic(topic), events: EMAIL_EVENTS });
  // Adds the queue policy letting this topic alone send, and lets SNS use the queue's key.
  topic.addSubscription(new SqsSubscription(queue));
  return topic;
}
