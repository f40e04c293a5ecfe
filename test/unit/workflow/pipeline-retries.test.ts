import { describe, expect, it } from 'vitest';
import type { NoticeChunk, PlanMessage } from '../../../shared/messages/pipeline-messages';
import { emptyProgress } from '../../../shared/domain/disclosure/disclosure-status';
import { planPart, type PlannerDependencies } from '../../../shared/workflow/plan-part';
import { sendChunk, type SenderDependencies } from '../../../shared/workflow/send-chunk';
import { settleIfComplete } from '../../../shared/workflow/settle-disclosure';
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
import { FakeMailer, InMemoryDisclosureStore, InMemoryLedger, InMemorySubjectStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';

/** Planner and sender over the same in-memory stores, the sender settling after each chunk as its handler does. */
function pipeline(subjects = manySubjects(60)) {
  const profile = aProfile();
  const disclosure = aDisclosure();
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1 }));
  const subjectStore = new InMemorySubjectStore(subjects, () => 0);
  const ledger = new InMemoryLedger(disclosures);
  const mailer = new FakeMailer();
  const planQueue = new RecordingQueue<PlanMessage>();
  const notifyQueue = new RecordingQueue<NoticeChunk>();
  const common = { disclosures, ledger, findProfile: () => profile, clock: fixedClock(NOW) };
  const planner: PlannerDependencies = { ...common, subjects: subjectStore, planQueue, notifyQueue };
  const sender: SenderDependencies = { ...common, subjects: subjectStore, mailer, pace: async () => {} };
  const send = async (message: NoticeChunk) => {
    await sendChunk(sender, message);
    await settleIfComplete(disclosures, fixedClock(NOW), CONTROLLER_ID, DISCLOSURE_ID);
  };
  return { planner, disclosure, disclosures, subjectStore, ledger, mailer, notifyQueue, send };
}

describe('a page planned again after the audience changed', () => {
  // The first plan's chunks first, the second's first, or interleaved: the overlap must count nothing twice.
  const orders: [string, (first: NoticeChunk[], second: NoticeChunk[]) => NoticeChunk[]][] = [
    ['interleaved', (first, second) => [first[0]!, second[0]!, first[1]!, second[1]!]],
    ["the first plan's chunks first", (first, second) => [...first, ...second]],
    ["the second plan's chunks first", (first, second) => [...second, ...first]],
  ];

  it.each(orders)('plans the page it first read, mails every subject once, counts every subject once (%s)', async (_, deliver) => {
    // Prepare: the first plan publishes its chunks, then fails before marking its page; a subject
    // joins the shard before the queue delivers the plan message again.
    const { planner, disclosures, subjectStore, mailer, notifyQueue, send } = pipeline();
    const completeWork = disclosures.completeWork.bind(disclosures);
    let failures = 1;
    disclosures.completeWork = async (...args) => {
      if (failures-- > 0) throw new Error('Task timed out');
      return completeWork(...args);
    };
    await expect(planPart(planner, aShardMessage(0))).rejects.toThrow(/timed out/);
    subjectStore.add(aSubject('subject-00000a'));
    await planPart(planner, aShardMessage(0));
    const [first, second] = notifyQueue.batches.map((batch) => batch.map(({ body }) => body));

    // Assess (the plan): the retry planned the pinned page, so its chunks are the very same work.
    expect(second).toEqual(first);
    const audience = new Set(first!.flatMap((chunk) => chunk.subjectIds));
    expect(audience.size).toBe(60);
    expect(audience.has('subject-00000a')).toBe(false);
    expect(disclosures.progress).toMatchObject({ partsPlanned: 1, subjects: 60 });

    // Act: the notify queue delivers all four messages.
    for (const chunk of deliver(first!, second!)) {
      await send(chunk);
      if (disclosures.completedAt) expect(new Set(mailer.mailed).size).toBe(audience.size);
      expect(disclosures.progress.notified).toBe(new Set(mailer.mailed).size);
    }

    // Assess
    expect(mailer.mailed).toHaveLength(audience.size);
    expect(new Set(mailer.mailed).size).toBe(audience.size);
    expect(disclosures.progress).toEqual({ ...emptyProgress(1), partsPlanned: 1, subjects: 60, notified: 60 });
    expect(disclosures.completedAt).toBe(NOW);
    expect(disclosures.events.map((event) => event.data)).toEqual([
      { subjects: 60, notified: 60, failed: 0, suppressed: 0, notRequired: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } },
    ]);
  });
});

describe('a page planned again after one of its subjects was erased', () => {
  it('settles once every subject it counted has a settled notice, although the first plan published no chunk', async () => {
    // Prepare: the first plan creates (and counts) the entries of alice, bob and carol, then cannot
    // publish its chunk; bob is erased before the queue delivers the plan message again.
    const { planner, disclosure, disclosures, subjectStore, ledger, mailer, notifyQueue, send } = pipeline([
      aSubject('alice'),
      aSubject('bob'),
      aSubject('carol'),
    ]);
    const publish = notifyQueue.publish.bind(notifyQueue);
    let failures = 1;
    notifyQueue.publish = async (messages) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(messages);
    };
    await expect(planPart(planner, aSliceMessage(0, ['alice', 'bob', 'carol']))).rejects.toThrow(/SQS unavailable/);
    subjectStore.erase('bob');
    await planPart(planner, aSliceMessage(0, ['alice', 'bob', 'carol']));

    // Act: the queue delivers every chunk published.
    for (const chunk of notifyQueue.bodies) await send(chunk);

    // Assess: bob was in the pinned page, so his chunk carries him and the sender suppresses him.
    expect(mailer.mailed).toEqual(['alice@mail.example', 'carol@mail.example']);
    expect(ledger.status(disclosure, 'bob')).toBe('suppressed');
    const { subjects, notified, failed, suppressed } = disclosures.progress;
    expect(notified + failed + suppressed).toBe(subjects);
    expect(ledger.status(disclosure, 'bob')).not.toBe('queued');
    expect(disclosures.completedAt).toBe(NOW);
  });
});
