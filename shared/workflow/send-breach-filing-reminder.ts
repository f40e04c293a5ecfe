import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { Mailer } from '../adapters/ses/mailer';
import { breachContactOf } from '../domain/breach/breach-contact';
import type { Clock } from '../domain/clock';
import { renderBreachFilingReminder } from '../domain/notice/breach-filing-reminder';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { BreachFilingReminder } from '../messages/pipeline-messages';
import { breachMailRecorded } from './breach-mail-recorded';
import { mailBreachContacts } from './mail-breach-contacts';
import { filingOutstanding } from './sweep-breach';

export interface BreachFilingReminderDependencies {
  breaches: Pick<BreachStore, 'get' | 'events' | 'recordSent' | 'finishedWork' | 'completeWork'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

const HOUR_MS = 3600_000;

/**
 * The moment the reminder's hours are counted to: now, but never before the hour it is for. The sweeper queues
 * it once that hour has come, so this is now; a sweep run in simulated time (ahead of the sender's clock) gets
 * the mail of its own hour, not one saying no time has passed.
 */
function reminderMoment(awareAt: string, hoursSinceAware: number, now: Date): Date {
  return new Date(Math.max(now.getTime(), Date.parse(awareAt) + hoursSinceAware * HOUR_MS));
}

/**
 * Reminds the breach contact and the privacy address that no filing is recorded yet, `hoursSinceAware` into the
 * 72 hours (at 72: they have passed, and a filing now needs its reasons for the delay). Recorded as
 * `breach.filing_reminded`, once per work id. Dropped when a filing (a withdrawal too) was recorded or the
 * breach was closed since the sweeper queued it.
 */
export async function sendBreachFilingReminder(deps: BreachFilingReminderDependencies, message: BreachFilingReminder): Promise<{ sent: boolean }> {
  const { controllerId, breachId, workId, hoursSinceAware } = message;
  if (await deps.breaches.finishedWork(controllerId, breachId, workId)) return { sent: false };
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Filing reminder for an unknown controller');
  const stored = await deps.breaches.get(controllerId, breachId);
  if (!stored) throw new Error('Filing reminder for an unknown breach');
  const now = deps.clock.now();
  const at = now.toISOString();
  const recorded = await breachMailRecorded(deps.breaches, controllerId, breachId, 'breach.filing_reminded', workId);
  if (recorded || !filingOutstanding(stored)) {
    await deps.breaches.completeWork(controllerId, breachId, workId, at, { sent: recorded });
    return { sent: false };
  }
  const email = renderBreachFilingReminder({
    profile,
    breachId,
    awareAt: stored.report.awareAt,
    hoursSinceAware,
    now: reminderMoment(stored.report.awareAt, hoursSinceAware, now),
    contactName: breachContactOf(profile).name,
  });
  const addresses = await mailBreachContacts(deps, profile, breachId, workId, email, at);
  await deps.breaches.recordSent(controllerId, breachId, 'breach.filing_reminded', { workId, hoursSinceAware, addresses }, at);
  await deps.breaches.completeWork(controllerId, breachId, workId, at, { sent: true });
  return { sent: true };
}
