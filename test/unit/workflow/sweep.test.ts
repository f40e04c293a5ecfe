import { timerAggregateId } from '../../../shared/domain/timers/timer';
import { describe, expect, it } from 'vitest';
import type { DisclosureTimerName as TimerName } from '../../../shared/domain/timers/timer';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import type { NotifyMessage, PlanMessage } from '../../../shared/messages/pipeline-messages';
import { extendHold } from '../../../shared/workflow/extend-hold';
import { TimersFailedError, sweep, type SweeperDependencies } from '../../../shared/workflow/sweep';
import { noLateRecipients } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProfile, aProgress } from '../../helpers/factories';
import { InMemoryDisclosureStore, InMemoryErasureRecipientStore, InMemoryErasureStore, RecordingQueue, type SeedOptions } from '../../helpers/fakes';

const DAY_MS = 24 * 3600_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

const INTENT_AT = '2026-11-24T10:00:00.000Z';
const PLANNED_AT = at(INTENT_AT, 30);
const announced = () => aDisclosure({ noticeMode: 'before', intentAt: INTENT_AT, plannedAt: PLANNED_AT, occurredAt: PLANNED_AT });

const UNTIL = '2027-01-15T09:00:00.000Z';
const hold = (until = UNTIL) => ({ until, reason: 'Order of the public prosecutor', orderReference: 'OvJ-2026-77' });
const deferred = (until = UNTIL) => aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold: hold(until) });

/** The audience is a list of three: one slice, so each phase queues one plan message. */
function sweeper(disclosure: Disclosure, seed: SeedOptions = {}) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1 }), {
    audience: { subjectIds: ['alice', 'bob', 'carol'] },
    ...seed,
  });
  const planQueue = new RecordingQueue<PlanMessage>();
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const { ledger, recipients } = noLateRecipients();
  const deps: SweeperDependencies = {
    timers: disclosures.timers,
    disclosures,
    erasures: new InMemoryErasureStore([], disclosures.timers),
    breaches: { get: async () => undefined },
    erasureRecipients: new InMemoryErasureRecipientStore(),
    ledger,
    recipients,
    findProfile: () => aProfile(),
    planQueue,
    notifyQueue,
    controllerIds: [CONTROLLER_ID],
    audienceShards: 16,
  };
  const arm = (name: TimerName, dueAt: string) => disclosures.timers.arm({ controllerId: CONTROLLER_ID, disclosureId: disclosure.disclosureId, name, dueAt });
  const sweepAt = (iso: string) => sweep(deps, new Date(iso));
  return { deps, disclosures, planQueue, notifyQueue, arm, sweepAt };
}

const slice = { slice: 0, subjectIds: ['alice', 'bob', 'carol'] };

describe('sweep: the intent timer', () => {
  it('starts the intent phase once: an event, and the plan of phase intent queued without delay', async () => {
    // Prepare
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced());
    await arm('intent', INTENT_AT);

    // Act
    const result = await sweepAt(INTENT_AT);

    // Assess
    expect(result).toEqual({ fired: [{ disclosureId: DISCLOSURE_ID, timer: 'intent' }] });
    expect(disclosures.events).toEqual([
      {
        type: 'disclosure.intent_started',
        data: { dueAt: INTENT_AT },
        at: INTENT_AT,
        stateChanges: { intentStartedAt: INTENT_AT },
        guard: 'attribute_not_exists(intentStartedAt)',
      },
    ]);
    expect(disclosures.phases).toEqual({ noticeMode: 'before', intentStartedAt: INTENT_AT });
    expect(planQueue.bodies).toEqual([{ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'intent', part: slice }]);
    expect(planQueue.options).toEqual([{ delaySeconds: 0 }]);
  });

  it('fires nothing a second time at the same time, nor before the timer is due', async () => {
    // Prepare
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced());
    await arm('intent', INTENT_AT);
    const early = await sweepAt(at(INTENT_AT, -1 / 24));
    await sweepAt(INTENT_AT);

    // Act
    const again = await sweepAt(INTENT_AT);
    const later = await sweepAt(at(INTENT_AT, 5));

    // Assess
    expect(early).toEqual({ fired: [] });
    expect(again).toEqual({ fired: [] });
    expect(later).toEqual({ fired: [] });
    expect(disclosures.events).toHaveLength(1);
    expect(planQueue.batches).toHaveLength(1);
  });

  it('queues the plan again, without a second event, when a sweep was cut short after starting the phase', async () => {
    // Prepare
    const { deps, disclosures, planQueue, arm, sweepAt } = sweeper(announced());
    await arm('intent', INTENT_AT);
    const publish = planQueue.publish.bind(planQueue);
    let failures = 1;
    planQueue.publish = async (...args) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(...args);
    };
    await expect(sweep(deps, new Date(INTENT_AT))).rejects.toThrow(TimersFailedError);
    expect(disclosures.timers.armed().map((timer) => timer.name)).toEqual(['intent']);

    // Act
    await sweepAt(at(INTENT_AT, 1 / 24));

    // Assess
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.intent_started']);
    expect(planQueue.bodies).toEqual([{ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'intent', part: slice }]);
  });

  it('skips an arming the due index still lists after the timer was re-armed for later', async () => {
    // Prepare: the timer moved a day on; the index, read eventually, still lists the first arming.
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced());
    await arm('intent', INTENT_AT);
    await arm('intent', at(INTENT_AT, 1));
    disclosures.timers.lag({ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, name: 'intent', dueAt: INTENT_AT });

    // Act
    const result = await sweepAt(INTENT_AT);

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(disclosures.events).toEqual([]);
    expect(planQueue.batches).toEqual([]);
    expect(disclosures.timers.armed().map((timer) => timer.dueAt)).toEqual([at(INTENT_AT, 1)]);
  });

  it('sweeps only the controllers it serves', async () => {
    // Prepare
    const { deps, planQueue, arm } = sweeper(announced());
    await arm('intent', INTENT_AT);

    // Act
    const result = await sweep({ ...deps, controllerIds: ['someone-else'] }, new Date(INTENT_AT));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(planQueue.batches).toEqual([]);
  });
});

