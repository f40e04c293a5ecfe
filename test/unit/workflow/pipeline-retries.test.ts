import { describe, expect, it } from 'vitest';
import type { NotifyMessage, PlanMessage } from '../../../shared/messages/pipeline-messages';
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
  aSubject,
  manySubjects,
} from '../../helpers/factories';
import { FakeMailer, InMemoryDisclosureStore, InMemoryLedger, InMemorySubjectStore, RecordingQueue, fixedClock } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';

/** Planner and sender over the same in-memory stores, the sender settling after each chunk as its handler does. */
function pipeline(subjects = manySubjects(60)) {
  const profile = aProfile();
  const disclosures = new InMemoryDisclosureStore(aDisclosure(), aProgress({ partsTotal: 1 }));
  const subjectStore = new InMemorySubjectStore(subjects, () => 0);
  const ledger = new InMemoryLedger();
  const mailer = new FakeMailer();
  const planQueue = new RecordingQueue<PlanMessage>();
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const common = { disclosures, ledger, findProfile: () => profile, clock: fixedClock(NOW) };
  const planner: PlannerDependencies = { ...common, subjects: subjectStore, planQueue, notifyQueue };
  const sender: SenderDependencies = { ...common, subjects: subjectStore, mailer, pace: async () => {} };
  const send = async (message: NotifyMessage) => {
    await sendChunk(sender, message);
    await settleIfComplete(disclosures, fixedClock(NOW), CONTROLLER_ID, DISCLOSURE_ID);
  };
  return { planner, disclosures, subjectStore, mailer, notifyQueue, send };
}

describe('a page planned again after the audience changed', () => {
  it('mails every subject once, counts every subject once, and settles only once all were mailed', async () => {
    // Prepare: the first plan publishes its chunks, then fails before counting the page; a subject
    // joins the shard before the queue delivers the plan message again, which moves every later member
    // to another chunk (other members, other workIds).
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
    const audience = new Set([...first!, ...second!].flatMap((chunk) => chunk.subjectIds));
    expect(audience.size).toBe(61);
    expect(disclosures.progress).toMatchObject({ partsPlanned: 1, subjects: 61 });

    // Act: the notify queue delivers all four chunks, the first chunk of each plan first.
    for (const chunk of [first![0]!, second![0]!, first![1]!, second![1]!]) {
      await send(chunk);
      // Assess (on the way): the disclosure is settled only once every subject was mailed.
      if (disclosures.completedAt) expect(new Set(mailer.mailed).size).toBe(audience.size);
    }

    // Assess
    expect(mailer.mailed).toHaveLength(audience.size);
    expect(new Set(mailer.mailed).size).toBe(audience.size);
    const { subjects, notified, failed, suppressed } = disclosures.progress;
    expect(notified + failed + suppressed).toBe(subjects);
    expect(disclosures.events.map((event) => event.data)).toEqual([{ subjects: 61, notified: 61, failed: 0, suppressed: 0 }]);
  });
});
