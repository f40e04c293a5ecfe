import { describe, expect, it } from 'vitest';
import type { StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { EXTENSION_NOTICE_DELAY_SECONDS, extendErasure, type ExtendErasureDependencies } from '../../../shared/workflow/extend-erasure';
import { RecordingQueue, fixedClock } from '../../helpers/fakes';

const RECEIVED_AT = '2027-01-31T09:00:00.000Z';
const stored = (overrides: Partial<StoredErasure> = {}): StoredErasure => ({
  request: {
    controllerId: 'softmedex',
    erasureId: 'e-1',
    subjectId: 'ann',
    receivedAt: RECEIVED_AT,
    channel: 'post',
    dueDate: '2027-03-01',
    recordedAt: RECEIVED_AT,
  },
  state: 'verified',
  dueDate: '2027-03-01',
  extendedMonths: 0,
  ...overrides,
});

function extender(current: () => StoredErasure | undefined, extend: ExtendErasureDependencies['erasures']['extend'], now = '2027-02-10T12:00:00.000Z') {
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const deps: ExtendErasureDependencies = {
    erasures: { get: async () => current(), extend, idempotencyClaim: async () => undefined },
    notifyQueue,
    clock: fixedClock(now),
  };
  return { deps, notifyQueue };
}

const legalTeam = { clientId: 'legal-team' };

describe('extendErasure', () => {
  it('extends by the months asked, from the receipt, announcing it to the subject before recording it', async () => {
    // Prepare
    const recorded: unknown[] = [];
    const { deps, notifyQueue } = extender(() => stored(), async (_c, _e, extension) => {
      recorded.push(extension);
      expect(notifyQueue.bodies).toHaveLength(1);
      return true;
    });

    // Act
    const outcome = await extendErasure(deps, softmedex, 'e-1', { reason: 'Six systems to search', months: 2 }, legalTeam);

    // Assess: 31 January + 3 months is 30 April 2027, a Friday.
    expect(outcome).toEqual({ outcome: 'extended', dueDate: '2027-04-30', extendedMonths: 2 });
    expect(recorded).toEqual([
      { extendedMonthsSoFar: 0, extensionsSoFar: [], extendedMonths: 2, previousDueDate: '2027-03-01', dueDate: '2027-04-30', reason: 'Six systems to search', extendedBy: legalTeam },
    ]);
    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-extension', controllerId: 'softmedex', erasureId: 'e-1', workId: 'extension#e-1#2027-04-30', dueDate: '2027-04-30' }]);
    expect(notifyQueue.options).toEqual([{ delaySeconds: EXTENSION_NOTICE_DELAY_SECONDS }]);
  });

  it('refuses after the first due date, and beyond two months in all, announcing nothing', async () => {
    const late = extender(() => stored(), async () => true, '2027-03-02T12:00:00.000Z');
    expect(await extendErasure(late.deps, softmedex, 'e-1', { reason: 'Too late now', months: 1 }, legalTeam)).toEqual({
      outcome: 'after-first-due-date',
      firstDueDate: '2027-03-01',
    });
    const twice = extender(() => stored({ extendedMonths: 2, dueDate: '2027-04-30' }), async () => true);
    expect(await extendErasure(twice.deps, softmedex, 'e-1', { reason: 'One more month', months: 1 }, legalTeam)).toEqual({
      outcome: 'more-than-two-months',
      extendedMonths: 2,
    });
    expect([...late.notifyQueue.batches, ...twice.notifyQueue.batches]).toEqual([]);
  });

  it('refuses a closed request', async () => {
    const { deps, notifyQueue } = extender(() => stored({ state: 'completed' }), async () => true);
    expect(await extendErasure(deps, softmedex, 'e-1', { reason: 'After the fact', months: 1 }, legalTeam)).toEqual({ outcome: 'closed' });
    expect(notifyQueue.batches).toEqual([]);
  });

  it('gives up after a few tries when the request keeps changing, instead of looping', async () => {
    // Prepare: every recording loses against another change.
    let attempts = 0;
    const { deps, notifyQueue } = extender(() => stored(), async () => {
      attempts += 1;
      return false;
    });

    // Act
    const extending = extendErasure(deps, softmedex, 'e-1', { reason: 'Six systems to search', months: 1 }, legalTeam);

    // Assess
    await expect(extending).rejects.toThrow(/kept changing/);
    expect(attempts).toBe(3);
    expect(notifyQueue.bodies).toHaveLength(3);
  });

  it('answers a retry with the same Idempotency-Key with the extension made the first time, extending nothing more', async () => {
    // Prepare: a store that keeps the claim and the extension, as the real one does in one transaction.
    let current = stored();
    const claims = new Map<string, { erasureId: string; requestHash: string }>();
    const notifyQueue = new RecordingQueue<NotifyMessage>();
    const deps: ExtendErasureDependencies = {
      erasures: {
        get: async () => current,
        idempotencyClaim: async (_controllerId, key) => claims.get(key),
        extend: async (_controllerId, erasureId, extension, _at, idempotency) => {
          if (idempotency) claims.set(idempotency.key, { erasureId, requestHash: idempotency.requestHash });
          current = { ...current, dueDate: extension.dueDate, extendedMonths: extension.extendedMonths };
          return true;
        },
      },
      notifyQueue,
      clock: fixedClock('2027-02-10T12:00:00.000Z'),
    };
    const extension = { reason: 'Six systems to search', months: 1 as const };
    const first = await extendErasure(deps, softmedex, 'e-1', extension, legalTeam, 'double-click');

    // Act
    const again = await extendErasure(deps, softmedex, 'e-1', extension, legalTeam, 'double-click');
    const other = await extendErasure(deps, softmedex, 'e-1', { ...extension, months: 2 }, legalTeam, 'double-click');

    // Assess
    expect(first).toEqual({ outcome: 'extended', dueDate: '2027-03-31', extendedMonths: 1 });
    expect(again).toEqual(first);
    expect(other).toEqual({ outcome: 'idempotency-key-reused' });
    expect(current.extendedMonths).toBe(1);
    expect(notifyQueue.bodies).toHaveLength(1);
  });
});