describe('sweep: the execute timer', () => {
  it('executes the transfer once the objection window ran its length: an event and the plan of phase execute', async () => {
    // Prepare
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced(), { intentStartedAt: INTENT_AT });
    await arm('execute', PLANNED_AT);

    // Act
    const result = await sweepAt(PLANNED_AT);

    // Assess
    expect(result).toEqual({ fired: [{ disclosureId: DISCLOSURE_ID, timer: 'execute' }] });
    expect(disclosures.events).toEqual([
      expect.objectContaining({ type: 'disclosure.transfer_executed', stateChanges: { executionStartedAt: PLANNED_AT }, guard: 'attribute_not_exists(executionStartedAt)' }),
    ]);
    expect(disclosures.phases.executionStartedAt).toBe(PLANNED_AT);
    expect(planQueue.bodies).toEqual([{ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'execute', part: slice }]);
  });

  it('re-arms itself when the intent notices went out late, so the window runs its full length from then', async () => {
    // Prepare: the intent notices went out two days after intentAt.
    const intentStartedAt = at(INTENT_AT, 2);
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced(), { intentStartedAt });
    await arm('execute', PLANNED_AT);

    // Act
    const result = await sweepAt(PLANNED_AT);

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(disclosures.events).toEqual([]);
    expect(planQueue.batches).toEqual([]);
    expect(disclosures.timers.armed()).toEqual([{ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, name: 'execute', dueAt: at(intentStartedAt, 30) }]);

    // and fires when that time comes
    expect(await sweepAt(at(PLANNED_AT, 1))).toEqual({ fired: [] });
    expect(await sweepAt(at(intentStartedAt, 30))).toEqual({ fired: [{ disclosureId: DISCLOSURE_ID, timer: 'execute' }] });
    expect(planQueue.bodies.map((message) => message.phase)).toEqual(['execute']);
  });

  it('re-arms itself a day later when the intent phase never started', async () => {
    // Prepare
    const { disclosures, planQueue, arm, sweepAt } = sweeper(announced());
    await arm('execute', PLANNED_AT);

    // Act
    await sweepAt(PLANNED_AT);

    // Assess
    expect(disclosures.timers.armed().map((timer) => [timer.name, timer.dueAt])).toEqual([['execute', at(PLANNED_AT, 1)]]);
    expect(planQueue.batches).toEqual([]);
    expect(disclosures.events).toEqual([]);
  });
});

