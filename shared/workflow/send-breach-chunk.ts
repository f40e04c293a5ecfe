import type { BreachNoticeStore } from '../adapters/dynamo/breach-notice-store';
import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { BreachNoticeStatus } from '../domain/breach/breach-notice';
import { breachNoticeEntryTags, breachNoticeTags } from '../domain/breach/notice-tags';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import type { NoticeOutcome } from '../domain/disclosure/notice';
import { breachNoticeData, breachNoticeTemplateName, subjectBreachNoticeData } from '../domain/notice/breach-notice-data';
import { mailbox } from '../domain/notice/mailbox';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { settledNotices } from './settled-notices';
import { NOTIFY_CHUNK_SIZE, type BreachNoticeChunk } from '../messages/pipeline-messages';
import { BreachNoticesNotStartedError } from './breach-notices-not-started';
import { NoticesToRetryError, type ChunkResult } from './send-chunk';

export interface BreachSenderDependencies {
  breaches: Pick<BreachStore, 'get'>;
  breachNotices: Pick<BreachNoticeStore, 'noticeEntries' | 'recordNotices' | 'completeWork' | 'finishedWork'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  recipients: Pick<RecipientStore, 'get'>;
  mailer: Mailer;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  pace: (messages: number) => Promise<void>;
  /** Most destinations per SendBulkEmail (see SenderDependencies). */
  maxPerCall?: number;
  clock: Clock;
  configurationSet?: string;
}

/**
 * Sends one chunk of a high-risk breach's subject notices (Art. 34) with SendBulkEmail, from the controller's
 * sender, in the chunk's language with the legal team's words for it, and settles (and counts) each as soon as SES
 * answers. Only notices still queued are sent, so a retry after any failure mails no one twice. Contact data is
 * read here, at the last moment: a subject erased since the plan is suppressed. Each entry carries the controller,
 * breach and subject ids as its own message tags (beside the defaults), so a bounce finds its notice.
 */
export async function sendBreachChunk(deps: BreachSenderDependencies, message: BreachNoticeChunk): Promise<ChunkResult> {
  const { controllerId, breachId, workId, partKey, locale } = message;
  const finished = await deps.breachNotices.finishedWork(controllerId, breachId, workId);
  if (finished) return finished.result as unknown as ChunkResult;
  const breach = await deps.breaches.get(controllerId, breachId);
  if (!breach?.notices) throw new BreachNoticesNotStartedError();
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Notify message for an unknown controller');
  const now = () => deps.clock.now().toISOString();

  const entries = await deps.breachNotices.noticeEntries(controllerId, breachId, message.subjectIds);
  const statuses = new Map<string, BreachNoticeStatus>([...entries].map(([subjectId, entry]) => [subjectId, entry.noticeStatus]));
  const queued = message.subjectIds.filter((subjectId) => statuses.get(subjectId) === 'queued');
  const found = await deps.subjects.getMany(controllerId, queued);
  const settle = async (outcomes: NoticeOutcome[]) => {
    await deps.breachNotices.recordNotices(controllerId, breachId, partKey, outcomes, now());
    for (const outcome of outcomes) statuses.set(outcome.subjectId, outcome.status);
  };
  await settle(queued.filter((subjectId) => !found.has(subjectId)).map((subjectId) => ({ subjectId, status: 'suppressed' })));

  const reachable = queued.flatMap((subjectId) => found.get(subjectId) ?? []);
  let toRetry = 0;
  if (reachable.length > 0) {
    const words = breach.notices.words[locale];
    if (!words) throw new Error(`The notices have no words in ${locale}`);
    const { source } = breach.report;
    // Only the `recipient` audience leaves out subjects under a non-disclosure order: no other notice names it.
    const namesRecipient = source.type === 'recipient' && breach.notices.audience.type === 'recipient';
    const recipientName = namesRecipient ? (await deps.recipients.get(controllerId, source.recipientId))?.name : undefined;
    const defaultData = breachNoticeData({ profile, breach, words, locale, namesRecipient, ...(recipientName ? { recipientName } : {}) });
    for (const batch of chunk(reachable, Math.max(1, Math.min(NOTIFY_CHUNK_SIZE, deps.maxPerCall ?? NOTIFY_CHUNK_SIZE)))) {
      await deps.pace(batch.length);
      const results = await deps.mailer.sendBulk({
        from: mailbox(profile.sender.name, profile.sender.address),
        replyTo: [profile.sender.replyTo],
        templateName: breachNoticeTemplateName(locale),
        defaultData,
        configurationSet: deps.configurationSet,
        tags: breachNoticeTags({ controllerId, breachId }),
        entries: batch.map((subject) => {
          const entry = entries.get(subject.subjectId);
          return {
            to: subject.email,
            replacementData: subjectBreachNoticeData(subject, locale, entry?.disclosures, entry?.earlierDisclosures),
            tags: breachNoticeEntryTags({ controllerId, breachId, subjectId: subject.subjectId }),
          };
        }),
      });
      const settled = settledNotices(batch, results);
      toRetry += batch.length - settled.length;
      await settle(settled);
    }
  }
  if (toRetry > 0) throw new NoticesToRetryError(toRetry);

  // The notices were counted as they settled; the marker only spares a repeated message the reads.
  const counts = countNotices(message.subjectIds.map((subjectId) => statuses.get(subjectId)));
  await deps.breachNotices.completeWork({ controllerId, breachId, workId, now: now(), result: { ...counts } });
  return counts;
}

/** A bounced notice was sent: it counts as notified here, and as bounced in the breach's counts. */
function countNotices(statuses: readonly (BreachNoticeStatus | undefined)[]): ChunkResult {
  const count = (...wanted: BreachNoticeStatus[]) => statuses.filter((status) => status !== undefined && wanted.includes(status)).length;
  return { notified: count('sent', 'bounced'), failed: count('failed'), suppressed: count('suppressed') };
}
