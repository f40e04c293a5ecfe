import { describe, expect, it } from 'vitest';
import type { ErasureExecution, ErasureRecipientNotice } from '../../../shared/messages/pipeline-messages';
import { executeErasure } from '../../../shared/workflow/execute-erasure';
import { fireRecipientFollowUp } from '../../../shared/workflow/follow-up-erasure-recipient';
import { sendErasureRecipientNotice } from '../../../shared/workflow/send-erasure-recipient-notice';
import { sweep, type SweeperDependencies } from '../../../shared/workflow/sweep';
import { ERASURE_ID, STARTED_AT, aRecipient, disclosureTo, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryDisclosureStore, RecordingQueue } from '../../helpers/fakes';

const DAY_MS = 24 * 3600_000;
const after = (days: number, ms = 0) => new Date(Date.parse(STARTED_AT) + days * DAY_MS + ms).toISOString();
const execution: ErasureExecution = { type: 'erasure-execution', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `execution#${ERASURE_ID}` };

const collector = aRecipient('incasso', { name: 'Incassobureau Brabant B.V.' });
const courier = aRecipient('dhl', { name: 'DHL Parcel', kind: 'courier' });

/** A request carried out at STARTED_AT whose recipients were told right away; the sweeper runs on the same stores. */
async function followUpWorld(recipients = [collector]) {
  const world = erasureWorld({ recipients });
  for (const [index, recipient] of recipients.entries()) await world.disclosed(disclosureTo(recipient, `d-${index}`, '2026-03-01T10:00:00Z'));
  await executeErasure(world.deps, execution);
  for (const body of world.notifyQueue.bodies.splice(0)) await sendErasureRecipientNotice(world.deps, body as ErasureRecipientNotice);
  world.notifyQueue.batches.length = 0;
  const deps: SweeperDependencies = {
    timers: world.timers,
    disclosures: new InMemoryDisclosureStore(undefined, undefined, {}, world.timers),
    erasures: world.erasures,
    breaches: { get: async () => undefined },
    erasureRecipients: world.erasureRecipients,
    ledger: world.ledger,
    recipients: world.recipients,
    findProfile: world.deps.findProfile,
    planQueue: new RecordingQueue(),
    notifyQueue: world.notifyQueue,
    controllerIds: [CONTROLLER_ID],
    audienceShards: 16,
  };
  const sweepAt = (iso: string) => sweep(deps, new Date(iso));
  return { ...world, sweepAt };
}

describe('following up a silent recipient', () => {
  it('queues its reminder once 7 days have passed, not before, and once', async () => {
    // Prepare
    const { sweepAt, notifyQueue } = await followUpWorld();

    // Act
    await sweepAt(after(7, -1));
    const early = notifyQueue.bodies.length;
    const swept = await sweepAt(after(7));
    await sweepAt(after(8));

    // Assess
    expect(early).toBe(0);
    expect(swept.fired).toEqual([{ erasureId: ERASURE_ID, timer: 'recipient-reminder#incasso' }]);
    expect(notifyQueue.bodies).toEqual([
      {
        type: 'erasure-recipient-notice',
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        recipientId: 'incasso',
        step: 'reminder',
        workId: `recipient-notice#${ERASURE_ID}#incasso#reminder`,
      },
    ]);
  });

  it('hands it to the legal team after 14 days, and completes the request when it was the last one waited for', async () => {
    // Prepare
    const { sweepAt, notifyQueue, erasureRecipients, state, eventTypes } = await followUpWorld();

    // Act
    const swept = await sweepAt(after(14));

    // Assess
    expect(swept.fired).toEqual([
      { erasureId: ERASURE_ID, timer: 'recipient-reminder#incasso' },
      { erasureId: ERASURE_ID, timer: 'recipient-escalation#incasso' },
    ]);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ escalatedAt: after(14) });
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-recipient-notice', 'erasure-legal-alert', 'erasure-completion']);
    expect(notifyQueue.bodies[1]).toMatchObject({ alert: 'recipient-escalated', recipientId: 'incasso', recipientName: 'Incassobureau Brabant B.V.' });
    expect(await state()).toBe('completed');
    expect((await eventTypes()).slice(-2)).toEqual(['erasure.recipient_escalated', 'erasure.recipients_settled']);
  });

  it('waits for the other recipients before completing', async () => {
    const { sweepAt, erasureRecipients, state } = await followUpWorld([collector, courier]);
    await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'dhl', { status: 'not_held', answeredAt: after(1), via: 'link' });
    await sweepAt(after(13));
    expect(await state()).toBe('awaiting_recipients');

    await sweepAt(after(14));

    expect(await state()).toBe('completed');
  });
});

