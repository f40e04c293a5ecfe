import { describe, expect, it } from 'vitest';
import type { Disclosure, Subject } from '../../../shared/domain/disclosure/disclosure';
import type { NoticeChunk, PlanMessage } from '../../../shared/messages/pipeline-messages';
import { AUDIENCE_PAGE_SIZE, EarlierPhaseUnfinishedError, planPart, type PlannerDependencies } from '../../../shared/workflow/plan-part';
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

function planner(subjects: readonly Subject[], disclosure: Disclosure, { partsTotal = 1, seed = {} }: { partsTotal?: number; seed?: SeedOptions } = {}) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal }), seed);
  const subjectStore = new InMemorySubjectStore(subjects, () => 0);
  const ledger = new InMemoryLedger(disclosures);
  const planQueue = new RecordingQueue<PlanMessage>();
  const notifyQueue = new RecordingQueue<NoticeChunk>();
  const profile = aProfile();
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

const chunkedIds = (chunks: readonly NoticeChunk[]) => chunks.flatMap((chunk) => chunk.subjectIds).sort();

describe('planPart, phase notify, mode none: recorded in the ledger, no notice', () => {
  it('writes every entry as not_required, queues no chunk, and counts them as not required', async () => {
    // Prepare
    const disclosure = aDisclosure({ kind: 'processor_handoff', noticeMode: 'none' });
    const { deps, disclosures, ledger, notifyQueue } = planner([aSubject('alice'), aSubject('bob', 'en')], disclosure);

    // Act
    const result = await planPart(deps, aSliceMessage(0, ['alice', 'bob']));

    // Assess
    expect(result).toEqual({ subjects: 2 });
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'not_required', bob: 'not_required' });
    expect(notifyQueue.batches).toEqual([]);
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 2, notRequired: 2 });
  });

  it('settles the disclosure at once when its last part is planned, counting the notices not required', async () => {
    // Prepare
    const disclosure = aDisclosure({ kind: 'processor_handoff', noticeMode: 'none' });
    const { deps, disclosures } = planner([aSubject('alice'), aSubject('bob')], disclosure);

    // Act
    await planPart(deps, aSliceMessage(0, ['alice', 'bob']));

    // Assess
    expect(disclosures.completedAt).toBe(NOW);
    expect(disclosures.events.map((event) => [event.type, event.data])).toEqual([
      [
        'disclosure.notices_settled',
        { subjects: 2, notified: 0, failed: 0, suppressed: 0, notRequired: 2, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } },
      ],
    ]);
  });
});

describe('planPart, phase notify, mode deferred: written now, told when the hold ends', () => {
  it('writes every entry as held and queues no chunk; the disclosure is not settled', async () => {
    // Prepare
    const hold = { until: '2027-01-15T00:00:00.000Z', reason: 'Non-disclosure order', orderReference: 'OvJ-2026-77' };
    const disclosure = aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold });
    const { deps, disclosures, ledger, notifyQueue } = planner([aSubject('alice'), aSubject('bob')], disclosure);

    // Act
    await planPart(deps, aSliceMessage(0, ['alice', 'bob']));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'held', bob: 'held' });
    expect(notifyQueue.batches).toEqual([]);
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 2 });
    expect(disclosures.events).toEqual([]);
    expect(disclosures.completedAt).toBeUndefined();
  });
});

