import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { canExtend } from '../domain/erasure/deadline';
import { FINAL_ERASURE_STATES } from '../domain/erasure/erasure-state';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import { renderErasureLegalAlert } from '../domain/notice/erasure-legal-alert';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureLegalAlert } from '../messages/pipeline-messages';
import { mailFromController } from './mail-from-controller';

export interface ErasureLegalAlertDependencies {
  erasures: Pick<ErasureStore, 'get'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

/**
 * Alerts the legal team, at `profile.legalTeamEmail` and in the profile's default locale, to an erasure
 * request due soon, overdue, or with a recipient that never answered. A deadline alert is dropped once the
 * request is closed or its due date moved (an extension arms reminders of its own). A silent recipient is
 * reported even after the request completed: escalating the last recipient is what lets it complete.
 */
export async function sendErasureLegalAlert(deps: ErasureLegalAlertDependencies, message: ErasureLegalAlert): Promise<{ sent: boolean }> {
  const { controllerId, erasureId, alert } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Legal alert for an unknown controller');
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) throw new Error('Legal alert for an unknown erasure request');
  const deadline = alert !== 'recipient-escalated';
  if (deadline && (FINAL_ERASURE_STATES.includes(stored.state) || stored.dueDate !== message.dueDate)) return { sent: false };
  assertDeadlineCountry(profile.country);
  const now = deps.clock.now();
  const email = renderErasureLegalAlert({
    profile,
    locale: profile.defaultLocale,
    alert,
    erasureId,
    subjectId: stored.request.subjectId,
    state: stored.state,
    receivedAt: stored.request.receivedAt,
    dueDate: stored.dueDate,
    // One more month is the least an extension adds: if that is refused, every extension is.
    extendable: !FINAL_ERASURE_STATES.includes(stored.state) && canExtend(stored.request.receivedAt, profile.country, now, stored.extendedMonths, 1).allowed,
    ...(message.recipientName ? { recipientName: message.recipientName } : {}),
  });
  await mailFromController(deps, profile, profile.legalTeamEmail, email);
  return { sent: true };
}
