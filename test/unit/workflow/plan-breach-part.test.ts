import { describe, expect, it } from 'vitest';
import type { PinnedBreachPage } from '../../../shared/adapters/dynamo/breach-notice-store';
import type { BreachNoticeCampaign, StoredBreach } from '../../../shared/domain/breach/breach';
import { breachNoticeParts, keptAudience } from '../../../shared/domain/breach/breach-notice-parts';
import type { BreachAudience } from '../../../shared/domain/breach/breach';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import { LISTED_DISCLOSURES } from '../../../shared/domain/notice/breach-notice-data';
import { NOTIFY_CHUNK_SIZE, type BreachNoticeChunk, type BreachPlanMessage } from '../../../shared/messages/pipeline-messages';
import { BreachNoticesNotStartedError } from '../../../shared/workflow/breach-notices-not-started';
import { RECIPIENT_PAGE_SIZE, planBreachPart, type BreachPlannerDependencies } from '../../../shared/workflow/plan-breach-part';
import { AUDIENCE_PAGE_SIZE } from '../../../shared/workflow/plan-part';
import { BREACH_ID, InMemoryBreachStore, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { InMemoryBreachNoticeStore, InMemoryRecipientLedger, type SeededRecipientEntry } from '../../helpers/breach-notice-fakes';
import { CONTROLLER_ID, aProfile, aSubject, manySubjects } from '../../helpers/factories';
import { InMemorySubjectStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-02T12:00:00.000Z';
// The breach at the processor happened on 30 November 2026 at 22:00 UTC (aBreachReport's occurredAt).
const OCCURRED = '2026-11-30T22:00:00.000Z';

const words = { nature: 'A laptop was stolen.', consequences: 'Phishing.', measures: 'Wiped.', advice: 'Be wary of mail.' };

function campaign(audience: BreachAudience, overrides: Partial<BreachNoticeCampaign> = {}): BreachNoticeCampaign {
  const parts = breachNoticeParts(audience, 16);
  return {
    audience: keptAudience(audience, parts),
    words: { nl: words, en: words },
    ...(audience.type === 'recipient' ? { disclosedUpTo: OCCURRED } : {}),
    partsTotal: parts.length,
    startedAt: '2026-12-02T11:00:00.000Z',
    startedBy: { clientId: 'legal-console' },
    ...overrides,
  };
}

function planner(
  subjects: readonly Subject[],
  { audience = { type: 'all' } as BreachAudience, breach, entries = [] }: { audience?: BreachAudience; breach?: StoredBreach; entries?: SeededRecipientEntry[] } = {},
) {
  const stored =
    breach ??
    aStoredBreach(
      { assessment: anAssessment({ risk: 'high' }), notices: campaign(audience) },
      audience.type === 'recipient' ? { source: { type: 'recipient', recipientId: 'mailhouse' } } : {},
    );
  const breaches = new InMemoryBreachStore([stored]);
  const breachNotices = new InMemoryBreachNoticeStore();
  const subjectStore = new InMemorySubjectStore(subjects, () => 0);
  const ledger = new InMemoryRecipientLedger(entries);
  const planQueue = new RecordingQueue<BreachPlanMessage>();
  const notifyQueue = new RecordingQueue<BreachNoticeChunk>();
  const profile = aProfile();
  const deps: BreachPlannerDependencies = {
    breaches,
    breachNotices,
    subjects: subjectStore,
    ledger,
    planQueue,
    notifyQueue,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
  };
  return { deps, breaches, breachNotices, subjectStore, ledger, planQueue, notifyQueue };
}

const message = (part: BreachPlanMessage['part']): BreachPlanMessage => ({ type: 'breach-plan', controllerId: CONTROLLER_ID, breachId: BREACH_ID, part });

/** A ledger entry of the breached processor `mailhouse`, of a disclosure made at `disclosedAt`. */
const entry = (subjectId: string, disclosureId: string, disclosedAt: string, overrides: Partial<SeededRecipientEntry> = {}): SeededRecipientEntry => ({
  controllerId: CONTROLLER_ID,
  recipientId: 'mailhouse',
  subjectId,
  disclosureId,
  disclosedAt,
  kind: 'processor_handoff',
  dataCategories: ['Name and contact details'],
  noticeStatus: 'not_required',
  ...overrides,
});

describe('planBreachPart: everyone, a shard page at a time', () => {
  it("creates each member's notice, queues chunks of 50 per language, marks the page done and asks for the next", async () => {
    // Prepare: two Dutch subjects for every English one.
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 20, (index) => (index % 3 === 2 ? 'en' : 'nl'));
    const { deps, breachNotices, planQueue, notifyQueue } = planner(subjects);
    const firstPage = subjects.slice(0, AUDIENCE_PAGE_SIZE);

    // Act
    const result = await planBreachPart(deps, message({ shard: 0 }));

    // Assess
    expect(result).toEqual({ outcome: 'planned', subjects: AUDIENCE_PAGE_SIZE });
    expect(Object.keys(breachNotices.statuses(CONTROLLER_ID, BREACH_ID))).toEqual(firstPage.map((subject) => subject.subjectId));
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'shard-0')).toMatchObject({ subjects: AUDIENCE_PAGE_SIZE, partsPlanned: 0 });
    const chunks = notifyQueue.bodies;
    expect(chunks.every((chunk) => chunk.type === 'breach-notice-chunk' && chunk.partKey === 'shard-0' && chunk.subjectIds.length <= NOTIFY_CHUNK_SIZE)).toBe(true);
    for (const chunk of chunks) expect(chunk.subjectIds.every((id) => subjects.find((subject) => subject.subjectId === id)!.locale === chunk.locale)).toBe(true);
    expect(chunks.flatMap((chunk) => chunk.subjectIds).sort()).toEqual(firstPage.map((subject) => subject.subjectId));
    expect(new Set(chunks.map((chunk) => chunk.workId)).size).toBe(chunks.length);
    expect(planQueue.bodies).toEqual([message({ shard: 0, cursor: firstPage.at(-1)!.subjectId })]);
  });

  it('counts the part planned with its last page, and queues no next page', async () => {
    // Prepare
    const { deps, breachNotices, planQueue } = planner(manySubjects(3));

    // Act
    await planBreachPart(deps, message({ shard: 0 }));

    // Assess
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'shard-0')).toMatchObject({ partsPlanned: 1, subjects: 3 });
    expect(planQueue.bodies).toEqual([]);
  });

  it('reaches only the subjects holding the category, for a category audience', async () => {
    // Prepare
    const subjects = [
      aSubject('alice', 'nl', { dataCategories: ['Health data', 'Invoices'] }),
      aSubject('bob', 'en', { dataCategories: ['Invoices'] }),
      aSubject('carol', 'nl'),
      aSubject('dave', 'en', { dataCategories: ['health data'] }),
    ];
    const { deps, breachNotices, notifyQueue } = planner(subjects, { audience: { type: 'category', category: 'Health data' } });

    // Act
    await planBreachPart(deps, message({ shard: 0 }));

    // Assess
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({ alice: 'queued' });
    expect(notifyQueue.bodies.map((chunk) => [chunk.locale, chunk.subjectIds])).toEqual([['nl', ['alice']]]);
  });
});

