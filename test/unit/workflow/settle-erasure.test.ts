import { describe, expect, it } from 'vitest';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { COMPLETION_DELAY_SECONDS, settleErasure } from '../../../shared/workflow/settle-erasure';
import { CONTROLLER_ID } from '../../helpers/factories';
import { InMemoryErasureStore, RecordingQueue } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const NOW = new Date('2027-03-10T09:00:00.000Z');

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: '2027-02-01T09:00:00.000Z',
  channel: 'email',
  dueDate: '2027-03-01',
  recordedAt: '2027-02-01T09:00:00.000Z',
};

const recipient = (recipientId: string, settled: Partial<ErasureRecipient> = {}): ErasureRecipient => ({
  recipientId,
  name: recipientId,
  kind: 'processor',
  country: 'NL',
  locale: 'nl',
  disclosures: [],
  notifiedAt: '2027-02-20T09:00:00.000Z',
  ...settled,
});
const answered = { answer: { status: 'erased' as const, answeredAt: '2027-02-21T09:00:00.000Z', via: 'link' as const } };

function setUp(state: ErasureState, recipients: ErasureRecipient[]) {
  const erasures = new InMemoryErasureStore([{ request, state, dueDate: request.dueDate, extendedMonths: 0 }]);
  const notifyQueue = new RecordingQueue();
  const deps = { erasures, notifyQueue, erasureRecipients: { list: async () => structuredClone(recipients) } };
  return { deps, erasures, notifyQueue };
}

describe('settleErasure', () => {
  it('completes a request once every recipient answered or was escalated, its completion email queued first', async () => {
    const { deps, erasures, notifyQueue } = setUp('awaiting_recipients', [recipient('buyer', answered), recipient('courier', { escalatedAt: '2027-03-06T09:00:00.000Z' })]);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(true);

    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` }]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: COMPLETION_DELAY_SECONDS }]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
    expect(erasures.transitionCalls.at(-1)).toMatchObject({ event: 'recipients_settled', data: { answered: 1, escalated: 1 }, at: NOW.toISOString() });
  });

  it('waits while a recipient is still silent and not escalated', async () => {
    const { deps, erasures, notifyQueue } = setUp('awaiting_recipients', [recipient('buyer', answered), recipient('courier')]);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(false);

    expect(notifyQueue.bodies).toEqual([]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_recipients');
  });

  it('does nothing before own data is done, nor a second time', async () => {
    for (const state of ['in_progress', 'completed'] as const) {
      const { deps, notifyQueue, erasures } = setUp(state, [recipient('buyer', answered)]);

      await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(false);

      expect(notifyQueue.bodies).toEqual([]);
      expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe(state);
    }
  });

  it('completes a request whose subject went to no recipient', async () => {
    const { deps, erasures } = setUp('awaiting_recipients', []);

    await expect(settleErasure(deps, CONTROLLER_ID, ERASURE_ID, NOW)).resolves.toBe(true);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });
});
