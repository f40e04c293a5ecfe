import { describe, expect, it } from 'vitest';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { extendErasure } from '../../../shared/workflow/extend-erasure';
import { receiveErasure } from '../../../shared/workflow/receive-erasure';
import { sendErasureVerification } from '../../../shared/workflow/send-erasure-verification';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, InMemorySubjectStore, InMemoryTimerStore, RecordingQueue, SettableClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECEIVED_AT = '2027-01-31T10:00:00.000Z';
const NOW = '2027-02-01T09:00:00.000Z';
const LEGAL = { clientId: 'legal-console', sub: 'jurist-7' };
const SECRET = new TextEncoder().encode('a-link-secret-of-at-least-32-bytes!');

/** The intake, extension and verification workflows over one in-memory table; a controller in the Netherlands, 14 days to confirm. */
function erasurePipeline() {
  const profile = aProfile();
  const timers = new InMemoryTimerStore();
  const erasures = new InMemoryErasureStore([], timers);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const clock = new SettableClock(NOW);
  const subjectStore = new InMemorySubjectStore([aSubject('alice', 'en')]);
  const receive = (receivedAt = RECEIVED_AT) =>
    receiveErasure({ erasures, subjects: subjectStore, notifyQueue, clock, newId: () => ERASURE_ID }, profile, { subjectId: 'alice', receivedAt, channel: 'post' }, LEGAL);
  const extend = (months: 1 | 2) => extendErasure({ erasures, notifyQueue, clock }, profile, ERASURE_ID, { reason: 'Six systems to search one by one', months }, LEGAL);
  const sendVerification = () =>
    sendErasureVerification(
      {
        erasures,
        subjects: subjectStore,
        timers,
        mailer: new FakeMailer(),
        findProfile: () => profile,
        clock,
        publicBaseUrl: 'https://privacy.acme-care.example',
        linkSecret: async () => SECRET,
      },
      { type: 'erasure-verification', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `verification#${ERASURE_ID}` },
    );
  const armed = () => timers.armed(ERASURE_ID).map(({ name, dueAt }) => ({ name, dueAt }));
  return { timers, erasures, subjectStore, clock, receive, extend, sendVerification, armed };
}

describe('arming erasure timers', () => {
  it('arms the legal team reminders, at the start of the days 7 and 1 days before its due date in Amsterdam, and the overdue flag with the request', async () => {
    // Prepare
    const { receive, armed } = erasurePipeline();

    // Act
    const outcome = await receive();

    // Assess: due Monday 1 March 2027; 22 and 28 February start at 23:00 UTC the day before, 1 March ends at 23:00 UTC.
    expect(outcome).toMatchObject({ dueDate: '2027-03-01' });
    expect(armed()).toEqual([
      { name: 'due-reminder-7d', dueAt: '2027-02-21T23:00:00.000Z' },
      { name: 'due-reminder-1d', dueAt: '2027-02-27T23:00:00.000Z' },
      { name: 'overdue', dueAt: '2027-03-01T23:00:00.000Z' },
    ]);
  });

  it('leaves out a reminder already past when a request is recorded late', async () => {
    // Prepare: received on 31 January, recorded on 25 February, after the 7-day reminder.
    const { clock, receive, armed } = erasurePipeline();
    clock.set('2027-02-25T09:00:00.000Z');

    // Act
    await receive();

    // Assess
    expect(armed().map((timer) => timer.name)).toEqual(['due-reminder-1d', 'overdue']);
  });

  it('re-arms the three for the new due date with an extension: those of the old one are gone', async () => {
    // Prepare
    const { clock, receive, extend, armed } = erasurePipeline();
    await receive();
    clock.set('2027-02-10T12:00:00.000Z');

    // Act
    const outcome = await extend(1);

    // Assess: 31 January + 2 months is Wednesday 31 March 2027, after the change to summer time on 28 March:
    // 24 March starts at 23:00 UTC the day before (winter time), 30 March at 22:00 UTC (summer time).
    expect(outcome).toMatchObject({ outcome: 'extended', dueDate: '2027-03-31' });
    expect(armed()).toEqual([
      { name: 'due-reminder-7d', dueAt: '2027-03-23T23:00:00.000Z' },
      { name: 'due-reminder-1d', dueAt: '2027-03-29T22:00:00.000Z' },
      { name: 'overdue', dueAt: '2027-03-31T22:00:00.000Z' },
    ]);
  });

  it('arms the subject reminder halfway and the lapse at the expiry with the verification email, once', async () => {
    // Prepare
    const { timers, clock, receive, sendVerification, armed } = erasurePipeline();
    await receive();
    clock.set('2027-02-01T09:00:02.000Z');

    // Act
    await sendVerification();
    const armings = timers.armings.length;
    await sendVerification();

    // Assess
    expect(armed()).toEqual([
      { name: 'verification-reminder', dueAt: '2027-02-08T09:00:02.000Z' },
      { name: 'verification-lapse', dueAt: '2027-02-15T09:00:02.000Z' },
      { name: 'due-reminder-7d', dueAt: '2027-02-21T23:00:00.000Z' },
      { name: 'due-reminder-1d', dueAt: '2027-02-27T23:00:00.000Z' },
      { name: 'overdue', dueAt: '2027-03-01T23:00:00.000Z' },
    ]);
    // A repeated message finds the request moved on: it arms nothing again.
    expect(timers.armings).toHaveLength(armings);
  });

  it('arms only the lapse when the subject is no longer known: there is no address to remind', async () => {
    // Prepare
    const { subjectStore, clock, receive, sendVerification, armed } = erasurePipeline();
    await receive();
    subjectStore.erase('alice');
    clock.set('2027-02-01T09:00:02.000Z');

    // Act
    const result = await sendVerification();

    // Assess
    expect(result).toEqual({ sent: false });
    expect(armed().map((timer) => timer.name)).toEqual(['verification-lapse', 'due-reminder-7d', 'due-reminder-1d', 'overdue']);
  });
});
