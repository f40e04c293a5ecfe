import { describe, expect, it } from 'vitest';
import { signAckToken } from '../../../shared/domain/links/ack-link';
import type { ErasureExecution, ErasureRecipientNotice } from '../../../shared/messages/pipeline-messages';
import { executeErasure } from '../../../shared/workflow/execute-erasure';
import { recordRecipientAnswer } from '../../../shared/workflow/record-recipient-answer';
import { sendErasureRecipientNotice } from '../../../shared/workflow/send-erasure-recipient-notice';
import { sweep, type SweeperDependencies } from '../../../shared/workflow/sweep';
import { ERASURE_ID, LINK_SECRET, STARTED_AT, aRecipient, disclosureTo, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryDisclosureStore, RecordingQueue } from '../../helpers/fakes';

const DAY_MS = 24 * 3600_000;
const after = (days: number) => new Date(Date.parse(STARTED_AT) + days * DAY_MS).toISOString();
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();
const execution: ErasureExecution = { type: 'erasure-execution', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `execution#${ERASURE_ID}` };

const collector = aRecipient('incasso', { name: 'Incassobureau Brabant B.V.' });
const buyer = aRecipient('acme', { name: 'Acme Health B.V.', kind: 'acquirer', contactEmail: 'privacy@acme-health.example' });

/**
 * Alice's erasure is carried out: her ledger names the debt collector, who is told. Then a disclosure to a
 * buyer reaches her ledger (a transfer's page planned just as her erasure began), while the request waits.
 */
async function lateEntryWorld() {
  const world = erasureWorld({ recipients: [collector, buyer] });
  await world.disclosed(disclosureTo(collector, 'd-1', '2026-03-01T10:00:00Z'));
  await executeErasure(world.deps, execution);
  await sendQueuedNotices(world);
  await world.disclosed(disclosureTo(buyer, 'd-sale', after(1), { kind: 'merger_acquisition', dataCategories: ['Name', 'Contact details'] }));
  const answer = async (recipientId: string, at: string) => {
    world.clock.set(at);
    const token = await signAckToken({ controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, recipientId }, LINK_SECRET, new Date(STARTED_AT));
    return recordRecipientAnswer(world.deps, token, { status: 'erased' }, 'link');
  };
  const sweeper: SweeperDependencies = {
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
  const sweepAt = (iso: string) => sweep(sweeper, new Date(iso));
  return { ...world, answer, sweepAt, sendQueuedNotices: () => sendQueuedNotices(world) };
}

/** The sender takes the recipients' notices queued so far. */
async function sendQueuedNotices(world: ReturnType<typeof erasureWorld>) {
  for (const body of world.notifyQueue.bodies.splice(0)) {
    if (body.type === 'erasure-recipient-notice') await sendErasureRecipientNotice(world.deps, body as ErasureRecipientNotice);
  }
  world.notifyQueue.batches.length = 0;
}

describe('a recipient whose ledger entry appeared while the request waited for its recipients', () => {
  it('is added and told when the last recipient known answers, and the request completes only once it answers too', async () => {
    // Prepare
    const world = await lateEntryWorld();

    // Act: the debt collector answers; the buyer's notice goes out.
    await world.answer('incasso', after(2));
    const stateAfterFirstAnswer = await world.state();
    await world.sendQueuedNotices();

    // Assess
    expect(stateAfterFirstAnswer).toBe('awaiting_recipients');
    expect(world.mailer.singles.map((email) => email.to)).toEqual([collector.contactEmail, buyer.contactEmail]);
    expect(await world.erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'acme')).toMatchObject({
      notifiedAt: after(2),
      disclosures: [{ disclosureId: 'd-sale', kind: 'merger_acquisition', dataCategories: ['Name', 'Contact details'], disclosedAt: after(1) }],
    });

    // Act: the buyer answers.
    await world.answer('acme', after(3));

    // Assess
    expect(await world.state()).toBe('completed');
    expect(world.notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-completion']);
    expect(world.erasures.transitionCalls.at(-1)).toMatchObject({ event: 'recipients_settled', data: { answered: 2, escalated: 0 } });
  });

  it('is reminded after 7 days and escalated after 14 when it stays silent; the request completes then, not before', async () => {
    // Prepare
    const world = await lateEntryWorld();
    await world.answer('incasso', after(2));
    await world.sendQueuedNotices();

    // Act: its timers run from when it was added, at the debt collector's answer.
    const reminded = await world.sweepAt(after(9));
    const early = await world.sweepAt(justBefore(after(16)));
    const stateBeforeEscalation = await world.state();
    const escalated = await world.sweepAt(after(16));

    // Assess
    expect(reminded.fired).toEqual([{ erasureId: ERASURE_ID, timer: 'recipient-reminder#acme' }]);
    expect(early.fired).toEqual([]);
    expect(stateBeforeEscalation).toBe('awaiting_recipients');
    expect(escalated.fired).toEqual([{ erasureId: ERASURE_ID, timer: 'recipient-escalation#acme' }]);
    expect(await world.erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'acme')).toMatchObject({ escalatedAt: after(16) });
    expect(await world.state()).toBe('completed');
    expect(world.erasures.transitionCalls.at(-1)).toMatchObject({ event: 'recipients_settled', data: { answered: 1, escalated: 1 } });
  });
});