describe('planPart: subjects the policy leaves out', () => {
  // ETSoft's business partners: each subject's prior consent is needed, and a subject may ask to stop.
  const partnerDisclosure = () => aDisclosure({ kind: 'business_partner', requiresPriorConsent: true, honoursOptOut: true });
  const subjects = () => [
    aSubject('consented', 'nl', { preferences: { consentTo: ['business_partner'], stopSharing: [] } }),
    aSubject('never-asked', 'nl'),
    aSubject('consented-elsewhere', 'en', { preferences: { consentTo: ['order_fulfilment'], stopSharing: [] } }),
    aSubject('stopped', 'nl', { preferences: { consentTo: ['business_partner'], stopSharing: ['business_partner'] } }),
  ];

  it.each([
    ['a shard of the whole audience', aShardMessage(0)],
    ['a slice of a list', aSliceMessage(0, ['consented', 'never-asked', 'consented-elsewhere', 'stopped'])],
  ])('writes no entry for them, mails them nothing, and counts each reason (%s)', async (_, message) => {
    // Prepare
    const disclosure = partnerDisclosure();
    const { deps, disclosures, ledger, notifyQueue } = planner(subjects(), disclosure);
    const partKey = 'shard' in message.part ? 'shard-0' : 'slice-0';

    // Act
    const result = await planPart(deps, message);

    // Assess
    expect(result).toEqual({ subjects: 1 });
    expect(ledger.statuses(disclosure)).toEqual({ consented: 'queued' });
    expect(chunkedIds(notifyQueue.bodies)).toEqual(['consented']);
    expect(disclosures.counters(partKey)).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 1, excludedNoConsent: 2, excludedOptedOut: 1 });
  });

  it('pins each exclusion with its page: a retry leaves out the same subjects, whatever they said since', async () => {
    // Prepare
    const disclosure = partnerDisclosure();
    const { deps, disclosures, subjectStore, ledger } = planner(subjects(), disclosure);
    const completeWork = disclosures.completeWork.bind(disclosures);
    let failures = 1;
    disclosures.completeWork = async (...args) => {
      if (failures-- > 0) throw new Error('Task timed out');
      return completeWork(...args);
    };
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/timed out/);
    await subjectStore.setPreferences(CONTROLLER_ID, 'never-asked', { consentTo: ['business_partner'], stopSharing: [] }, NOW);

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(disclosures.pinnedPages.get('plan#shard-0#')!.members).toEqual([
      { subjectId: 'consented', locale: 'nl' },
      { subjectId: 'consented-elsewhere', locale: 'en', excluded: 'no_consent' },
      { subjectId: 'never-asked', locale: 'nl', excluded: 'no_consent' },
      { subjectId: 'stopped', locale: 'nl', excluded: 'opted_out' },
    ]);
    expect(ledger.statuses(disclosure)).toEqual({ consented: 'queued' });
    expect(disclosures.progress).toMatchObject({ subjects: 1, excludedNoConsent: 2, excludedOptedOut: 1 });
  });

  it('leaves out nobody for a disclosure that needs no consent and honours no opt-out', async () => {
    // Prepare
    const disclosure = aDisclosure({ kind: 'business_partner', requiresPriorConsent: false, honoursOptOut: false });
    const { deps, disclosures, ledger } = planner(subjects(), disclosure);

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(Object.keys(ledger.statuses(disclosure))).toHaveLength(4);
    expect(disclosures.progress).toMatchObject({ subjects: 4, excludedNoConsent: 0, excludedOptedOut: 0 });
  });
});

// ETSoft announces a sale 30 days ahead; subjects may object until it happens.
const PLANNED_AT = '2026-12-24T10:00:00.000Z';
const beforeDisclosure = () =>
  aDisclosure({ noticeMode: 'before', plannedAt: PLANNED_AT, intentAt: '2026-11-24T10:00:00.000Z', occurredAt: PLANNED_AT });

