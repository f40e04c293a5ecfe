import { describe, expect, it } from 'vitest';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { GENESIS_HASH, verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryErasureStore } from '../../helpers/fakes';

/** The in-memory erasure store the workflow tests rely on keeps the real store's promises. */

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECORDED_AT = '2027-02-01T09:00:00.000Z';
const NOW = '2027-02-01T09:00:02.000Z';
const EXPIRES_AT = '2027-02-15T09:00:02.000Z';

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: '2027-01-31T10:00:00.000Z',
  channel: 'email',
  dueDate: '2027-03-01',
  recordedAt: RECORDED_AT,
};
const legalTeam = { clientId: 'legal-console', sub: 'jurist-7' };

async function recorded() {
  const erasures = new InMemoryErasureStore();
  await erasures.record(request, legalTeam);
  return erasures;
}

describe('InMemoryErasureStore', () => {
  it('records a request received, due on its first due date, with its first event from the genesis hash', async () => {
    // Act
    const erasures = await recorded();

    // Assess
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toEqual({ request, state: 'received', dueDate: '2027-03-01', extendedMonths: 0 });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events).toMatchObject([{ aggregateId: ERASURE_ID, seq: 1, type: 'erasure.received', at: RECORDED_AT, data: { ...request, recordedBy: legalTeam }, prevHash: GENESIS_HASH }]);
    expect(erasures.item(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ seq: 1, lastHash: events[0]!.hash });
  });

  it('refuses a request id recorded before, keeping the first', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const again = erasures.record({ ...request, subjectId: 'bob' }, legalTeam);

    // Assess
    await expect(again).rejects.toThrow('Erasure id collision');
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.request.subjectId).toBe('alice');
    expect(erasures.recordCalls).toHaveLength(2);
  });

  it('moves the request on from the state given, appending erasure.<event> with from and to, and setting the state changes', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const moved = await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', { sent: true }, NOW, { verificationExpiresAt: EXPIRES_AT });

    // Assess
    expect(moved).toBe(true);
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ state: 'awaiting_verification', verificationExpiresAt: EXPIRES_AT });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events[1]).toMatchObject({ seq: 2, type: 'erasure.verification_sent', at: NOW, data: { sent: true, from: 'received', to: 'awaiting_verification' } });
    expect(verifyChain(events)).toBe(true);
  });

  it('answers false, writing nothing, from a state the request is not in', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const moved = await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'awaiting_verification', 'verified', {}, NOW);

    // Assess
    expect(moved).toBe(false);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('received');
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toHaveLength(1);
  });

  it('answers false, writing nothing, for an event the state machine forbids, even from the state the request is in', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const moved = await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verified', {}, NOW);

    // Assess
    expect(moved).toBe(false);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('received');
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toHaveLength(1);
  });

  it('sets the state the machine gives, whatever state the changes carry', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'rejected', {}, NOW, { state: 'completed' });

    // Assess
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('rejected');
  });

  it('throws for a request it does not know, as the real store does', async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();

    // Act
    const moving = erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', {}, NOW);

    // Assess
    await expect(moving).rejects.toThrow('Unknown erasure request');
  });

  it("refuses state changes of the chain's own attributes, which DynamoDB would refuse", async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const moving = erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', {}, NOW, { seq: 7 });

    // Assess
    await expect(moving).rejects.toThrow(/cannot set seq/);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('received');
  });

  it('hands out copies: changing what it answered changes nothing stored', async () => {
    // Prepare
    const erasures = await recorded();
    const stored = (await erasures.get(CONTROLLER_ID, ERASURE_ID))!;
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);

    // Act
    stored.state = 'completed';
    stored.request.subjectId = 'mallory';
    events.pop();

    // Assess
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ state: 'received', request: { subjectId: 'alice' } });
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toHaveLength(1);
  });
});

describe('InMemoryErasureStore keeps a subject to one open request', () => {
  const second: ErasureRequest = { ...request, erasureId: '01KB0ERASURE0000000000000B', recordedAt: NOW };

  it('refuses a second request while the first is open, naming it, and writes nothing', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const outcome = await erasures.record(second, legalTeam);

    // Assess
    expect(outcome).toEqual({ recorded: false, openErasureId: ERASURE_ID });
    expect(await erasures.openErasureId(CONTROLLER_ID, 'alice')).toBe(ERASURE_ID);
    expect(await erasures.get(CONTROLLER_ID, second.erasureId)).toBeUndefined();
  });

  it('takes a request of another subject', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    const outcome = await erasures.record({ ...second, subjectId: 'bob' }, legalTeam);

    // Assess
    expect(outcome).toEqual({ recorded: true });
  });

  it.each([
    ['a rejection through reject', (erasures: InMemoryErasureStore) => erasures.reject(CONTROLLER_ID, ERASURE_ID, { from: 'received', ground: 'excessive', reason: 'Third this month.', rejectedBy: legalTeam }, NOW)],
    ['a rejection through transition', (erasures: InMemoryErasureStore) => erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'rejected', {}, NOW)],
  ])('releases the subject on %s, so a second request is taken', async (_, close) => {
    // Prepare
    const erasures = await recorded();

    // Act
    expect(await close(erasures)).toBe(true);

    // Assess
    expect(await erasures.openErasureId(CONTROLLER_ID, 'alice')).toBeUndefined();
    expect(await erasures.record(second, legalTeam)).toEqual({ recorded: true });
  });

  it('holds the claim through transitions that leave the request open', async () => {
    // Prepare
    const erasures = await recorded();

    // Act
    await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', {}, NOW);

    // Assess
    expect(await erasures.openErasureId(CONTROLLER_ID, 'alice')).toBe(ERASURE_ID);
  });

  it('lets a seeded open request claim its subject, unless it was recorded before claims existed', async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();
    erasures.seed({ request: { ...request, subjectId: 'bob' }, state: 'verified', dueDate: request.dueDate, extendedMonths: 0 });
    erasures.seed({ request: { ...second, subjectId: 'carol' }, state: 'verified', dueDate: request.dueDate, extendedMonths: 0 }, { claimsSubject: false });

    // Assess
    expect(await erasures.openErasureId(CONTROLLER_ID, 'bob')).toBe(ERASURE_ID);
    expect(await erasures.openErasureId(CONTROLLER_ID, 'carol')).toBeUndefined();
  });

  it('leaves the claim of a newer request alone when a request recorded before claims existed closes', async () => {
    // Prepare
    const erasures = new InMemoryErasureStore();
    erasures.seed({ request: second, state: 'awaiting_verification', dueDate: request.dueDate, extendedMonths: 0 }, { claimsSubject: false });
    await erasures.record(request, legalTeam);

    // Act
    const lapsed = await erasures.transition(CONTROLLER_ID, second.erasureId, 'awaiting_verification', 'lapsed', {}, NOW);

    // Assess
    expect(lapsed).toBe(true);
    expect(await erasures.openErasureId(CONTROLLER_ID, 'alice')).toBe(ERASURE_ID);
  });
});
