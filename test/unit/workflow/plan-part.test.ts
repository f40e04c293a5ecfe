import { describe, expect, it } from 'vitest';
import type { Disclosure, Subject } from '../../../shared/domain/disclosure/disclosure';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { NOTIFY_CHUNK_SIZE, type NoticeChunk, type PlanMessage } from '../../../shared/messages/pipeline-messages';
import {
  AUDIENCE_PAGE_SIZE,
  EarlierPhaseUnfinishedError,
  UnknownDisclosureError,
  planPart,
  type PlannerDependencies,
} from '../../../shared/workflow/plan-part';
import {
  CONTROLLER_ID,
  DISCLOSURE_ID,
  aDisclosure,
  aProfile,
  aProgress,
  aShardMessage,
  aSliceMessage,
  aSubject,
  manySubjects,
} from '../../helpers/factories';
import {
  InMemoryDisclosureStore,
  InMemoryLedger,
  InMemorySubjectStore,
  RecordingQueue,
  fixedClock,
  zeroCounters,
  type SeedOptions,
} from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';

function planner(
  subjects: readonly Subject[],
  {
    partsTotal = 1,
    shardOf = (_id: string): number => 0,
    profile = aProfile(),
    disclosure = aDisclosure(),
    seed = {},
  }: { partsTotal?: number; shardOf?: (id: string) => number; profile?: PolicyProfile; disclosure?: Disclosure; seed?: SeedOptions } = {},
) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal }), seed);
  const subjectStore = new InMemorySubjectStore(subjects, shardOf);
  const ledger = new InMemoryLedger(disclosures);
  const planQueue = new RecordingQueue<PlanMessage>();
  const notifyQueue = new RecordingQueue<NoticeChunk>();
  const deps: PlannerDependencies = {
    disclosures,
    subjects: subjectStore,
    ledger,
    planQueue,
    notifyQueue,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
  };
  return { deps, disclosure, disclosures, subjectStore, ledger, planQueue, notifyQueue };
}

/** The first completeWork throws, as a timeout or a lost connection would, after chunks were published. */
function failCompleteWorkOnce(disclosures: InMemoryDisclosureStore): void {
  const completeWork = disclosures.completeWork.bind(disclosures);
  let failures = 1;
  disclosures.completeWork = async (...args) => {
    if (failures-- > 0) throw new Error('lost the connection');
    return completeWork(...args);
  };
}

// Two Dutch subjects for every English one, interleaved, so a page mixes both languages.
const mixedLocale = (index: number) => (index % 3 === 2 ? 'en' : 'nl');

