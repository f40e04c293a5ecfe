import { describe, expect, it } from 'vitest';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import type { Actor } from '../../../shared/domain/evidence/actor';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { VERIFICATION_DELAY_SECONDS, receiveErasure, type ErasureIntake, type ReceiveErasureDependencies } from '../../../shared/workflow/receive-erasure';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { InMemoryErasureStore, InMemorySubjectStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECEIVED_AT = '2027-01-31T10:00:00.000Z';
const NOW = '2027-02-01T09:00:00.000Z';
const LEGAL: Actor = { clientId: 'legal-console', sub: 'jurist-7' };

/** The Softmedex rules under Acme Care's identity: a controller in the Netherlands. */
function intake(now = NOW, profile: PolicyProfile = aProfile()) {
  const erasures = new InMemoryErasureStore();
  const subjects = new InMemorySubjectStore([aSubject('alice', 'en'), aSubject('mallory', 'nl', { controllerId: 'other-controller' })]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const deps: ReceiveErasureDependencies = { erasures, subjects, notifyQueue, clock: fixedClock(now), newId: () => ERASURE_ID };
  const receive = (overrides: Partial<ErasureIntake> = {}, recordedBy: Actor = LEGAL) =>
    receiveErasure(deps, profile, { subjectId: 'alice', receivedAt: RECEIVED_AT, channel: 'post', ...overrides }, recordedBy);
  return { deps, erasures, notifyQueue, receive };
}

const verification = {
  type: 'erasure-verification',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  workId: `verification#${ERASURE_ID}`,
};

describe('receiveErasure', () => {
  it('records the request received, due one month later on a working day, and queues its verification, delayed', async () => {
    // Prepare
    const { erasures, notifyQueue, receive } = intake();

    // Act
    const outcome = await receive({ note: 'Letter of 29 January' });

    // Assess: 28 February 2027 is a Sunday, so the month ends on Monday 1 March.
    expect(outcome).toEqual({ outcome: 'received', erasureId: ERASURE_ID, dueDate: '2027-03-01' });
    const request: ErasureRequest = {
      controllerId: CONTROLLER_ID,
      erasureId: ERASURE_ID,
      subjectId: 'alice',
      receivedAt: RECEIVED_AT,
      channel: 'post',
      note: 'Letter of 29 January',
      dueDate: '2027-03-01',
      recordedAt: NOW,
    };
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toEqual({ request, state: 'received', dueDate: '2027-03-01', extendedMonths: 0 });
    expect(notifyQueue.bodies).toEqual([verification]);
    expect(notifyQueue.batches).toEqual([[{ id: 'verification', body: verification }]]);
    // Delayed, so that the request it verifies is recorded when it arrives.
    expect(VERIFICATION_DELAY_SECONDS).toBeGreaterThan(0);
    expect(notifyQueue.options).toEqual([{ delaySeconds: VERIFICATION_DELAY_SECONDS }]);
  });

  it.each([
    ['the month ends on a Sunday: the next Monday', 'NL', '2027-01-31T10:00:00Z', '2027-03-01'],
    ['late in the evening in UTC is the next day in Amsterdam', 'NL', '2027-05-31T22:30:00Z', '2027-07-01'],
    ['Christmas, Boxing Day and a weekend in the Netherlands', 'NL', '2025-11-26T10:00:00Z', '2025-12-29'],
    ['Boxing Day is a working day in Belgium', 'BE', '2025-11-26T10:00:00Z', '2025-12-26'],
  ] as const)('answers the due date of the controller’s country: %s', async (_, country, receivedAt, dueDate) => {
    // Prepare
    const dayLater = new Date(Date.parse(receivedAt) + 24 * 3600_000).toISOString();
    const { erasures, receive } = intake(dayLater, aProfile({ country }));

    // Act
    const outcome = await receive({ receivedAt });

    // Assess
    expect(outcome).toEqual({ outcome: 'received', erasureId: ERASURE_ID, dueDate });
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.request.dueDate).toBe(dueDate);
  });

  it('keeps the instant of receipt in UTC, whatever offset the legal team gave it in', async () => {
    // Prepare
    const { erasures, receive } = intake();

    // Act
    await receive({ receivedAt: '2027-01-31T11:00:00+01:00' });

    // Assess
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.request.receivedAt).toBe(RECEIVED_AT);
  });

  it('keeps who recorded the request in its first event, with the request itself', async () => {
    // Prepare
    const { erasures, receive } = intake();

    // Act
    await receive({}, { clientId: 'legal-console', sub: 'jurist-42' });

    // Assess
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, type: 'erasure.received', at: NOW, aggregateId: ERASURE_ID });
    expect(events[0]!.data).toEqual({
      ...(await erasures.get(CONTROLLER_ID, ERASURE_ID))!.request,
      recordedBy: { clientId: 'legal-console', sub: 'jurist-42' },
    });
    expect(events[0]!.data).not.toHaveProperty('note');
    expect(verifyChain(events)).toBe(true);
  });

  it('queues the verification before recording: a request that fails to record still had its message queued', async () => {
    // Prepare: the table refuses the write.
    const { erasures, notifyQueue, receive } = intake();
    erasures.record = async () => {
      throw new Error('DynamoDB unavailable');
    };

    // Act
    const receiving = receive();

    // Assess: the message went first; the sender finds no request for it and drops it.
    await expect(receiving).rejects.toThrow('DynamoDB unavailable');
    expect(notifyQueue.bodies).toEqual([verification]);
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toBeUndefined();
  });

  it('records nothing when the verification cannot be queued: no request waits for an email never sent', async () => {
    // Prepare: the queue is down.
    const { erasures, notifyQueue, receive } = intake();
    notifyQueue.publish = async () => {
      throw new Error('SQS unavailable');
    };

    // Act
    const receiving = receive();

    // Assess
    await expect(receiving).rejects.toThrow('SQS unavailable');
    expect(erasures.recordCalls).toEqual([]);
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toBeUndefined();
  });

  it.each([
    ['a subject the controller does not know', 'nobody'],
    ['a subject of another controller', 'mallory'],
  ])('refuses %s, recording and queueing nothing', async (_, subjectId) => {
    // Prepare
    const { erasures, notifyQueue, receive } = intake();

    // Act
    const outcome = await receive({ subjectId });

    // Assess: the request is confirmed through the address the subject registered, which there is none of.
    expect(outcome).toEqual({ outcome: 'unknown-subject' });
    expect(erasures.recordCalls).toEqual([]);
    expect(erasures.size).toBe(0);
    expect(notifyQueue.batches).toEqual([]);
  });

  it.each([
    ['an hour after now', '2027-02-01T10:00:00.000Z'],
    ['next year', '2028-01-31T10:00:00.000Z'],
  ])('refuses a request received %s, recording and queueing nothing', async (_, receivedAt) => {
    // Prepare
    const { erasures, notifyQueue, receive } = intake();

    // Act
    const outcome = await receive({ receivedAt });

    // Assess
    expect(outcome).toEqual({ outcome: 'received-in-the-future' });
    expect(erasures.recordCalls).toEqual([]);
    expect(notifyQueue.batches).toEqual([]);
  });

  it('takes a receipt a minute ahead of its clock as clock skew, not the future', async () => {
    // Prepare
    const { erasures, receive } = intake();

    // Act
    const outcome = await receive({ receivedAt: '2027-02-01T09:01:00.000Z' });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'received' });
    expect(erasures.size).toBe(1);
  });
});

describe('receiveErasure with an Idempotency-Key', () => {
  it('answers a retry with the request recorded the first time, queueing no second email', async () => {
    // Prepare
    const { deps, erasures, notifyQueue } = intake();
    const body: ErasureIntake = { subjectId: 'alice', receivedAt: RECEIVED_AT, channel: 'post' };
    const first = await receiveErasure(deps, aProfile(), body, LEGAL, 'letter-2027-01-31');

    // Act
    const again = await receiveErasure(deps, aProfile(), body, LEGAL, 'letter-2027-01-31');
    const other = await receiveErasure(deps, aProfile(), { ...body, channel: 'phone' }, LEGAL, 'letter-2027-01-31');

    // Assess
    expect(again).toEqual(first);
    expect(other).toEqual({ outcome: 'idempotency-key-reused' });
    expect(erasures.size).toBe(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });
});
