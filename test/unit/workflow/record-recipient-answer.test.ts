import { describe, expect, it } from 'vitest';
import type { ErasureRecipient, RecipientAnswer } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { signAckToken } from '../../../shared/domain/links/ack-link';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { signLink } from '../../../shared/domain/links/signed-link';
import { recipientAnswerState, recordRecipientAnswer } from '../../../shared/workflow/record-recipient-answer';
import { noLateRecipients } from '../../helpers/erasure-execution';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryErasureRecipientStore, InMemoryErasureStore, RecordingQueue, SettableClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const TOLD_AT = new Date('2027-03-10T09:00:00.000Z');
const NOW = '2027-03-12T14:30:00.000Z';
const KEY = new TextEncoder().encode('s'.repeat(64));

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: '2027-02-01T09:00:00.000Z',
  channel: 'email',
  dueDate: '2027-03-01',
  recordedAt: '2027-02-01T09:00:00.000Z',
};

const recipient = (recipientId: string, extra: Partial<ErasureRecipient> = {}): ErasureRecipient => ({
  recipientId,
  name: `${recipientId} B.V.`,
  kind: 'processor',
  country: 'NL',
  locale: 'en',
  disclosures: [{ disclosureId: 'd-1', kind: 'processor_handoff', dataCategories: ['Name'], disclosedAt: '2026-11-22T23:30:00Z' }],
  notifiedAt: TOLD_AT.toISOString(),
  ...extra,
});

function setUp(recipients: ErasureRecipient[] = [recipient('courier'), recipient('buyer')]) {
  const erasures = new InMemoryErasureStore([{ request, state: 'awaiting_recipients', dueDate: request.dueDate, extendedMonths: 0 }]);
  const erasureRecipients = new InMemoryErasureRecipientStore(erasures);
  for (const told of recipients) erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, told);
  const notifyQueue = new RecordingQueue();
  const clock = new SettableClock(NOW);
  const deps = { ...noLateRecipients(), erasures, erasureRecipients, notifyQueue, linkSecret: async () => KEY, clock };
  const token = (recipientId: string, erasureId = ERASURE_ID) => signAckToken({ controllerId: CONTROLLER_ID, erasureId, recipientId }, KEY, TOLD_AT);
  return { deps, erasures, erasureRecipients, notifyQueue, clock, token };
}

