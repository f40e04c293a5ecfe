import { describe, expect, it } from 'vitest';
import { subjectTag } from '../../../shared/domain/breach/notice-tags';
import { sesEventSchema } from '../../../shared/messages/ses-events';
import { BounceBeforeSettledError, recordBounce, type BreachNoticeBounces, type MarkBouncedResult } from '../../../shared/workflow/record-bounce';
import { permanentBounce, sesEvent } from '../../helpers/ses-events';

const TAGS = { controllerId: 'softmedex', breachId: '01KB0BREACH00000000000000A', subjectId: 'ann' };

type NoticeStatus = 'queued' | 'sent' | 'failed' | 'bounced';

/** Notices by subject with their status, and the `bounced` count, as the store keeps them: sent -> bounced once. */
function notices(statuses: Record<string, NoticeStatus>) {
  const calls: { subjectId: string; bouncedAt: string; messageId: string }[] = [];
  let bounced = 0;
  const store: BreachNoticeBounces = {
    async markBounced(controllerId, breachId, subjectId, bounce): Promise<MarkBouncedResult> {
      calls.push({ subjectId, ...bounce });
      if (controllerId !== TAGS.controllerId || breachId !== TAGS.breachId) return 'no-notice';
      const status = statuses[subjectId];
      if (status === 'bounced') return 'already-bounced';
      if (status === 'queued') return 'not-sent-yet';
      if (status !== 'sent') return 'no-notice';
      statuses[subjectId] = 'bounced';
      bounced += 1;
      return 'bounced';
    },
  };
  return { deps: { breachNotices: store }, calls, statuses, bounced: () => bounced };
}

const parsed = (event: Record<string, unknown>) => sesEventSchema.parse(event);

describe('recordBounce', () => {
  it("marks the breach notice a permanent bounce names by its tags bounced, with the bounce's time and message id", async () => {
    const table = notices({ ann: 'sent', bob: 'sent' });
    const event = permanentBounce(TAGS, { messageId: 'msg-ann', at: '2027-03-01T10:00:05.000Z' });
    const outcome = await recordBounce(table.deps, parsed(event));
    expect(outcome).toEqual({ outcome: 'recorded', notice: TAGS, result: 'bounced' });
    expect(table.calls).toEqual([{ subjectId: 'ann', bouncedAt: '2027-03-01T10:00:05.000Z', messageId: 'msg-ann' }]);
    expect(table.statuses).toEqual({ ann: 'bounced', bob: 'sent' });
    expect(table.bounced()).toBe(1);
  });

  it('finds the notice of a subject whose id the sender had to encode as a tag value', async () => {
    const table = notices({ 'crm:4711.b': 'sent' });
    const outcome = await recordBounce(table.deps, parsed(permanentBounce({ ...TAGS, ...subjectTag('crm:4711.b') })));
    expect(outcome).toEqual({ outcome: 'recorded', notice: { ...TAGS, subjectId: 'crm:4711.b' }, result: 'bounced' });
  });

  it('counts a bounce SNS delivers twice once', async () => {
    const table = notices({ ann: 'sent' });
    const event = parsed(permanentBounce(TAGS));
    await recordBounce(table.deps, event);
    const again = await recordBounce(table.deps, event);
    expect(again).toEqual({ outcome: 'recorded', notice: TAGS, result: 'already-bounced' });
    expect(table.bounced()).toBe(1);
  });

  it.each(['Transient', 'Undetermined'])('leaves a %s bounce alone: the address may still take mail', async (bounceType) => {
    const table = notices({ ann: 'sent' });
    const outcome = await recordBounce(table.deps, parsed(sesEvent('Bounce', { tags: TAGS, bounceType })));
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'not-permanent' });
    expect(table.calls).toEqual([]);
  });

  it.each(['Complaint', 'Delivery', 'Send'])('acknowledges a %s event of a breach notice and records nothing', async (eventType) => {
    const table = notices({ ann: 'sent' });
    const outcome = await recordBounce(table.deps, parsed(sesEvent(eventType, { tags: TAGS })));
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'not-a-bounce' });
    expect(table.calls).toEqual([]);
  });

  it.each([
    ['a disclosure notice (no breach tags)', {}],
    ['a notice without its subject', { controllerId: TAGS.controllerId, breachId: TAGS.breachId }],
    ['a notice without its breach', { controllerId: TAGS.controllerId, subjectId: 'ann' }],
    ['an empty subject id', { ...TAGS, subjectId: ' ' }],
  ])('ignores the permanent bounce of %s', async (_, tags) => {
    const table = notices({ ann: 'sent' });
    const outcome = await recordBounce(table.deps, parsed(sesEvent('Bounce', { tags })));
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'not-a-breach-notice' });
    expect(table.calls).toEqual([]);
  });

  it('ignores a bounce whose tag names two subjects: it cannot tell whose notice bounced', async () => {
    const table = notices({ ann: 'sent', bob: 'sent' });
    const event = permanentBounce(TAGS) as { mail: { tags: Record<string, string[]> } };
    event.mail.tags.subjectId = ['ann', 'bob'];
    const outcome = await recordBounce(table.deps, parsed(event));
    expect(outcome).toEqual({ outcome: 'ignored', reason: 'not-a-breach-notice' });
    expect(table.calls).toEqual([]);
  });

  it('fails the bounce of a notice still queued, so the queue hands it back once the sender has settled it', async () => {
    const table = notices({ ann: 'queued' });
    const failure = await recordBounce(table.deps, parsed(permanentBounce(TAGS))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BounceBeforeSettledError);
    expect((failure as BounceBeforeSettledError).notice).toEqual(TAGS);
    expect(table.statuses.ann).toBe('queued');
    table.statuses.ann = 'sent';
    expect(await recordBounce(table.deps, parsed(permanentBounce(TAGS)))).toMatchObject({ result: 'bounced' });
  });

  it('records a bounce of a notice it does not know as found nothing, without failing', async () => {
    const table = notices({});
    expect(await recordBounce(table.deps, parsed(permanentBounce(TAGS)))).toEqual({ outcome: 'recorded', notice: TAGS, result: 'no-notice' });
  });
});