describe('planPart: a shard page', () => {
  it('plans a full page and asks for the next one from the page cursor', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 120, mixedLocale);
    const { deps, disclosure, disclosures, ledger, planQueue } = planner(subjects);
    const firstPage = subjects.map((subject) => subject.subjectId).sort().slice(0, AUDIENCE_PAGE_SIZE);

    // Act
    const result = await planPart(deps, aShardMessage(0));

    // Assess
    expect(result).toEqual({ subjects: AUDIENCE_PAGE_SIZE });
    expect(ledger.writes).toEqual([
      { disclosure, partKey: 'shard-0', subjectIds: firstPage, entries: firstPage.map((subjectId) => ({ subjectId, noticeStatus: 'queued' })) },
    ]);
    expect(disclosures.completeWorkCalls).toEqual([
      {
        controllerId: CONTROLLER_ID,
        disclosureId: DISCLOSURE_ID,
        workId: 'plan#shard-0#',
        now: NOW,
        result: { nextCursor: firstPage.at(-1) },
        counters: { partKey: 'shard-0', increments: { partsPlanned: 0, excludedNoConsent: 0, excludedOptedOut: 0, excludedErased: 0 } },
        counted: true,
      },
    ]);
    // The subjects were counted as their entries were created, on the shard's counters, and nowhere else.
    expect(disclosures.counterWrites).toEqual([{ partKey: 'shard-0', increments: { subjects: AUDIENCE_PAGE_SIZE } }]);
    expect(disclosures.progress).toMatchObject({ subjects: AUDIENCE_PAGE_SIZE, partsPlanned: 0 });
    expect(planQueue.bodies).toEqual([
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'notify', part: { shard: 0, cursor: firstPage.at(-1) } },
    ]);
    expect(disclosures.events).toEqual([]);
  });

  it('publishes notify chunks of at most 50 subjects of one locale that cover the page exactly once', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 120, mixedLocale);
    const localeOf = new Map(subjects.map((subject) => [subject.subjectId, subject.locale]));
    const { deps, ledger, notifyQueue } = planner(subjects);

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    const chunks = notifyQueue.bodies;
    const page = ledger.writes[0]!.subjectIds;
    const nlCount = page.filter((id) => localeOf.get(id) === 'nl').length;
    const enCount = page.length - nlCount;
    expect(nlCount).toBeGreaterThan(NOTIFY_CHUNK_SIZE);
    expect(enCount).toBeGreaterThan(NOTIFY_CHUNK_SIZE);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, partKey: 'shard-0' });
      expect(chunk.subjectIds.length).toBeGreaterThan(0);
      expect(chunk.subjectIds.length).toBeLessThanOrEqual(NOTIFY_CHUNK_SIZE);
      expect(chunk.subjectIds.map((id) => localeOf.get(id))).toEqual(chunk.subjectIds.map(() => chunk.locale));
    }
    expect(chunks.filter((chunk) => chunk.locale === 'nl')).toHaveLength(Math.ceil(nlCount / NOTIFY_CHUNK_SIZE));
    expect(chunks.filter((chunk) => chunk.locale === 'en')).toHaveLength(Math.ceil(enCount / NOTIFY_CHUNK_SIZE));
    expect(chunks.flatMap((chunk) => chunk.subjectIds).sort()).toEqual([...page].sort());
    expect(new Set(chunks.map((chunk) => chunk.workId)).size).toBe(chunks.length);
  });

  it('counts the last page (no cursor) as a planned part and asks for no further page', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 120, mixedLocale);
    const { deps, disclosures, ledger, planQueue } = planner(subjects, { partsTotal: 2 });
    await planPart(deps, aShardMessage(0));
    const next = planQueue.bodies[0]!;

    // Act
    const result = await planPart(deps, next);

    // Assess
    expect(result).toEqual({ subjects: 120 });
    expect(ledger.writes[1]!.subjectIds).toHaveLength(120);
    expect(new Set([...ledger.writes[0]!.subjectIds, ...ledger.writes[1]!.subjectIds]).size).toBe(subjects.length);
    expect(disclosures.completeWorkCalls[1]).toMatchObject({
      now: NOW,
      result: {},
      counters: { partKey: 'shard-0', increments: { partsPlanned: 1 } },
    });
    expect(disclosures.completeWorkCalls[1]!.workId).not.toBe(disclosures.completeWorkCalls[0]!.workId);
    expect(disclosures.progress).toMatchObject({ subjects: subjects.length, partsPlanned: 1 });
    expect(disclosures.counters('shard-0')).toMatchObject({ subjects: subjects.length, partsPlanned: 1 });
    expect(planQueue.bodies).toHaveLength(1);
  });

  it('reads the shard the message names, from its cursor', async () => {
    // Prepare
    const subjects = manySubjects(10);
    const { deps, disclosures, subjectStore, ledger, notifyQueue } = planner(subjects, {
      partsTotal: 2,
      shardOf: (id) => (id < 'subject-00005' ? 3 : 4),
    });

    // Act
    await planPart(deps, aShardMessage(4, 'subject-00006'));

    // Assess
    expect(subjectStore.pageRequests).toEqual([
      { shard: 4, cursor: 'subject-00006', limit: AUDIENCE_PAGE_SIZE, knownBy: aDisclosure().recordedAt },
    ]);
    expect(ledger.writes[0]!.subjectIds).toEqual(['subject-00007', 'subject-00008', 'subject-00009']);
    // Counted on the shard's own counters, which its chunks name for the sender.
    expect(disclosures.partKeys).toEqual(['shard-4']);
    expect(disclosures.counters('shard-4')).toMatchObject({ subjects: 3, partsPlanned: 1 });
    expect(notifyQueue.bodies.map((chunk) => chunk.partKey)).toEqual(['shard-4']);
  });
});

