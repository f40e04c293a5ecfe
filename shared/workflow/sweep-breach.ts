import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { BreachTimer } from '../adapters/dynamo/timer-store';
import type { StoredBreach } from '../domain/breach/breach';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { breachObligations } from '../domain/breach/breach-obligations';
import { BREACH_TIMER_HOURS } from '../domain/timers/breach-timers';
import type { BreachFilingReminder } from '../messages/pipeline-messages';

export interface BreachSweepDependencies {
  breaches: Pick<BreachStore, 'get'>;
  notifyQueue: QueuePublisher;
}

/** No filing recorded (a withdrawal counts) and none made needless by a `none` assessment, which closes the breach. */
export function filingOutstanding(breach: StoredBreach): boolean {
  return breachObligations(breach).outstanding.includes('filing');
}

/** An SQS batch entry id allows letters, digits, `-` and `_` only. */
const entryId = (workId: string) => workId.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * Does what a breach's timer is for: queues the DPO's reminder (24, 48, 60, 70 hours after awareness) or the
 * overdue alert (72), while no filing is recorded (a withdrawal counts: it follows a filing) and the breach is
 * not closed. False when there was nothing left to do. The work id names the hour: the sender mails it once.
 */
export async function fireBreachTimer(deps: BreachSweepDependencies, timer: BreachTimer, _now: Date): Promise<boolean> {
  const { controllerId, breachId } = timer;
  const stored = await deps.breaches.get(controllerId, breachId);
  if (!Object.hasOwn(BREACH_TIMER_HOURS, timer.name) || !stored || !filingOutstanding(stored)) return false;
  const hoursSinceAware = BREACH_TIMER_HOURS[timer.name];
  const reminder: BreachFilingReminder = { type: 'breach-filing-reminder', controllerId, breachId, workId: `filing-reminder#${hoursSinceAware}`, hoursSinceAware };
  await deps.notifyQueue.publish([{ id: entryId(reminder.workId), body: reminder }]);
  return true;
}
