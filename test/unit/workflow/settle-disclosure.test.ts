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
        data: { subjects: 10, notified: 7, failed: 1, suppressed: 2, notRequired: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } },
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

describe('settleIfComplete for the other notice modes', () => {
  it('counts notices not required as settled and records them, with the subjects left out', async () => {
    // Prepare
    const progress = aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 5, notRequired: 5, excludedNoConsent: 2, excludedOptedOut: 1 });
    const store = new InMemoryDisclosureStore(aDisclosure({ noticeMode: 'none' }), progress);

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(true);
    expect(store.events[0]!.data).toEqual({
      subjects: 5,
      notified: 0,
      failed: 0,
      suppressed: 0,
      notRequired: 5,
      excluded: { no_consent: 2, opted_out: 1, objected: 0, erased: 0 },
    });
  });

  it('does not settle a deferred disclosure while its hold lasts, and does once released and sent', async () => {
    // Prepare
    const hold = { until: '2027-01-15T00:00:00.000Z', reason: 'Order', orderReference: 'OvJ-1' };
    const disclosure = aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold });
    const heldStore = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1, partsPlanned: 1 }));
    const releasedStore = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 2, notified: 2, partsReleased: 1 }), {
      releasedAt: hold.until,
    });

    // Act
    const results = [
      await settleIfComplete(heldStore, clock, CONTROLLER_ID, DISCLOSURE_ID),
      await settleIfComplete(releasedStore, clock, CONTROLLER_ID, DISCLOSURE_ID),
    ];

    // Assess
    expect(results).toEqual([false, true]);
    expect(heldStore.events).toEqual([]);
    expect(heldStore.completedAt).toBeUndefined();
  });

  it('does not settle a transfer announced ahead before it executed, even with every intent notice settled', async () => {
    // Prepare
    const disclosure = aDisclosure({ noticeMode: 'before', plannedAt: '2026-12-24T10:00:00.000Z', intentAt: '2026-11-24T10:00:00.000Z' });
    const progress = aProgress({ partsTotal: 1, intentPartsPlanned: 1, intentSubjects: 3, intentNotified: 3 });
    const store = new InMemoryDisclosureStore(disclosure, progress, { intentStartedAt: '2026-11-24T10:00:00.000Z' });

    // Act
    const result = await settleIfComplete(store, clock, CONTROLLER_ID, DISCLOSURE_ID);

    // Assess
    expect(result).toBe(false);
    expect(store.events).toEqual([]);
  });
});

