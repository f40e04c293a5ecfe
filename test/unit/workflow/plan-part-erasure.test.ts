import { describe, expect, it } from 'vitest';
import type { Disclosure, Subject } from '../../../shared/domain/disclosure/disclosure';
import type { NoticeChunk, PlanMessage } from '../../../shared/messages/pipeline-messages';
import { planPart, type PlannerDependencies } from '../../../shared/workflow/plan-part';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProfile, aProgress, aShardMessage, aSliceMessage, aSubject } from '../../helpers/factories';
import { InMemoryDisclosureStore, InMemoryLedger, InMemorySubjectStore, RecordingQueue, fixedClock, type SeedOptions } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';
const PLANNED_AT = '2026-12-24T10:00:00.000Z';
const everyone = ['alice', 'bob', 'carol'];

function planner(disclosure: Disclosure, seed: SeedOptions = {}, subjects: readonly Subject[] = everyone.map((id) => aSubject(id))) {
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1 }), seed);
  const subjectStore = new InMemorySubjectStore(subjects, () => 0);
  const ledger = new InMemoryLedger(disclosures);
  const notifyQueue = new RecordingQueue<NoticeChunk>();
  const profile = aProfile();
  const deps: PlannerDependencies = {
    disclosures,
    subjects: subjectStore,
    ledger,
    planQueue: new RecordingQueue<PlanMessage>(),
    notifyQueue,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
  };
  /** The subject's erasure is carried out: it leaves the audience and carries the erasure's mark. */
  const erase = (subjectId: string) => subjectStore.leaveForErasure(CONTROLLER_ID, subjectId, { erasureId: `erasure-of-${subjectId}`, startedAt: NOW });
  return { deps, disclosures, subjectStore, ledger, notifyQueue, erase };
}

/** The next call of `method` throws, as a timeout would, after what came before it was written. */
function failOnce<T extends object, K extends keyof T>(target: T, method: K): void {
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let failures = 1;
  (target as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    if (failures-- > 0) throw new Error('lost the connection');
    return original(...args);
  };
}

const chunkedIds = (chunks: readonly NoticeChunk[]) => chunks.flatMap((chunk) => chunk.subjectIds).sort();

// ETSoft announces the sale of its customer base 30 days ahead; Carol asks to be erased during the window.
const beforeDisclosure = () => aDisclosure({ noticeMode: 'before', plannedAt: PLANNED_AT, intentAt: NOW, occurredAt: PLANNED_AT });

/** The intent phase planned and every intent notice settled as the sender would have, before the transfer. */
async function announced() {
  const disclosure = beforeDisclosure();
  const pipeline = planner(disclosure, { intentStartedAt: NOW, executionStartedAt: PLANNED_AT });
  await planPart(pipeline.deps, aSliceMessage(0, everyone, 'intent'));
  const sent = everyone.map((subjectId) => ({ subjectId, status: 'sent' as const, messageId: `ses-${subjectId}` }));
  await pipeline.ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'slice-0', sent, NOW, 'intent');
  return { ...pipeline, disclosure };
}

describe('planPart, phase execute: a subject erased during the objection window', () => {
  it('gets no ledger entry, so their data does not go to the buyer, and is counted as excluded for erasure', async () => {
    // Prepare
    const { deps, disclosure, disclosures, ledger, erase } = await announced();
    await erase('carol');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent' });
    expect(disclosures.counters('slice-0')).toMatchObject({ partsPlanned: 1, subjects: 2, notified: 2, excludedObjected: 0, excludedErased: 1 });
    expect(disclosures.events.at(-1)).toMatchObject({
      type: 'disclosure.notices_settled',
      data: { subjects: 2, notified: 2, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 1 } },
    });
  });

  it('does not wait for the intent notice of an erased subject, which the sender will never mail', async () => {
    // Prepare: Carol's intent notice is still queued when her erasure begins.
    const disclosure = beforeDisclosure();
    const { deps, ledger, erase } = planner(disclosure, { intentStartedAt: NOW, executionStartedAt: PLANNED_AT });
    await planPart(deps, aSliceMessage(0, everyone, 'intent'));
    await ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'slice-0', [{ subjectId: 'alice', status: 'sent' }, { subjectId: 'bob', status: 'sent' }], NOW, 'intent');
    await erase('carol');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent' });
  });

  it('counts an objector who was then erased as an objector only', async () => {
    // Prepare
    const { deps, disclosures, erase } = await announced();
    disclosures.seedObjection('carol', '2026-12-01T08:00:00.000Z');
    await erase('carol');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(disclosures.counters('slice-0')).toMatchObject({ subjects: 2, excludedObjected: 1, excludedErased: 0 });
  });

  it('counts nothing twice when a retry comes after an attempt cut short', async () => {
    // Prepare: the first attempt writes the entries, then fails before marking its page done.
    const { deps, disclosure, disclosures, ledger, erase } = await announced();
    await erase('carol');
    failOnce(disclosures, 'completeWork');
    await expect(planPart(deps, aSliceMessage(0, everyone, 'execute'))).rejects.toThrow(/lost the connection/);

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent' });
    expect(disclosures.counters('slice-0')).toMatchObject({ partsPlanned: 1, subjects: 2, notified: 2, excludedErased: 1 });
  });

  it('keeps, and counts once, the entry an attempt wrote before the erasure began: the erasure tells its recipient', async () => {
    // Prepare: the first attempt writes every entry, then fails; Carol's erasure begins before the retry.
    const { deps, disclosure, disclosures, ledger, erase } = await announced();
    failOnce(disclosures, 'completeWork');
    await expect(planPart(deps, aSliceMessage(0, everyone, 'execute'))).rejects.toThrow(/lost the connection/);
    await erase('carol');

    // Act
    await planPart(deps, aSliceMessage(0, everyone, 'execute'));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent', carol: 'sent' });
    expect(disclosures.counters('slice-0')).toMatchObject({ partsPlanned: 1, subjects: 3, notified: 3, excludedErased: 0 });
  });
});

