import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { DisclosureStore, StoredDisclosure } from '../adapters/dynamo/disclosure-store';
import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { DisclosureTimer, TimerStore } from '../adapters/dynamo/timer-store';
import { timerAggregateId } from '../domain/timers/timer';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { objectionWindowEnds } from '../domain/disclosure/objection-window';
import { planParts } from '../domain/disclosure/plan-parts';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { HoldReminder } from '../messages/pipeline-messages';
import { queuePlan } from './queue-plan';
import { fireBreachTimer } from './sweep-breach';
import { fireErasureTimer } from './sweep-erasure';

export interface SweeperDependencies {
  timers: Pick<TimerStore, 'due' | 'stillArmed' | 'markFired' | 'arm' | 'armWrite'>;
  disclosures: Pick<DisclosureStore, 'get' | 'appendEventPatiently'>;
  erasures: Pick<ErasureStore, 'get' | 'transition' | 'flagOverdue'>;
  /** Breaches, for the DPO's reminders while no filing is recorded. */
  breaches: Pick<BreachStore, 'get'>;
  /** The recipients of erasure requests, for their reminders and escalations, and any one a late ledger entry names. */
  erasureRecipients: Pick<ErasureRecipientStore, 'get' | 'list' | 'recordEscalated' | 'putWrites' | 'add'>;
  /** Before an erasure request completes, the subject's ledger is read again for recipients it does not hold yet. */
  ledger: Pick<LedgerStore, 'recipientEntries'>;
  recipients: Pick<RecipientStore, 'get'>;
  /** The controller's profile: its country's calendar counts an erasure request's due date. */
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  controllerIds: readonly string[];
  audienceShards: number;
}

export interface SweepResult {
  fired: ({ disclosureId: string; timer: string } | { erasureId: string; timer: string } | { breachId: string; timer: string })[];
}

/** Some timers could not fire this time; they stay armed and the next sweep tries them again. */
export class TimersFailedError extends Error {
  constructor(readonly failures: { disclosureId: string; timer: string; error: string }[]) {
    super(`${failures.length} timer(s) failed to fire: ${failures.map((failure) => `${failure.timer} (${failure.error})`).join(', ')}`);
    this.name = 'TimersFailedError';
  }
}

const DAY_MS = 24 * 3600_000;

/**
 * Fires every timer due at `now`: intent notices go out, objection windows close and transfers happen,
 * the legal team is reminded of holds ending, holds end; erasure requests are reminded of, lapse, and are
 * flagged overdue (sweep-erasure.ts); a breach's DPO is reminded while no filing is recorded
 * (sweep-breach.ts). Each firing is idempotent (guarded events,
 * planning that skips done work, senders that send a unit of work once), and a fired timer leaves the
 * due index: whatever a crash interrupts, the next sweep finishes, and nothing fires twice.
 */
