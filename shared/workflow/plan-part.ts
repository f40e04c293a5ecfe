import { createHash } from 'node:crypto';
import type { DisclosureStore, PinnedPage } from '../adapters/dynamo/disclosure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { AudienceMember, SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { NOTIFY_CHUNK_SIZE, planPartId, planPartKey, type NotifyMessage, type PlanMessage } from '../messages/pipeline-messages';
import { settleIfComplete } from './settle-disclosure';

export const AUDIENCE_PAGE_SIZE = 500;

/** The disclosure is not (yet) recorded: its plan is queued before it is recorded, and its recording may have failed. */
export class UnknownDisclosureError extends Error {
  constructor() {
    super('Plan message for a disclosure that is not recorded');
    this.name = 'UnknownDisclosureError';
  }
}

export interface PlannerDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'disclosure' | 'completeWork' | 'finishedWork' | 'appendEvent' | 'pinPage'>;
  subjects: Pick<SubjectStore, 'audiencePage' | 'getMany'>;
  ledger: Pick<LedgerStore, 'writeEntries'>;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

/**
 * Plans one page of a disclosure's audience: a ledger entry per subject (counted as it is created), then
 * notify chunks of up to 50 subjects of one locale, then the page's marker (with its next cursor), then
 * the next page. A page done before is not read again, only its next page queued again; a page cut short
 * is planned again, creating and counting only entries not created before, and the sender mails no one twice.
 */
export async function planPart(deps: PlannerDependencies, message: PlanMessage): Promise<{ subjects: number }> {
  const { controllerId, disclosureId, part } = message;
  const partId = planPartId(message);
  const finished = await deps.disclosures.finishedWork(controllerId, disclosureId, partId);
  if (finished) {
    await queueNextPage(deps, message, finished.result.nextCursor as string | undefined);
    // The first attempt may have failed while settling, after counting its page.
    await settleIfComplete(deps.disclosures, deps.clock, controllerId, disclosureId);
    return { subjects: 0 };
  }
  const disclosure = await deps.disclosures.disclosure(controllerId, disclosureId);
  if (!disclosure) throw new UnknownDisclosureError();
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Plan message for an unknown controller');

  // The first reading of the page is pinned: a retry plans exactly the subjects the first attempt may
  // already have created entries and queued chunks for, whatever changed in the audience since.
  const firstReading = await readPage(deps, message, disclosure.recordedAt);
  const { members, nextCursor } = await deps.disclosures.pinPage(controllerId, disclosureId, partId, firstReading);

  const partKey = planPartKey(part);
  await deps.ledger.writeEntries(disclosure, partKey, members.map((member) => member.subjectId));
  const addressed = members.map((member) => ({ ...member, locale: noticeLocale(member.locale, profile) }));
  await deps.notifyQueue.publish(notifyChunks(message, partId, addressed).map((body) => ({ id: body.workId, body })));
  await deps.disclosures.completeWork({
    controllerId,
    disclosureId,
    workId: partId,
    now: deps.clock.now().toISOString(),
    result: nextCursor ? { nextCursor } : {},
    counters: { partKey, increments: { partsPlanned: nextCursor ? 0 : 1 } },
  });
  await queueNextPage(deps, message, nextCursor);
  // An empty audience, or a last page planned after every chunk was sent, settles here.
  await settleIfComplete(deps.disclosures, deps.clock, controllerId, disclosureId);
  return { subjects: members.length };
}

async function readPage(deps: PlannerDependencies, { controllerId, part }: PlanMessage, recordedAt: string): Promise<PinnedPage> {
  if ('shard' in part) return deps.subjects.audiencePage(controllerId, part.shard, part.cursor, AUDIENCE_PAGE_SIZE, recordedAt);
  // Subjects erased since the request are no longer in the audience.
  const found = await deps.subjects.getMany(controllerId, part.subjectIds);
  return {
    members: part.subjectIds.flatMap((subjectId) => {
      const subject = found.get(subjectId);
      return subject ? [{ subjectId, locale: subject.locale }] : [];
    }),
  };
}

async function queueNextPage(deps: PlannerDependencies, message: PlanMessage, nextCursor: string | undefined): Promise<void> {
  if (!nextCursor || !('shard' in message.part)) return;
  const next: PlanMessage = { ...message, part: { shard: message.part.shard, cursor: nextCursor } };
  // A next page done already was queued before (its own retries carry the chain on): a repeated
  // message then stops here instead of walking the rest of the shard again.
  if (await deps.disclosures.finishedWork(message.controllerId, message.disclosureId, planPartId(next))) return;
  await deps.planQueue.publish([{ id: planPartId(next), body: next }]);
}

/**
 * A chunk's work id names its members too: should a page be read again after the audience changed,
 * a chunk of other members is other work, never mistaken for one already sent.
 */
function notifyChunks(message: PlanMessage, partId: string, members: readonly AudienceMember[]): NotifyMessage[] {
  const byLocale = Map.groupBy(members, (member) => member.locale);
  return [...byLocale].flatMap(([locale, localeMembers]) =>
    chunk(localeMembers, NOTIFY_CHUNK_SIZE).map((group, index) => {
      const subjectIds = group.map((member) => member.subjectId);
      const membersHash = createHash('sha256').update(subjectIds.join('\n')).digest('hex').slice(0, 16);
      return {
        controllerId: message.controllerId,
        disclosureId: message.disclosureId,
        workId: `${partId}#${locale}#${index}#${membersHash}`,
        partKey: planPartKey(message.part),
        locale,
        subjectIds,
      };
    }),
  );
}