describe('sweep: hold reminders', () => {
  it('queues one reminder for the legal team 7 days and one 1 day before the hold ends', async () => {
    // Prepare
    const { notifyQueue, arm, sweepAt } = sweeper(deferred());
    await arm('hold-reminder-7d', at(UNTIL, -7));
    await arm('hold-reminder-1d', at(UNTIL, -1));

    // Act
    const first = await sweepAt(at(UNTIL, -7));
    const second = await sweepAt(at(UNTIL, -1));
    await sweepAt(at(UNTIL, -1));

    // Assess
    expect([first, second]).toEqual([
      { fired: [{ disclosureId: DISCLOSURE_ID, timer: 'hold-reminder-7d' }] },
      { fired: [{ disclosureId: DISCLOSURE_ID, timer: 'hold-reminder-1d' }] },
    ]);
    expect(notifyQueue.bodies).toEqual([
      { type: 'hold-reminder', controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, workId: `hold-reminder#7d#${UNTIL}`, daysLeft: 7, until: UNTIL },
      { type: 'hold-reminder', controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, workId: `hold-reminder#1d#${UNTIL}`, daysLeft: 1, until: UNTIL },
    ]);
    // SQS batch entry ids allow letters, digits, - and _ only.
    expect(notifyQueue.batches.flat().every((message) => /^[A-Za-z0-9_-]{1,80}$/.test(message.id))).toBe(true);
  });

  it('drops a reminder armed for an earlier end of the hold, firing it no more', async () => {
    // Prepare: the hold now ends ten days later than when the reminder was armed.
    const { disclosures, notifyQueue, arm, sweepAt } = sweeper(deferred(at(UNTIL, 10)));
    await arm('hold-reminder-7d', at(UNTIL, -7));

    // Act
    const result = await sweepAt(at(UNTIL, -7));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.batches).toEqual([]);
    expect(disclosures.timers.armed()).toEqual([]);
  });

  it('sends no reminder once the hold was released', async () => {
    // Prepare
    const { notifyQueue, arm, sweepAt } = sweeper(deferred(), { releasedAt: at(UNTIL, -2) });
    await arm('hold-reminder-1d', at(UNTIL, -1));

    // Act
    const result = await sweepAt(at(UNTIL, -1));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('sweep: the release timer', () => {
  it('releases the hold when it ends: an event and the plan of phase release', async () => {
    // Prepare
    const { disclosures, planQueue, arm, sweepAt } = sweeper(deferred());
    await arm('release', UNTIL);

    // Act
    const result = await sweepAt(UNTIL);

    // Assess
    expect(result).toEqual({ fired: [{ disclosureId: DISCLOSURE_ID, timer: 'release' }] });
    expect(disclosures.events).toEqual([
      expect.objectContaining({ type: 'disclosure.hold_released', stateChanges: { releasedAt: UNTIL }, guardValues: { ':until': UNTIL } }),
    ]);
    expect(disclosures.phases.releasedAt).toBe(UNTIL);
    expect(planQueue.bodies).toEqual([{ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'release', part: slice }]);
  });

  it('does not release a hold that ends later than the timer', async () => {
    // Prepare: the hold was moved on, and this timer was not re-armed with it.
    const { disclosures, planQueue, arm, sweepAt } = sweeper(deferred(at(UNTIL, 10)));
    await arm('release', UNTIL);

    // Act
    const result = await sweepAt(UNTIL);

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(disclosures.events).toEqual([]);
    expect(disclosures.phases.releasedAt).toBeUndefined();
    expect(planQueue.batches).toEqual([]);
  });

  it('does not release when the hold is extended between its read and the release: the extension wins', async () => {
    // Prepare: the sweeper reads the hold as ended; before it appends the release, an extension commits.
    const { deps, disclosures, planQueue, arm, sweepAt } = sweeper(deferred());
    await arm('release', UNTIL);
    const read = disclosures.get.bind(disclosures);
    let reads = 0;
    deps.disclosures = Object.assign(Object.create(disclosures), {
      get: async (controllerId: string, disclosureId: string) => {
        const stored = await read(controllerId, disclosureId);
        if (++reads === 1) {
          const extension = { until: at(UNTIL, 10), reason: 'The court extended the order' };
          expect(await extendHold({ disclosures, timers: disclosures.timers }, controllerId, disclosureId, extension, new Date(UNTIL))).toMatchObject({ outcome: 'extended' });
        }
        return stored;
      },
    });

    // Act
    const result = await sweepAt(UNTIL);

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(disclosures.phases.releasedAt).toBeUndefined();
    expect(planQueue.batches).toEqual([]);
  });

  it('fires the timers of every disclosure due, earliest first', async () => {
    // Prepare
    const { disclosures, deps, arm } = sweeper(deferred());
    const other = deferred();
    other.disclosureId = '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5B';
    disclosures.seed(other, aProgress(), { audience: { all: true } });
    await arm('release', UNTIL);
    await disclosures.timers.arm({ controllerId: CONTROLLER_ID, disclosureId: other.disclosureId, name: 'hold-reminder-1d', dueAt: at(UNTIL, -1) });

    // Act
    const result = await sweep(deps, new Date(UNTIL));

    // Assess
    expect(result.fired).toEqual([
      { disclosureId: other.disclosureId, timer: 'hold-reminder-1d' },
      { disclosureId: DISCLOSURE_ID, timer: 'release' },
    ]);
  });
});

describe('sweep: a timer that cannot fire', () => {
  it('holds back no other timer, stays armed, and fails the sweep naming it', async () => {
    // Prepare
    const { deps, disclosures, planQueue, arm } = sweeper(deferred());
    const other = { ...announced(), disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5B' };
    disclosures.seed(other, aProgress(), { audience: { subjectIds: ['alice'] } });
    await arm('release', UNTIL);
    await disclosures.timers.arm({ controllerId: CONTROLLER_ID, disclosureId: other.disclosureId, name: 'intent', dueAt: at(UNTIL, -1) });
    const appendEventPatiently = disclosures.appendEventPatiently.bind(disclosures);
    disclosures.appendEventPatiently = async (append) => {
      if (append.disclosureId === other.disclosureId) throw new Error('ProvisionedThroughputExceededException');
      return appendEventPatiently(append);
    };

    // Act
    const error = await sweep(deps, new Date(UNTIL)).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(TimersFailedError);
    expect((error as TimersFailedError).failures).toEqual([{ disclosureId: other.disclosureId, timer: 'intent', error: 'Error' }]);
    expect(planQueue.bodies.map((message) => [message.disclosureId, message.phase])).toEqual([[DISCLOSURE_ID, 'release']]);
    expect(disclosures.timers.armed().map((timer) => [timerAggregateId(timer), timer.name])).toEqual([[other.disclosureId, 'intent']]);
  });
});

