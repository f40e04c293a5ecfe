import { describe, expect, it } from 'vitest';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import type { NotifyMessage, PublicErasureRequest } from '../../../shared/messages/pipeline-messages';
import { VERIFICATION_DELAY_SECONDS, receiveErasure } from '../../../shared/workflow/receive-erasure';
import { receivePublicErasure, type ReceivePublicErasureDependencies } from '../../../shared/workflow/receive-public-erasure';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { IN_MEMORY_LINK_KEY, InMemoryErasureStore, InMemorySubjectStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

// Monday 1 February 2027, 10:00 in Amsterdam.
const RECEIVED_AT = '2027-02-01T09:00:00.000Z';

function intake(now = '2027-02-01T09:00:05.000Z') {
  const erasures = new InMemoryErasureStore();
  const subjects = new InMemorySubjectStore([
    aSubject('alice', 'en', { email: 'alice@mail.example' }),
    aSubject('mallory', 'nl', { controllerId: 'other-controller', email: 'mallory@mail.example' }),
  ]);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  let ids = 0;
  const profile = aProfile();
  const deps: ReceivePublicErasureDependencies = {
    erasures,
    subjects,
    notifyQueue,
    clock: fixedClock(now),
    newId: () => `01KB0ERASURE00000000000${String(++ids).padStart(3, '0')}`,
    findProfile: (controllerId) => (controllerId === profile.controllerId ? profile : undefined),
    linkSecret: async () => IN_MEMORY_LINK_KEY,
  };
  const typed = (email: string, receivedAt = RECEIVED_AT, workId = 'public-erasure#1'): PublicErasureRequest => ({
    type: 'public-erasure-request',
    controllerId: CONTROLLER_ID,
    emailLookup: emailLookup(IN_MEMORY_LINK_KEY, CONTROLLER_ID, email),
    receivedAt,
    workId,
  });
  return { deps, erasures, subjects, notifyQueue, typed };
}

/** The request was never confirmed: it lapses, as the sweeper lapses it. */
async function lapse(erasures: InMemoryErasureStore, erasureId: string): Promise<void> {
  expect(await erasures.transition(CONTROLLER_ID, erasureId, 'received', 'verification_sent', {}, RECEIVED_AT)).toBe(true);
  expect(await erasures.transition(CONTROLLER_ID, erasureId, 'awaiting_verification', 'lapsed', {}, RECEIVED_AT)).toBe(true);
}

describe('receivePublicErasure', () => {
  it('makes a request on the web, by the subject through the website, for a registered address however it was typed', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, typed } = intake();

    // Act
    const outcome = await receivePublicErasure(deps, typed('  Alice@MAIL.example '));

    // Assess
    const erasureId = '01KB0ERASURE00000000000001';
    expect(outcome).toEqual({ erasureIds: [erasureId], alreadyOpen: [] });
    const stored = await erasures.get(CONTROLLER_ID, erasureId);
    expect(stored).toMatchObject({ state: 'received', request: { subjectId: 'alice', channel: 'web', receivedAt: RECEIVED_AT, dueDate: '2027-03-01' } });
    expect(erasures.recordCalls.map((call) => call.recordedBy)).toEqual([{ subjectId: 'alice', via: 'website' }]);
    // The verification goes, as every one does, to the registered address, after the request is recorded.
    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-verification', controllerId: CONTROLLER_ID, erasureId, workId: `verification#${erasureId}` }]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: VERIFICATION_DELAY_SECONDS }]);
  });

  it('does nothing at all for an address nobody registered: no request, no email', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, typed } = intake();

    // Act
    const outcome = await receivePublicErasure(deps, typed('stranger@mail.example'));

    // Assess
    expect(outcome).toEqual({ erasureIds: [], alreadyOpen: [] });
    expect(erasures.recordCalls).toEqual([]);
    expect(erasures.size).toBe(0);
    expect(notifyQueue.batches).toEqual([]);
  });

  it("does nothing for the address of another controller's subject", async () => {
    // Prepare
    const { deps, erasures, notifyQueue, typed } = intake();

    // Act
    const outcome = await receivePublicErasure(deps, typed('mallory@mail.example'));

    // Assess
    expect(outcome).toEqual({ erasureIds: [], alreadyOpen: [] });
    expect(erasures.size).toBe(0);
    expect(notifyQueue.batches).toEqual([]);
  });

  it('makes one request, and one email, per address and day: a second one that day adds nothing, the next day does once the first closed', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, typed } = intake('2027-02-02T09:00:00.000Z');
    const first = await receivePublicErasure(deps, typed('alice@mail.example', RECEIVED_AT, 'public-erasure#1'));

    // Act: 23:30 in Amsterdam is still 1 February; 00:30 is the 2nd.
    const again = await receivePublicErasure(deps, typed('alice@mail.example', '2027-02-01T22:30:00.000Z', 'public-erasure#2'));
    await lapse(erasures, first.erasureIds[0]!);
    const nextDay = await receivePublicErasure(deps, typed('alice@mail.example', '2027-02-01T23:30:00.000Z', 'public-erasure#3'));

    // Assess
    expect(again).toEqual({ erasureIds: [], alreadyOpen: [] });
    expect(nextDay.erasureIds).toHaveLength(1);
    expect(nextDay.erasureIds).not.toEqual(first.erasureIds);
    expect(erasures.size).toBe(2);
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-verification', 'erasure-verification']);
  });

  it('makes nothing, and sends nothing, for a subject whose request is still open, answering its id for the log', async () => {
    // Prepare: the next day, the first request is still waiting for its confirmation.
    const { deps, erasures, notifyQueue, typed } = intake('2027-02-02T09:00:00.000Z');
    const first = await receivePublicErasure(deps, typed('alice@mail.example', RECEIVED_AT, 'public-erasure#1'));
    await erasures.transition(CONTROLLER_ID, first.erasureIds[0]!, 'received', 'verification_sent', {}, RECEIVED_AT);

    // Act
    const nextDay = await receivePublicErasure(deps, typed('alice@mail.example', '2027-02-01T23:30:00.000Z', 'public-erasure#2'));

    // Assess
    expect(nextDay).toEqual({ erasureIds: [], alreadyOpen: first.erasureIds });
    expect(erasures.size).toBe(1);
    expect(erasures.recordCalls).toHaveLength(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });

  it("makes nothing for a subject whose request the legal team recorded, while it is open", async () => {
    // Prepare: alice wrote a letter the day before; the legal team recorded it.
    const { deps, erasures, notifyQueue, typed } = intake();
    const letter = await receiveErasure(deps, aProfile(), { subjectId: 'alice', receivedAt: '2027-01-31T10:00:00.000Z', channel: 'post' }, { clientId: 'legal-console' });

    // Act
    const outcome = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Assess
    expect(letter.outcome).toBe('received');
    expect(outcome).toEqual({ erasureIds: [], alreadyOpen: [(letter as { erasureId: string }).erasureId] });
    expect(erasures.size).toBe(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });

  it('makes a request for the subjects at the address with none open, and none for the one with an open request', async () => {
    // Prepare: a household shares one address; alice asked the day before.
    const { deps, erasures, subjects, typed } = intake('2027-02-02T09:00:00.000Z');
    subjects.add(aSubject('bob', 'nl', { email: 'alice@mail.example' }));
    const open = '01KB0ERASURE0000000000OPEN';
    erasures.seed({
      request: { controllerId: CONTROLLER_ID, erasureId: open, subjectId: 'alice', receivedAt: '2027-01-31T10:00:00.000Z', channel: 'web', dueDate: '2027-03-01', recordedAt: '2027-01-31T10:00:00.000Z' },
      state: 'awaiting_verification',
      dueDate: '2027-03-01',
      extendedMonths: 0,
    });

    // Act
    const outcome = await receivePublicErasure(deps, typed('alice@mail.example', '2027-02-01T23:30:00.000Z'));

    // Assess
    expect(outcome.alreadyOpen).toEqual([open]);
    expect(outcome.erasureIds).toHaveLength(1);
    expect(erasures.recordCalls.map((call) => call.request.subjectId)).toEqual(['bob']);
  });

  it('answers a message delivered twice with the request the first delivery made, queueing nothing more', async () => {
    // Prepare
    const { deps, erasures, notifyQueue, typed } = intake();
    const first = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Act
    const again = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Assess
    expect(again).toEqual(first);
    expect(erasures.size).toBe(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });

  it('takes no subject the index still names under an address it no longer has', async () => {
    // Prepare: alice registered a new address; the index has not caught up yet.
    const { deps, erasures, subjects, notifyQueue, typed } = intake();
    await subjects.upsert(aSubject('alice', 'en', { email: 'alice@new.example' }), RECEIVED_AT);
    subjects.lagEmailIndex('alice', 'alice@mail.example');

    // Act
    const outcome = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Assess
    expect(subjects.emailLookups).toEqual([emailLookup(IN_MEMORY_LINK_KEY, CONTROLLER_ID, 'alice@mail.example')]);
    expect(outcome).toEqual({ erasureIds: [], alreadyOpen: [] });
    expect(erasures.size).toBe(0);
    expect(notifyQueue.batches).toEqual([]);
  });

  it("re-checks each subject found under the sender's own link key: a key it does not give is no one's", async () => {
    // Prepare: the message was keyed under a link key the sender does not hold (rotated in between).
    const { deps, erasures, notifyQueue, typed } = intake();
    deps.linkSecret = async () => new TextEncoder().encode('a rotated link-signing key, 32 bytes or more');

    // Act
    const outcome = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Assess
    expect(outcome).toEqual({ erasureIds: [], alreadyOpen: [] });
    expect(erasures.size).toBe(0);
    expect(notifyQueue.batches).toEqual([]);
  });

  it('makes a request for each subject registered at the address, each confirmed through it', async () => {
    // Prepare: a household shares one address.
    const { deps, erasures, subjects, typed } = intake();
    subjects.add(aSubject('bob', 'nl', { email: 'alice@mail.example' }));

    // Act
    const outcome = await receivePublicErasure(deps, typed('alice@mail.example'));

    // Assess
    expect(outcome.erasureIds).toHaveLength(2);
    expect(erasures.recordCalls.map((call) => call.request.subjectId)).toEqual(['alice', 'bob']);
  });

  it('throws for a controller the deployment does not know', async () => {
    const { deps, typed } = intake();
    await expect(receivePublicErasure(deps, { ...typed('alice@mail.example'), controllerId: 'nobody' })).rejects.toThrow(/unknown controller/);
  });
});
