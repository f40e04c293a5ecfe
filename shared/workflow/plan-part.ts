import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { AudienceMember, SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { chunk } from '../domain/audience/shard';
import type { Clock } from '../domain/clock';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { NOTIFY_CHUNK_SIZE, planPartId, type NotifyMessage, type PlanMessage } from '../messages/pipeline-messages';
import { settleIfComplete } from './settle-disclosure';

export const AUDIENCE_PAGE_SIZE = 500;

export interface PlannerDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'completeWork' | 'appendEvent'>;
  subjects: Pick<SubjectStore, 'audiencePage' | 'getMany'>;
  ledger: Pick<LedgerStore, 'writeEntries'>;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

/**
 * Plans one page of a disclosure's audience: a ledger entry per subject, then notify chunks of up to 50
 * subjects of one locale, then the page's count, then the next page. Every step can run again safely,
 * so a retry after a failure anywhere loses nothing and sends nothing twice.
 */
export async function planPart(deps: PlannerDependencies, message: PlanMessage): Promise<{ subjects: number }> {
  const { controllerId, disclosureId, part } = message;
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored) throw new Error('Plan message for an unknown disclosure');
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Plan message for an unknown controller');

  let members: AudienceMember[];
  let nextCursor: string | undefined;
  if ('shard' in part) {
    ({ members, nextCursor } = await deps.subjects.audiencePage(controllerId, part.shard, part.cursor, AUDIENCE_PAGE_SIZE));
  } else {
    // Subjects erased since the request are simply no longer in the audience.
    const found = await deps.subjects.getMany(controllerId, part.subjectIds);
    members = part.subjectIds.flatMap((subjectId) => {
      const subject = found.get(subjectId);
      return subject ? [{ subjectId, locale: subject.locale }] : [];
    });
  }

  const partId = planPartId(message);
  await deps.ledger.writeEntries(stored.disclosure, members.map((member) => member.subjectId));
  const addressed = members.map((member) => ({ ...member, locale: noticeLocale(member.locale, profile) }));
  await deps.notifyQueue.publish(notifyChunks(message, partId, addressed).map((body) => ({ id: body.workId, body })));
  await deps.disclosures.completeWork(controllerId, disclosureId, partId, {
    subjects: members.length,
    partsPlanned: nextCursor ? 0 : 1,
  });
  if (nextCursor && 'shard' in part) {
    await deps.planQueue.publish([
      { id: `${partId}>next`, body: { controllerId, disclosureId, part: { shard: part.shard, cursor: nextCursor } } },
    ]);
  }
  // An empty audience, or a last page planned after every chunk was sent, settles here.
  await settleIfComplete(deps.disclosures, deps.clock, controllerId, disclosureId);
  return { subjects: members.length };
}

function notifyChunks(message: PlanMessage, partId: string, members: readonly AudienceMember[]): NotifyMessage[] {
  const byLocale = Map.groupBy(members, (member) => member.locale);
  return [...byLocale].flatMap(([locale, localeMembers]) =>
    chunk(localeMembers, NOTIFY_CHUNK_SIZE).map((group, index) => ({
      controllerId: message.controllerId,
      disclosureId: message.disclosureId,
      workId: `${partId}#${locale}#${index}`,
      locale,
      subjectIds: group.map((member) => member.subjectId),
    })),
  );
}
