import { describe, expect, it } from 'vitest';
import { sesEventFromQueueBody } from '../../../shared/messages/ses-events';
import { permanentBounce, snsEnvelope } from '../../helpers/ses-events';

const TAGS = { controllerId: 'softmedex', breachId: '01KB0BREACH00000000000000A', subjectId: 'ann' };
const ADDRESS = 'ann.de.vries@example.com';

describe('sesEventFromQueueBody', () => {
  it('reads the SES event out of the SNS envelope the subscription delivers', () => {
    const event = sesEventFromQueueBody(snsEnvelope(permanentBounce(TAGS, { messageId: 'msg-1', at: '2027-03-01T10:00:00.000Z' })));
    expect(event).toEqual({
      eventType: 'Bounce',
      mail: {
        messageId: 'msg-1',
        tags: {
          'ses:configuration-set': ['PipelineConfigurationSet'],
          'ses:from-domain': ['softmedex.nl'],
          controllerId: ['softmedex'],
          breachId: [TAGS.breachId],
          subjectId: ['ann'],
        },
      },
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: '2027-03-01T10:00:00.000Z' },
    });
  });

  it('reads an event delivered raw the same way', () => {
    const event = permanentBounce(TAGS, { messageId: 'msg-1' });
    expect(sesEventFromQueueBody(JSON.stringify(event))).toEqual(sesEventFromQueueBody(snsEnvelope(event)));
  });

  it('keeps no address of the event: not the destination, the bounced recipients, the headers or the source', () => {
    const event = sesEventFromQueueBody(snsEnvelope(permanentBounce(TAGS, { to: ADDRESS })));
    expect(JSON.stringify(event)).not.toContain('@');
  });

  it('gives nothing for an SNS message that is no notification', () => {
    const confirmation = JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe', TopicArn: 'arn:aws:sns:eu-west-1:1:t' });
    expect(sesEventFromQueueBody(confirmation)).toBeUndefined();
  });

  it('refuses a body that is no SES event, whether raw or enveloped', () => {
    expect(() => sesEventFromQueueBody('not json')).toThrow();
    expect(() => sesEventFromQueueBody(JSON.stringify({ eventType: 'Bounce', mail: {} }))).toThrow();
    expect(() => sesEventFromQueueBody(snsEnvelope({ hello: 'world' }))).toThrow();
    expect(() => sesEventFromQueueBody(snsEnvelope({ ...permanentBounce(TAGS), bounce: { bounceType: 'Permanent', timestamp: 'yesterday' } }))).toThrow();
  });
});
