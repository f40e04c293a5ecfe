import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { renderBreachFilingReminder } from '../../../shared/domain/notice/breach-filing-reminder';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import type { BreachFilingReminder } from '../../../shared/messages/pipeline-messages';
import { sendBreachFilingReminder, type BreachFilingReminderDependencies } from '../../../shared/workflow/send-breach-filing-reminder';
import { BREACH_ID, InMemoryBreachStore, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { FakeMailer, fixedClock } from '../../helpers/fakes';

/** 48 hours after the factories' breach became known (1 December 2026 08:00 UTC). */
const NOW = '2026-12-03T08:00:00.000Z';
const DPO = { name: 'Mr. F. de Vries', email: 'fg@acme-care.example', source: 'Onze functionaris gegevensbescherming.' };

const message = (hoursSinceAware: BreachFilingReminder['hoursSinceAware'] = 48): BreachFilingReminder => ({
  type: 'breach-filing-reminder',
  controllerId: CONTROLLER_ID,
  breachId: BREACH_ID,
  workId: `filing-reminder#${hoursSinceAware}`,
  hoursSinceAware,
});

function reminder(breach: StoredBreach = aStoredBreach(), profile: PolicyProfile = aProfile({ breachContact: DPO }), mailer = new FakeMailer()) {
  const breaches = new InMemoryBreachStore([breach]);
  const deps: BreachFilingReminderDependencies = {
    breaches,
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  const eventsOf = async (type: string) => (await breaches.events(CONTROLLER_ID, BREACH_ID)).filter((event) => event.type === type);
  return { deps, breaches, mailer, profile, eventsOf };
}

describe('sendBreachFilingReminder', () => {
  it("mails the breach contact and the privacy address from the controller's sender, and records it once", async () => {
    // Prepare
    const { deps, mailer, profile, eventsOf } = reminder();

    // Act
    const result = await sendBreachFilingReminder(deps, message());

    // Assess
    expect(result).toEqual({ sent: true });
    const email = renderBreachFilingReminder({ profile, breachId: BREACH_ID, awareAt: '2026-12-01T08:00:00.000Z', hoursSinceAware: 48, now: new Date(NOW), contactName: DPO.name });
    const from = { from: `"${profile.sender.name}" <${profile.sender.address}>`, replyTo: [profile.sender.replyTo] };
    expect(mailer.singles).toEqual([
      { ...from, to: 'fg@acme-care.example', ...email, configurationSet: 'notices' },
      { ...from, to: 'privacy@acme-care.example', ...email, configurationSet: 'notices' },
    ]);
    expect(email.text).toContain('Er blijft nog 24 uur over.');
    const recorded = await eventsOf('breach.filing_reminded');
    expect(recorded.map((event) => event.data)).toEqual([{ workId: 'filing-reminder#48', hoursSinceAware: 48, addresses: 2 }]);
    expect(recorded[0]!.at).toBe(NOW);
  });

  it('mails one address once when the breach contact is the privacy address, whatever its case', async () => {
    const { deps, mailer } = reminder(aStoredBreach(), aProfile({ breachContact: { ...DPO, email: 'Privacy@Acme-Care.example' } }));
    await sendBreachFilingReminder(deps, message());
    expect(mailer.singles.map((email) => email.to)).toEqual(['Privacy@Acme-Care.example']);
  });

  it('sends the same work once: a repeated message mails nobody and records nothing', async () => {
    const { deps, mailer, eventsOf } = reminder();
    await sendBreachFilingReminder(deps, message());

    const again = await sendBreachFilingReminder(deps, message());

    expect(again).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(2);
    expect(await eventsOf('breach.filing_reminded')).toHaveLength(1);
  });

  it('after a failure between the two mails, mails only the address not yet mailed', async () => {
    // Prepare: the second address fails once.
    let failures = 0;
    const failing = new FakeMailer(undefined, (email, call) => {
      if (email.to === 'privacy@acme-care.example' && failures++ === 0) throw new Error('Throttling');
      return `ses-${call}`;
    });
    const { deps, mailer, eventsOf } = reminder(aStoredBreach(), aProfile({ breachContact: DPO }), failing);
    await expect(sendBreachFilingReminder(deps, message())).rejects.toThrow('Throttling');
    expect(await eventsOf('breach.filing_reminded')).toEqual([]);

    // Act
    await sendBreachFilingReminder(deps, message());

    // Assess
    expect(mailer.singles.map((email) => email.to)).toEqual(['fg@acme-care.example', 'privacy@acme-care.example']);
    expect(await eventsOf('breach.filing_reminded')).toHaveLength(1);
  });

  it('mails nobody again when the reminder was recorded but its work marker was lost', async () => {
    const { deps, breaches, mailer, eventsOf } = reminder();
    await breaches.recordSent(CONTROLLER_ID, BREACH_ID, 'breach.filing_reminded', { workId: 'filing-reminder#48', hoursSinceAware: 48, addresses: 2 }, NOW);

    expect(await sendBreachFilingReminder(deps, message())).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(await eventsOf('breach.filing_reminded')).toHaveLength(1);
    expect(await breaches.finishedWork(CONTROLLER_ID, BREACH_ID, 'filing-reminder#48')).toEqual({ result: { sent: true } });
  });

  it('drops a reminder queued before a filing was recorded, before a withdrawal, or before a `none` assessment closed the breach', async () => {
    const filed = aStoredBreach({ filings: [aFiling()] });
    const closed = aStoredBreach({ assessment: anAssessment({ risk: 'none' }), closedAt: '2026-12-02T12:00:00.000Z' });
    for (const breach of [filed, closed]) {
      const { deps, mailer, breaches, eventsOf } = reminder(breach);
      expect(await sendBreachFilingReminder(deps, message())).toEqual({ sent: false });
      expect(mailer.singles).toEqual([]);
      expect(await eventsOf('breach.filing_reminded')).toEqual([]);
      expect(await breaches.finishedWork(CONTROLLER_ID, BREACH_ID, 'filing-reminder#48')).toEqual({ result: { sent: false } });
    }
  });

  it('says at 72 hours that a filing now needs the reasons for its delay', async () => {
    const { deps, mailer } = reminder();
    await sendBreachFilingReminder(deps, message(72));
    expect(mailer.singles[0]!.text).toContain('delayReasons');
    expect(mailer.singles[0]!.subject).toContain('niet binnen 72 uur gemeld');
  });

  it('names the hours of its own mark when the clock reads earlier (a sweep in simulated time), and real time when later', async () => {
    const { deps, mailer } = reminder();

    // The clock reads 48 hours; the 70-hour reminder still says 70 gone and 2 left, the 24-hour one 48 gone.
    await sendBreachFilingReminder(deps, message(70));
    await sendBreachFilingReminder(deps, message(24));

    expect(mailer.singles[0]!.text).toContain('70 uur geleden');
    expect(mailer.singles[0]!.text).toContain('Er blijft nog 2 uur over.');
    expect(mailer.singles[2]!.text).toContain('48 uur geleden');
    expect(mailer.singles[2]!.text).toContain('Er blijft nog 24 uur over.');
  });

  it('fails on an unknown breach or controller, so the message is retried and then kept in the dead-letter queue', async () => {
    const { deps } = reminder();
    await expect(sendBreachFilingReminder(deps, { ...message(), breachId: 'nobody' })).rejects.toThrow(/unknown breach/);
    await expect(sendBreachFilingReminder(deps, { ...message(), controllerId: 'nobody' })).rejects.toThrow(/unknown controller/);
  });
});
