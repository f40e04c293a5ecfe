import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { TimerStore } from '../adapters/dynamo/timer-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import type { Recipient } from '../domain/disclosure/disclosure';
import { recipientsFromLedger, type ErasureRecipient } from '../domain/erasure/erasure-recipient';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { recipientFollowUpTimers } from '../domain/timers/recipient-timers';
import type { ErasureExecution, ErasureRecipientNotice } from '../messages/pipeline-messages';
import { ErasureStepNotRecordedError } from './erasure-step-not-recorded';
import { settleErasure } from './settle-erasure';

export interface ExecuteErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition'>;
  erasureRecipients: Pick<ErasureRecipientStore, 'putWrites' | 'add' | 'list'>;
  subjects: Pick<SubjectStore, 'leaveForErasure'>;
  ledger: Pick<LedgerStore, 'recipientEntries'>;
  recipients: Pick<RecipientStore, 'get'>;
  timers: Pick<TimerStore, 'armWrite'>;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

/**
 * Recipients per transaction: each takes its item and two timers, and the last transaction also carries the
 * request's state change and its event, within DynamoDB's 100 items.
 */
export const RECIPIENTS_PER_TRANSACTION = 32;

/** A recipient's notice waits this long, so the recipient it is for is recorded when it arrives. */
export const RECIPIENT_NOTICE_DELAY_SECONDS = 2;

/** What erasing the subject's own data does, as the evidence names it. */
const OWN_DATA_STEPS = ['left_audience', 'preferences_removed', 'marked_for_erasure'] as const;

export type ExecuteErasureResult = { executed: false; reason: 'not-in-progress' } | { executed: true; recipients: number };

/**
 * Carries out a request the legal team started (`in_progress`), idempotently, so a retry finishes what a
 * crash left:
 * - own data: the subject leaves the audience (no later disclosure or notice reaches them) and loses its
 *   sharing preferences; the subject item is marked with the erasure. Its contact data (email, name,
 *   locale) stays until the completion email, because Art. 12(3) requires telling the subject what was
 *   done, and the recipients' notices name the subject so each can find the data; the completion step then
 *   removes it. Ledger, intent, objection and preference items hold the subject id only, which is
 *   pseudonymous once the contact data is gone: they stay, as the evidence of what was disclosed and told.
 * - recipients (Art. 19): every recipient the ledger says received the subject's data is put, with a
 *   reminder after 7 days and an escalation after 14, and its notice is queued first; the request moves
 *   `in_progress → awaiting_recipients` (`erasure.own_data_done`) in the transaction with the last of them.
 *   With no recipient, the request completes at once.
 */
export async function executeErasure(deps: ExecuteErasureDependencies, message: ErasureExecution): Promise<ExecuteErasureResult> {
  const { controllerId, erasureId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Erasure execution for an unknown controller');
  const stored = await deps.erasures.get(controllerId, erasureId);
  // Queued before the start is recorded: not (yet) started.
  if (!stored || stored.state === 'verified') throw new ErasureStepNotRecordedError('execution');
  // A retry after the request moved on: only completing it may be left to do.
  if (stored.state === 'awaiting_recipients') await settleErasure(deps, controllerId, erasureId, deps.clock.now());
  if (stored.state !== 'in_progress') return { executed: false, reason: 'not-in-progress' };

  const now = deps.clock.now();
  const { subjectId } = stored.request;
  const subjectFound = await deps.subjects.leaveForErasure(controllerId, subjectId, { erasureId, startedAt: now.toISOString() });

  const entries = await deps.ledger.recipientEntries(controllerId, subjectId);
  const contacts = await recipientContacts(deps, controllerId, [...new Set(entries.map((entry) => entry.recipient.recipientId))]);
  const recipients = recipientsFromLedger(entries, contacts, profile.defaultLocale);
  const before = new Map((await deps.erasureRecipients.list(controllerId, erasureId)).map((recipient) => [recipient.recipientId, recipient]));
  const notices: ErasureRecipientNotice[] = recipients
    .filter((recipient) => !before.get(recipient.recipientId)?.notifiedAt)
    .map(({ recipientId }) => ({
      type: 'erasure-recipient-notice',
      controllerId,
      erasureId,
      recipientId,
      step: 'notice',
      workId: `recipient-notice#${erasureId}#${recipientId}#notice`,
    }));
  if (notices.length > 0) {
    await deps.notifyQueue.publish(
      notices.map((notice, index) => ({ id: `notice-${index}`, body: notice })),
      { delaySeconds: RECIPIENT_NOTICE_DELAY_SECONDS },
    );
  }

  // Recipients put by an attempt that stopped short keep their item and timers as they were.
  const groups = chunk(
    recipients.filter((recipient) => !before.has(recipient.recipientId)),
    RECIPIENTS_PER_TRANSACTION,
  );
  const last = groups.pop() ?? [];
  const withTimers = (group: readonly ErasureRecipient[]) =>
    group.flatMap(({ recipientId }) => recipientFollowUpTimers(controllerId, erasureId, recipientId, now).map((timer) => deps.timers.armWrite(timer)));
  for (const group of groups) {
    if (!(await deps.erasureRecipients.add(controllerId, erasureId, group, withTimers(group)))) throw new Error('Recipients were put meanwhile: trying again');
  }
  const moved = await deps.erasures.transition(
    controllerId,
    erasureId,
    'in_progress',
    'own_data_done',
    { ownData: subjectFound ? [...OWN_DATA_STEPS] : [], contactData: 'kept_until_completion_email', recipients: recipients.length },
    now.toISOString(),
    {},
    [...deps.erasureRecipients.putWrites(controllerId, erasureId, last), ...withTimers(last)],
  );
  if (!moved && (await deps.erasures.get(controllerId, erasureId))?.state === 'in_progress') {
    // A concurrent delivery put one of these recipients first: the retry finds it and goes on.
    throw new Error('Recipients were put meanwhile: trying again');
  }
  // Also when every recipient answered or was escalated before the request moved on (a retry).
  await settleErasure(deps, controllerId, erasureId, now);
  return { executed: true, recipients: recipients.length };
}

async function recipientContacts(deps: Pick<ExecuteErasureDependencies, 'recipients'>, controllerId: string, recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
  const found = await Promise.all(recipientIds.map((recipientId) => deps.recipients.get(controllerId, recipientId)));
  return new Map(found.filter((recipient): recipient is Recipient => recipient !== undefined).map((recipient) => [recipient.recipientId, recipient]));
}
