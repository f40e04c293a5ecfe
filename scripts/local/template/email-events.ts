import type { LocalQueue } from './data-stores';
import { type ReadContext, activeResources } from './read-context';

/** A queue an SNS topic delivers to: in an SNS envelope, or the message alone (raw delivery). */
export interface TopicQueue {
  queueLogicalId: string;
  url: string;
  rawMessageDelivery: boolean;
}

/**
 * An SES configuration set's event destination on an SNS topic, with the local queues subscribed to that topic:
 * where an SES event of one of its types goes. The SES emulator publishes no events itself (it bounces nothing);
 * the runtime's `publishEmailEvent` delivers one along this route, as SES and SNS would.
 */
export interface EmailEventRoute {
  logicalId: string;
  topicArn: string;
  /** SES's lower-case event types (`bounce`, `complaint`, ...). */
  eventTypes: string[];
  queues: TopicQueue[];
}

export function readEmailEventRoutes(context: ReadContext, queues: readonly LocalQueue[]): EmailEventRoute[] {
  const subscriptions = activeResources(context, 'AWS::SNS::Subscription').flatMap(({ logicalId, props }) => {
    const queue = props.Protocol === 'sqs' ? queues.find((candidate) => candidate.arn === props.Endpoint) : undefined;
    if (!queue) {
      context.warn(`${logicalId}: only SNS subscriptions of local queues are emulated (${String(props.Protocol)} is not); nothing is delivered to it`);
      return [];
    }
    if (props.FilterPolicy || props.FilterPolicyScope) context.warn(`${logicalId}: the subscription's filter policy is not applied locally`);
    const rawMessageDelivery = props.RawMessageDelivery === true || props.RawMessageDelivery === 'true';
    return [{ topicArn: String(props.TopicArn), queue: { queueLogicalId: queue.logicalId, url: queue.url, rawMessageDelivery } }];
  });
  const routes: EmailEventRoute[] = [];
  for (const { logicalId, props } of activeResources(context, 'AWS::SES::ConfigurationSetEventDestination')) {
    const destination = (props.EventDestination ?? {}) as { Enabled?: boolean; MatchingEventTypes?: string[]; SnsDestination?: { TopicARN?: unknown } };
    if (destination.Enabled === false) continue;
    if (!destination.SnsDestination) {
      context.warn(`${logicalId}: only SNS event destinations are emulated; its events go nowhere locally`);
      continue;
    }
    const topicArn = String(destination.SnsDestination.TopicARN);
    routes.push({
      logicalId,
      topicArn,
      eventTypes: (destination.MatchingEventTypes ?? []).map((type) => type.toLowerCase()),
      queues: subscriptions.filter((subscription) => subscription.topicArn === topicArn).map((subscription) => subscription.queue),
    });
  }
  return routes;
}
