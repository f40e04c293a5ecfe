import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import type { NoticeOutcome, NoticeStatus } from '../domain/disclosure/notice';
import type { Disclosure, Subject } from '../domain/disclosure/disclosure';
import type { Locale } from '../domain/locale';
import { disclosureNoticeData, subjectNoticeData } from '../domain/notice/disclosure-notice-data';
import { disclosureNoticeTemplateName } from '../domain/notice/disclosure-notice-template';
import { intentNoticeData, intentNoticeTemplateName, subjectIntentData } from '../domain/notice/intent-notice';
import { mailbox } from '../domain/notice/mailbox';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { settledNotices } from './settled-notices';
import { NOTIFY_CHUNK_SIZE, type NoticeChunk } from '../messages/pipeline-messages';

export interface SenderDependencies {
  disclosures: Pick<DisclosureStore, 'disclosure' | 'completeWork' | 'finishedWork'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  ledger: Pick<LedgerStore, 'noticeStatuses' | 'recordNotices'>;
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
  /** The personal objection link of a subject (mode `before`), valid until the transfer. */
  objectionUrl?: (disclosure: Disclosure, subjectId: string) => Promise<string>;
}

/** How one track's notices are worded: the stored template, its shared values and each subject's own. */
interface NoticeWording {
  templateName: string;
  defaultData: object;
  replacementData(subject: Subject): Promise<object>;
}

function wording(deps: SenderDependencies, message: NoticeChunk, profile: PolicyProfile, disclosure: Disclosure): NoticeWording {
  const locale: Locale = message.locale;
  if (message.track === 'intent') {
    const objectionUrl = deps.objectionUrl;
    if (!objectionUrl) throw new Error('Intent notices need objection links');
    return {
      templateName: intentNoticeTemplateName(locale),
      defaultData: intentNoticeData({ profile, disclosure, locale }),
      replacementData: async (subject) => subjectIntentData(subject, locale, await objectionUrl(disclosure, subject.subjectId)),
    };
  }
  return {
    templateName: disclosureNoticeTemplateName(locale),
    defaultData: disclosureNoticeData({ profile, disclosure, locale }),
    replacementData: async (subject) => subjectNoticeData(subject, locale),
  };
}

export interface ChunkResult {
  notified: number;
  failed: number;
  suppressed: number;
}

/** SES did not take some notices this time; the message goes back to the queue and only they are tried again. */
export class NoticesToRetryError extends Error {
  constructor(readonly count: number) {
    super(`${count} notice(s) to retry`);
    this.name = 'NoticesToRetryError';
  }
}

/**
 * Sends one chunk's notices with SendBulkEmail and settles (and counts) each subject's notice as soon as SES answers.
 * Only notices still queued are sent, so a retry after any failure mails no one twice. Contact data is
 * read here, at the last moment, from the subject item: a subject erased since the plan is suppressed.
 */
export async function sendChunk(deps: SenderDependencies, message: NoticeChunk): Promise<ChunkResult> {
  const { controllerId, disclosureId, workId, track } = message;
  const finished = await deps.disclosures.finishedWork(controllerId, disclosureId, workId);
  if (finished) return finished.result as unknown as ChunkResult;
  const disclosure = await deps.disclosures.disclosure(controllerId, disclosureId);
  if (!disclosure) throw new Error('Notify message for an unknown disclosure');
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Notify message for an unknown controller');
  const now = () => deps.clock.now().toISOString();

  const statuses = await deps.ledger.noticeStatuses(controllerId, disclosureId, message.subjectIds, track);
  const queued = message.subjectIds.filter((subjectId) => statuses.get(subjectId) === 'queued');
  const found = await deps.subjects.getMany(controllerId, queued);
  const settle = async (notices: NoticeOutcome[]) => {
    await deps.ledger.recordNotices(controllerId, disclosureId, message.partKey, notices, now(), track);
    for (const notice of notices) statuses.set(notice.subjectId, notice.status);
  };
  await settle(queued.filter((subjectId) => !found.has(subjectId)).map((subjectId) => ({ subjectId, status: 'suppressed' })));

  const reachable = queued.flatMap((subjectId) => found.get(subjectId) ?? []);
  const words = reachable.length > 0 ? wording(deps, message, profile, disclosure) : undefined;
  let toRetry = 0;
  for (const batch of chunk(reachable, Math.max(1, Math.min(NOTIFY_CHUNK_SIZE, deps.maxPerCall ?? NOTIFY_CHUNK_SIZE)))) {
    const entries = await Promise.all(batch.map(async (subject) => ({ to: subject.email, replacementData: await words!.replacementData(subject) })));
    await deps.pace(batch.length);
    const results = await deps.mailer.sendBulk({
      from: mailbox(profile.sender.name, profile.sender.address),
      replyTo: [profile.sender.replyTo],
      templateName: words!.templateName,
      defaultData: words!.defaultData,
      configurationSet: deps.configurationSet,
      entries,
    });
    const settled = settledNotices(batch, results);
    toRetry += batch.length - settled.length;
    await settle(settled);
  }
  if (toRetry > 0) throw new NoticesToRetryError(toRetry);

  // The notices were counted as they settled; the marker only spares a repeated message the reads.
  const counts = countNotices(message.subjectIds.map((subjectId) => statuses.get(subjectId)));
  await deps.disclosures.completeWork({ controllerId, disclosureId, workId, now: now(), result: { ...counts } });
  return counts;
}

function countNotices(statuses: readonly (NoticeStatus | undefined)[]): ChunkResult {
  const count = (status: NoticeStatus) => statuses.filter((candidate) => candidate === status).length;
  return { notified: count('sent'), failed: count('failed'), suppressed: count('suppressed') };
}
