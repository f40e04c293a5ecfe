import { describe, expect, it } from 'vitest';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { RECIPIENT_NOTICE_DELAY_SECONDS } from '../../../shared/workflow/add-erasure-recipients';
import { COMPLETION_DELAY_SECONDS, settleErasure } from '../../../shared/workflow/settle-erasure';
import { ERASURE_ID, aRecipient, disclosureTo, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID } from '../../helpers/factories';

const NOW = new Date('2027-03-10T09:00:00.000Z');
const DAY_MS = 24 * 3600_000;
const after = (days: number) => new Date(NOW.getTime() + days * DAY_MS).toISOString();

const buyer = aRecipient('buyer', { name: 'Acme Health B.V.', kind: 'acquirer' });
const courier = aRecipient('courier', { name: 'DHL Parcel', kind: 'courier' });

/** The recipient's item as the request holds it, told and (by default) silent since. */
const held = (recipientId: string, settled: Partial<ErasureRecipient> = {}): ErasureRecipient => ({
  recipientId,
  name: recipientId,
  kind: 'processor',
  country: 'NL',
  locale: 'nl',
  disclosures: [],
  notifiedAt: '2027-02-20T09:00:00.000Z',
  ...settled,
});
const answered = { answer: { status: 'erased' as const, answeredAt: '2027-02-21T09:00:00.000Z', via: 'link' as const } };

/** A request in `state` holding `recipients`; the subject's ledger names those given by `ledger`. */
async function setUp(state: ErasureState, recipients: ErasureRecipient[], ledger: { recipient: typeof buyer; disclosureId: string }[] = []) {
  const world = erasureWorld({ state, recipients: [buyer, courier], now: NOW.toISOString() });
  for (const recipient of recipients) world.erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, recipient);
  for (const { recipient, disclosureId } of ledger) await world.disclosed(disclosureTo(recipient, disclosureId, '2027-01-05T10:00:00Z'));
  return world;
}

describe('settleErasure', () => {
  it('completes a request once every recipient answered or was escalated, its completion email queued first', async () => {
    const { deps, erasures, notifyQueue } = await setUp('awaiting_recipients', [held('buyer', answered), held('courier', { escalatedAt: '2027-03-06T09:00:00.000Z' })]);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(true);

    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` }]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: COMPLETION_DELAY_SECONDS }]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
    expect(erasures.transitionCalls.at(-1)).toMatchObject({ event: 'recipients_settled', data: { answered: 1, escalated: 1 }, at: NOW.toISOString() });
  });

  it('waits while a recipient is still silent and not escalated', async () => {
    const { deps, erasures, notifyQueue } = await setUp('awaiting_recipients', [held('buyer', answered), held('courier')]);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(false);

    expect(notifyQueue.bodies).toEqual([]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_recipients');
  });

  it('does nothing before own data is done, nor a second time', async () => {
    for (const state of ['in_progress', 'completed'] as const) {
      const { deps, notifyQueue, erasures } = await setUp(state, [held('buyer', answered)], [{ recipient: courier, disclosureId: 'd-late' }]);

      await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(false);

      expect(notifyQueue.bodies).toEqual([]);
      expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe(state);
    }
  });

  it('completes a request whose subject went to no recipient', async () => {
    const { deps, erasures } = await setUp('awaiting_recipients', []);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(true);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });
});

describe('settleErasure: a ledger entry written after the request was carried out', () => {
  it('adds its recipient as the execution does: notice queued first, then its item and its 7- and 14-day timers; the request waits for it', async () => {
    // Prepare: the buyer was told and answered; a disclosure to the courier reached the ledger only afterwards.
    const world = await setUp('awaiting_recipients', [held('buyer', answered)], [
      { recipient: buyer, disclosureId: 'd-1' },
      { recipient: courier, disclosureId: 'd-late' },
    ]);
    const heldWhenQueued: string[][] = [];
    const publish = world.notifyQueue.publish.bind(world.notifyQueue);
    world.notifyQueue.publish = async (messages, options) => {
      heldWhenQueued.push((await world.erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).map((recipient) => recipient.recipientId));
      return publish(messages, options);
    };

    // Act
    const completed = await settleErasure(world.deps, CONTROLLER_ID, ERASURE_ID, NOW);

    // Assess
    expect(completed).toBe(false);
    expect(await world.state()).toBe('awaiting_recipients');
    expect(world.notifyQueue.bodies).toEqual([
      {
        type: 'erasure-recipient-notice',
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        recipientId: 'courier',
        step: 'notice',
        workId: `recipient-notice#${ERASURE_ID}#courier#notice`,
      },
    ] satisfies NotifyMessage[]);
    expect(world.notifyQueue.options).toEqual([{ delaySeconds: RECIPIENT_NOTICE_DELAY_SECONDS }]);
    expect(heldWhenQueued).toEqual([['buyer']]);
    expect(await world.erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'courier')).toEqual({
      recipientId: 'courier',
      name: 'DHL Parcel',
      kind: 'courier',
      country: 'NL',
      locale: 'nl',
      contactEmail: 'privacy@courier.example',
      disclosures: [{ disclosureId: 'd-late', kind: 'debt_collection', dataCategories: ['Name and address', 'Invoice details'], disclosedAt: '2027-01-05T10:00:00Z' }],
    });
    expect(world.timers.armed(ERASURE_ID)).toEqual([
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-reminder#courier', dueAt: after(7) },
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-escalation#courier', dueAt: after(14) },
    ]);
  });

  it('adds it once: a later call finds it held and waits for its answer', async () => {
    // Prepare
    const world = await setUp('awaiting_recipients', [held('buyer', answered)], [
      { recipient: buyer, disclosureId: 'd-1' },
      { recipient: courier, disclosureId: 'd-late' },
    ]);
    await settleErasure(world.deps, CONTROLLER_ID, ERASURE_ID, NOW);
    const armings = world.timers.armings.length;

    // Act
    const completed = await settleErasure(world.deps, CONTROLLER_ID, ERASURE_ID, new Date(after(1)));

    // Assess
    expect(completed).toBe(false);
    expect(world.notifyQueue.bodies).toHaveLength(1);
    expect(world.timers.armings).toHaveLength(armings);
    expect(await world.state()).toBe('awaiting_recipients');
  });

  it('does not complete when a concurrent call put the late recipient first', async () => {
    // Prepare: another answer's settling puts the courier between this call's reading and its transaction.
    const world = await setUp('awaiting_recipients', [held('buyer', answered)], [{ recipient: courier, disclosureId: 'd-late' }]);
    const list = world.erasureRecipients.list.bind(world.erasureRecipients);
    let raced = false;
    world.erasureRecipients.list = async (controllerId, erasureId) => {
      const found = await list(controllerId, erasureId);
      if (!raced) {
        raced = true;
        world.erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, held('courier', { notifiedAt: undefined }));
      }
      return found;
    };

    // Act
    const completed = await settleErasure(world.deps, CONTROLLER_ID, ERASURE_ID, NOW);

    // Assess
    expect(completed).toBe(false);
    expect(await world.state()).toBe('awaiting_recipients');
    expect(world.notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-recipient-notice']);
  });
});
