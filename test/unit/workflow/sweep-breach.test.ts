import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { breachFilingTimers } from '../../../shared/domain/timers/breach-timers';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { sweep, type SweeperDependencies } from '../../../shared/workflow/sweep';
import { noLateRecipients } from '../../helpers/erasure-execution';
import { BREACH_ID, InMemoryBreachStore, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { InMemoryDisclosureStore, InMemoryErasureRecipientStore, InMemoryErasureStore, InMemoryTimerStore, RecordingQueue } from '../../helpers/fakes';

/** The breach of the factories: aware 1 December 2026 08:00 UTC, registered an hour later. */
const AWARE_AT = '2026-12-01T08:00:00.000Z';
const HOUR = 3600_000;
const hoursAfter = (hours: number, ms = 0) => new Date(Date.parse(AWARE_AT) + hours * HOUR + ms).toISOString();

/** A sweeper over one controller with the breaches given, their timers armed as registration arms them. */
function sweeper(breaches: readonly StoredBreach[] = [aStoredBreach()]) {
  const timers = new InMemoryTimerStore();
  const store = new InMemoryBreachStore(breaches, timers);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const erasures = new InMemoryErasureStore([], timers);
  const { ledger, recipients } = noLateRecipients();
  const profile = aProfile();
  const deps: SweeperDependencies = {
    timers,
    disclosures: new InMemoryDisclosureStore(undefined, undefined, {}, timers),
    erasures,
    breaches: store,
    erasureRecipients: new InMemoryErasureRecipientStore(erasures),
    ledger,
    recipients,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    planQueue: new RecordingQueue(),
    notifyQueue,
    controllerIds: [CONTROLLER_ID],
    audienceShards: 16,
  };
  const armAll = async (breach: StoredBreach) => {
    for (const timer of breachFilingTimers(CONTROLLER_ID, breach.report.breachId, breach.report.awareAt, new Date(breach.report.recordedAt))) await timers.arm(timer);
  };
  const sweepAt = (iso: string) => sweep(deps, new Date(iso));
  return { deps, timers, store, notifyQueue, armAll, sweepAt };
}

const reminder = (hoursSinceAware: number, breachId = BREACH_ID) => ({
  type: 'breach-filing-reminder',
  controllerId: CONTROLLER_ID,
  breachId,
  workId: `filing-reminder#${hoursSinceAware}`,
  hoursSinceAware,
});

describe('sweep: the filing reminders of a breach', () => {
  it('queues a reminder at 24, 48, 60 and 70 hours and the overdue alert past 72, each once, while nothing is filed', async () => {
    // Prepare
    const { notifyQueue, armAll, sweepAt } = sweeper();
    await armAll(aStoredBreach());

    // Act: sweep just before and at each hour, and once more after the last.
    const fired: unknown[] = [];
    for (const hours of [24, 48, 60, 70]) {
      fired.push(...(await sweepAt(hoursAfter(hours, -1))).fired);
      fired.push(...(await sweepAt(hoursAfter(hours))).fired);
    }
    fired.push(...(await sweepAt(hoursAfter(72))).fired);
    fired.push(...(await sweepAt(hoursAfter(72, 1))).fired);
    fired.push(...(await sweepAt(hoursAfter(100))).fired);

    // Assess
    expect(fired).toEqual(
      ['filing-reminder-24h', 'filing-reminder-48h', 'filing-reminder-60h', 'filing-reminder-70h', 'filing-overdue'].map((timer) => ({ breachId: BREACH_ID, timer })),
    );
    expect(notifyQueue.bodies).toEqual([reminder(24), reminder(48), reminder(60), reminder(70), reminder(72)]);
    // An SQS batch entry id takes no `#`.
    expect(notifyQueue.batches.flat().map((message) => message.id)).toEqual(['filing-reminder-24', 'filing-reminder-48', 'filing-reminder-60', 'filing-reminder-70', 'filing-reminder-72']);
  });

  it('stops once a filing is recorded: the remaining timers fire and queue nothing', async () => {
    // Prepare
    const { store, timers, notifyQueue, armAll, sweepAt } = sweeper();
    await armAll(aStoredBreach());
    await sweepAt(hoursAfter(24));
    const stored = (await store.get(CONTROLLER_ID, BREACH_ID))!;
    await store.recordFiling(CONTROLLER_ID, BREACH_ID, aFiling(), { afterSeq: stored.seq, filingsSoFar: [], lateByMinutes: 0 });

    // Act
    const { fired } = await sweepAt(hoursAfter(80));

    // Assess
    expect(fired).toEqual([]);
    expect(notifyQueue.bodies).toEqual([reminder(24)]);
    // Fired and gone: the next sweep does not look at them again.
    expect(timers.armed(BREACH_ID)).toEqual([]);
  });

  it('counts a withdrawal as filed, and sends nothing for a breach closed by a `none` assessment', async () => {
    const withdrawn = aStoredBreach({ filings: [aFiling(), aFiling({ filingId: 'f2', phase: 'withdrawal' })] }, { breachId: 'withdrawn' });
    const closed = aStoredBreach({ assessment: anAssessment({ risk: 'none' }), closedAt: '2026-12-01T12:00:00.000Z' }, { breachId: 'closed' });
    const { notifyQueue, armAll, sweepAt } = sweeper([withdrawn, closed]);
    await armAll(withdrawn);
    await armAll(closed);

    const { fired } = await sweepAt(hoursAfter(100));

    expect(fired).toEqual([]);
    expect(notifyQueue.bodies).toEqual([]);
  });

  it('keeps reminding a breach assessed as a risk but not filed, and one reopened by a later assessment', async () => {
    const assessed = aStoredBreach({ assessment: anAssessment({ risk: 'high' }) }, { breachId: 'assessed' });
    const { notifyQueue, armAll, sweepAt, store } = sweeper([assessed]);
    await armAll(assessed);
    await sweepAt(hoursAfter(24));
    // Closed, then reassessed: the reminders resume.
    await store.recordAssessment(CONTROLLER_ID, 'assessed', anAssessment({ risk: 'none' }), 1);
    await sweepAt(hoursAfter(48));
    await store.recordAssessment(CONTROLLER_ID, 'assessed', anAssessment({ risk: 'risk', assessedAt: hoursAfter(50) }), 2);
    await sweepAt(hoursAfter(60));

    expect(notifyQueue.bodies).toEqual([reminder(24, 'assessed'), reminder(60, 'assessed')]);
  });

  it('fires nothing for a timer whose breach is unknown, and leaves other breaches alone', async () => {
    const { timers, notifyQueue, armAll, sweepAt } = sweeper();
    await armAll(aStoredBreach());
    await timers.arm({ controllerId: CONTROLLER_ID, breachId: 'nobody', name: 'filing-reminder-24h', dueAt: hoursAfter(24) });

    const { fired } = await sweepAt(hoursAfter(24));

    expect(fired).toEqual([{ breachId: BREACH_ID, timer: 'filing-reminder-24h' }]);
    expect(notifyQueue.bodies).toEqual([reminder(24)]);
  });
});
