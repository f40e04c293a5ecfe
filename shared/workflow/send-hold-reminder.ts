import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { renderHoldReminder } from '../domain/notice/hold-reminder';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { mailFromController } from './mail-from-controller';
import type { HoldReminder } from '../messages/pipeline-messages';

export interface HoldReminderDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'finishedWork' | 'appendEventPatiently' | 'workDonePut'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

/**
 * Reminds the legal team that a hold ends soon, once per hold end and lead time, and records it as an
 * event. A reminder for a hold since extended or released is dropped: the re-armed timers remind anew.
 */
export async function sendHoldReminder(deps: HoldReminderDependencies, message: HoldReminder): Promise<{ sent: boolean }> {
  const { controllerId, disclosureId, workId, daysLeft, until } = message;
  if (await deps.disclosures.finishedWork(controllerId, disclosureId, workId)) return { sent: false };
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  const profile = deps.findProfile(controllerId);
  if (!stored || !profile) throw new Error('Reminder for an unknown disclosure');
  const now = deps.clock.now().toISOString();
  const hold = stored.disclosure.hold;
  const current = hold?.until === until && !stored.phases.releasedAt;
  if (current) {
    const email = renderHoldReminder({
      profile,
      disclosure: stored.disclosure,
      locale: profile.defaultLocale,
      daysLeft,
      subjects: stored.progress.subjects,
    });
    await mailFromController(deps, profile, profile.legalTeamEmail, email);
  }
  await deps.disclosures.appendEventPatiently({
    controllerId,
    disclosureId,
    type: current ? 'disclosure.hold_reminder_sent' : 'disclosure.hold_reminder_dropped',
    data: { daysLeft, until },
    at: now,
    alsoWrite: [deps.disclosures.workDonePut(controllerId, disclosureId, workId, now, { sent: current })],
  });
  return { sent: current };
}
