import { createHash } from 'node:crypto';
import type { DisclosureStore, PinnedPage } from '../adapters/dynamo/disclosure-store';
import type { LedgerStore, NoticeTrack } from '../adapters/dynamo/ledger-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import { chunk } from '../domain/collections/chunk';
import type { Disclosure, ExclusionReason } from '../domain/disclosure/disclosure';
import type { CounterIncrements } from '../adapters/dynamo/counters';
import { exclusionReason } from '../domain/disclosure/exclusion';
import type { NoticeStatus } from '../domain/disclosure/notice';
import type { Locale } from '../domain/locale';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import {
  NOTIFY_CHUNK_SIZE,
  pagesPhase,
  planPartId,
  planPartKey,
  type NoticeChunk,
  type PlanMessage,
} from '../messages/pipeline-messages';
import { settleIfComplete } from './settle-disclosure';

export const AUDIENCE_PAGE_SIZE = 500;

/** The disclosure is not (yet) recorded: its plan is queued before it is recorded, and its recording may have failed. */
export class UnknownDisclosureError extends Error {
  constructor() {
    super('Plan message for a disclosure that is not recorded');
    this.name = 'UnknownDisclosureError';
  }
}

/** A later phase found work of an earlier one unfinished (a page not pinned, an intent notice not settled); it is tried again. */
export class EarlierPhaseUnfinishedError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'EarlierPhaseUnfinishedError';
  }
}

export interface PlannerDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'disclosure' | 'completeWork' | 'finishedWork' | 'appendEvent' | 'pinPage' | 'pinnedPage' | 'objectionsOf'>;
  subjects: Pick<SubjectStore, 'audiencePage' | 'getMany'>;
  ledger: Pick<LedgerStore, 'writeEntries' | 'writeIntentEntries' | 'noticeStatuses' | 'releaseHeld'>;
  planQueue: QueuePublisher;
  notifyQueue: QueuePublisher;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
}

type Member = PinnedPage['members'][number];
interface PageContext {
  deps: PlannerDependencies;
  message: PlanMessage;
  disclosure: Disclosure;
  profile: PolicyProfile;
  partId: string;
  partKey: string;
  /** Members not left out by the policy (consent, opt-out). */
  included: Member[];
}

