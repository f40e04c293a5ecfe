import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EmailEventRoute } from '../template/email-events';

/** The SQS body SNS writes for a topic's message when raw delivery is off: the message, as sent, in `Message`. */
export function snsNotificationBody(topicArn: string, message: string, at: Date): string {
  const region = topicArn.split(':')[3];
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: message,
    Timestamp: at.toISOString(),
    SignatureVersion: '1',
    // Nothing signs locally; a consumer that checks signatures would refuse this one, as it should.
    Signature: 'local',
    SigningCertURL: `https://sns.${region}.amazonaws.com/local.pem`,
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:local`,
  });
}

/**
 * Publishes an SES event (`{eventType: 'Bounce', ...}`) as SES would through each event destination that takes its
 * type, and as SNS would to each queue subscribed to the destination's topic. Resolves with the queues it reached.
 */
export async function publishEmailEvent(sqs: SQSClient, routes: readonly EmailEventRoute[], event: { eventType: string }, at = new Date()): Promise<string[]> {
  const message = JSON.stringify(event);
  const reached: string[] = [];
  for (const route of routes.filter((candidate) => candidate.eventTypes.includes(event.eventType.toLowerCase()))) {
    for (const queue of route.queues) {
      const body = queue.rawMessageDelivery ? message : snsNotificationBody(route.topicArn, message, at);
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
      reached.push(queue.queueLogicalId);
    }
  }
  return reached;
}

/** A permanent bounce of the mail SES sent with these message tags, as `npm start`'s `bounce` command publishes it. */
export function permanentBounceEvent(tags: Record<string, string>, at = new Date()): { eventType: string } & Record<string, unknown> {
  return {
    eventType: 'Bounce',
    mail: { messageId: `local-${randomUUID()}`, timestamp: at.toISOString(), tags: Object.fromEntries(Object.entries(tags).map(([name, value]) => [name, [value]])) },
    bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: at.toISOString() },
  };
}