describe('planBreachPart: a slice of a list', () => {
  it('suppresses (and counts) the notice of a subject erased since the list was given, and chunks the others', async () => {
    // Prepare
    const subjectIds = ['alice', 'bob', 'carol'];
    const { deps, breachNotices, subjectStore, notifyQueue } = planner(subjectIds.map((id) => aSubject(id)), { audience: { type: 'list', subjectIds } });
    await subjectStore.leaveForErasure(CONTROLLER_ID, 'bob', { erasureId: 'e1', startedAt: '2026-12-02T11:30:00.000Z' });

    // Act
    await planBreachPart(deps, message({ slice: 0, subjectIds }));

    // Assess
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({ alice: 'queued', bob: 'suppressed', carol: 'queued' });
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'slice-0')).toMatchObject({ partsPlanned: 1, subjects: 3, suppressed: 1 });
    expect(notifyQueue.bodies.flatMap((chunk) => chunk.subjectIds)).toEqual(['alice', 'carol']);
  });

  it("drops a slice that is not of the notices started (another request's, queued before it lost the race)", async () => {
    // Prepare
    const { deps, breachNotices, notifyQueue } = planner([aSubject('alice'), aSubject('eve')], { audience: { type: 'list', subjectIds: ['alice'] } });

    // Act
    const result = await planBreachPart(deps, message({ slice: 0, subjectIds: ['eve'] }));

    // Assess
    expect(result).toEqual({ outcome: 'not-of-these-notices' });
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({});
    expect(notifyQueue.bodies).toEqual([]);
  });
});

