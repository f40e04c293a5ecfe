import { describe, expect, it } from 'vitest';
import type { ErasureTimerName } from '../../../shared/domain/timers/timer';
import type { StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { extendErasure } from '../../../shared/workflow/extend-erasure';
import { receiveErasure } from '../../../shared/workflow/receive-erasure';
import { TimersFailedError, sweep, type SweeperDependencies } from '../../../shared/workflow/sweep';
import { noLateRecipients } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { InMemoryDisclosureStore, InMemoryErasureRecipientStore, InMemoryErasureStore, InMemorySubjectStore, InMemoryTimerStore, RecordingQueue, SettableClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const EXPIRES_AT = '2027-02-15T09:00:02.000Z';
const REMINDER_AT = '2027-02-08T09:00:02.000Z';
/** Due Monday 1 March 2027 in Amsterdam: its reminders (the start of 22 and 28 February) and the first moment it is overdue. */
const DUE_DATE = '2027-03-01';
const REMIND_7D = '2027-02-21T23:00:00.000Z';
const REMIND_1D = '2027-02-27T23:00:00.000Z';
const OVERDUE = '2027-03-01T23:00:00.000Z';
const MINUTE = 60_000;
const after = (iso: string, ms = MINUTE) => new Date(Date.parse(iso) + ms).toISOString();

const stored = (overrides: Partial<StoredErasure> = {}): StoredErasure => ({
  request: {
    controllerId: CONTROLLER_ID,
    erasureId: ERASURE_ID,
    subjectId: 'alice',
    receivedAt: '2027-01-31T10:00:00.000Z',
    channel: 'post',
    dueDate: DUE_DATE,
    recordedAt: '2027-02-01T09:00:00.000Z',
  },
  state: 'awaiting_verification',
  dueDate: DUE_DATE,
  extendedMonths: 0,
  verificationExpiresAt: EXPIRES_AT,
  ...overrides,
});

/** A controller in the Netherlands (Softmedex's rules as Acme Care) with the erasure requests given. */
function sweeper(requests: readonly StoredErasure[] = [stored()]) {
  const timers = new InMemoryTimerStore();
  const erasures = new InMemoryErasureStore(requests, timers);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const profile = aProfile();
  const { ledger, recipients } = noLateRecipients();
  const deps: SweeperDependencies = {
    timers,
    disclosures: new InMemoryDisclosureStore(undefined, undefined, {}, timers),
    erasures,
    breaches: { get: async () => undefined },
    erasureRecipients: new InMemoryErasureRecipientStore(erasures),
    ledger,
    recipients,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    planQueue: new RecordingQueue(),
    notifyQueue,
    controllerIds: [CONTROLLER_ID],
    audienceShards: 16,
  };
  const arm = (name: ErasureTimerName, dueAt: string, erasureId = ERASURE_ID) => timers.arm({ controllerId: CONTROLLER_ID, erasureId, name, dueAt });
  const sweepAt = (iso: string) => sweep(deps, new Date(iso));
  const eventTypes = async () => (await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type);
  return { deps, timers, erasures, notifyQueue, profile, arm, sweepAt, eventTypes };
}

const alert = (kind: string, workId: string, dueDate = DUE_DATE) => ({
  type: 'erasure-legal-alert',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  workId,
  alert: kind,
  dueDate,
});

describe('sweep: the subject reminder', () => {
  it('queues one reminder for a request still waiting for its confirmation, and fires once', async () => {
    // Prepare
    const { timers, notifyQueue, arm, sweepAt } = sweeper();
    await arm('verification-reminder', REMINDER_AT);

    // Act
    const early = await sweepAt(after(REMINDER_AT, -MINUTE));
    const result = await sweepAt(after(REMINDER_AT));
    const again = await sweepAt(after(REMINDER_AT, 2 * MINUTE));

    // Assess
    expect(early).toEqual({ fired: [] });
    expect(result).toEqual({ fired: [{ erasureId: ERASURE_ID, timer: 'verification-reminder' }] });
    expect(again).toEqual({ fired: [] });
    const reminder = { type: 'erasure-verification-reminder', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `verification-reminder#${ERASURE_ID}` };
    expect(notifyQueue.batches).toEqual([[{ id: `verification-reminder-${ERASURE_ID}`, body: reminder }]]);
    expect(timers.timer(CONTROLLER_ID, ERASURE_ID, 'verification-reminder', 'erasure')).toMatchObject({ armed: false, firedAt: after(REMINDER_AT) });
  });

  it.each<[string, Partial<StoredErasure>]>([
    ['confirmed since', { state: 'verified' }],
    ['closed since', { state: 'rejected' }],
  ])('reminds no one of a request %s, and spends the timer', async (_, overrides) => {
    // Prepare
    const { timers, notifyQueue, arm, sweepAt } = sweeper([stored(overrides)]);
    await arm('verification-reminder', REMINDER_AT);

    // Act
    const result = await sweepAt(after(REMINDER_AT));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.batches).toEqual([]);
    expect(timers.armed(ERASURE_ID)).toEqual([]);
  });

  it('reminds no one once the link has expired (a sweep that came late)', async () => {
    // Prepare
    const { notifyQueue, arm, sweepAt } = sweeper();
    await arm('verification-reminder', REMINDER_AT);

    // Act
    await sweepAt(EXPIRES_AT);

    // Assess
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('sweep: the lapse of an unconfirmed request', () => {
  it('moves a request still waiting at the expiry to lapsed, recorded, and sends no email', async () => {
    // Prepare
    const { erasures, notifyQueue, arm, sweepAt } = sweeper();
    await arm('verification-lapse', EXPIRES_AT);

    // Act
    const result = await sweepAt(EXPIRES_AT);
    await sweepAt(after(EXPIRES_AT));

    // Assess
    expect(result).toEqual({ fired: [{ erasureId: ERASURE_ID, timer: 'verification-lapse' }] });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))?.state).toBe('lapsed');
    expect(erasures.transitionCalls).toEqual([
      {
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        from: 'awaiting_verification',
        event: 'lapsed',
        data: { verificationExpiresAt: EXPIRES_AT },
        at: EXPIRES_AT,
        stateChanges: {},
        transitioned: true,
      },
    ]);
    const [lapsed] = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(lapsed).toMatchObject({ type: 'erasure.lapsed', data: { verificationExpiresAt: EXPIRES_AT, from: 'awaiting_verification', to: 'lapsed' } });
    expect(notifyQueue.batches).toEqual([]);
  });

  it('leaves a request confirmed in time as it is', async () => {
    // Prepare
    const { erasures, arm, sweepAt } = sweeper([stored({ state: 'verified' })]);
    await arm('verification-lapse', EXPIRES_AT);

    // Act
    const result = await sweepAt(after(EXPIRES_AT));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))?.state).toBe('verified');
    expect(erasures.transitionCalls).toEqual([]);
  });
});

