import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { startErasure, type ErasureDecisions } from '../../../shared/workflow/start-erasure';
import { ERASURE_ID, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';

const legalTeam = { clientId: 'legal-console', sub: 'jurist-7' };
const INVOICES = { category: 'Copies of invoices', label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' }, period: 'P7Y', from: 'the invoice date', source: 'Wij bewaren facturen zeven jaar.' };
const LEGAL = { category: 'Legal obligations', label: { nl: 'Wettelijke verplichtingen', en: 'Legal obligations' }, period: 'statutory', from: 'the start the law sets', source: 'Wettelijke bewaartermijn.' };
const profile = aProfile({ retention: [INVOICES, LEGAL] });
const decisions: ErasureDecisions = {
  retentionStarts: [{ category: 'Copies of invoices', from: '2026-03-15' }],
  holds: [{ category: 'Support tickets', ground: 'open_dispute', detail: 'Dispute with Alice Jansen over invoice 2026-0412', until: '2027-06-30' }],
};

function starter(state: ErasureState = 'verified', now = '2026-11-23T09:00:00.000Z') {
  const world = erasureWorld({ state, profile, now });
  const statesWhenQueued: (string | undefined)[] = [];
  const publish = world.notifyQueue.publish.bind(world.notifyQueue);
  world.notifyQueue.publish = async (messages, options) => {
    statesWhenQueued.push(await world.state());
    return publish(messages, options);
  };
  return { ...world, statesWhenQueued };
}

describe('startErasure', () => {
  it('queues the execution first, then moves the request from verified to in_progress, keeping what is retained', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, statesWhenQueued } = starter();

    // Act
    const outcome = await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam);

    // Assess
    const retained = [
      { category: 'Copies of invoices', label: INVOICES.label, reason: 'policy', rule: { period: 'P7Y', from: 'the invoice date', source: INVOICES.source }, startsOn: '2026-03-15', until: '2033-03-15' },
      { category: 'Legal obligations', label: LEGAL.label, reason: 'policy', rule: { period: 'statutory', from: LEGAL.from, source: LEGAL.source } },
      { category: 'Support tickets', reason: 'open_dispute', detail: 'Dispute with Alice Jansen over invoice 2026-0412', until: '2027-06-30' },
    ];
    expect(outcome).toEqual({ outcome: 'started', state: 'in_progress', retained });
    expect(statesWhenQueued).toEqual(['verified']);
    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-execution', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `execution#${ERASURE_ID}` }]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: 2 }]);
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ state: 'in_progress', retained });
  });

  it('records erasure.erasure_started with what is retained and who started it, the hold details as hashes only', async () => {
    // Prepare
    const { deps, erasures } = starter();

    // Act
    await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam);

    // Assess
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.map((event) => event.type)).toEqual(['erasure.erasure_started']);
    const { data } = events[0]!;
    expect(data.startedBy).toEqual(legalTeam);
    expect(data).toMatchObject({ from: 'verified', to: 'in_progress' });
    expect((data.retained as object[])[2]).toEqual({
      category: 'Support tickets',
      reason: 'open_dispute',
      until: '2027-06-30',
      detailSha256: createHash('sha256').update('Dispute with Alice Jansen over invoice 2026-0412').digest('hex'),
    });
    // Free text can name people; the append-only trail never holds it.
    expect(JSON.stringify(events)).not.toContain('Alice Jansen');
    expect(verifyChain(events)).toBe(true);
  });

  it("counts a period without a start from the execution day in the controller's calendar", async () => {
    // 23:30 UTC on 23 November is already 24 November in Amsterdam.
    const { deps } = starter('verified', '2026-11-23T23:30:00.000Z');

    const outcome = await startErasure(deps, profile, ERASURE_ID, {}, legalTeam);

    expect(outcome).toMatchObject({ outcome: 'started', retained: [{ category: 'Copies of invoices', startsOn: '2026-11-24', until: '2033-11-24' }, {}] });
  });

  it.each(['received', 'awaiting_verification', 'in_progress', 'awaiting_recipients', 'completed', 'lapsed', 'rejected'] as const)(
    'refuses a request that is %s, queuing and recording nothing',
    async (state) => {
      const { deps, erasures, notifyQueue } = starter(state);

      const outcome = await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam);

      expect(outcome).toEqual({ outcome: 'not-verified', state });
      expect(notifyQueue.bodies).toEqual([]);
      expect(erasures.transitionCalls).toEqual([]);
    },
  );

  it('refuses a retention start for a category the profile keeps nothing under, naming it, and records nothing', async () => {
    const { deps, erasures, notifyQueue } = starter();

    const outcome = await startErasure(
      deps,
      profile,
      ERASURE_ID,
      { retentionStarts: [{ category: 'Copies of invoices', from: '2026-03-15' }, { category: 'Invoices', from: '2026-03-15' }] },
      legalTeam,
    );

    expect(outcome).toEqual({ outcome: 'unknown-retention-categories', categories: [{ index: 1, category: 'Invoices' }] });
    expect(notifyQueue.bodies).toEqual([]);
    expect(erasures.transitionCalls).toEqual([]);
  });

  it('answers unknown-erasure for a request it does not have', async () => {
    const { deps, notifyQueue } = starter();

    expect(await startErasure(deps, profile, 'no-such-request', decisions, legalTeam)).toEqual({ outcome: 'unknown-erasure' });
    expect(notifyQueue.bodies).toEqual([]);
  });

  it('gives a retry with the same Idempotency-Key the first start, and refuses the key for other decisions', async () => {
    // Prepare
    const { deps, erasures, notifyQueue } = starter();
    const first = await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam, 'start-1');

    // Act
    const retry = await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam, 'start-1');
    const other = await startErasure(deps, profile, ERASURE_ID, { holds: [] }, legalTeam, 'start-1');

    // Assess
    expect(retry).toEqual(first);
    expect(other).toEqual({ outcome: 'idempotency-key-reused' });
    expect(notifyQueue.bodies).toHaveLength(1);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type)).toEqual(['erasure.erasure_started']);
    expect(await erasures.idempotencyClaim(CONTROLLER_ID, 'start-1')).toMatchObject({ erasureId: ERASURE_ID });
  });

  it('answers 409 to a second start without a key, the first one having moved the request on', async () => {
    const { deps, notifyQueue } = starter();
    await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam);

    expect(await startErasure(deps, profile, ERASURE_ID, decisions, legalTeam)).toEqual({ outcome: 'not-verified', state: 'in_progress' });
    expect(notifyQueue.bodies).toHaveLength(1);
  });

  it('decides again when the request was rejected between its reading and its start', async () => {
    // Prepare: the rejection lands after the request was read as verified.
    const world = starter();
    const get = world.erasures.get.bind(world.erasures);
    let reads = 0;
    world.erasures.get = async (controllerId, erasureId) => {
      const read = await get(controllerId, erasureId);
      if (++reads === 1) await world.erasures.transition(CONTROLLER_ID, ERASURE_ID, 'verified', 'rejected', {}, '2026-11-23T08:59:00.000Z');
      return read;
    };

    // Act
    const outcome = await startErasure(world.deps, profile, ERASURE_ID, decisions, legalTeam);

    // Assess: the execution queued for the lost start finds no start and is dropped by the sender.
    expect(outcome).toEqual({ outcome: 'not-verified', state: 'rejected' });
    expect(await world.state()).toBe('rejected');
  });
});