/**
 * Plans one page of a disclosure's audience in one phase (see PLAN_PHASES), then marks the page done
 * (with its next cursor and its counts, once), then queues the next page. A page done before is not read
 * again, only its next page queued again; a page cut short is planned again, creating and counting only
 * what was not created before, and the sender mails no one twice.
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

  const { members, nextCursor } = await pagePinnedFor(deps, message, disclosure, partId);
  const context: PageContext = {
    deps,
    message,
    disclosure,
    profile,
    partId,
    partKey: planPartKey(part),
    included: members.filter((member) => !member.excluded),
  };
  const lastPage = nextCursor ? 0 : 1;
  const increments = await PHASES[message.phase](context, members, lastPage);
  await deps.disclosures.completeWork({
    controllerId,
    disclosureId,
    workId: partId,
    now: deps.clock.now().toISOString(),
    result: nextCursor ? { nextCursor } : {},
    counters: { partKey: context.partKey, increments },
  });
  await queueNextPage(deps, message, nextCursor);
  // An empty audience, or a last page planned after every chunk was sent, settles here.
  await settleIfComplete(deps.disclosures, deps.clock, controllerId, disclosureId);
  return { subjects: context.included.length };
}

/** What each phase writes and queues for a page, answering what the page's marker adds to the counters. */
const PHASES: Record<PlanMessage['phase'], (context: PageContext, members: Member[], lastPage: number) => Promise<CounterIncrements>> = {
  async notify(context, members, lastPage) {
    const { deps, disclosure, partKey, included } = context;
    const noticeStatus: NoticeStatus =
      disclosure.noticeMode === 'none' ? 'not_required' : disclosure.noticeMode === 'deferred' ? 'held' : 'queued';
    const erased = await erasedSinceRead(context, included, 'ledger');
    const recorded = included.filter((member) => !erased.has(member.subjectId));
    await deps.ledger.writeEntries(disclosure, partKey, recorded.map(({ subjectId }) => ({ subjectId, noticeStatus })));
    if (noticeStatus === 'queued') await queueChunks(context, 'ledger', recorded);
    return { partsPlanned: lastPage, ...exclusionCounts(members), excludedErased: erased.size };
  },

  async intent(context, members, lastPage) {
    const { deps, disclosure, partKey, included } = context;
    // Not counted here: the execute phase finds them again (no intent entry, no ledger entry) and counts them once.
    const erased = await erasedSinceRead(context, included, 'intent');
    const announced = included.filter((member) => !erased.has(member.subjectId));
    await deps.ledger.writeIntentEntries(disclosure, partKey, announced.map((member) => member.subjectId));
    await queueChunks(context, 'intent', announced);
    return { intentPartsPlanned: lastPage, ...exclusionCounts(members) };
  },

  /**
   * The transfer happens: ledger entries for those who did not object, carrying their intent notice's outcome.
   * A subject whose erasure began during the objection window is not transferred at all.
   */
  async execute(context, _members, lastPage) {
    const { deps, disclosure, partKey, included } = context;
    const { controllerId, disclosureId } = disclosure;
    const objections = await deps.disclosures.objectionsOf(controllerId, disclosureId, included.map((member) => member.subjectId));
    const notObjecting = included.filter((member) => !objections.has(member.subjectId));
    const erased = await erasedSinceRead(context, notObjecting, 'ledger');
    const transferred = notObjecting.filter((member) => !erased.has(member.subjectId));
    const intentStatuses = await deps.ledger.noticeStatuses(controllerId, disclosureId, transferred.map((member) => member.subjectId), 'intent');
    const unsettled = transferred.filter((member) => ['queued', undefined].includes(intentStatuses.get(member.subjectId))).length;
    if (unsettled > 0) throw new EarlierPhaseUnfinishedError(`${unsettled} intent notice(s) not settled yet`);
    await deps.ledger.writeEntries(
      disclosure,
      partKey,
      transferred.map(({ subjectId }) => ({ subjectId, noticeStatus: intentStatuses.get(subjectId)! })),
    );
    return { partsPlanned: lastPage, excludedObjected: included.length - notObjecting.length, excludedErased: erased.size };
  },

  /** A hold ended: held notices become queued, and go. */
  async release(context, _members, lastPage) {
    const { deps, disclosure, included } = context;
    await deps.ledger.releaseHeld(disclosure.controllerId, disclosure.disclosureId, included.map((member) => member.subjectId), deps.clock.now().toISOString());
    await queueChunks(context, 'ledger', included);
    return { partsReleased: lastPage };
  },
};

/**
 * The page this phase works on. `notify` and `intent` read the audience and pin their first reading, with
 * each member's exclusion decided then: a retry plans exactly the same subjects whatever changed since
 * (save a subject erased since, whom each phase leaves out on its own: erasedSinceRead).
 * `execute` and `release` walk the pages the earlier phase pinned.
 */
async function pagePinnedFor(deps: PlannerDependencies, message: PlanMessage, disclosure: Disclosure, partId: string): Promise<PinnedPage> {
  const { controllerId, disclosureId, phase } = message;
  const source = pagesPhase(phase);
  if (source !== phase) {
    // The earlier phase must have finished the page (entries written, notices queued), not only pinned it:
    // releasing or executing a page half done would skip the subjects it had not reached yet.
    const sourcePartId = planPartId({ part: message.part, phase: source });
    const [finished, pinned] = await Promise.all([
      deps.disclosures.finishedWork(controllerId, disclosureId, sourcePartId),
      deps.disclosures.pinnedPage(controllerId, disclosureId, sourcePartId),
    ]);
    if (!finished || !pinned) throw new EarlierPhaseUnfinishedError(`The ${source} phase has not finished this page yet`);
    return pinned;
  }
  const firstReading = await readPage(deps, message, disclosure);
  return deps.disclosures.pinPage(controllerId, disclosureId, partId, firstReading);
}

