import { randomUUID } from 'node:crypto';

/** The tags the sender puts on a breach notice, as SES hands them back (each tag a list of values). */
export interface BreachNoticeTagValues {
  controllerId: string;
  breachId: string;
  subjectId: string;
}

/**
 * An SES event as the configuration set publishes it, with the addresses and headers SES includes (the pipeline
 * must read past them and never log them) and SES's own tags beside the sender's.
 */
export function sesEvent(
  eventType: string,
  options: { tags?: Partial<BreachNoticeTagValues>; messageId?: string; to?: string; bounceType?: string; at?: string } = {},
): Record<string, unknown> {
  const to = options.to ?? 'bounced.subject@example.com';
  const at = options.at ?? '2027-03-01T10:00:00.000Z';
  const tags = Object.fromEntries(Object.entries(options.tags ?? {}).map(([name, value]) => [name, [value]]));
  return {
    eventType,
    mail: {
      timestamp: at,
      source: 'Softmedex <privacy@softmedex.nl>',
      sendingAccountId: '123456789012',
      messageId: options.messageId ?? `0100018e-${randomUUID()}-000000`,
      destination: [to],
      headersTruncated: false,
      headers: [{ name: 'To', value: to }],
      commonHeaders: { from: ['privacy@softmedex.nl'], to: [to], subject: 'Datalek' },
      tags: { 'ses:configuration-set': ['PipelineConfigurationSet'], 'ses:from-domain': ['softmedex.nl'], ...tags },
    },
    ...(eventType === 'Bounce'
      ? {
          bounce: {
            bounceType: options.bounceType ?? 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: `smtp; 550 5.1.1 <${to}>: user unknown` }],
            timestamp: at,
            feedbackId: `0100018e-${randomUUID()}`,
            reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com',
          },
        }
      : {}),
    ...(eventType === 'Complaint'
      ? { complaint: { complainedRecipients: [{ emailAddress: to }], timestamp: at, feedbackId: `0100018e-${randomUUID()}`, complaintFeedbackType: 'abuse' } }
      : {}),
  };
}

/** A permanent bounce of the breach notice with these tags. */
export function permanentBounce(tags: BreachNoticeTagValues, options: { messageId?: string; to?: string; at?: string } = {}): Record<string, unknown> {
  return sesEvent('Bounce', { ...options, tags });
}

/** The SQS message body SNS writes for a topic's message with raw delivery off: the message as JSON in `Message`. */
export function snsEnvelope(message: unknown, topicArn = 'arn:aws:sns:eu-west-1:123456789012:PipelineEmailEventsTopic'): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: JSON.stringify(message),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
  });
}
