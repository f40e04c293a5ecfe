import { describe, expect, it } from 'vitest';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import { extendHold } from '../../../shared/workflow/extend-hold';
import { holdTimers } from '../../../shared/domain/timers/hold-timers';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProgress } from '../../helpers/factories';
import { InMemoryDisclosureStore, type SeedOptions } from '../../helpers/fakes';

const DAY_MS = 24 * 3600_000;
const NOW = new Date('2026-12-01T10:00:00.000Z');
const days = (count: number) => new Date(NOW.getTime() + count * DAY_MS).toISOString();
const UNTIL = days(10);
const hold = { until: UNTIL, reason: 'Order of the public prosecutor', orderReference: 'OvJ-2026-77' };

const LEGAL_TEAM = { clientId: 'legal-team-client', sub: 'legal-team-client' };

function held(disclosure: Disclosure = aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold }), seed: SeedOptions = {}) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 4 }), seed);
  const deps = { disclosures, timers: disclosures.timers };
  const extend = (until: string, reason = 'The order was extended by the examining judge') =>
    extendHold(deps, CONTROLLER_ID, DISCLOSURE_ID, { until, reason }, NOW, LEGAL_TEAM);
  return { deps, disclosures, extend };
}

describe('extendHold', () => {
  it('moves the hold to a later end as an event with its reason, and re-arms the reminders and the release for it', async () => {
    // Prepare
    const { disclosures, extend } = held();
    for (const timer of holdTimers(CONTROLLER_ID, DISCLOSURE_ID, UNTIL, NOW)) await disclosures.timers.arm(timer);
    const until = days(30);

    // Act
    const outcome = await extend(until);

    // Assess
    expect(outcome).toEqual({ outcome: 'extended', until });
    expect(disclosures.events.map((event) => [event.type, event.data, event.at])).toEqual([
      [
        'disclosure.hold_extended',
        { previousUntil: UNTIL, until, reason: 'The order was extended by the examining judge', extendedBy: LEGAL_TEAM },
        NOW.toISOString(),
      ],
    ]);
    expect(disclosures.current.hold).toEqual({ ...hold, until });
    expect(disclosures.timers.armed()).toEqual([
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, name: 'hold-reminder-7d', dueAt: days(23) },
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, name: 'hold-reminder-1d', dueAt: days(29) },
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, name: 'release', dueAt: until },
    ]);
  });

  it('writes the new end as an instant in UTC', async () => {
    // Prepare
    const { disclosures, extend } = held();

    // Act
    const outcome = await extend('2027-01-15T12:00:00+01:00');

    // Assess
    expect(outcome).toEqual({ outcome: 'extended', until: '2027-01-15T11:00:00.000Z' });
    expect(disclosures.current.hold!.until).toBe('2027-01-15T11:00:00.000Z');
  });

  it.each([
    ['the same end', UNTIL],
    ['an earlier end', days(5)],
  ])('refuses %s as not-later, changing nothing', async (_, until) => {
    // Prepare
    const { disclosures, extend } = held();

    // Act
    const outcome = await extend(until);

    // Assess
    expect(outcome).toEqual({ outcome: 'not-later', until: UNTIL });
    expect(disclosures.events).toEqual([]);
    expect(disclosures.current.hold!.until).toBe(UNTIL);
    expect(disclosures.timers.armings).toEqual([]);
  });

  it('refuses a hold already released', async () => {
    // Prepare
    const { disclosures, extend } = held(undefined, { releasedAt: days(-1) });

    // Act
    const outcome = await extend(days(30));

    // Assess
    expect(outcome).toEqual({ outcome: 'released' });
    expect(disclosures.events).toEqual([]);
    expect(disclosures.timers.armings).toEqual([]);
  });

  it('refuses a disclosure that is not deferred as not-held', async () => {
    // Prepare
    const { disclosures, extend } = held(aDisclosure({ noticeMode: 'after' }));

    // Act
    const outcome = await extend(days(30));

    // Assess
    expect(outcome).toEqual({ outcome: 'not-held' });
    expect(disclosures.events).toEqual([]);
  });

  it('answers unknown-disclosure for a disclosure it does not know', async () => {
    // Prepare
    const { deps } = held();

    // Act
    const outcome = await extendHold(deps, CONTROLLER_ID, 'unknown', { until: days(30), reason: 'The order was extended' }, NOW);

    // Assess
    expect(outcome).toEqual({ outcome: 'unknown-disclosure' });
  });

  it('extends from the end another extension set after its read, naming that end as the previous one', async () => {
    // Prepare: another request extends the hold to day 20 right after this one read it.
    const { disclosures, extend } = held();
    const get = disclosures.get.bind(disclosures);
    let raced = false;
    disclosures.get = async (...args) => {
      const stored = await get(...args);
      if (!raced) {
        raced = true;
        await disclosures.appendEvent({
          controllerId: CONTROLLER_ID,
          disclosureId: DISCLOSURE_ID,
          type: 'disclosure.hold_extended',
          data: { previousUntil: UNTIL, until: days(20), reason: 'the other request' },
          at: NOW.toISOString(),
          stateChanges: { disclosure: { ...disclosures.current, hold: { ...hold, until: days(20) } } },
        });
      }
      return stored;
    };

    // Act
    const outcome = await extend(days(30));

    // Assess
    expect(outcome).toEqual({ outcome: 'extended', until: days(30) });
    expect(disclosures.events.map((event) => event.data.previousUntil)).toEqual([UNTIL, days(20)]);
    expect(disclosures.current.hold!.until).toBe(days(30));
  });

  it('answers released when the hold was released between its read and its write', async () => {
    // Prepare
    const { disclosures, extend } = held();
    const get = disclosures.get.bind(disclosures);
    let raced = false;
    disclosures.get = async (...args) => {
      const stored = await get(...args);
      if (!raced) {
        raced = true;
        await disclosures.appendEvent({
          controllerId: CONTROLLER_ID,
          disclosureId: DISCLOSURE_ID,
          type: 'disclosure.hold_released',
          data: {},
          at: NOW.toISOString(),
          stateChanges: { releasedAt: NOW.toISOString() },
        });
      }
      return stored;
    };

    // Act
    const outcome = await extend(days(30));

    // Assess
    expect(outcome).toEqual({ outcome: 'released' });
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.hold_released']);
    expect(disclosures.current.hold!.until).toBe(UNTIL);
    expect(disclosures.timers.armings).toEqual([]);
  });
});
