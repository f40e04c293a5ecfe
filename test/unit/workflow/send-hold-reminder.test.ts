import { describe, expect, it } from 'vitest';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import { renderHoldReminder } from '../../../shared/domain/notice/hold-reminder';
import type { HoldReminder } from '../../../shared/messages/pipeline-messages';
import { sendHoldReminder, type HoldReminderDependencies } from '../../../shared/workflow/send-hold-reminder';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProfile, aProgress } from '../../helpers/factories';
import { FakeMailer, InMemoryDisclosureStore, fixedClock, type SeedOptions } from '../../helpers/fakes';

const NOW = '2027-01-08T09:00:00.000Z';
const UNTIL = '2027-01-15T09:00:00.000Z';
const hold = { until: UNTIL, reason: 'Order of the public prosecutor', orderReference: 'OvJ-2026-77' };
const deferred = (until = UNTIL) => aDisclosure({ kind: 'law_enforcement', noticeMode: 'deferred', hold: { ...hold, until } });

const reminder = (daysLeft: 7 | 1 = 7, until = UNTIL): HoldReminder => ({
  type: 'hold-reminder',
  controllerId: CONTROLLER_ID,
  disclosureId: DISCLOSURE_ID,
  workId: `hold-reminder#${daysLeft}d#${until}`,
  daysLeft,
  until,
});

function reminders(disclosure: Disclosure = deferred(), seed: SeedOptions = {}, mailer = new FakeMailer()) {
  const profile = aProfile();
  const disclosures = new InMemoryDisclosureStore(disclosure, aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 42 }), seed);
  const deps: HoldReminderDependencies = {
    disclosures,
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  return { deps, disclosures, mailer, profile };
}

describe('sendHoldReminder', () => {
  it("mails the legal team once, in the controller's language, and records it as an event", async () => {
    // Prepare
    const { deps, disclosures, mailer, profile } = reminders();
    const expected = renderHoldReminder({ profile, disclosure: deferred(), locale: profile.defaultLocale, daysLeft: 7, subjects: 42 });

    // Act
    const result = await sendHoldReminder(deps, reminder(7));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toEqual([
      {
        from: `"${profile.sender.name}" <${profile.sender.address}>`,
        replyTo: [profile.sender.replyTo],
        to: profile.legalTeamEmail,
        ...expected,
        configurationSet: 'notices',
      },
    ]);
    expect(profile.legalTeamEmail).toBe('legal@acme-care.example');
    expect(disclosures.events).toEqual([
      expect.objectContaining({ type: 'disclosure.hold_reminder_sent', data: { daysLeft: 7, until: UNTIL }, at: NOW }),
    ]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, reminder(7).workId)).toEqual({ result: { sent: true } });
  });

  it('sends nothing and records nothing the second time', async () => {
    // Prepare
    const { deps, disclosures, mailer } = reminders();
    await sendHoldReminder(deps, reminder(7));

    // Act
    const again = await sendHoldReminder(deps, reminder(7));

    // Assess
    expect(again).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(1);
    expect(disclosures.events).toHaveLength(1);
  });

  it('sends the 1-day reminder as its own unit of work', async () => {
    // Prepare
    const { deps, disclosures, mailer } = reminders();
    await sendHoldReminder(deps, reminder(7));

    // Act
    const result = await sendHoldReminder(deps, reminder(1));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toHaveLength(2);
    expect(mailer.singles[1]!.subject).not.toBe(mailer.singles[0]!.subject);
    expect(disclosures.events.map((event) => event.data.daysLeft)).toEqual([7, 1]);
  });

  it('drops a reminder for a hold extended since, recording that it was dropped', async () => {
    // Prepare
    const { deps, disclosures, mailer } = reminders(deferred('2027-02-15T09:00:00.000Z'));

    // Act
    const result = await sendHoldReminder(deps, reminder(7));

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(disclosures.events).toEqual([
      expect.objectContaining({ type: 'disclosure.hold_reminder_dropped', data: { daysLeft: 7, until: UNTIL } }),
    ]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, reminder(7).workId)).toEqual({ result: { sent: false } });
  });

  it('drops a reminder for a hold released since', async () => {
    // Prepare
    const { deps, disclosures, mailer } = reminders(deferred(), { releasedAt: '2027-01-07T00:00:00.000Z' });

    // Act
    const result = await sendHoldReminder(deps, reminder(1));

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.hold_reminder_dropped']);
  });

  it('lets a mailer error through, recording nothing, so the retry sends it', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer(undefined, (_email, call) => {
      if (failing) throw new Error('Throttling');
      return `ses-one-${call}`;
    });
    const { deps, disclosures } = reminders(deferred(), {}, mailer);
    await expect(sendHoldReminder(deps, reminder(7))).rejects.toThrow(/Throttling/);
    expect(disclosures.events).toEqual([]);
    failing = false;

    // Act
    const result = await sendHoldReminder(deps, reminder(7));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toHaveLength(1);
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.hold_reminder_sent']);
  });

  it('refuses a reminder for a disclosure it does not know', async () => {
    // Prepare
    const { deps, mailer } = reminders();

    // Act
    const sending = sendHoldReminder(deps, { ...reminder(7), disclosureId: 'unknown' });

    // Assess
    await expect(sending).rejects.toThrow(/unknown disclosure/);
    expect(mailer.singles).toEqual([]);
  });
});
