import { describe, expect, it } from 'vitest';
import { settleIfComplete } from '../../../shared/workflow/settle-disclosure';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProgress } from '../../helpers/factories';
import { InMemoryDisclosureStore, fixedClock } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';
const clock = fixedClock(NOW);
const settled = aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 10, notified: 7, failed: 1, suppressed: 2 });

describe('settleIfComplete', () => {
  it('records once that every notice settled, with the counts and the time', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(true);
    expect(store.events).toEqual([
      {
        type: 'disclosure.notices_settled',
        data: { subjects: 10, notified: 7, failed: 1, suppressed: 2, notRequired: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0 } },
        at: NOW,
        stateChanges: { completedAt: NOW },
        guard: 'attribute_not_exists(completedAt)',
      },
    ]);
    expect(store.completedAt).toBe(NOW);
  });

  it('does nothing the second time', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);
    await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Act
    const again = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(again).toBe(false);
    expect(store.events).toHaveLength(1);
  });

  it('does nothing while notices are still out', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), { ...settled, notified: 6 });

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
    expect(store.completedAt).toBeUndefined();
  });

  it('does nothing while parts are still being planned, even if the counted notices all settled', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), { ...settled, partsPlanned: 1 });

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
  });

  it('does nothing for a disclosure already completed', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled, '2026-11-24T09:30:00.000Z');

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
    expect(store.completedAt).toBe('2026-11-24T09:30:00.000Z');
  });

  it('does nothing for an unknown disclosure', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, 'unknown');

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
  });

  it('tries again after losing a race to another event, and settles', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);
    const append = store.appendEvent.bind(store);
    let calls = 0;
    store.appendEvent = async (...args) => (++calls === 1 ? false : append(...args));

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(true);
    expect(calls).toBe(2);
    expect(store.events.map((event) => event.type)).toEqual(['disclosure.notices_settled']);
  });

  it('stops after losing the race to another settle', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);
    let calls = 0;
    store.appendEvent = async () => {
      calls++;
      store.markCompleted('2026-11-24T09:59:59.000Z');
      return false;
    };

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(calls).toBe(1);
  });

  it('appends nothing when another settle completes the disclosure between its read and its append', async () => {
    // Prepare
    const store = new InMemoryDisclosureStore(aDisclosure(), settled);
    const get = store.get.bind(store);
    store.get = async (...args) => {
      const stored = await get(...args);
      // The other settle commits right after this read: only the append's guard can see it.
      if (!store.completedAt) store.markCompleted('2026-11-24T09:59:59.000Z');
      return stored;
    };

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
    expect(store.completedAt).toBe('2026-11-24T09:59:59.000Z');
  });
});
