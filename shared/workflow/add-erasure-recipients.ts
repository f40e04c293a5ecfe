import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { TimerStore } from '../adapters/dynamo/timer-store';
import type { TransactItem } from '../adapters/dynamo/transact';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { chunk } from '../domain/collections/chunk';
import type { Recipient } from '../domain/disclosure/disclosure';
import { recipientsFromLedger, type ErasureRecipient } from '../domain/erasure/erasure-recipient';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { recipientFollowUpTimers } from '../domain/timers/recipient-timers';
import type { ErasureRecipientNotice } from '../messages/pipeline-messages';

export interface AddErasureRecipientsDependencies {
  erasureRecipients: Pick<ErasureRecipientStore, 'putWrites' | 'add' | 'list'>;
  ledger: Pick<LedgerStore, 'recipientEntries'>;
  recipients: Pick<RecipientStore, 'get'>;
  timers: Pick<TimerStore, 'armWrite'>;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
}

/**
 * Recipients per transaction: each takes its item and two timers, and the last transaction of an execution
 * also carries the request's state change and its event, within DynamoDB's 100 items.
 */
export const RECIPIENTS_PER_TRANSACTION = 32;

/** A recipient's notice waits this long, so the recipient it is for is recorded when it arrives. */
export const RECIPIENT_NOTICE_DELAY_SECONDS = 2;

/** Who received the subject's data as the ledger says now (Art. 19), and the request's recipient items as they stand. */
export interface RecipientsOfErasure {
  named: ErasureRecipient[];
  held: Map<string, ErasureRecipient>;
}

export async function recipientsOfErasure(
  deps: AddErasureRecipientsDependencies,
  controllerId: string,
  erasureId: string,
  subjectId: string,
): Promise<RecipientsOfErasure> {
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Erasure recipients for an unknown controller');
  const entries = await deps.ledger.recipientEntries(controllerId, subjectId);
  const contacts = await recipientContacts(deps, controllerId, [...new Set(entries.map((entry) => entry.recipient.recipientId))]);
  const held = new Map((await deps.erasureRecipients.list(controllerId, erasureId)).map((recipient) => [recipient.recipientId, recipient]));
  return { named: recipientsFromLedger(entries, contacts, profile.defaultLocale), held };
}

/**
 * Starts telling recipients of a request (Art. 19): the notices of `notify` are queued first, then each of
 * `put` is put with its reminder (7 days) and escalation (14 days) timers, in one transaction per group of
 * them, so a recipient never stands without its follow-up. The last group's writes go through `lastWith`
 * when given (the transaction that records the request's own change), or alone. False, with the rest left
 * to a retry, when a recipient was put meanwhile (or `lastWith` did not write).
 */
export async function addErasureRecipients(
  deps: AddErasureRecipientsDependencies,
  controllerId: string,
  erasureId: string,
  recipients: { notify: readonly ErasureRecipient[]; put: readonly ErasureRecipient[] },
  now: Date,
  lastWith?: (writes: TransactItem[]) => Promise<boolean>,
): Promise<boolean> {
  const notices: ErasureRecipientNotice[] = recipients.notify.map(({ recipientId }) => ({
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

  const groups = chunk(recipients.put, RECIPIENTS_PER_TRANSACTION);
  const last = groups.pop() ?? [];
  const withTimers = (group: readonly ErasureRecipient[]) =>
    group.flatMap(({ recipientId }) => recipientFollowUpTimers(controllerId, erasureId, recipientId, now).map((timer) => deps.timers.armWrite(timer)));
  for (const group of groups) {
    if (!(await deps.erasureRecipients.add(controllerId, erasureId, group, withTimers(group)))) return false;
  }
  if (lastWith) return lastWith([...deps.erasureRecipients.putWrites(controllerId, erasureId, last), ...withTimers(last)]);
  return last.length === 0 || deps.erasureRecipients.add(controllerId, erasureId, last, withTimers(last));
}

async function recipientContacts(deps: Pick<AddErasureRecipientsDependencies, 'recipients'>, controllerId: string, recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
  const found = await Promise.all(recipientIds.map((recipientId) => deps.recipients.get(controllerId, recipientId)));
  return new Map(found.filter((recipient): recipient is Recipient => recipient !== undefined).map((recipient) => [recipient.recipientId, recipient]));
}
