import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishEmailEvent } from '../../../scripts/local/sns/email-event-publisher';
import type { CfnTemplate } from '../../../scripts/local/template/cloudformation';
import { readPipelineModel } from '../../../scripts/local/template/pipeline-model';
import { sesEventFromQueueBody } from '../../../shared/messages/ses-events';
import { permanentBounce, sesEvent } from '../../helpers/ses-events';
import { account, endpoints, fragment } from './template-fragment';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:000000000000:EmailEventsTopic';
const EVENTS_URL = 'http://127.0.0.1:4566/000000000000/EventsQueue';

/** The fragment with what `cdk synth` gives (SES writes `TopicARN`, SNS `TopicArn`) for the events path: destination -> topic -> queue, and an email alarm subscription. */
const withEmailEvents = (raw?: boolean): CfnTemplate => ({
  ...fragment,
  Resources: {
    ...fragment.Resources,
    EventsQueue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 180 } },
    EmailEventsTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    EventsSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: {
        Protocol: 'sqs',
        TopicArn: { Ref: 'EmailEventsTopic' },
        Endpoint: { 'Fn::GetAtt': ['EventsQueue', 'Arn'] },
        ...(raw === undefined ? {} : { RawMessageDelivery: raw }),
      },
    },
    AlarmEmail: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', TopicArn: { Ref: 'EmailEventsTopic' }, Endpoint: 'ops@example.com' } },
    EmailEventsDestination: {
      Type: 'AWS::SES::ConfigurationSetEventDestination',
      Properties: {
        ConfigurationSetName: { Ref: 'ConfigurationSet' },
        EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: 'EmailEventsTopic' } } },
      },
    },
  },
});

const read = (template: CfnTemplate) => readPipelineModel(template, { account, endpoints, assetRoot: '/assembly' });

describe('email event routes of the template', () => {
  it("follows the configuration set's SNS destination to the queues subscribed to its topic", () => {
    expect(read(withEmailEvents()).emailEventRoutes).toEqual([
      {
        logicalId: 'EmailEventsDestination',
        topicArn: TOPIC_ARN,
        eventTypes: ['bounce', 'complaint'],
        queues: [{ queueLogicalId: 'EventsQueue', url: EVENTS_URL, rawMessageDelivery: false }],
      },
    ]);
  });

  it('reports what it cannot deliver to: a subscription that is not a local queue', () => {
    expect(read(withEmailEvents()).warnings).toContainEqual(expect.stringMatching(/^AlarmEmail: only SNS subscriptions of local queues/));
  });

  it('has no route when the template has no event destination', () => {
    expect(read(fragment).emailEventRoutes).toEqual([]);
  });
});

describe('publishEmailEvent', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });
  const sentBodies = () => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
  const TAGS = { controllerId: 'softmedex', breachId: 'b-1', subjectId: 'ann' };

  it('puts a bounce on the subscribed queue in an SNS envelope, which the events function reads back', async () => {
    const event = permanentBounce(TAGS, { messageId: 'msg-1' }) as { eventType: string };
    const reached = await publishEmailEvent(new SQSClient({}), read(withEmailEvents()).emailEventRoutes, event, new Date('2027-03-01T10:00:00Z'));
    expect(reached).toEqual(['EventsQueue']);
    const [sent] = sentBodies();
    expect(sent!.QueueUrl).toBe(EVENTS_URL);
    const envelope = JSON.parse(sent!.MessageBody!);
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: TOPIC_ARN, Timestamp: '2027-03-01T10:00:00.000Z', Message: JSON.stringify(event) });
    expect(sesEventFromQueueBody(sent!.MessageBody!)).toMatchObject({ eventType: 'Bounce', mail: { messageId: 'msg-1' } });
  });

  it('puts the event alone on a queue subscribed with raw delivery', async () => {
    const event = permanentBounce(TAGS) as { eventType: string };
    await publishEmailEvent(new SQSClient({}), read(withEmailEvents(true)).emailEventRoutes, event);
    expect(sentBodies()[0]!.MessageBody).toBe(JSON.stringify(event));
  });

  it('publishes no event type the destination does not take', async () => {
    const reached = await publishEmailEvent(new SQSClient({}), read(withEmailEvents()).emailEventRoutes, sesEvent('Delivery', { tags: TAGS }) as { eventType: string });
    expect(reached).toEqual([]);
    expect(sentBodies()).toEqual([]);
  });
});