export async function sweep(deps: SweeperDependencies, now: Date): Promise<SweepResult> {
  const fired: SweepResult['fired'] = [];
  const failures: TimersFailedError['failures'] = [];
  const at = now.toISOString();
  for (const controllerId of deps.controllerIds) {
    for (const timer of await deps.timers.due(controllerId, at)) {
      // One timer that cannot fire (a throttled write, a bug in one disclosure) holds back no other.
      try {
        if (!(await deps.timers.stillArmed(timer))) continue;
        if ('breachId' in timer) {
          if (await fireBreachTimer(deps, timer, now)) fired.push({ breachId: timer.breachId, timer: timer.name });
          await deps.timers.markFired(timer, at);
          continue;
        }
        if ('erasureId' in timer) {
          if (await fireErasureTimer(deps, timer, now)) fired.push({ erasureId: timer.erasureId, timer: timer.name });
          await deps.timers.markFired(timer, at);
          continue;
        }
        const stored = await deps.disclosures.get(controllerId, timer.disclosureId);
        if (stored && (await fire(deps, timer, stored, now))) fired.push({ disclosureId: timer.disclosureId, timer: timer.name });
        await deps.timers.markFired(timer, at);
      } catch (error) {
        failures.push({ disclosureId: timerAggregateId(timer), timer: timer.name, error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }
  if (failures.length > 0) throw new TimersFailedError(failures);
  return { fired };
}

/** Does what the timer is for; false when there was nothing left to do. */
async function fire(deps: SweeperDependencies, timer: DisclosureTimer & { dueSk: string }, stored: StoredDisclosure, now: Date): Promise<boolean> {
  const { controllerId, disclosureId } = timer;
  const { disclosure, audience } = stored;
  const at = now.toISOString();
  const parts = planParts(audience, deps.audienceShards);
  const startPhase = async (type: string, field: string) =>
    deps.disclosures.appendEventPatiently({
      controllerId,
      disclosureId,
      type,
      data: { dueAt: timer.dueAt },
      at,
      stateChanges: { [field]: at },
      guard: `attribute_not_exists(${field})`,
    });

  switch (timer.name) {
    case 'intent': {
      await startPhase('disclosure.intent_started', 'intentStartedAt');
      // Queued whether or not this sweep started the phase: a crash after the event must not lose the plan.
      await queuePlan(deps, controllerId, disclosureId, parts, 'intent', 0);
      return true;
    }
    case 'execute': {
      const windowEnds = objectionWindowEnds(disclosure, stored.phases.intentStartedAt);
      if (!stored.phases.executionStartedAt && (!windowEnds || windowEnds.getTime() > now.getTime())) {
        // Not before the window has run its full length from the day the intent notices actually went out.
        const dueAt = windowEnds ?? new Date(now.getTime() + DAY_MS);
        await deps.timers.arm({ controllerId, disclosureId, name: 'execute', dueAt: dueAt.toISOString() });
        return false;
      }
      await startPhase('disclosure.transfer_executed', 'executionStartedAt');
      await queuePlan(deps, controllerId, disclosureId, parts, 'execute', 0);
      return true;
    }
    case 'hold-reminder-7d':
    case 'hold-reminder-1d': {
      const hold = disclosure.hold;
      const daysLeft = timer.name === 'hold-reminder-7d' ? 7 : 1;
      // A reminder armed for an earlier end of the hold (extended since) says nothing true any more.
      if (!hold || stored.phases.releasedAt || Date.parse(hold.until) - daysLeft * DAY_MS !== Date.parse(timer.dueAt)) return false;
      const reminder: HoldReminder = {
        type: 'hold-reminder',
        controllerId,
        disclosureId,
        workId: `hold-reminder#${daysLeft}d#${hold.until}`,
        daysLeft,
        until: hold.until,
      };
      await deps.notifyQueue.publish([{ id: reminder.workId.replace(/[^A-Za-z0-9_-]/g, '-'), body: reminder }]);
      return true;
    }
    case 'release': {
      const hold = disclosure.hold;
      if (!hold || Date.parse(hold.until) > now.getTime()) return false;
      // Only the hold as read here: an extension committed since must win, or an order would be broken.
      const released = await deps.disclosures.appendEventPatiently({
        controllerId,
        disclosureId,
        type: 'disclosure.hold_released',
        data: { dueAt: timer.dueAt, until: hold.until },
        at,
        stateChanges: { releasedAt: at },
        guard: 'attribute_not_exists(releasedAt) AND #disclosure.#hold.#until = :until',
        guardValues: { ':until': hold.until },
        guardNames: { '#disclosure': 'disclosure', '#hold': 'hold', '#until': 'until' },
      });
      if (!released && !(await deps.disclosures.get(controllerId, disclosureId))?.phases.releasedAt) return false;
      // Queued also when an earlier sweep released and stopped short of queuing: planning skips what is done.
      await queuePlan(deps, controllerId, disclosureId, parts, 'release', 0);
      return true;
    }
  }
}
