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
