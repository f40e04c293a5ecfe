import { describe, expect, it } from 'vitest';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { CONFIRMATION_DELAY_SECONDS, objectionState, recordObjection } from '../../../shared/workflow/record-objection';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProgress } from '../../helpers/factories';
import { InMemoryDisclosureStore, RecordingQueue, type SeedOptions } from '../../helpers/fakes';

const INTENT_AT = '2026-11-24T10:00:00.000Z';
const PLANNED_AT = '2026-12-24T10:00:00.000Z';
const NOW = new Date('2026-12-01T08:00:00.000Z');
const announced = () => aDisclosure({ noticeMode: 'before', intentAt: INTENT_AT, plannedAt: PLANNED_AT, occurredAt: PLANNED_AT });

function objections(disclosure: Disclosure = announced(), seed: SeedOptions = { intentStartedAt: INTENT_AT }) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress(), seed);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const deps = { disclosures, notifyQueue };
  const object = (subjectId = 'alice', now = NOW) => recordObjection(deps, CONTROLLER_ID, DISCLOSURE_ID, subjectId, now);
  return { deps, disclosures, notifyQueue, object };
}

const confirmation = (subjectId = 'alice') => ({
  type: 'objection-confirmation',
  controllerId: CONTROLLER_ID,
  disclosureId: DISCLOSURE_ID,
  workId: `objection#${subjectId}`,
  subjectId,
});

describe('recordObjection', () => {
  it('records an objection made in the window as an event with the objection, and queues its confirmation', async () => {
    // Prepare
    const { disclosures, notifyQueue, object } = objections();

    // Act
    const outcome = await object();

    // Assess
    expect(outcome).toMatchObject({ state: 'recorded', objectedAt: NOW.toISOString() });
    expect(disclosures.events).toEqual([
      {
        type: 'disclosure.objection_received',
        data: { subjectId: 'alice' },
        at: NOW.toISOString(),
        stateChanges: {},
        guard: 'attribute_not_exists(executionStartedAt)',
      },
    ]);
    expect(await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).toEqual([{ subjectId: 'alice', objectedAt: NOW.toISOString() }]);
    expect(notifyQueue.bodies).toEqual([confirmation()]);
    // Queued before the objection is recorded, and delayed so that it finds the objection when it arrives.
    expect(notifyQueue.options).toEqual([{ delaySeconds: CONFIRMATION_DELAY_SECONDS }]);
  });

  it('queues the confirmation before recording: a failure while recording loses no confirmation of a recorded objection', async () => {
    // Prepare: the queue is down.
    const { disclosures, notifyQueue, object } = objections();
    notifyQueue.publish = async () => {
      throw new Error('SQS unavailable');
    };

    // Act
    const objecting = object();

    // Assess: nothing recorded that would wait for a confirmation never queued; the subject is asked to try again.
    await expect(objecting).rejects.toThrow('SQS unavailable');
    expect(await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).toEqual([]);
    expect(disclosures.events).toEqual([]);
  });

  it('answers already for a second objection, keeping the first, queueing the confirmation again without a second event', async () => {
    // Prepare
    const { disclosures, notifyQueue, object } = objections();
    await object();

    // Act
    const outcome = await object('alice', new Date('2026-12-05T08:00:00.000Z'));

    // Assess
    expect(outcome).toMatchObject({ state: 'already', objectedAt: NOW.toISOString() });
    expect(disclosures.events).toHaveLength(1);
    expect(await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).toEqual([{ subjectId: 'alice', objectedAt: NOW.toISOString() }]);
    expect(notifyQueue.bodies).toEqual([confirmation(), confirmation()]);
  });

  it('keeps the objections of different subjects apart', async () => {
    // Prepare
    const { disclosures, object } = objections();

    // Act
    await object('bob');
    await object('alice');

    // Assess
    expect((await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).map((objector) => objector.subjectId)).toEqual(['alice', 'bob']);
    expect(disclosures.events).toHaveLength(2);
  });

  it.each([
    ['once the transfer started', { intentStartedAt: INTENT_AT, executionStartedAt: PLANNED_AT }, NOW],
    ['once plannedAt passed, even before the sweeper executed the transfer', { intentStartedAt: INTENT_AT }, new Date(PLANNED_AT)],
  ])('answers closed %s, recording and queueing nothing', async (_, seed, now) => {
    // Prepare
    const { disclosures, notifyQueue, object } = objections(announced(), seed);

    // Act
    const outcome = await object('alice', now);

    // Assess
    expect(outcome).toMatchObject({ state: 'closed' });
    expect(disclosures.events).toEqual([]);
    expect(await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).toEqual([]);
    expect(notifyQueue.batches).toEqual([]);
  });

  it('answers closed, recording nothing, when the transfer starts between its read and its write', async () => {
    // Prepare
    const { disclosures, notifyQueue, object } = objections();
    const objectionsOf = disclosures.objectionsOf.bind(disclosures);
    let raced = false;
    disclosures.objectionsOf = async (...args) => {
      const found = await objectionsOf(...args);
      if (!raced) {
        raced = true;
        await disclosures.appendEvent({
          controllerId: CONTROLLER_ID,
          disclosureId: DISCLOSURE_ID,
          type: 'disclosure.transfer_executed',
          data: {},
          at: NOW.toISOString(),
          stateChanges: { executionStartedAt: NOW.toISOString() },
        });
      }
      return found;
    };

    // Act
    const outcome = await object();

    // Assess
    expect(outcome).toMatchObject({ state: 'closed' });
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.transfer_executed']);
    expect(await disclosures.objectors(CONTROLLER_ID, DISCLOSURE_ID)).toEqual([]);
    // Its confirmation went first; it will find no objection, and the sender drops it.
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['objection-confirmation']);
  });

  it('answers unknown for a disclosure not announced ahead, or not known', async () => {
    // Prepare
    const { deps, disclosures, notifyQueue } = objections(aDisclosure({ noticeMode: 'after' }), {});

    // Act
    const outcomes = [
      await recordObjection(deps, CONTROLLER_ID, DISCLOSURE_ID, 'alice', NOW),
      await recordObjection(deps, CONTROLLER_ID, 'unknown', 'alice', NOW),
    ];

    // Assess
    expect(outcomes).toEqual([{ state: 'unknown' }, { state: 'unknown' }]);
    expect(disclosures.events).toEqual([]);
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('objectionState', () => {
  it('is open in the window, already once objected, closed after', async () => {
    // Prepare
    const { deps, object } = objections();
    const state = (subjectId: string, now: Date) => objectionState(deps, CONTROLLER_ID, DISCLOSURE_ID, subjectId, now);
    await object('alice');

    // Act
    const states = [await state('bob', NOW), await state('alice', NOW), await state('bob', new Date(PLANNED_AT))];

    // Assess
    expect(states.map((entry) => entry.state)).toEqual(['open', 'already', 'closed']);
  });
});