describe('planPart, phase intent: the transfer announced', () => {
  it('writes intent entries (no ledger entries) and queues intent chunks, counted as intent subjects', async () => {
    // Prepare
    const disclosure = beforeDisclosure();
    const { deps, disclosures, ledger, notifyQueue } = planner([aSubject('alice'), aSubject('bob', 'en'), aSubject('carol')], disclosure, {
      seed: { intentStartedAt: NOW },
    });

    // Act
    const result = await planPart(deps, aSliceMessage(0, ['alice', 'bob', 'carol'], 'intent'));

    // Assess
    expect(result).toEqual({ subjects: 3 });
    expect(ledger.statuses(disclosure, 'intent')).toEqual({ alice: 'queued', bob: 'queued', carol: 'queued' });
    expect(ledger.statuses(disclosure)).toEqual({});
    expect(notifyQueue.bodies.map((chunk) => chunk.track)).toEqual(['intent', 'intent']);
    expect(notifyQueue.bodies.map((chunk) => chunk.workId)).toEqual([
      expect.stringMatching(/^intent#slice-0#nl#0#[0-9a-f]{16}$/),
      expect.stringMatching(/^intent#slice-0#en#0#[0-9a-f]{16}$/),
    ]);
    expect(chunkedIds(notifyQueue.bodies)).toEqual(['alice', 'bob', 'carol']);
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), intentPartsPlanned: 1, intentSubjects: 3 });
    expect(disclosures.completeWorkCalls.map((call) => call.workId)).toEqual(['intent#slice-0']);
  });

  it('carries the phase to the next page of a shard', async () => {
    // Prepare
    const { deps, planQueue } = planner(manySubjects(AUDIENCE_PAGE_SIZE + 1), beforeDisclosure(), { seed: { intentStartedAt: NOW } });

    // Act
    await planPart(deps, aShardMessage(0, undefined, 'intent'));

    // Assess
    expect(planQueue.bodies).toEqual([{ ...aShardMessage(0, 'subject-00499', 'intent') }]);
  });

  it('leaves out of the announcement the subjects the policy leaves out', async () => {
    // Prepare
    const disclosure = { ...beforeDisclosure(), requiresPriorConsent: true };
    const consented = { preferences: { consentTo: ['merger_acquisition' as const], stopSharing: [] } };
    const { deps, disclosures, ledger } = planner([aSubject('alice', 'nl', consented), aSubject('bob')], disclosure);

    // Act
    await planPart(deps, aSliceMessage(0, ['alice', 'bob'], 'intent'));

    // Assess
    expect(ledger.statuses(disclosure, 'intent')).toEqual({ alice: 'queued' });
    expect(disclosures.progress).toMatchObject({ intentSubjects: 1, excludedNoConsent: 1 });
  });
});

