import { describe, expect, it } from 'vitest';
import type { ErasureRequest, StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { confirmErasure, verificationState } from '../../../shared/workflow/verify-erasure';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryErasureStore } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECORDED_AT = '2027-02-01T09:00:00.000Z';
const SENT_AT = '2027-02-01T09:00:02.000Z';
const EXPIRES_AT = '2027-02-15T09:00:02.000Z';
const NOW = new Date('2027-02-03T18:30:00.000Z');

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: '2027-01-31T10:00:00.000Z',
  channel: 'phone',
  dueDate: '2027-03-01',
  recordedAt: RECORDED_AT,
};

/** A request recorded and its verification sent, as the workflows leave it: awaiting the subject until EXPIRES_AT. */
async function awaiting() {
  const erasures = new InMemoryErasureStore();
  await erasures.record(request, { clientId: 'legal-console', sub: 'jurist-7' });
  await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', { sent: true, expiresAt: EXPIRES_AT }, SENT_AT, {
    verificationExpiresAt: EXPIRES_AT,
  });
  const deps = { erasures };
  const confirm = (subjectId = 'alice', now = NOW) => confirmErasure(deps, CONTROLLER_ID, ERASURE_ID, subjectId, now);
  const state = (subjectId = 'alice', now = NOW) => verificationState(deps, CONTROLLER_ID, ERASURE_ID, subjectId, now);
  const eventTypes = async () => (await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type);
  return { deps, erasures, confirm, state, eventTypes };
}

/** A request seeded in a state, as earlier steps would have left it. */
function seeded(state: ErasureState, verificationExpiresAt?: string) {
  const stored: StoredErasure = { request, state, dueDate: request.dueDate, extendedMonths: 0, ...(verificationExpiresAt ? { verificationExpiresAt } : {}) };
  const erasures = new InMemoryErasureStore([stored]);
  return { deps: { erasures }, erasures };
}

describe('verificationState', () => {
  it('is open while the request awaits its subject and the link has not expired', async () => {
    // Prepare
    const { state } = await awaiting();

    // Act
    const answer = await state();

    // Assess
    expect(answer).toEqual({
      state: 'open',
      stored: { request, state: 'awaiting_verification', dueDate: '2027-03-01', extendedMonths: 0, verificationExpiresAt: EXPIRES_AT },
    });
  });

  it('is open up to the last millisecond before the link expires, and closed from then on', async () => {
    // Prepare
    const { state } = await awaiting();

    // Act
    const [before, at, after] = [
      await state('alice', new Date(Date.parse(EXPIRES_AT) - 1)),
      await state('alice', new Date(EXPIRES_AT)),
      await state('alice', new Date('2027-02-20T00:00:00.000Z')),
    ];

    // Assess
    expect([before.state, at.state, after.state]).toEqual(['open', 'closed', 'closed']);
  });

  it('is unknown for the link of another subject, and for a request it does not know', async () => {
    // Prepare
    const { deps, state } = await awaiting();

    // Act
    const answers = [await state('bob'), await verificationState(deps, CONTROLLER_ID, 'no-such-request', 'alice', NOW)];

    // Assess
    expect(answers).toEqual([{ state: 'unknown' }, { state: 'unknown' }]);
  });

  it.each(['verified', 'in_progress', 'awaiting_recipients', 'completed'] as const)('is already once the request is %s', async (state) => {
    // Prepare
    const { deps } = seeded(state, EXPIRES_AT);

    // Act
    const answer = await verificationState(deps, CONTROLLER_ID, ERASURE_ID, 'alice', NOW);

    // Assess
    expect(answer).toMatchObject({ state: 'already', stored: { state } });
  });
});

describe('confirmErasure', () => {
  it('moves the request to verified, once, recorded as an event of the link', async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();

    // Act
    const answer = await confirm();

    // Assess
    expect(answer).toEqual({
      state: 'confirmed',
      stored: { request, state: 'verified', dueDate: '2027-03-01', extendedMonths: 0, verificationExpiresAt: EXPIRES_AT },
    });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('verified');
    expect(await eventTypes()).toEqual(['erasure.received', 'erasure.verification_sent', 'erasure.verified']);
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events[2]).toMatchObject({ seq: 3, at: NOW.toISOString(), data: { via: 'link', from: 'awaiting_verification', to: 'verified' } });
    expect(verifyChain(events)).toBe(true);
  });

  it('answers already to a second confirmation, appending nothing', async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();
    await confirm();

    // Act
    const again = await confirm('alice', new Date('2027-02-04T08:00:00.000Z'));

    // Assess
    expect(again).toMatchObject({ state: 'already', stored: { state: 'verified' } });
    expect(await eventTypes()).toEqual(['erasure.received', 'erasure.verification_sent', 'erasure.verified']);
    expect(erasures.transitionCalls.filter((call) => call.event === 'verified')).toHaveLength(1);
  });

  it("answers unknown to another subject's link, leaving the request awaiting its own subject", async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();

    // Act
    const answer = await confirm('bob');

    // Assess
    expect(answer).toEqual({ state: 'unknown' });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_verification');
    expect(await eventTypes()).toEqual(['erasure.received', 'erasure.verification_sent']);
  });

  it('answers closed once the link expired, appending nothing', async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();

    // Act
    const answer = await confirm('alice', new Date('2027-02-15T09:00:03.000Z'));

    // Assess: the sweeper has not lapsed it yet, but the link no longer confirms it.
    expect(answer).toMatchObject({ state: 'closed', stored: { state: 'awaiting_verification' } });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_verification');
    expect(await eventTypes()).toEqual(['erasure.received', 'erasure.verification_sent']);
  });

  it.each([
    ['lapsed', EXPIRES_AT],
    ['rejected', EXPIRES_AT],
    ['received', undefined],
  ] as const)('answers closed for a request %s, appending nothing', async (state, expiresAt) => {
    // Prepare
    const { deps, erasures } = seeded(state, expiresAt);

    // Act
    const answer = await confirmErasure(deps, CONTROLLER_ID, ERASURE_ID, 'alice', NOW);

    // Assess
    expect(answer).toMatchObject({ state: 'closed', stored: { state } });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe(state);
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
    expect(erasures.transitionCalls).toEqual([]);
  });

  it('answers closed, appending nothing, when the request lapses between its read and its write', async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();
    const get = erasures.get.bind(erasures);
    let raced = false;
    erasures.get = async (...args) => {
      const found = await get(...args);
      if (!raced) {
        raced = true;
        await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'awaiting_verification', 'lapsed', {}, NOW.toISOString());
      }
      return found;
    };

    // Act
    const answer = await confirm();

    // Assess
    expect(answer).toMatchObject({ state: 'closed', stored: { state: 'lapsed' } });
    expect(await eventTypes()).toEqual(['erasure.received', 'erasure.verification_sent', 'erasure.lapsed']);
  });

  it('answers already when another confirmation of the same link wins between its read and its write', async () => {
    // Prepare
    const { erasures, confirm, eventTypes } = await awaiting();
    const get = erasures.get.bind(erasures);
    let raced = false;
    erasures.get = async (...args) => {
      const found = await get(...args);
      if (!raced) {
        raced = true;
        await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'awaiting_verification', 'verified', { via: 'link' }, NOW.toISOString());
      }
      return found;
    };

    // Act
    const answer = await confirm();

    // Assess
    expect(answer).toMatchObject({ state: 'already', stored: { state: 'verified' } });
    expect((await eventTypes()).filter((type) => type === 'erasure.verified')).toHaveLength(1);
  });
});