describe('planBreachPart: the subjects of a breached recipient', () => {
  const subjects = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((id, index) => aSubject(id, index % 2 ? 'en' : 'nl'));

  it('tells exactly the subjects whose data went there up to the breach, once each, naming every disclosure', async () => {
    // Prepare: two disclosures to the processor before the breach ({alice, bob} and {bob, carol}), one after ({dave}),
    // one held under a non-disclosure order ({erin}); frank's data never went there.
    const entries = [
      entry('alice', 'd1', '2026-11-01T09:00:00.000Z'),
      entry('bob', 'd1', '2026-11-01T09:00:00.000Z'),
      entry('bob', 'd2', '2026-11-15T09:00:00.000Z', { dataCategories: ['Invoices'] }),
      entry('carol', 'd2', '2026-11-15T09:00:00.000Z', { dataCategories: ['Invoices'] }),
      entry('dave', 'd3', '2026-12-01T09:00:00.000Z'),
      entry('erin', 'd4', '2026-11-10T09:00:00.000Z', { kind: 'law_enforcement', noticeStatus: 'held' }),
    ];
    const { deps, breachNotices, notifyQueue, ledger } = planner(subjects, { audience: { type: 'recipient' }, entries });

    // Act
    await planBreachPart(deps, message({ recipient: true }));

    // Assess
    expect(ledger.pageRequests).toEqual([{ recipientId: 'mailhouse', cursor: undefined, limit: RECIPIENT_PAGE_SIZE }]);
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({ alice: 'queued', bob: 'queued', carol: 'queued' });
    expect(breachNotices.notice(CONTROLLER_ID, BREACH_ID, 'bob')!.disclosures).toEqual([
      { disclosureId: 'd1', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Name and contact details'] },
      { disclosureId: 'd2', disclosedAt: '2026-11-15T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Invoices'] },
    ]);
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'recipient')).toMatchObject({ partsPlanned: 1, subjects: 3, excludedUnderOrder: 1 });
    expect(notifyQueue.bodies.map((chunk) => [chunk.locale, chunk.subjectIds])).toEqual([
      ['nl', ['alice', 'carol']],
      ['en', ['bob']],
    ]);
  });

  it('keeps a subject with thousands of disclosures there to the latest a notice lists, counting the earlier, in the page and the notice', async () => {
    // Prepare: bob's data went to the processor 5000 times, once a minute; alice's once.
    const start = Date.parse('2026-11-01T00:00:00.000Z');
    const bobs = Array.from({ length: 5000 }, (_, index) => entry('bob', `d${String(index).padStart(4, '0')}`, new Date(start + index * 60_000).toISOString()));
    const { deps, breachNotices } = planner(subjects, { audience: { type: 'recipient' }, entries: [entry('alice', 'a1', '2026-11-01T09:00:00.000Z'), ...bobs] });
    const pinned: PinnedBreachPage[] = [];
    const pinPage = breachNotices.pinPage.bind(breachNotices);
    breachNotices.pinPage = async (c, b, partId, page) => {
      pinned.push(structuredClone(page));
      return pinPage(c, b, partId, page);
    };

    // Act: the first page holds alice; bob alone fills the next.
    await planBreachPart(deps, message({ recipient: true }));
    await planBreachPart(deps, message({ recipient: true, cursor: 'alice' }));

    // Assess
    const latest = bobs.slice(-LISTED_DISCLOSURES).map((each) => each.disclosureId);
    const bobsPage = pinned.find((page) => page.members.some((member) => member.subjectId === 'bob'))!;
    expect(bobsPage.members).toEqual([{ subjectId: 'bob', locale: 'en', disclosureIds: latest, earlierDisclosures: 5000 - LISTED_DISCLOSURES }]);
    expect(Object.keys(bobsPage.disclosures!).sort()).toEqual(latest);
    const bob = breachNotices.notice(CONTROLLER_ID, BREACH_ID, 'bob')!;
    expect(bob.disclosures!.map((disclosure) => disclosure.disclosureId)).toEqual(latest);
    expect(bob.earlierDisclosures).toBe(5000 - LISTED_DISCLOSURES);
    // Far below DynamoDB's 400 KB item limit, both of them.
    for (const item of [bobsPage, bob]) expect(JSON.stringify(item).length).toBeLessThan(20_000);
    expect(breachNotices.notice(CONTROLLER_ID, BREACH_ID, 'alice')).not.toHaveProperty('earlierDisclosures');
  });

  it('walks the ledger page by page, a subject never split, and counts an erased subject suppressed', async () => {
    // Prepare: more entries than a page holds; the erased subject's ledger entries stay.
    const many = manySubjects(RECIPIENT_PAGE_SIZE + 10);
    const entries = many.map((subject) => entry(subject.subjectId, 'd1', '2026-11-01T09:00:00.000Z'));
    const { deps, breachNotices, subjectStore, planQueue } = planner(many, { audience: { type: 'recipient' }, entries });
    subjectStore.erase(many[3]!.subjectId);

    // Act: the first page, then the next one it queued.
    await planBreachPart(deps, message({ recipient: true }));
    const [next] = planQueue.bodies;
    await planBreachPart(deps, next!);

    // Assess
    expect(next!.part).toEqual({ recipient: true, cursor: many[RECIPIENT_PAGE_SIZE - 1]!.subjectId });
    const statuses = breachNotices.statuses(CONTROLLER_ID, BREACH_ID);
    expect(Object.keys(statuses)).toHaveLength(RECIPIENT_PAGE_SIZE + 10);
    expect(statuses[many[3]!.subjectId]).toBe('suppressed');
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'recipient')).toMatchObject({ partsPlanned: 1, subjects: RECIPIENT_PAGE_SIZE + 10, suppressed: 1 });
    expect(planQueue.bodies).toHaveLength(1);
  });
});

