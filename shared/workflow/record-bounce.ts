import type { BreachNoticeStore } from '../adapters/dynamo/breach-notice-store';
import type { BounceOutcome } from '../domain/breach/breach-notice';
import { idFromTag } from '../domain/breach/notice-tags';
import type { SesEvent } from '../messages/ses-events';

/** What marking a subject's breach notice bounced found: bounced now, before, not sent yet, or no such notice. */
export type MarkBouncedResult = BounceOutcome;

/**
 * The breach notices a bounce marks: `sent` becomes `bounced` once, adding 1 to the `bounced` count of the part the
 * notice was planned in, so unreachable subjects are counted for the public communication.
 */
export type BreachNoticeBounces = Pick<BreachNoticeStore, 'markBounced'>;

export interface RecordBounceDependencies {
  breachNotices: BreachNoticeBounces;
}

/** The notice an event is about, from its message tags: ids only, set by the sender on each breach notice. */
export interface BreachNoticeTags {
  controllerId: string;
  breachId: string;
  subjectId: string;
}

export type RecordBounceOutcome =
  | { outcome: 'recorded'; notice: BreachNoticeTags; result: Exclude<MarkBouncedResult, 'not-sent-yet'> }
  /** Acknowledged and left: another event type, a bounce that is not permanent, or mail that is no breach notice. */
  | { outcome: 'ignored'; reason: 'not-a-bounce' | 'not-permanent' | 'not-a-breach-notice' };

/** A permanent bounce of a notice the sender has not settled yet: tried again when the queue hands it back. */
export class BounceBeforeSettledError extends Error {
  override name = 'BounceBeforeSettledError';
  constructor(readonly notice: BreachNoticeTags) {
    super(`The notice of subject ${notice.subjectId} in breach ${notice.breachId} is not settled yet`);
  }
}

/**
 * Records what an SES event says about a breach notice (Art. 34): a permanent bounce marks the subject's notice
 * bounced, once. A transient or undetermined bounce may still be delivered and changes nothing; other events
 * (complaints) and mail without a breach's tags (disclosure and erasure mail) are acknowledged and left.
 */
export async function recordBounce(deps: RecordBounceDependencies, event: SesEvent): Promise<RecordBounceOutcome> {
  if (event.eventType !== 'Bounce' || !event.bounce) return { outcome: 'ignored', reason: 'not-a-bounce' };
  if (event.bounce.bounceType !== 'Permanent') return { outcome: 'ignored', reason: 'not-permanent' };
  const notice = breachNoticeTags(event);
  if (!notice) return { outcome: 'ignored', reason: 'not-a-breach-notice' };
  const result = await deps.breachNotices.markBounced(notice.controllerId, notice.breachId, notice.subjectId, {
    bouncedAt: event.bounce.timestamp,
    messageId: event.mail.messageId,
  });
  if (result === 'not-sent-yet') throw new BounceBeforeSettledError(notice);
  return { outcome: 'recorded', notice, result };
}

/** The breach notice's ids from the message tags, when all three are there, once each. */
export function breachNoticeTags(event: SesEvent): BreachNoticeTags | undefined {
  const tags = event.mail.tags ?? {};
  const one = (name: string) => {
    const values = tags[name];
    // The sender writes an id SES would refuse as a tag value in a form that decodes back (notice-tags).
    return values?.length === 1 && values[0]!.trim() !== '' ? idFromTag(values[0]!) : undefined;
  };
  const [controllerId, breachId, subjectId] = [one('controllerId'), one('breachId'), one('subjectId')];
  return controllerId && breachId && subjectId ? { controllerId, breachId, subjectId } : undefined;
}