describe('planPart: an explicit slice', () => {
  it('skips subjects that no longer exist and counts the slice as a planned part', async () => {
    // Prepare
    const subjects = [aSubject('alice', 'nl'), aSubject('bob', 'en'), aSubject('carol', 'nl')];
    const { deps, disclosures, ledger, notifyQueue, planQueue } = planner(subjects, { partsTotal: 2 });

    // Act
    const result = await planPart(deps, aSliceMessage(0, ['alice', 'erased-dave', 'bob', 'carol']));

    // Assess
    expect(result).toEqual({ subjects: 3 });
    expect(ledger.writes).toEqual([
      {
        disclosure: aDisclosure(),
        partKey: 'slice-0',
        subjectIds: ['alice', 'bob', 'carol'],
        entries: ['alice', 'bob', 'carol'].map((subjectId) => ({ subjectId, noticeStatus: 'queued' })),
      },
    ]);
    expect(notifyQueue.bodies.flatMap((chunk) => chunk.subjectIds).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(notifyQueue.bodies.map((chunk) => [chunk.locale, chunk.subjectIds])).toEqual(
      expect.arrayContaining([
        ['nl', ['alice', 'carol']],
        ['en', ['bob']],
      ]),
    );
    expect(notifyQueue.bodies.map((chunk) => chunk.partKey)).toEqual(['slice-0', 'slice-0']);
    expect(disclosures.completeWorkCalls[0]!.counters).toEqual({
      partKey: 'slice-0',
      increments: { partsPlanned: 1, excludedNoConsent: 0, excludedOptedOut: 0, excludedErased: 0 },
    });
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 3 });
    expect(planQueue.bodies).toEqual([]);
  });

  it('settles at once when none of the listed subjects exists any more and it was the last part', async () => {
    // Prepare
    const { deps, disclosures, notifyQueue } = planner([], { partsTotal: 1 });

    // Act
    await planPart(deps, aSliceMessage(0, ['gone-1', 'gone-2']));

    // Assess
    expect(notifyQueue.bodies).toEqual([]);
    expect(disclosures.progress).toMatchObject({ partsPlanned: 1, subjects: 0 });
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.notices_settled']);
    expect(disclosures.completedAt).toBe(NOW);
  });
});