describe('planBreachPart: retries', () => {
  it('plans a page cut short again from its pinned reading, creating and counting nothing twice', async () => {
    // Prepare: the first attempt fails after queueing its chunks, before marking the page done.
    const { deps, breachNotices, subjectStore, notifyQueue } = planner(manySubjects(5));
    const completeWork = breachNotices.completeWork.bind(breachNotices);
    let failures = 1;
    breachNotices.completeWork = async (work) => {
      if (failures-- > 0) throw new Error('lost the connection');
      return completeWork(work);
    };
    await expect(planBreachPart(deps, message({ shard: 0 }))).rejects.toThrow('lost the connection');
    // A subject joins the audience meanwhile: the retry plans the page as first read.
    subjectStore.add(aSubject('subject-00001a'));

    // Act
    await planBreachPart(deps, message({ shard: 0 }));

    // Assess
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'shard-0')).toMatchObject({ subjects: 5, partsPlanned: 1 });
    expect(Object.keys(breachNotices.statuses(CONTROLLER_ID, BREACH_ID))).not.toContain('subject-00001a');
    const [first, again] = notifyQueue.batches;
    expect(again).toEqual(first);
  });

  it('only queues the next page again for a page done before', async () => {
    // Prepare
    const subjects = manySubjects(AUDIENCE_PAGE_SIZE + 1);
    const { deps, breachNotices, planQueue, notifyQueue } = planner(subjects);
    await planBreachPart(deps, message({ shard: 0 }));

    // Act
    const result = await planBreachPart(deps, message({ shard: 0 }));

    // Assess
    expect(result).toEqual({ outcome: 'planned-before' });
    expect(notifyQueue.batches).toHaveLength(1);
    expect(planQueue.bodies).toEqual([planQueue.bodies[0], planQueue.bodies[0]]);
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'shard-0')).toMatchObject({ subjects: AUDIENCE_PAGE_SIZE });
  });

  it('fails, to be tried again, while the notices are not recorded as started', async () => {
    // Prepare
    const { deps, notifyQueue } = planner([aSubject('alice')], { breach: aStoredBreach({ assessment: anAssessment({ risk: 'high' }) }) });

    // Act & Assess
    await expect(planBreachPart(deps, message({ shard: 0 }))).rejects.toBeInstanceOf(BreachNoticesNotStartedError);
    expect(notifyQueue.bodies).toEqual([]);
  });
});
