import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import type { ErasureExecution, NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { ErasureStepNotRecordedError } from '../../../shared/workflow/erasure-step-not-recorded';
import { RECIPIENTS_PER_TRANSACTION, executeErasure } from '../../../shared/workflow/execute-erasure';
import { ERASURE_ID, STARTED_AT, aRecipient, disclosureTo, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, aSubject } from '../../helpers/factories';

const DAY_MS = 24 * 3600_000;
const message: ErasureExecution = { type: 'erasure-execution', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `execution#${ERASURE_ID}` };
const after = (days: number) => new Date(Date.parse(STARTED_AT) + days * DAY_MS).toISOString();

const collector = aRecipient('incasso', { name: 'Incassobureau Brabant B.V.', locale: 'nl' });
const courier = aRecipient('dhl', { name: 'DHL Parcel', kind: 'courier', contactEmail: undefined, webhookUrl: 'https://dhl.example/erasure' });

/** A subject whose data went to a debt collector twice and to a courier once. */
async function withDisclosures(options: Parameters<typeof erasureWorld>[0] = {}) {
  const world = erasureWorld({ recipients: [collector, courier], ...options });
  await world.disclosed(disclosureTo(collector, 'd-2', '2026-06-01T10:00:00Z', { dataCategories: ['Invoice 2026-0412'] }));
  await world.disclosed(disclosureTo(collector, 'd-1', '2026-03-01T10:00:00Z'));
  await world.disclosed(disclosureTo(courier, 'd-3', '2026-04-01T10:00:00Z', { kind: 'order_fulfilment', dataCategories: ['Address'] }), ['alice', 'bob']);
  await world.subjects.setPreferences(CONTROLLER_ID, 'alice', { consentTo: ['business_partner'], stopSharing: [] }, '2026-01-01T00:00:00Z');
  return world;
}

describe('executeErasure: own data', () => {
  it('takes the subject out of the audience, drops its preferences and marks it, keeping its contact data for the completion email', async () => {
    // Prepare
    const { deps, subjects } = await withDisclosures({ subjects: [aSubject('alice', 'en', { name: 'Alice Jansen' }), aSubject('bob', 'nl')] });

    // Act
    await executeErasure(deps, message);

    // Assess
    expect(subjects.erasureOf('alice')).toEqual({ erasure: { erasureId: ERASURE_ID, startedAt: STARTED_AT }, leftAudience: true });
    expect((await subjects.audiencePage(CONTROLLER_ID, 0, undefined, 100, STARTED_AT)).members.map((member) => member.subjectId)).not.toContain('alice');
    // No later disclosure, notice or request finds the subject; the erasure still can, until its completion email.
    expect(await subjects.getMany(CONTROLLER_ID, ['alice', 'bob'])).toEqual(new Map([['bob', aSubject('bob', 'nl')]]));
    expect(await subjects.contactDuringErasure(CONTROLLER_ID, 'alice')).toEqual(aSubject('alice', 'en', { name: 'Alice Jansen' }));
    expect(subjects.subject('alice')).not.toHaveProperty('preferences');
    expect(subjects.erasureOf('bob')).toEqual({});
  });
});

describe('executeErasure: recipients', () => {
  it('puts every recipient the ledger names once, with the disclosures it received, oldest first, and its contacts and language', async () => {
    // Prepare
    const { deps, erasureRecipients } = await withDisclosures();

    // Act
    const result = await executeErasure(deps, message);

    // Assess
    expect(result).toEqual({ executed: true, recipients: 2 });
    expect(await erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).toEqual([
      {
        recipientId: 'dhl',
        name: 'DHL Parcel',
        kind: 'courier',
        country: 'NL',
        // No language given: the controller's.
        locale: 'nl',
        webhookUrl: 'https://dhl.example/erasure',
        disclosures: [{ disclosureId: 'd-3', kind: 'order_fulfilment', dataCategories: ['Address'], disclosedAt: '2026-04-01T10:00:00Z' }],
      },
      {
        recipientId: 'incasso',
        name: 'Incassobureau Brabant B.V.',
        kind: 'debt_collector',
        country: 'NL',
        locale: 'nl',
        contactEmail: 'privacy@incasso.example',
        disclosures: [
          { disclosureId: 'd-1', kind: 'debt_collection', dataCategories: ['Name and address', 'Invoice details'], disclosedAt: '2026-03-01T10:00:00Z' },
          { disclosureId: 'd-2', kind: 'debt_collection', dataCategories: ['Invoice 2026-0412'], disclosedAt: '2026-06-01T10:00:00Z' },
        ],
      },
    ]);
  });

  it('queues each recipient its notice before the request moves on, then moves it to awaiting_recipients with what was done', async () => {
    // Prepare
    const world = await withDisclosures();
    const statesWhenQueued: (string | undefined)[] = [];
    const publish = world.notifyQueue.publish.bind(world.notifyQueue);
    world.notifyQueue.publish = async (messages, options) => {
      statesWhenQueued.push(await world.state());
      return publish(messages, options);
    };

    // Act
    await executeErasure(world.deps, message);

    // Assess
    expect(statesWhenQueued).toEqual(['in_progress']);
    expect(world.notifyQueue.bodies).toEqual(
      ['incasso', 'dhl'].map((recipientId) => ({
        type: 'erasure-recipient-notice',
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        recipientId,
        step: 'notice',
        workId: `recipient-notice#${ERASURE_ID}#${recipientId}#notice`,
      })) satisfies NotifyMessage[],
    );
    expect(world.notifyQueue.options).toEqual([{ delaySeconds: 2 }]);
    expect(await world.state()).toBe('awaiting_recipients');
    const events = await world.erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.at(-1)).toMatchObject({
      type: 'erasure.own_data_done',
      at: STARTED_AT,
      data: {
        ownData: ['left_audience', 'preferences_removed', 'marked_for_erasure'],
        contactData: 'kept_until_completion_email',
        recipients: 2,
        from: 'in_progress',
        to: 'awaiting_recipients',
      },
    });
    expect(verifyChain(events)).toBe(true);
  });

  it("arms each recipient's reminder after 7 days and its escalation after 14", async () => {
    // Prepare
    const { deps, timers } = await withDisclosures();

    // Act
    await executeErasure(deps, message);

    // Assess
    expect(timers.armed(ERASURE_ID)).toEqual([
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-reminder#dhl', dueAt: after(7) },
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-reminder#incasso', dueAt: after(7) },
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-escalation#dhl', dueAt: after(14) },
      { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, name: 'recipient-escalation#incasso', dueAt: after(14) },
    ]);
  });

  it('completes a request whose subject was disclosed to nobody at once: the completion email is queued', async () => {
    // Prepare
    const { deps, notifyQueue, erasures, state, timers } = erasureWorld();

    // Act
    const result = await executeErasure(deps, message);

    // Assess
    expect(result).toEqual({ executed: true, recipients: 0 });
    expect(await state()).toBe('completed');
    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` }]);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type)).toEqual(['erasure.own_data_done', 'erasure.recipients_settled']);
    expect(timers.armed(ERASURE_ID)).toEqual([]);
  });

  it('puts recipients beyond one transaction in transactions of their own, and moves the request on with the last of them', async () => {
    // Prepare
    const count = RECIPIENTS_PER_TRANSACTION + 8;
    const many = Array.from({ length: count }, (_, index) => aRecipient(`r-${String(index).padStart(3, '0')}`));
    const world = erasureWorld({ recipients: many });
    for (const [index, recipient] of many.entries()) await world.disclosed(disclosureTo(recipient, `d-${index}`, '2026-03-01T10:00:00Z'));

    // Act
    await executeErasure(world.deps, message);

    // Assess
    expect(await world.erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).toHaveLength(count);
    expect(world.timers.armed(ERASURE_ID)).toHaveLength(2 * count);
    expect(world.notifyQueue.bodies).toHaveLength(count);
    expect(world.erasures.transitionCalls.at(-1)).toMatchObject({ event: 'own_data_done', data: { recipients: count }, transitioned: true });
  });
});

describe('executeErasure: retries', () => {
  it('throws ErasureStepNotRecordedError for a request whose start is not recorded yet, and does nothing', async () => {
    // Prepare
    const { deps, subjects, notifyQueue, erasureRecipients } = await withDisclosures({ state: 'verified' });

    // Act
    const executing = executeErasure(deps, message);

    // Assess
    await expect(executing).rejects.toThrow(ErasureStepNotRecordedError);
    expect(subjects.erasureOf('alice')).toEqual({});
    expect(notifyQueue.bodies).toEqual([]);
    expect(await erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
  });

  it('does nothing again for a request already moved on', async () => {
    // Prepare
    const world = await withDisclosures();
    await executeErasure(world.deps, message);
    const armings = world.timers.armings.length;

    // Act
    const again = await executeErasure(world.deps, message);

    // Assess
    expect(again).toEqual({ executed: false, reason: 'not-in-progress' });
    expect(world.notifyQueue.bodies).toHaveLength(2);
    expect(world.timers.armings).toHaveLength(armings);
    expect(await world.eventTypes()).toEqual(['erasure.own_data_done']);
  });

  it('finishes what an attempt cut short: recipients put before keep their timers, and only those not told yet are queued again', async () => {
    // Prepare: an earlier attempt put the debt collector (and told it), then stopped before the request moved on.
    const world = await withDisclosures();
    await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, [
      { recipientId: 'incasso', name: collector.name, kind: collector.kind, country: 'NL', locale: 'nl', contactEmail: collector.contactEmail!, disclosures: [] },
    ]);
    await world.erasureRecipients.recordTold(CONTROLLER_ID, ERASURE_ID, 'incasso', { step: 'notice', emailed: true, webhookQueued: false }, STARTED_AT);

    // Act
    await executeErasure(world.deps, message);

    // Assess
    expect(world.notifyQueue.bodies.map((body) => (body as { recipientId: string }).recipientId)).toEqual(['dhl']);
    expect(world.timers.armed(ERASURE_ID).map((timer) => timer.name)).toEqual(['recipient-reminder#dhl', 'recipient-escalation#dhl']);
    expect((await world.erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).map((recipient) => recipient.recipientId)).toEqual(['dhl', 'incasso']);
    expect(await world.state()).toBe('awaiting_recipients');
  });

  it('completes a request whose recipients all settled before it moved on (a retry after a crash)', async () => {
    // Prepare: the only recipient was put, could not be told and was escalated by an attempt that then stopped.
    const world = erasureWorld({ recipients: [courier] });
    await world.disclosed(disclosureTo(courier, 'd-3', '2026-04-01T10:00:00Z'));
    await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, [{ recipientId: 'dhl', name: 'DHL Parcel', kind: 'courier', country: 'NL', locale: 'nl', disclosures: [] }]);
    await world.erasureRecipients.recordTold(CONTROLLER_ID, ERASURE_ID, 'dhl', { step: 'notice', emailed: false, webhookQueued: false }, STARTED_AT);
    await world.erasureRecipients.recordEscalated(CONTROLLER_ID, ERASURE_ID, 'dhl', STARTED_AT);

    // Act
    await executeErasure(world.deps, message);

    // Assess
    expect(await world.state()).toBe('completed');
    expect(world.notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-completion']);
  });

  it('leaves the request in progress and fails when a recipient was put meanwhile, so the queue tries again', async () => {
    // Prepare: a concurrent delivery puts the courier between this one's reading and its transaction.
    const world = await withDisclosures();
    const list = world.erasureRecipients.list.bind(world.erasureRecipients);
    let raced = false;
    world.erasureRecipients.list = async (controllerId, erasureId) => {
      const found = await list(controllerId, erasureId);
      if (!raced) {
        raced = true;
        await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, [{ recipientId: 'dhl', name: 'DHL Parcel', kind: 'courier', country: 'NL', locale: 'nl', disclosures: [] }]);
      }
      return found;
    };

    // Act
    const executing = executeErasure(world.deps, message);

    // Assess
    await expect(executing).rejects.toThrow(/trying again/);
    expect(await world.state()).toBe('in_progress');
    expect((await world.erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).map((recipient) => recipient.recipientId)).toEqual(['dhl']);
  });

  it('tells the recipients of a subject it no longer knows, and records that no own data was found', async () => {
    // Prepare
    const world = await withDisclosures({ subjects: [] });

    // Act
    await executeErasure(world.deps, message);

    // Assess
    expect(await world.erasureRecipients.list(CONTROLLER_ID, ERASURE_ID)).toHaveLength(2);
    expect((await world.erasures.events(CONTROLLER_ID, ERASURE_ID)).at(-1)!.data).toMatchObject({ ownData: [], recipients: 2 });
  });
});