describe('sweep: the legal team reminders before the due date', () => {
  it.each([
    ['due-reminder-7d', REMIND_7D, 'due-in-7-days', '7d'],
    ['due-reminder-1d', REMIND_1D, 'due-in-1-day', '1d'],
  ] as const)('%s alerts the legal team once, naming the due date', async (name, dueAt, kind, lead) => {
    // Prepare
    const { notifyQueue, arm, sweepAt } = sweeper([stored({ state: 'verified' })]);
    await arm(name, dueAt);

    // Act
    const result = await sweepAt(after(dueAt));
    await sweepAt(after(dueAt, 2 * MINUTE));

    // Assess
    expect(result).toEqual({ fired: [{ erasureId: ERASURE_ID, timer: name }] });
    const workId = `due-reminder#${lead}#${ERASURE_ID}#${DUE_DATE}`;
    expect(notifyQueue.batches).toEqual([[{ id: workId.replace(/#/g, '-'), body: alert(kind, workId) }]]);
  });

  it('drops a reminder armed for a due date an extension has moved since', async () => {
    // Prepare: the state item says 31 March; a 7-day reminder of 1 March is still listed.
    const { notifyQueue, arm, sweepAt } = sweeper([stored({ state: 'verified', dueDate: '2027-03-31', extendedMonths: 1 })]);
    await arm('due-reminder-7d', REMIND_7D);

    // Act
    const result = await sweepAt(after(REMIND_7D));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.batches).toEqual([]);
  });

  it.each<ErasureState>(['completed', 'lapsed', 'rejected'])('reminds no one of a request %s', async (state) => {
    // Prepare
    const { notifyQueue, arm, sweepAt } = sweeper([stored({ state })]);
    await arm('due-reminder-1d', REMIND_1D);

    // Act
    await sweepAt(after(REMIND_1D));

    // Assess
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('sweep: the overdue flag', () => {
  it('flags a request not closed by its due date once, as an event, and alerts the legal team', async () => {
    // Prepare
    const { erasures, notifyQueue, arm, sweepAt, eventTypes } = sweeper([stored({ state: 'in_progress' })]);
    await arm('overdue', OVERDUE);

    // Act
    const result = await sweepAt(OVERDUE);

    // Assess
    expect(result).toEqual({ fired: [{ erasureId: ERASURE_ID, timer: 'overdue' }] });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))?.overdueAt).toBe(OVERDUE);
    expect(await eventTypes()).toEqual(['erasure.overdue']);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID))[0]!.data).toEqual({ dueDate: DUE_DATE });
    expect(notifyQueue.bodies).toEqual([alert('overdue', `overdue#${ERASURE_ID}#${DUE_DATE}`)]);
  });

  it('queues the alert again, without a second event, when a sweep was cut short after flagging', async () => {
    // Prepare
    const { deps, notifyQueue, arm, sweepAt, eventTypes } = sweeper([stored({ state: 'verified' })]);
    await arm('overdue', OVERDUE);
    const publish = notifyQueue.publish.bind(notifyQueue);
    let failures = 1;
    notifyQueue.publish = async (...args) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(...args);
    };
    await expect(sweep(deps, new Date(OVERDUE))).rejects.toThrow(TimersFailedError);

    // Act
    await sweepAt(after(OVERDUE));

    // Assess
    expect(await eventTypes()).toEqual(['erasure.overdue']);
    expect(notifyQueue.bodies).toEqual([alert('overdue', `overdue#${ERASURE_ID}#${DUE_DATE}`)]);
  });

  it.each<[string, Partial<StoredErasure>]>([
    ['completed in time', { state: 'completed' }],
    ['lapsed', { state: 'lapsed' }],
    ['extended to a later due date', { state: 'verified', dueDate: '2027-03-31', extendedMonths: 1 }],
  ])('does not flag a request %s', async (_, overrides) => {
    // Prepare
    const { erasures, notifyQueue, arm, sweepAt } = sweeper([stored(overrides)]);
    await arm('overdue', OVERDUE);

    // Act
    const result = await sweepAt(after(OVERDUE));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))?.overdueAt).toBeUndefined();
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('sweep: erasure timers in general', () => {
  it('fires nothing for a request it does not know, and spends the timer', async () => {
    // Prepare
    const { timers, notifyQueue, arm, sweepAt } = sweeper([]);
    await arm('overdue', OVERDUE);

    // Act
    const result = await sweepAt(after(OVERDUE));

    // Assess
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.batches).toEqual([]);
    expect(timers.armed()).toEqual([]);
  });

  it('escalates no recipient the request does not hold, and completes a request that has nothing left to wait for', async () => {
    // Prepare: a follow-up timer of a recipient the request never held (nothing in the ledger either).
    const { notifyQueue, arm, sweepAt, erasures } = sweeper([stored({ state: 'awaiting_recipients' })]);
    await arm('recipient-escalation#nordhealth', '2027-02-20T09:00:00.000Z');

    // Act
    const result = await sweepAt('2027-02-20T10:00:00.000Z');

    // Assess: no alert about it; the settling every follow-up ends with completes the request.
    expect(result).toEqual({ fired: [] });
    expect(notifyQueue.bodies.map((body) => (body as { type: string }).type)).toEqual(['erasure-completion']);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });

  it('tells the legal team of the new due date only, once an extension moved it', async () => {
    // Prepare: recorded on 1 February, extended by a month on 10 February (due 31 March), through the workflows.
    const { deps, timers, erasures, notifyQueue, profile, sweepAt } = sweeper([]);
    const clock = new SettableClock('2027-02-01T09:00:00.000Z');
    const subjects = new InMemorySubjectStore([aSubject('alice', 'en')]);
    const intake = { erasures, subjects, notifyQueue, clock, newId: () => ERASURE_ID };
    await receiveErasure(intake, profile, { subjectId: 'alice', receivedAt: '2027-01-31T10:00:00.000Z', channel: 'post' }, {});
    await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'verification_sent', {}, '2027-02-01T09:00:02.000Z', { verificationExpiresAt: EXPIRES_AT });
    await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'awaiting_verification', 'verified', {}, '2027-02-02T09:00:00.000Z');
    clock.set('2027-02-10T12:00:00.000Z');
    await extendErasure({ erasures, notifyQueue, clock }, profile, ERASURE_ID, { reason: 'Six systems to search one by one', months: 1 }, {});
    notifyQueue.batches.length = 0;

    // Act: past every timer of the old due date, then past the new 7-day reminder (the start of 24 March).
    const old = await sweepAt(after(OVERDUE));
    const week = await sweep(deps, new Date(after('2027-03-23T23:00:00.000Z')));

    // Assess
    expect(old).toEqual({ fired: [] });
    expect(week).toEqual({ fired: [{ erasureId: ERASURE_ID, timer: 'due-reminder-7d' }] });
    expect(notifyQueue.bodies).toEqual([alert('due-in-7-days', `due-reminder#7d#${ERASURE_ID}#2027-03-31`, '2027-03-31')]);
    expect(timers.armed(ERASURE_ID).map((timer) => timer.name)).toEqual(['due-reminder-1d', 'overdue']);
  });
});
