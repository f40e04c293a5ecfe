import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { ErasureTimer } from '../adapters/dynamo/timer-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { isOverdue, reminderInstants } from '../domain/erasure/deadline';
import { FINAL_ERASURE_STATES } from '../domain/erasure/erasure-state';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { DUE_REMINDER_DAYS } from '../domain/timers/erasure-timers';
import { recipientFollowUp } from '../domain/timers/recipient-timers';
import { fireRecipientFollowUp, type RecipientFollowUpDependencies } from './follow-up-erasure-recipient';
import type { ErasureLegalAlert, ErasureVerificationReminder } from '../messages/pipeline-messages';

export interface ErasureSweepDependencies extends RecipientFollowUpDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition' | 'flagOverdue'>;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
}

/** An SQS batch entry id allows letters, digits, `-` and `_` only. */
const entryId = (workId: string) => workId.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * Does what an erasure request's timer is for; false when there was nothing left to do: the request was
 * confirmed or closed since, or its due date moved. Each firing is idempotent: a guarded transition, an
 * event recorded once, a message whose work id the sender sends once.
 */
export async function fireErasureTimer(deps: ErasureSweepDependencies, timer: ErasureTimer, now: Date): Promise<boolean> {
  const { controllerId, erasureId } = timer;
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) return false;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Erasure timer of an unknown controller');
  assertDeadlineCountry(profile.country);
  const at = now.toISOString();
  const expired = !stored.verificationExpiresAt || Date.parse(stored.verificationExpiresAt) <= now.getTime();
  const final = FINAL_ERASURE_STATES.includes(stored.state);
  const alert = async (kind: ErasureLegalAlert['alert'], workId: string) => {
    const message: ErasureLegalAlert = { type: 'erasure-legal-alert', controllerId, erasureId, workId, alert: kind, dueDate: stored.dueDate };
    await deps.notifyQueue.publish([{ id: entryId(workId), body: message }]);
  };

  switch (timer.name) {
    case 'verification-reminder': {
      if (stored.state !== 'awaiting_verification' || expired) return false;
      const reminder: ErasureVerificationReminder = {
        type: 'erasure-verification-reminder',
        controllerId,
        erasureId,
        workId: `verification-reminder#${erasureId}`,
      };
      await deps.notifyQueue.publish([{ id: entryId(reminder.workId), body: reminder }]);
      return true;
    }
    case 'verification-lapse': {
      if (stored.state !== 'awaiting_verification' || !expired) return false;
      // No email: the address never confirmed the request, so it may not be the subject's to hear about it.
      return deps.erasures.transition(controllerId, erasureId, 'awaiting_verification', 'lapsed', { verificationExpiresAt: stored.verificationExpiresAt }, at);
    }
    case 'due-reminder-7d':
    case 'due-reminder-1d': {
      const daysBefore = DUE_REMINDER_DAYS[timer.name];
      const current = reminderInstants(stored.dueDate, profile.country).find((reminder) => reminder.daysBefore === daysBefore)!;
      // A reminder armed for an earlier due date (extended since) says nothing true any more.
      if (final || Date.parse(current.at) !== Date.parse(timer.dueAt)) return false;
      await alert(daysBefore === 7 ? 'due-in-7-days' : 'due-in-1-day', `due-reminder#${daysBefore}d#${erasureId}#${stored.dueDate}`);
      return true;
    }
    case 'overdue': {
      if (final || !isOverdue(stored.dueDate, profile.country, now)) return false;
      await deps.erasures.flagOverdue(controllerId, erasureId, stored.dueDate, at);
      // Queued whether or not this sweep flagged it: a crash after the event must not lose the alert.
      await alert('overdue', `overdue#${erasureId}#${stored.dueDate}`);
      return true;
    }
    default: {
      // `recipient-reminder#<id>` and `recipient-escalation#<id>`: a recipient's follow-up (Art. 19).
      const followUp = recipientFollowUp(timer.name);
      return followUp ? fireRecipientFollowUp(deps, timer, followUp, now) : false;
    }
  }
}
