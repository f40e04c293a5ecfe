import type { DisclosureStore, NoticeOutcome, StoredDisclosure } from '../adapters/dynamo/disclosure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { mailbox } from '../domain/notice/mailbox';
import { disclosureNoticeData, subjectNoticeData } from '../domain/notice/disclosure-notice-data';
import { disclosureNoticeTemplateName } from '../domain/notice/disclosure-notice-template';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { NOTIFY_CHUNK_SIZE, type NotifyMessage } from '../messages/pipeline-messages';
import { chunk } from '../domain/audience/shard';
import { settleIfComplete } from './settle-disclosure';

export interface SenderDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'completeWork' | 'appendEvent'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  mailer: Mailer;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  pace: (messages: number) => Promise<void>;
  /**
   * Most destinations per SendBulkEmail: 50, or fewer when the account's send rate is lower, so that
   * no call sends more in one go than the rate allows in a second.
   */
  maxPerCall?: number;
  clock: Clock;
  configurationSet?: string;
}

export interface ChunkResult {
  notified: number;
  failed: number;
  suppressed: number;
}

/**
 * Sends one chunk's notices with one SendBulkEmail and records each subject's notice status.
 * Contact data is read here, at the last moment, from the subject item: a subject erased since the
 * plan is suppressed, not mailed.
 */
export async function sendChunk(deps: SenderDependencies, message: NotifyMessage): Promise<ChunkResult> {
  const { controllerId, disclosureId, locale } = message;
  const stored: StoredDisclosure | undefined = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored) throw new Error('Notify message for an unknown disclosure');
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Notify message for an unknown controller');

  const found = await deps.subjects.getMany(controllerId, message.subjectIds);
  const reachable = message.subjectIds.flatMap((subjectId) => {
    const subject = found.get(subjectId);
    return subject ? [subject] : [];
  });
  const notices: NoticeOutcome[] = message.subjectIds
    .filter((subjectId) => !found.has(subjectId))
    .map((subjectId) => ({ subjectId, status: 'suppressed' }));

  const defaultData = reachable.length > 0 ? disclosureNoticeData({ profile, disclosure: stored.disclosure, locale }) : {};
  for (const batch of chunk(reachable, Math.max(1, Math.min(NOTIFY_CHUNK_SIZE, deps.maxPerCall ?? NOTIFY_CHUNK_SIZE)))) {
    await deps.pace(batch.length);
    const results = await deps.mailer.sendBulk({
      from: mailbox(profile.sender.name, profile.sender.address),
      replyTo: [profile.sender.replyTo],
      templateName: disclosureNoticeTemplateName(locale),
      defaultData,
      configurationSet: deps.configurationSet,
      entries: batch.map((subject) => ({ to: subject.email, replacementData: subjectNoticeData(subject, locale) })),
    });
    results.forEach((result, index) =>
      notices.push({
        subjectId: batch[index]!.subjectId,
        status: result.status,
        ...(result.messageId ? { messageId: result.messageId } : {}),
      }),
    );
  }

  const counts: ChunkResult = {
    notified: notices.filter((notice) => notice.status === 'sent').length,
    failed: notices.filter((notice) => notice.status === 'failed').length,
    suppressed: notices.filter((notice) => notice.status === 'suppressed').length,
  };
  await deps.disclosures.completeWork(controllerId, disclosureId, message.workId, counts, notices, deps.clock.now().toISOString());
  await settleIfComplete(deps.disclosures, deps.clock, controllerId, disclosureId);
  return counts;
}