describe('recordRecipientAnswer', () => {
  it('records the first answer with its time and channel, and waits for the other recipients', async () => {
    const { deps, erasures, erasureRecipients, notifyQueue, token } = setUp();

    const outcome = await recordRecipientAnswer(deps, await token('courier'), { status: 'erased' }, 'link');

    const answer: RecipientAnswer = { status: 'erased', answeredAt: NOW, via: 'link' };
    expect(outcome).toMatchObject({ outcome: 'recorded', answer, context: { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, subjectId: 'alice' } });
    expect((await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'courier'))!.answer).toEqual(answer);
    expect(notifyQueue.bodies).toEqual([]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_recipients');
  });

  it('completes the request with the last answer awaited: the completion email is queued', async () => {
    const { deps, erasures, notifyQueue, token } = setUp([recipient('courier', { escalatedAt: '2027-03-24T09:00:00.000Z' }), recipient('buyer')]);

    await recordRecipientAnswer(deps, await token('buyer'), { status: 'not_held' }, 'callback');

    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` }]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });

  it('keeps the reason of a refusal, and records no reason where none was given', async () => {
    const { deps, erasureRecipients, token } = setUp();

    await recordRecipientAnswer(deps, await token('courier'), { status: 'refused', reason: 'Kept for 7 years under tax law' }, 'callback');
    await recordRecipientAnswer(deps, await token('buyer'), { status: 'erased' }, 'link');

    expect((await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'courier'))!.answer).toEqual({
      status: 'refused',
      reason: 'Kept for 7 years under tax law',
      answeredAt: NOW,
      via: 'callback',
    });
    expect((await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'buyer'))!.answer).not.toHaveProperty('reason');
  });

  it("keeps a refusal's reason on the recipient, and only its hash in the request's evidence", async () => {
    const { deps, erasures, token } = setUp();

    await recordRecipientAnswer(deps, await token('courier'), { status: 'refused', reason: 'Kept for 7 years under tax law' }, 'callback');

    const [answered] = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(answered).toMatchObject({ type: 'erasure.recipient_answered' });
    expect(answered!.data).toEqual({
      recipientId: 'courier',
      status: 'refused',
      reasonSha256: freeTextSha256('Kept for 7 years under tax law'),
      answeredAt: NOW,
      via: 'callback',
    });
    expect(JSON.stringify(answered)).not.toContain('tax law');
  });

  it('answers a second answer with the first, which stands', async () => {
    const { deps, erasureRecipients, clock, token } = setUp();
    await recordRecipientAnswer(deps, await token('courier'), { status: 'erased' }, 'link');
    clock.set('2027-03-13T08:00:00.000Z');

    const second = await recordRecipientAnswer(deps, await token('courier'), { status: 'refused', reason: 'Changed our mind' }, 'callback');

    const first: RecipientAnswer = { status: 'erased', answeredAt: NOW, via: 'link' };
    expect(second).toMatchObject({ outcome: 'already-answered', answer: first });
    expect((await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'courier'))!.answer).toEqual(first);
    expect(erasureRecipients.answerCalls.filter((call) => call.outcome === 'recorded')).toHaveLength(1);
  });

  it('answers with the answer that won when another one is recorded between its read and its write', async () => {
    const { deps, erasureRecipients, token } = setUp();
    const winner: RecipientAnswer = { status: 'not_held', answeredAt: '2027-03-12T14:29:59.000Z', via: 'callback' };
    const get = erasureRecipients.get.bind(erasureRecipients);
    let raced = false;
    erasureRecipients.get = async (...args) => {
      const found = await get(...args);
      if (!raced) {
        raced = true;
        await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'courier', winner);
      }
      return found;
    };

    const outcome = await recordRecipientAnswer(deps, await token('courier'), { status: 'erased' }, 'link');

    expect(outcome).toMatchObject({ outcome: 'already-answered', answer: winner });
    expect((await get(CONTROLLER_ID, ERASURE_ID, 'courier'))!.answer).toEqual(winner);
  });

  it("finishes a completion that failed after the last answer was recorded, on the recipient's retry", async () => {
    const { deps, erasures, notifyQueue, token } = setUp([recipient('courier')]);
    const publish = notifyQueue.publish.bind(notifyQueue);
    let failures = 1;
    notifyQueue.publish = async (...args) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(...args);
    };
    await expect(recordRecipientAnswer(deps, await token('courier'), { status: 'erased' }, 'callback')).rejects.toThrow('SQS unavailable');
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_recipients');

    const retry = await recordRecipientAnswer(deps, await token('courier'), { status: 'erased' }, 'callback');

    expect(retry.outcome).toBe('already-answered');
    expect(notifyQueue.bodies).toHaveLength(1);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });

  it('records nothing for an altered, expired or foreign token, nor for a recipient the request does not have', async () => {
    const { deps, erasureRecipients, notifyQueue, clock, token } = setUp();
    const valid = await token('courier');
    const subjectLink = await signLink({ purpose: 'verify', controllerId: CONTROLLER_ID, aggregateId: ERASURE_ID, subjectId: 'courier', expiresAt: new Date('2027-06-01T00:00:00Z') }, KEY);
    const otherKey = await signAckToken({ controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, recipientId: 'courier' }, new TextEncoder().encode('t'.repeat(64)), TOLD_AT);

    const outcomes = [
      await recordRecipientAnswer(deps, `${valid.slice(0, -2)}xx`, { status: 'erased' }, 'link'),
      await recordRecipientAnswer(deps, subjectLink, { status: 'erased' }, 'link'),
      await recordRecipientAnswer(deps, otherKey, { status: 'erased' }, 'link'),
      await recordRecipientAnswer(deps, await token('stranger'), { status: 'erased' }, 'link'),
      await recordRecipientAnswer(deps, await token('courier', 'no-such-request'), { status: 'erased' }, 'link'),
      await recordRecipientAnswer(deps, 'x'.repeat(5000), { status: 'erased' }, 'link'),
    ];
    // 90 days after it was signed, the token no longer works.
    clock.set('2027-06-08T09:00:00.000Z');
    outcomes.push(await recordRecipientAnswer(deps, valid, { status: 'erased' }, 'link'));

    expect(outcomes).toEqual(Array(7).fill({ outcome: 'unknown' }));
    expect(erasureRecipients.answerCalls).toEqual([]);
    expect(notifyQueue.bodies).toEqual([]);
  });
});

describe('recipientAnswerState', () => {
  it('is open before the recipient answered and answered after, naming whose data and which request', async () => {
    const { deps, token } = setUp();
    const courier = await token('courier');

    const before = await recipientAnswerState(deps, courier);
    await recordRecipientAnswer(deps, courier, { status: 'not_held' }, 'link');
    const after = await recipientAnswerState(deps, courier);

    expect(before).toEqual({ state: 'open', context: { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, subjectId: 'alice', recipient: recipient('courier') } });
    expect(after).toMatchObject({ state: 'answered', answer: { status: 'not_held', answeredAt: NOW, via: 'link' } });
  });

  it('is unknown for a token that does not verify', async () => {
    const { deps } = setUp();

    await expect(recipientAnswerState(deps, 'not-a-token')).resolves.toEqual({ state: 'unknown' });
  });
});
