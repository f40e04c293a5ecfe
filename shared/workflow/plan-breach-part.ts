import { createHash } from 'node:crypto';
import type { BreachNoticeStore, PinnedBreachPage } from '../adapters/dynamo/breach-notice-store';
import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { LedgerStore } from '../adapters/dynamo/ledger-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { BreachNoticeCampaign, BreachReport } from '../domain/breach/breach';
import type { BreachDisclosure } from '../domain/breach/breach-notice';
import { belongsToNotices, breachPartId, breachPartKey } from '../domain/breach/breach-notice-parts';
import { recipientAudience } from '../domain/breach/recipient-audience';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import type { Locale } from '../domain/locale';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { NOTIFY_CHUNK_SIZE, type BreachNoticeChunk, type BreachPlanMessage } from '../messages/pipeline-messages';
import { BreachNoticesNotStartedError } from './breach-notices-not-started';
import { AUDIENCE_PAGE_SIZE } from './plan-part';

/** Ledger entries read per page of a breached recipient's: a page keeps its subjects' entries whole, so it may hold more. */
export const RECIPIENT_PAGE_SIZE = 250;

export interface BreachPlannerDependencies {
  breaches: Pick<BreachStore, 'get'>;
  breachNotices: Pick<BreachNoticeStore, 'writeNotices' | 'completeWork' | 'finishedWork' | 'pinPage'>;
  subjects: Pick<SubjectStore, 'audiencePage' | 'getMany'>;
  ledger: Pick<LedgerStore, 'recipientLedgerPage'>;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

export type PlanBreachPartOutcome =
  | { outcome: 'planned'; subjects: number }
  /** Planned before: only its next page is queued again. */
  | { outcome: 'planned-before' }
  /** Queued by a request that lost the race to start the notices: not this breach's notices, dropped. */
  | { outcome: 'not-of-these-notices' };

/**
 * Plans one page of a high-risk breach's subject notices (Art. 34): pins the page as first read, creates each
 * subject's notice (counted), queues their chunks, marks the page done (with its next cursor and its counts, once),
 * then queues the next page. A page done before is not read again, only its next page queued again; a page cut
 * short is planned again from its pinned reading, creating and counting only what was not created before, and the
 * sender mails no one twice.
 */
export async function planBreachPart(deps: BreachPlannerDependencies, message: BreachPlanMessage): Promise<PlanBreachPartOutcome> {
  const { controllerId, breachId, part } = message;
  const partId = breachPartId(part);
  const finished = await deps.breachNotices.finishedWork(controllerId, breachId, partId);
  if (finished) {
    await queueNextPage(deps, message, finished.result.nextCursor as string | undefined);
    return { outcome: 'planned-before' };
  }
  const stored = await deps.breaches.get(controllerId, breachId);
  if (!stored?.notices) throw new BreachNoticesNotStartedError();
  const { notices, report } = stored;
  if (!belongsToNotices(part, notices.audience)) return { outcome: 'not-of-these-notices' };
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Plan message for an unknown controller');

  const page = await deps.breachNotices.pinPage(controllerId, breachId, partId, await readPage(deps, message, report, notices));
  const partKey = breachPartKey(part);
  const now = deps.clock.now().toISOString();
  const disclosuresOf = (disclosureIds: readonly string[] = []): BreachDisclosure[] | undefined =>
    page.disclosures ? disclosureIds.map((disclosureId) => page.disclosures![disclosureId]!) : undefined;
  await deps.breachNotices.writeNotices(
    controllerId,
    breachId,
    partKey,
    page.members.map(({ subjectId, locale, disclosureIds, earlierDisclosures }) => {
      const disclosures = disclosuresOf(disclosureIds);
      return { subjectId, noticeStatus: locale ? 'queued' : 'suppressed', ...(disclosures ? { disclosures } : {}), ...(earlierDisclosures ? { earlierDisclosures } : {}) };
    }),
    now,
  );
  const reachable = page.members.flatMap(({ subjectId, locale }) => (locale ? [{ subjectId, locale }] : []));
  await queueChunks(deps, message, profile, partId, partKey, reachable);
  await deps.breachNotices.completeWork({
    controllerId,
    breachId,
    workId: partId,
    now,
    result: page.nextCursor ? { nextCursor: page.nextCursor } : {},
    counters: { partKey, increments: { partsPlanned: page.nextCursor ? 0 : 1, excludedUnderOrder: page.excludedUnderOrder } },
  });
  await queueNextPage(deps, message, page.nextCursor);
  return { outcome: 'planned', subjects: page.members.length };
}

/**
 * The page as first read. `all` and `category`: a page of an audience shard as it stood when the notices started
 * (a `category` keeps the members holding it). A list's slice and the breached recipient's ledger name subjects
 * that may be erased: each is read, and one that cannot be reached is kept without a locale (its notice suppressed).
 */
async function readPage(deps: BreachPlannerDependencies, { controllerId, part }: BreachPlanMessage, report: BreachReport, notices: BreachNoticeCampaign): Promise<PinnedBreachPage> {
  const { audience } = notices;
  if ('shard' in part) {
    const page = await deps.subjects.audiencePage(controllerId, part.shard, part.cursor, AUDIENCE_PAGE_SIZE, notices.startedAt);
    const members = audience.type === 'category' ? page.members.filter((member) => member.dataCategories?.includes(audience.category)) : page.members;
    return {
      members: members.map(({ subjectId, locale }) => ({ subjectId, locale })),
      excludedUnderOrder: 0,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
  if ('slice' in part) return { members: await withLocales(deps, controllerId, part.subjectIds), excludedUnderOrder: 0 };
  if (report.source.type !== 'recipient') throw new Error('A recipient audience for a breach not at a recipient');
  const page = await deps.ledger.recipientLedgerPage(controllerId, report.source.recipientId, part.cursor, RECIPIENT_PAGE_SIZE);
  const { members, excludedUnderOrder } = recipientAudience(page.entries, notices.disclosedUpTo ?? report.occurredAt ?? report.awareAt);
  const located = new Map((await withLocales(deps, controllerId, members.map((member) => member.subjectId))).map((member) => [member.subjectId, member]));
  const disclosures = Object.fromEntries(members.flatMap((member) => member.disclosures).map((disclosure) => [disclosure.disclosureId, disclosure]));
  return {
    // Each member names its latest disclosures only and counts the earlier ones: the page stays one small item.
    members: members.map(({ subjectId, disclosures: named, earlierDisclosures }) => ({
      ...located.get(subjectId)!,
      disclosureIds: named.map((disclosure) => disclosure.disclosureId),
      ...(earlierDisclosures ? { earlierDisclosures } : {}),
    })),
    disclosures,
    excludedUnderOrder,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** Each subject with its locale, or without one when it cannot be reached (erased, or its erasure begun). */
async function withLocales(deps: BreachPlannerDependencies, controllerId: string, subjectIds: readonly string[]): Promise<PinnedBreachPage['members']> {
  const found = subjectIds.length > 0 ? await deps.subjects.getMany(controllerId, subjectIds) : new Map();
  return subjectIds.map((subjectId) => {
    const locale = found.get(subjectId)?.locale as Locale | undefined;
    return locale ? { subjectId, locale } : { subjectId };
  });
}

async function queueNextPage(deps: BreachPlannerDependencies, message: BreachPlanMessage, nextCursor: string | undefined): Promise<void> {
  if (!nextCursor || 'slice' in message.part) return;
  const next: BreachPlanMessage = { ...message, part: { ...message.part, cursor: nextCursor } };
  const nextId = breachPartId(next.part);
  // A next page done already was queued before (its own retries carry the chain on): stop here.
  if (await deps.breachNotices.finishedWork(message.controllerId, message.breachId, nextId)) return;
  await deps.planQueue.publish([{ id: nextId, body: next }]);
}

/**
 * Queues a page's notices in chunks of up to 50 subjects of one locale. A chunk's work id names its members too,
 * so a chunk of other members is other work, never mistaken for one already sent.
 */
async function queueChunks(
  deps: BreachPlannerDependencies,
  { controllerId, breachId }: BreachPlanMessage,
  profile: PolicyProfile,
  partId: string,
  partKey: string,
  members: readonly { subjectId: string; locale: Locale }[],
): Promise<void> {
  const byLocale = Map.groupBy(members, (member) => noticeLocale(member.locale, profile));
  const chunks: BreachNoticeChunk[] = [...byLocale].flatMap(([locale, localeMembers]) =>
    chunk(localeMembers, NOTIFY_CHUNK_SIZE).map((group, index) => {
      const subjectIds = group.map((member) => member.subjectId);
      const membersHash = createHash('sha256').update(subjectIds.join('\n')).digest('hex').slice(0, 16);
      return { type: 'breach-notice-chunk' as const, controllerId, breachId, workId: `${partId}#${locale}#${index}#${membersHash}`, partKey, locale, subjectIds };
    }),
  );
  await deps.notifyQueue.publish(chunks.map((body) => ({ id: body.workId, body })));
}