describe('planPart, phase execute: the transfer happens', () => {
  const everyone = ['alice', 'bob', 'carol', 'dave', 'erin'];

  /** The intent phase planned, and its notices settled as the sender would have, before the execution. */
  async function announced(settle: Record<string, 'sent' | 'failed' | 'suppressed'> = { alice: 'sent', bob: 'failed', carol: 'suppressed', dave: 'sent', erin: 'sent' }) {
    const disclosure = beforeDisclosure();
    const pipeline = planner(
      everyone.map((id) => aSubject(id)),
      disclosure,
      { seed: { intentStartedAt: NOW, executionStartedAt: PLANNED_AT } },
    );
    await planPart(pipeline.deps, aSliceMessage(0, everyone, 'intent'));
    await pipeline.ledger.recordNotices(
      CONTROLLER_ID,
      DISCLOSURE_ID,
      'slice-0',
      Object.entries(settle).map(([subjectId, status]) => ({ subjectId, status, ...(status === 'sent' ? { messageId: `ses-${subjectId}` } : {}) })),
      NOW,
      'intent',
    );
    const chunksBefore = pipeline.notifyQueue.batches.length;
    return { ...pipeline, chunksBefore };
  }

  it('writes ledger entries only for those who did not object, each carrying its intent notice status, and counts the objectors', async () => {
    // Prepare
    const { deps, disclosure, disclosures, ledger, notifyQueue, chunksBefore } = await announced();
    disclosures.seedObjection('dave', '2026-12-01T08:00:00.000Z');
    disclosures.seedObjection('erin', '2026-12-02T08:00:00.000Z');

    // Act
    const result = await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(result).toEqual({ subjects: 5 });
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'failed', carol: 'suppressed' });
    // The intent notice was the notice: nothing more is mailed.
    expect(notifyQueue.batches).toHaveLength(chunksBefore);
    expect(disclosures.counters('slice-0')).toMatchObject({
      partsPlanned: 1,
      subjects: 3,
      notified: 1,
      failed: 1,
      suppressed: 1,
      excludedObjected: 2,
    });
    expect(disclosures.completeWorkCalls.at(-1)).toMatchObject({
      workId: 'execute#slice-0',
      counters: { partKey: 'slice-0', increments: { partsPlanned: 1, excludedObjected: 2 } },
    });
  });

  it('settles the disclosure when the last part is executed and every notice already settled', async () => {
    // Prepare
    const { deps, disclosures } = await announced();
    disclosures.seedObjection('erin', '2026-12-02T08:00:00.000Z');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(disclosures.completedAt).toBe(NOW);
    expect(disclosures.events.at(-1)).toMatchObject({
      type: 'disclosure.notices_settled',
      data: { subjects: 4, notified: 2, failed: 1, suppressed: 1, excluded: { objected: 1 } },
    });
  });

  it('throws EarlierPhaseUnfinishedError while an intent notice of a subject who did not object is still queued, writing nothing', async () => {
    // Prepare
    const { deps, disclosure, disclosures, ledger } = await announced({ alice: 'sent', bob: 'sent', carol: 'sent', dave: 'sent' });

    // Act
    const executing = planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    await expect(executing).rejects.toThrow(EarlierPhaseUnfinishedError);
    expect(ledger.statuses(disclosure)).toEqual({});
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, 'execute#slice-0')).toBeUndefined();
  });

  it('does not wait for the intent notice of a subject who objected', async () => {
    // Prepare
    const { deps, disclosure, disclosures, ledger } = await announced({ alice: 'sent', bob: 'sent', carol: 'sent', dave: 'sent' });
    disclosures.seedObjection('erin', '2026-12-02T08:00:00.000Z');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(Object.keys(ledger.statuses(disclosure))).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('throws EarlierPhaseUnfinishedError when the intent phase never pinned the page', async () => {
    // Prepare
    const disclosure = beforeDisclosure();
    const { deps, ledger, subjectStore } = planner(everyone.map((id) => aSubject(id)), disclosure, { seed: { executionStartedAt: PLANNED_AT } });

    // Act
    const executing = planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    await expect(executing).rejects.toThrow(EarlierPhaseUnfinishedError);
    expect(ledger.writes).toEqual([]);
    expect(subjectStore.pageRequests).toEqual([]);
  });

  it('executes the subjects the intent phase pinned, not those who joined the audience since', async () => {
    // Prepare
    const disclosure = beforeDisclosure();
    const { deps, ledger, subjectStore } = planner([aSubject('alice'), aSubject('bob')], disclosure, {
      seed: { intentStartedAt: NOW, executionStartedAt: PLANNED_AT },
    });
    await planPart(deps, aShardMessage(0, undefined, 'intent'));
    await ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'shard-0', [
      { subjectId: 'alice', status: 'sent', messageId: 'ses-a' },
      { subjectId: 'bob', status: 'sent', messageId: 'ses-b' },
    ], NOW, 'intent');
    subjectStore.add(aSubject('anna'));

    // Act
    await planPart(deps, aShardMessage(0, undefined, 'execute'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent' });
  });
});

describe('planPart, phase release: the hold ended', () => {
  const hold = { until: '2027-01-15T00:00:00.000Z', reason: 'Non-disclosure order', orderReference: 'OvJ-2026-77' };
  const deferred = () => aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold });

  it('turns held entries queued and queues their chunks, counting the part released', async () => {
    // Prepare
    const disclosure = deferred();
    const { deps, disclosures, ledger, notifyQueue } = planner([aSubject('alice'), aSubject('bob', 'en')], disclosure, {
      seed: { releasedAt: hold.until },
    });
    await planPart(deps, aSliceMessage(0, ['alice', 'bob']));
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'held', bob: 'held' });

    // Act
    await planPart(deps, aSliceMessage(0, ['alice', 'bob'], 'release'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'queued', bob: 'queued' });
    expect(notifyQueue.bodies.map((chunk) => [chunk.track, chunk.locale, chunk.subjectIds])).toEqual([
      ['ledger', 'nl', ['alice']],
      ['ledger', 'en', ['bob']],
    ]);
    expect(notifyQueue.bodies.every((chunk) => chunk.workId.startsWith('release#slice-0#'))).toBe(true);
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), partsPlanned: 1, subjects: 2, partsReleased: 1 });
    expect(disclosures.completedAt).toBeUndefined();
  });

  it('leaves an entry that is no longer held as it is', async () => {
    // Prepare
    const disclosure = deferred();
    const { deps, ledger } = planner([aSubject('alice'), aSubject('bob')], disclosure, { seed: { releasedAt: hold.until } });
    await planPart(deps, aSliceMessage(0, ['alice', 'bob']));
    await deps.ledger.releaseHeld(CONTROLLER_ID, DISCLOSURE_ID, ['alice'], NOW);
    await ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'slice-0', [{ subjectId: 'alice', status: 'sent', messageId: 'ses-a' }], NOW);

    // Act
    await planPart(deps, aSliceMessage(0, ['alice', 'bob'], 'release'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'queued' });
  });

  it('walks the pages the notify phase pinned, page by page', async () => {
    // Prepare
    const disclosure = deferred();
    const { deps, ledger, planQueue, subjectStore } = planner(manySubjects(AUDIENCE_PAGE_SIZE + 5), disclosure, { seed: { releasedAt: hold.until } });
    await planPart(deps, aShardMessage(0));
    await planPart(deps, planQueue.bodies[0]!);
    const reads = subjectStore.pageRequests.length;

    // Act
    await planPart(deps, aShardMessage(0, undefined, 'release'));

    // Assess
    const statuses = Object.values(ledger.statuses(disclosure));
    expect(statuses.filter((status) => status === 'queued')).toHaveLength(AUDIENCE_PAGE_SIZE);
    expect(statuses.filter((status) => status === 'held')).toHaveLength(5);
    expect(planQueue.bodies.at(-1)).toEqual(aShardMessage(0, 'subject-00499', 'release'));
    expect(subjectStore.pageRequests).toHaveLength(reads);
  });

  it('throws EarlierPhaseUnfinishedError when the notify phase has not pinned the page yet', async () => {
    // Prepare
    const { deps, notifyQueue } = planner([aSubject('alice')], deferred(), { seed: { releasedAt: hold.until } });

    // Act
    const releasing = planPart(deps, aSliceMessage(0, ['alice'], 'release'));

    // Assess
    await expect(releasing).rejects.toThrow(EarlierPhaseUnfinishedError);
    expect(notifyQueue.batches).toEqual([]);
  });

  it('throws EarlierPhaseUnfinishedError when the notify phase pinned the page but stopped before writing its entries', async () => {
    // Prepare: the first notify attempt read and pinned the page, then failed; its retry has not run yet.
    const disclosure = deferred();
    const { deps, ledger, notifyQueue } = planner([aSubject('alice')], disclosure, { seed: { releasedAt: hold.until } });
    await deps.disclosures.pinPage(CONTROLLER_ID, DISCLOSURE_ID, 'plan#slice-0', { members: [{ subjectId: 'alice', locale: 'nl' }] });

    // Act
    const releasing = planPart(deps, aSliceMessage(0, ['alice'], 'release'));

    // Assess: nothing is marked released, so the notify retry's held entry is released later, not forgotten.
    await expect(releasing).rejects.toThrow(EarlierPhaseUnfinishedError);
    expect(notifyQueue.batches).toEqual([]);
    await planPart(deps, aSliceMessage(0, ['alice']));
    await planPart(deps, aSliceMessage(0, ['alice'], 'release'));
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'queued' });
  });
});

describe('planPart, phase execute, after an intent page cut short', () => {
  it('throws EarlierPhaseUnfinishedError while the intent phase has pinned the page but not announced it', async () => {
    // Prepare
    const disclosure = beforeDisclosure();
    const { deps, ledger } = planner([aSubject('alice')], disclosure, { seed: { intentStartedAt: NOW, executionStartedAt: PLANNED_AT } });
    await deps.disclosures.pinPage(CONTROLLER_ID, DISCLOSURE_ID, 'intent#slice-0', { members: [{ subjectId: 'alice', locale: 'nl' }] });

    // Act
    const executing = planPart(deps, aSliceMessage(0, ['alice'], 'execute'));

    // Assess: no ledger entry is written for a subject never told of the transfer.
    await expect(executing).rejects.toThrow(EarlierPhaseUnfinishedError);
    expect(ledger.statuses(disclosure)).toEqual({});
  });
});