async function readPage(deps: PlannerDependencies, { controllerId, part }: PlanMessage, disclosure: Disclosure): Promise<PinnedPage> {
  const decide = (member: { subjectId: string; locale: Locale; preferences?: Parameters<typeof exclusionReason>[1] }): Member => {
    const excluded = exclusionReason(disclosure, member.preferences);
    return { subjectId: member.subjectId, locale: member.locale, ...(excluded ? { excluded } : {}) };
  };
  if ('shard' in part) {
    const page = await deps.subjects.audiencePage(controllerId, part.shard, part.cursor, AUDIENCE_PAGE_SIZE, disclosure.recordedAt);
    return { members: page.members.map(decide), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
  // Subjects erased since the request are no longer in the audience.
  const found = await deps.subjects.getMany(controllerId, part.subjectIds);
  return {
    members: part.subjectIds.flatMap((subjectId) => {
      const subject = found.get(subjectId);
      return subject ? [decide(subject)] : [];
    }),
  };
}

/**
 * The members whose erasure has begun (or is done) since their page was read and who have no entry of `track`
 * yet: none is written for them, so nothing is disclosed after a subject asked to be erased, and no recipient
 * gets data its erasure notice would never mention (Art. 19). The subject items are read again, one batch per
 * page, on every attempt: a page is pinned once, but a retry may come after the erasure began. A member whose
 * entry an earlier attempt wrote keeps it (the erasure finds it in the ledger and tells its recipient), so a
 * retry neither counts it twice nor leaves its entry uncounted.
 */
async function erasedSinceRead(context: PageContext, members: readonly Member[], track: NoticeTrack): Promise<Set<string>> {
  const { deps, disclosure } = context;
  const { controllerId, disclosureId } = disclosure;
  if (members.length === 0) return new Set();
  const subjectIds = members.map((member) => member.subjectId);
  // getMany leaves out every subject carrying an erasure mark; a pinned member's subject item always exists.
  const reachable = await deps.subjects.getMany(controllerId, subjectIds);
  const unreachable = subjectIds.filter((subjectId) => !reachable.has(subjectId));
  if (unreachable.length === 0) return new Set();
  const entries = await deps.ledger.noticeStatuses(controllerId, disclosureId, unreachable, track);
  return new Set(unreachable.filter((subjectId) => !entries.has(subjectId)));
}

function exclusionCounts(members: readonly Member[]): CounterIncrements {
  const count = (reason: ExclusionReason) => members.filter((member) => member.excluded === reason).length;
  return { excludedNoConsent: count('no_consent'), excludedOptedOut: count('opted_out') };
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
 * Queues a page's notices in chunks of up to 50 subjects of one locale. A chunk's work id names its
 * members too: should a page be read again after the audience changed, a chunk of other members is other
 * work, never mistaken for one already sent.
 */
async function queueChunks({ deps, message, profile, partId, partKey }: PageContext, track: NoticeTrack, members: readonly Member[]): Promise<void> {
  const addressed = members.map((member) => ({ ...member, locale: noticeLocale(member.locale, profile) }));
  const byLocale = Map.groupBy(addressed, (member) => member.locale);
  const chunks: NoticeChunk[] = [...byLocale].flatMap(([locale, localeMembers]) =>
    chunk(localeMembers, NOTIFY_CHUNK_SIZE).map((group, index) => {
      const subjectIds = group.map((member) => member.subjectId);
      const membersHash = createHash('sha256').update(subjectIds.join('\n')).digest('hex').slice(0, 16);
      return {
        type: 'notice-chunk' as const,
        track,
        controllerId: message.controllerId,
        disclosureId: message.disclosureId,
        workId: `${partId}#${locale}#${index}#${membersHash}`,
        partKey,
        locale,
        subjectIds,
      };
    }),
  );
  await deps.notifyQueue.publish(chunks.map((body) => ({ id: body.workId, body })));
}
