import { describe, expect, it } from 'vitest';
import type { ErasureEvent, ErasureState } from '../../../shared/domain/erasure/erasure-state';
import type { Actor } from '../../../shared/domain/evidence/actor';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { receiveErasure, type ErasureIntake } from '../../../shared/workflow/receive-erasure';
import { rejectErasure } from '../../../shared/workflow/reject-erasure';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { InMemoryErasureStore, InMemorySubjectStore, RecordingQueue, SettableClock } from '../../helpers/fakes';

/** A subject has at most one open erasure request: the next is refused until the first is completed, lapsed or rejected. */

const FIRST = '01KB0ERASURE0000000000000A';
const SECOND = '01KB0ERASURE0000000000000B';
const NOW = '2027-02-01T09:00:00.000Z';
const EXPIRES_AT = '2027-02-15T09:00:00.000Z';
const LEGAL: Actor = { clientId: 'legal-console', sub: 'jurist-7' };
const letter: ErasureIntake = { subjectId: 'alice', receivedAt: '2027-01-31T10:00:00.000Z', channel: 'post' };

/** A step of a request: the state it leaves, the event, and the state changes it makes. */
type Step = readonly [ErasureState, ErasureEvent, Readonly<Record<string, unknown>>?];

function intake() {
  const erasures = new InMemoryErasureStore();
  const subjects = new InMemorySubjectStore([aSubject('alice', 'en'), aSubject('bob', 'nl')]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const clock = new SettableClock(NOW);
  const ids = [FIRST, SECOND];
  const profile = aProfile();
  const deps = { erasures, subjects, notifyQueue, clock, newId: () => ids.shift()! };
  const receive = (body: Partial<ErasureIntake> = {}, idempotencyKey?: string) => receiveErasure(deps, profile, { ...letter, ...body }, LEGAL, idempotencyKey);
  /** Moves the first request on as the pipeline would, each step only from the state it is in. */
  const walk = async (...steps: readonly Step[]) => {
    for (const [from, event, changes] of steps) expect(await erasures.transition(CONTROLLER_ID, FIRST, from, event, {}, NOW, { ...changes })).toBe(true);
  };
  return { deps, erasures, subjects, notifyQueue, clock, profile, receive, walk };
}

const toVerification: Step = ['received', 'verification_sent', { verificationExpiresAt: EXPIRES_AT }];

describe('one open erasure request per subject', () => {
  it.each([
    ['received', []],
    ['awaiting_verification', [toVerification]],
    ['verified', [toVerification, ['awaiting_verification', 'verified']]],
    ['in_progress', [toVerification, ['awaiting_verification', 'verified'], ['verified', 'erasure_started']]],
    ['awaiting_recipients', [toVerification, ['awaiting_verification', 'verified'], ['verified', 'erasure_started'], ['in_progress', 'own_data_done']]],
  ] as const)('refuses a second request while the first is %s, naming it, recording and queueing nothing', async (state, steps) => {
    // Prepare
    const { erasures, notifyQueue, receive, walk } = intake();
    await receive();
    await walk(...steps);
    expect((await erasures.get(CONTROLLER_ID, FIRST))!.state).toBe(state);

    // Act
    const outcome = await receive({ channel: 'email', receivedAt: '2027-02-01T08:00:00.000Z' });

    // Assess: the first email only; no second request was even tried.
    expect(outcome).toEqual({ outcome: 'subject-has-open-request', openErasureId: FIRST });
    expect(erasures.size).toBe(1);
    expect(erasures.recordCalls).toHaveLength(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });

  it('answers the open request, not an unknown subject, once the erasure has begun and the subject is no longer reachable', async () => {
    // Prepare
    const { erasures, subjects, receive, walk } = intake();
    await receive();
    await walk(toVerification, ['awaiting_verification', 'verified'], ['verified', 'erasure_started']);
    expect(await subjects.leaveForErasure(CONTROLLER_ID, 'alice', { erasureId: FIRST, startedAt: NOW })).toBe(true);

    // Act
    const outcome = await receive({ receivedAt: '2027-02-01T08:00:00.000Z' });

    // Assess
    expect(outcome).toEqual({ outcome: 'subject-has-open-request', openErasureId: FIRST });
    expect(erasures.recordCalls).toHaveLength(1);
  });

  it('takes a request of another subject meanwhile', async () => {
    // Prepare
    const { receive } = intake();
    await receive();

    // Act
    const outcome = await receive({ subjectId: 'bob' });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'received', erasureId: SECOND });
  });

  it('answers a retry of the first request with it, not with a refusal', async () => {
    // Prepare
    const { receive } = intake();
    const first = await receive({}, 'letter-31-jan');

    // Act
    const again = await receive({}, 'letter-31-jan');

    // Assess
    expect(again).toEqual(first);
  });

  it('takes a second request once the first lapsed unconfirmed', async () => {
    // Prepare
    const { deps, erasures, receive, walk } = intake();
    await receive();
    // The lapse as the sweeper records it when the verification-lapse timer fires.
    await walk(toVerification, ['awaiting_verification', 'lapsed']);
    deps.clock.set('2027-02-16T09:00:00.000Z');

    // Act
    const outcome = await receive({ receivedAt: '2027-02-16T08:00:00.000Z' });

    // Assess
    expect((await erasures.get(CONTROLLER_ID, FIRST))!.state).toBe('lapsed');
    expect(outcome).toMatchObject({ outcome: 'received', erasureId: SECOND });
    expect(await erasures.openErasureId(CONTROLLER_ID, 'alice')).toBe(SECOND);
  });

  it('takes a second request once the first was rejected', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, profile, receive } = intake();
    await receive();
    const rejected = await rejectErasure({ erasures, notifyQueue, clock: deps.clock }, profile, FIRST, { ground: 'identity_not_established', reason: 'The letter was not signed.' }, LEGAL);

    // Act
    const outcome = await receive({ receivedAt: '2027-02-01T08:00:00.000Z' });

    // Assess
    expect(rejected.outcome).toBe('rejected');
    expect(outcome).toMatchObject({ outcome: 'received', erasureId: SECOND });
  });

  it('takes a second request once the first was completed', async () => {
    // Prepare
    const { erasures, receive, walk } = intake();
    await receive();
    // The last step is the one settleErasure records once every recipient answered or was escalated.
    await walk(toVerification, ['awaiting_verification', 'verified'], ['verified', 'erasure_started'], ['in_progress', 'own_data_done'], ['awaiting_recipients', 'recipients_settled']);

    // Act
    const outcome = await receive({ receivedAt: '2027-02-01T08:00:00.000Z' });

    // Assess
    expect((await erasures.get(CONTROLLER_ID, FIRST))!.state).toBe('completed');
    expect(outcome).toMatchObject({ outcome: 'received', erasureId: SECOND });
  });

  it('answers the open request when the recording transaction refuses the claim after the check passed (two at once)', async () => {
    // Prepare: the check read the subject item just before the other request claimed it.
    const { erasures, notifyQueue, receive } = intake();
    await receive({ subjectId: 'alice' });
    erasures.openErasureId = async () => undefined;

    // Act
    const outcome = await receive({ receivedAt: '2027-02-01T08:00:00.000Z' });

    // Assess: its email went first; the sender drops it, finding no request.
    expect(outcome).toEqual({ outcome: 'subject-has-open-request', openErasureId: FIRST });
    expect(erasures.size).toBe(1);
    expect(notifyQueue.bodies.map((body) => (body as { erasureId: string }).erasureId)).toEqual([FIRST, SECOND]);
  });
});