describe('planPart, phase intent: a page pinned before a subject was erased', () => {
  it('announces nothing to the erased subject on a retry, who is then counted once, at the transfer', async () => {
    // Prepare: the first attempt pins the page, then fails before writing; Carol's erasure begins.
    const disclosure = beforeDisclosure();
    const { deps, disclosures, ledger, notifyQueue, erase } = planner(disclosure, { intentStartedAt: NOW, executionStartedAt: PLANNED_AT });
    failOnce(ledger, 'writeIntentEntries');
    await expect(planPart(deps, aShardMessage(0, undefined, 'intent'))).rejects.toThrow(/lost the connection/);
    await erase('carol');

    // Act
    await planPart(deps, aShardMessage(0, undefined, 'intent'));
    await ledger.recordNotices(CONTROLLER_ID, DISCLOSURE_ID, 'shard-0', [{ subjectId: 'alice', status: 'sent' }, { subjectId: 'bob', status: 'sent' }], NOW, 'intent');
    await planPart(deps, aShardMessage(0, undefined, 'execute'));

    // Assess
    expect(disclosures.pinnedPages.get('intent#shard-0#')!.members.map((member) => member.subjectId)).toEqual(everyone);
    expect(ledger.statuses(disclosure, 'intent')).toEqual({ alice: 'sent', bob: 'sent' });
    expect(chunkedIds(notifyQueue.bodies)).toEqual(['alice', 'bob']);
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'sent', bob: 'sent' });
    expect(disclosures.counters('shard-0')).toMatchObject({ intentSubjects: 2, subjects: 2, excludedErased: 1 });
  });
});

describe('planPart, phase notify: a page pinned before a subject was erased', () => {
  it.each([
    ['after', 'queued'],
    ['none', 'not_required'],
    ['deferred', 'held'],
  ] as const)('writes no ledger entry for them on a retry and mails them nothing (mode %s)', async (noticeMode, status) => {
    // Prepare: the first attempt pins the page, then fails before writing; Carol's erasure begins.
    const hold = { until: '2027-01-15T00:00:00.000Z', reason: 'Non-disclosure order', orderReference: 'OvJ-2026-77' };
    const disclosure = aDisclosure({ noticeMode, ...(noticeMode === 'deferred' ? { kind: 'law_enforcement', hold } : {}) });
    const { deps, disclosures, ledger, notifyQueue, erase } = planner(disclosure);
    failOnce(ledger, 'writeEntries');
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/lost the connection/);
    await erase('carol');

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: status, bob: status });
    expect(chunkedIds(notifyQueue.bodies)).toEqual(noticeMode === 'after' ? ['alice', 'bob'] : []);
    expect(disclosures.counters('shard-0')).toMatchObject({ partsPlanned: 1, subjects: 2, excludedErased: 1 });
  });

  it('keeps the entry an attempt wrote before the erasure began, counted once', async () => {
    // Prepare: the first attempt writes every entry, then fails; Carol's erasure begins before the retry.
    const disclosure = aDisclosure({ noticeMode: 'none' });
    const { deps, disclosures, ledger, erase } = planner(disclosure);
    failOnce(disclosures, 'completeWork');
    await expect(planPart(deps, aShardMessage(0))).rejects.toThrow(/lost the connection/);
    await erase('carol');

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(ledger.statuses(disclosure)).toEqual({ alice: 'not_required', bob: 'not_required', carol: 'not_required' });
    expect(disclosures.counters('shard-0')).toMatchObject({ partsPlanned: 1, subjects: 3, notRequired: 3, excludedErased: 0 });
  });

  it('reads the subjects of a page again in one batch, and only those it would write', async () => {
    // Prepare: Bob never consented to this sharing, so he is left out before anyone is read.
    const disclosure = aDisclosure({ kind: 'business_partner', requiresPriorConsent: true });
    const consented = { preferences: { consentTo: ['business_partner' as const], stopSharing: [] } };
    const { deps, subjectStore } = planner(disclosure, {}, [aSubject('alice', 'nl', consented), aSubject('bob'), aSubject('carol', 'nl', consented)]);
    const reads: string[][] = [];
    const getMany = subjectStore.getMany.bind(subjectStore);
    subjectStore.getMany = async (controllerId, subjectIds) => {
      reads.push([...subjectIds]);
      return getMany(controllerId, subjectIds);
    };

    // Act
    await planPart(deps, aShardMessage(0));

    // Assess
    expect(reads).toEqual([['alice', 'carol']]);
  });
});
