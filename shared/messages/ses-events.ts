import { z } from 'zod';

/**
 * An SES event as the configuration set publishes it (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html),
 * reduced to what the pipeline reads. SES events carry addresses (`mail.destination`, `bounce.bouncedRecipients`,
 * headers): zod drops every key not named here, so nothing parsed holds one.
 */
export const sesEventSchema = z.object({
  /** `Bounce`, `Complaint`, `Delivery`, ...: any type is taken, and those the pipeline does not record are ignored. */
  eventType: z.string().min(1),
  mail: z.object({
    messageId: z.string().min(1),
    /** The message tags, each with its values: ours (`controllerId`, `breachId`, `subjectId`) and SES's own (`ses:*`). */
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z
    .object({
      /** `Permanent`: the address will never take mail; `Transient` and `Undetermined` may pass later. */
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      timestamp: z.iso.datetime({ offset: true }),
    })
    .optional(),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

/** What SNS puts on the queue for a topic's message when raw delivery is off: the event sits, as JSON, in `Message`. */
const snsEnvelopeSchema = z.object({
  Type: z.string(),
  TopicArn: z.string().optional(),
  Message: z.string(),
});

/**
 * The SES event in an SQS message's body: inside an SNS envelope (the subscription's default) or on its own (raw
 * delivery). Undefined for an SNS message that is no notification (a subscription confirmation); throws, without
 * the body, for anything else that is not an SES event.
 */
export function sesEventFromQueueBody(body: string): SesEvent | undefined {
  const parsed: unknown = JSON.parse(body);
  const envelope = snsEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) return sesEventSchema.parse(parsed);
  if (envelope.data.Type !== 'Notification') return undefined;
  return sesEventSchema.parse(JSON.parse(envelope.data.Message));
}