describe('planPart: retries', () => {
  it('gives the same chunks the same workIds when a page cut short is planned again', async () => {
    // Prepare
    const subjects = manySubjects(180, mixedLocale);
    const { deps, notifyQueue, disclosures } = planner(subjects);
    const message = aShardMessage(0);
    failCompleteWorkOnce(disclosures);
    await expect(planPart(deps, message)).rejects.toThrow(/lost the connection/);
    expect(disclosures.progress).toMatchObject({ subjects: 180, partsPlanned: 0 });

    // Act
    await planPart(deps, message);

    // Assess
    expect(notifyQueue.batches).toHaveLength(2);
    const [first, second] = notifyQueue.batches.map((batch) =>
      Object.fromEntries(batch.map(({ body }) => [body.workId, body.subjectIds])),
    );
    expect(Object.keys(first!).length).toBeGreaterThan(2);
    expect(second).toEqual(first);
    // Entries created by the first attempt are not counted again.
    expect(disclosures.progress).toMatchObject({ subjects: 180, partsPlanned: 1 });
  });

  it('names each chunk by its part, locale, index and a 16-hex hash of its members', async () => {
    // Prepare
    const { deps, notifyQueue } = planner([aSubject('alice', 'nl'), aSubject('bob', 'en')], { partsTotal: 2 });

    // Act
    await planPart(deps, aSliceMessage(3, ['alice', 'bob']));

    // Assess
    expect(notifyQueue.bodies.map((chunk) => chunk.workId).sort()).toEqual([
      expect.stringMatching(/^plan#slice-3#en#0#[0-9a-f]{16}$/),
      expect.stringMatching(/^plan#slice-3#nl#0#[0-9a-f]{16}$/),
    ]);
  });

  it('plans a page cut short from its pinned first reading: the same chunks, whatever joined the audience since', async () => {
    // Prepare
    const subjects = manySubjects(60);
    const { deps, disclosures, notifyQueue, subjectStore } = planner(subjects);
    failCompleteWorkOnce(disclosures);
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/lost the connection/);
    subjectStore.add(aSubject('subject-00000a'));
    const reads = subjectStore.pageRequests.length;

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    const [before, after] = notifyQueue.batches.map((batch) => batch.map(({ body }) => body));
    expect(after).toEqual(before);
    expect(before!.map((chunk) => chunk.subjectIds.length)).toEqual([50, 10]);
    expect(disclosures.progress).toMatchObject({ subjects: 60, partsPlanned: 1 });
    expect(subjectStore.pageRequests.length).toBe(reads + 1);
  });

  it('gives chunks of other members other workIds', async () => {
    // Prepare: two disclosures' worth of pages over different members of the same shard position.
    const first = planner(manySubjects(60));
    const second = planner([aSubject('subject-00000a'), ...manySubjects(60)]);

    // Act
    await planPart(first.deps, aShardMessage(0));
    await planPart(second.deps, aShardMessage(0));

    // Assess
    const before = first.notifyQueue.bodies;
    const after = second.notifyQueue.bodies;
    const withoutHash = (workId: string) => workId.slice(0, workId.lastIndexOf('#'));
    for (const [index, chunk] of after.entries()) {
      expect(chunk.subjectIds).not.toEqual(before[index]!.subjectIds);
      expect(chunk.workId).not.toBe(before[index]!.workId);
      expect(withoutHash(chunk.workId)).toBe(withoutHash(before[index]!.workId));
    }
  });

  it('counts a page planned again only for the entries it creates, and leaves notices settled since as they are', async () => {
    // Prepare: the first attempt creates and counts 60 entries, publishes its chunks, then fails; two
    // of its notices settle before the queue delivers the plan message again.
    const subjects = manySubjects(60);
    const { deps, disclosure, disclosures, ledger } = planner(subjects);
    failCompleteWorkOnce(disclosures);
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/lost the connection/);
    await ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'shard-0', [
      { subjectId: 'subject-00000', status: 'sent', messageId: 'ses-0' },
      { subjectId: 'subject-00001', status: 'failed' },
    ], NOW);

    // Act
    const result = await planPart(deps, aShardMessage(0));

    // Assess
    expect(result).toEqual({ subjects: 60 });
    expect(ledger.status(disclosure, 'subject-00000')).toBe('sent');
    expect(ledger.status(disclosure, 'subject-00001')).toBe('failed');
    expect(disclosures.counters('shard-0')).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 60, notified: 1, failed: 1 });
    expect(disclosures.counterWrites.filter((write) => write.increments.subjects)).toEqual([
      { partKey: 'shard-0', increments: { subjects: 60 } },
    ]);
  });

  it('does not read a page already counted again: it only queues the next page again, from the stored cursor', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 10);
    const { deps, disclosures, ledger, notifyQueue, planQueue, subjectStore } = planner(subjects);
    const message = aShardMessage(0);
    await planPart(deps, message);
    const firstNext = planQueue.bodies[0]!;
    const progress = disclosures.progress;
    // Were the page read again, it would now end elsewhere: the replay must use the stored cursor.
    subjectStore.add(aSubject('subject-00000a'));
    const reads = subjectStore.pageRequests.length;
    const published = notifyQueue.batches.length;
    const written = ledger.writes.length;
    const counted = disclosures.counterWrites.length;

    // Act
    const result = await planPart(deps, message);

    // Assess
    expect(result).toEqual({ subjects: 0 });
    expect(subjectStore.pageRequests).toHaveLength(reads);
    expect(notifyQueue.batches).toHaveLength(published);
    expect(ledger.writes).toHaveLength(written);
    expect(planQueue.batches).toHaveLength(2);
    expect(planQueue.batches[1]).toEqual([{ id: 'plan#shard-0#subject-00499', body: firstNext }]);
    expect(firstNext.part).toEqual({ shard: 0, cursor: 'subject-00499' });
    expect(disclosures.progress).toEqual(progress);
    expect(disclosures.counterWrites).toHaveLength(counted);
    expect(disclosures.completeWorkCalls).toHaveLength(1);
  });

  it('queues nothing when a last page already counted is replayed', async () => {
    // Prepare
    const { deps, notifyQueue, planQueue } = planner(manySubjects(10));
    await planPart(deps, aShardMessage(0));
    const published = notifyQueue.batches.length;

    // Act
    const result = await planPart(deps, aShardMessage(0));

    // Assess
    expect(result).toEqual({ subjects: 0 });
    expect(notifyQueue.batches).toHaveLength(published);
    expect(planQueue.batches).toEqual([]);
  });

  it('queues the next page again when publishing it failed after the page was counted', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 10);
    const { deps, disclosures, planQueue } = planner(subjects);
    const publish = planQueue.publish.bind(planQueue);
    let failures = 1;
    planQueue.publish = async (messages) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(messages);
    };
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/SQS unavailable/);

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(planQueue.bodies).toEqual([
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, phase: 'notify', part: { shard: 0, cursor: 'subject-00499' } },
    ]);
    expect(disclosures.progress.subjects).toBe(AUDIENCE_PAGE_SIZE);
  });

  it('settles on a replay when settling failed after the last page was counted', async () => {
    // Prepare: an empty last part, so planning it completes the disclosure; the settle after it fails
    // (a timeout, a throttled write) after completeWork went through, and the queue delivers the message again.
    const { deps, disclosures } = planner([], { partsTotal: 1 });
    const appendEvent = disclosures.appendEvent.bind(disclosures);
    let failures = 1;
    disclosures.appendEvent = async (...args) => {
      if (failures-- > 0) throw new Error('Task timed out');
      return appendEvent(...args);
    };
    await expect(planPart(deps, aSliceMessage(0, ['gone-1']))).rejects.toThrow(/timed out/);
    expect(disclosures.progress).toMatchObject({ partsPlanned: 1, subjects: 0 });

    // Act
    await planPart(deps, aSliceMessage(0, ['gone-1']));

    // Assess: no chunk of this disclosure is left whose sender could settle it, so the replay must.
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.notices_settled']);
    expect(disclosures.completedAt).toBe(NOW);
  });

  it('refuses a message for a disclosure it does not know, before writing anything', async () => {
    // Prepare
    const { deps, ledger, notifyQueue } = planner(manySubjects(3));

    // Act
    const planning = planPart(deps, { ...aShardMessage(0), disclosureId: 'unknown' });

    // Assess
    await expect(planning).rejects.toThrow(UnknownDisclosureError);
    expect(ledger.writes).toEqual([]);
    expect(notifyQueue.batches).toEqual([]);
  });
});

describe('planPart for a controller that writes in one language', () => {
  it("addresses subjects in the controller's default language when it does not write in theirs", async () => {
    const subjects = [aSubject('s-en', 'en'), aSubject('s-nl', 'nl')];
    const { deps, notifyQueue } = planner(subjects, { profile: aProfile({ languages: ['nl'], defaultLocale: 'nl' }) });

    await planPart(deps, aSliceMessage(0, ['s-en', 's-nl']));

    const chunks = notifyQueue.bodies;
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ locale: 'nl', subjectIds: ['s-en', 's-nl'] });
  });
});