describe('following up a recipient that answered or was escalated', () => {
  it('neither reminds nor escalates a recipient that answered', async () => {
    // Prepare
    const { sweepAt, notifyQueue, erasureRecipients, timers } = await followUpWorld([collector, courier]);
    await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'incasso', { status: 'erased', answeredAt: after(2), via: 'callback' });

    // Act
    await sweepAt(after(14));

    // Assess
    expect(notifyQueue.bodies.filter((body) => 'recipientId' in body && body.recipientId === 'incasso')).toEqual([]);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).not.toHaveProperty('escalatedAt');
    // Its timers fired and are spent.
    expect(timers.armed(ERASURE_ID).map((timer) => timer.name)).toEqual([]);
  });

  it('sends no second alert for a recipient escalated when it could not be told', async () => {
    // Prepare: the courier has no address and no webhook; its notice escalated it at once.
    const { contactEmail: _none, ...unreachable } = courier;
    const { sweepAt, notifyQueue } = await followUpWorld([collector, unreachable]);

    // Act
    await sweepAt(after(14));

    // Assess
    const alerts = notifyQueue.bodies.filter((body) => body.type === 'erasure-legal-alert');
    expect(alerts.map((alert) => 'recipientId' in alert && alert.recipientId)).toEqual(['incasso']);
  });

  it('finishes an escalation a crash cut short: the next sweep queues the alert again', async () => {
    // Prepare: the escalation was recorded when the timer fired, then the sweep stopped before its alert.
    const { sweepAt, notifyQueue, erasureRecipients, timers } = await followUpWorld();
    await erasureRecipients.recordEscalated(CONTROLLER_ID, ERASURE_ID, 'incasso', after(14));

    // Act
    await sweepAt(after(14, 60_000));

    // Assess
    expect(notifyQueue.bodies.filter((body) => body.type === 'erasure-legal-alert')).toHaveLength(1);
    expect(timers.armed(ERASURE_ID)).toEqual([]);
  });
});

describe('following up a request whose completion failed', () => {
  it("completes it when a timer of its last recipient, which answered, fires", async () => {
    // Prepare: the answer was recorded, and completing the request after it failed.
    const { sweepAt, erasureRecipients, notifyQueue, state } = await followUpWorld();
    await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'incasso', { status: 'erased', answeredAt: after(2), via: 'link' });
    expect(await state()).toBe('awaiting_recipients');

    // Act
    await sweepAt(after(7));

    // Assess
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-completion']);
    expect(await state()).toBe('completed');
  });

  it('completes it when the 14-day timer finds its last recipient escalated before, when it could not be told', async () => {
    // Prepare: the collector answered (its completion failed); the courier was escalated at once, not told.
    const { contactEmail: _none, ...unreachable } = courier;
    const world = await followUpWorld([collector, unreachable]);
    await world.erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'incasso', { status: 'erased', answeredAt: after(2), via: 'link' });
    const timer = { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-escalation#dhl' as const, dueAt: after(14) };

    // Act
    const fired = await fireRecipientFollowUp(world.deps, timer, { step: 'escalation', recipientId: 'dhl' }, new Date(after(14)));

    // Assess
    expect(fired).toBe(false);
    expect(world.notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-completion']);
    expect(await world.state()).toBe('completed');
  });
});
