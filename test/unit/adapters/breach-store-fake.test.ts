import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { BREACH_ID, InMemoryBreachStore, aStoredBreach } from '../../helpers/breach-fakes';
import { CONTROLLER_ID } from '../../helpers/factories';

const AT = '2026-12-02T10:00:00.000Z';

describe('InMemoryBreachStore.append', () => {
  it('appends a chained event with its state changes, once under an attribute_not_exists guard', async () => {
    const store = new InMemoryBreachStore([aStoredBreach()]);
    const append = () =>
      store.append({ controllerId: CONTROLLER_ID, breachId: BREACH_ID, type: 'breach.custom', data: { n: 1 }, at: AT, stateChanges: { customAt: AT }, guard: 'attribute_not_exists(#customAt)' });
    expect(await append()).toBe(true);
    expect(await append()).toBe(false);
    expect(store.attributes(CONTROLLER_ID, BREACH_ID)).toEqual({ customAt: AT });
    const events = await store.events(CONTROLLER_ID, BREACH_ID);
    expect(events.map(({ type }) => type)).toEqual(['breach.registered', 'breach.custom']);
    expect(verifyChain(events)).toBe(true);
  });

  it('refuses, as a test error, a guard it does not understand or a placeholder not defined', async () => {
    const store = new InMemoryBreachStore([aStoredBreach()]);
    const base = { controllerId: CONTROLLER_ID, breachId: BREACH_ID, type: 'breach.custom', data: {}, at: AT };
    await expect(store.append({ ...base, guard: 'seq = :seq' })).rejects.toThrow(/does not understand the guard/);
    await expect(store.append({ ...base, guard: 'attribute_not_exists(#nowhere)' })).rejects.toThrow(/not defined/);
  });

  it('applies the writes it comes with all together, or none when one fails its condition', async () => {
    const store = new InMemoryBreachStore([aStoredBreach()]);
    const claim = store.idempotencyClaimPut(CONTROLLER_ID, { key: 'k1', requestHash: 'h1' }, BREACH_ID);
    const applied: string[] = [];
    store.attach((write) =>
      String(write.Put?.Item?.sk ?? '').startsWith('NOTICE#') ? { check: () => true, apply: async () => void applied.push(String(write.Put!.Item!.sk)) } : undefined,
    );
    const notice = { Put: { TableName: 'in-memory', Item: { ...keys.breachNotice(CONTROLLER_ID, BREACH_ID, 'alice') } } };
    const base = { controllerId: CONTROLLER_ID, breachId: BREACH_ID, type: 'breach.custom', data: {}, at: AT };
    expect(await store.append({ ...base, alsoWrite: [claim, notice] })).toBe(true);
    expect(await store.idempotencyClaim(CONTROLLER_ID, 'k1')).toEqual({ breachId: BREACH_ID, requestHash: 'h1' });
    expect(applied).toEqual(['NOTICE#alice']);
    // The claim is taken: the second append writes nothing, its notice neither.
    expect(await store.append({ ...base, alsoWrite: [claim, notice] })).toBe(false);
    expect(applied).toHaveLength(1);
    expect(await store.events(CONTROLLER_ID, BREACH_ID)).toHaveLength(2);
    await expect(store.append({ ...base, alsoWrite: [{ Put: { TableName: 'in-memory', Item: { pk: 'x', sk: 'UNKNOWN' } } }] })).rejects.toThrow(/does not understand the write/);
  });

  it('marks a unit of work done once, keeping its result', async () => {
    const store = new InMemoryBreachStore([aStoredBreach()]);
    expect(await store.completeWork(CONTROLLER_ID, BREACH_ID, 'filing-draft#2', AT, { sent: true })).toBe(true);
    expect(await store.completeWork(CONTROLLER_ID, BREACH_ID, 'filing-draft#2', AT, { sent: false })).toBe(false);
    expect(await store.finishedWork(CONTROLLER_ID, BREACH_ID, 'filing-draft#2')).toEqual({ result: { sent: true } });
    expect(await store.finishedWork(CONTROLLER_ID, BREACH_ID, 'filing-draft#3')).toBeUndefined();
  });
});
