import { describe, expect, it } from 'vitest';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import { renderObjectionConfirmation } from '../../../shared/domain/notice/objection-confirmation';
import type { ObjectionConfirmation } from '../../../shared/messages/pipeline-messages';
import { ObjectionNotRecordedError, sendObjectionConfirmation, type ObjectionConfirmationDependencies } from '../../../shared/workflow/send-objection-confirmation';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aProfile, aProgress, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryDisclosureStore, InMemorySubjectStore, fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-01T08:00:05.000Z';
const OBJECTED_AT = '2026-12-01T08:00:00.000Z';
const PLANNED_AT = '2026-12-24T10:00:00.000Z';
const announced = () => aDisclosure({ noticeMode: 'before', intentAt: '2026-11-24T10:00:00.000Z', plannedAt: PLANNED_AT, occurredAt: PLANNED_AT });

const confirmation = (subjectId = 'alice'): ObjectionConfirmation => ({
  type: 'objection-confirmation',
  controllerId: CONTROLLER_ID,
  disclosureId: DISCLOSURE_ID,
  workId: `objection#${subjectId}`,
  subjectId,
});

function confirmer(subjects: readonly Subject[], mailer = new FakeMailer()) {
  const profile = aProfile();
  const disclosures = new InMemoryDisclosureStore(announced(), aProgress(), { intentStartedAt: '2026-11-24T10:00:00.000Z' });
  const subjectStore = new InMemorySubjectStore(subjects);
  const deps: ObjectionConfirmationDependencies = {
    disclosures,
    subjects: subjectStore,
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  return { deps, disclosures, subjectStore, mailer, profile };
}

describe('sendObjectionConfirmation', () => {
  it("confirms the objection once to the subject's own address, in their language", async () => {
    // Prepare
    const { deps, disclosures, mailer, profile } = confirmer([aSubject('alice', 'en'), aSubject('bob', 'nl')]);
    disclosures.seedObjection('alice', OBJECTED_AT);
    const expected = renderObjectionConfirmation({ profile, disclosure: announced(), locale: 'en', name: 'Name of alice', objectedAt: OBJECTED_AT });

    // Act
    const result = await sendObjectionConfirmation(deps, confirmation('alice'));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toEqual([
      {
        from: `"${profile.sender.name}" <${profile.sender.address}>`,
        replyTo: [profile.sender.replyTo],
        to: 'alice@mail.example',
        ...expected,
        configurationSet: 'notices',
      },
    ]);
    expect(mailer.calls).toEqual([]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, 'objection#alice')).toEqual({ result: { sent: true } });
  });

  it('writes to a Dutch subject in Dutch', async () => {
    // Prepare
    const { deps, disclosures, mailer, profile } = confirmer([aSubject('bob', 'nl')]);
    disclosures.seedObjection('bob', OBJECTED_AT);
    const dutch = renderObjectionConfirmation({ profile, disclosure: announced(), locale: 'nl', name: 'Name of bob', objectedAt: OBJECTED_AT });
    const english = renderObjectionConfirmation({ profile, disclosure: announced(), locale: 'en', name: 'Name of bob', objectedAt: OBJECTED_AT });

    // Act
    await sendObjectionConfirmation(deps, confirmation('bob'));

    // Assess
    expect(mailer.singles[0]!.subject).toBe(dutch.subject);
    expect(dutch.subject).not.toBe(english.subject);
  });

  it('sends nothing the second time', async () => {
    // Prepare
    const { deps, disclosures, mailer } = confirmer([aSubject('alice')]);
    disclosures.seedObjection('alice', OBJECTED_AT);
    await sendObjectionConfirmation(deps, confirmation('alice'));

    // Act
    const again = await sendObjectionConfirmation(deps, confirmation('alice'));

    // Assess
    expect(again).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(1);
  });

  it('marks the work done without mailing when the subject was erased since objecting', async () => {
    // Prepare
    const { deps, disclosures, mailer } = confirmer([]);
    disclosures.seedObjection('alice', OBJECTED_AT);

    // Act
    const result = await sendObjectionConfirmation(deps, confirmation('alice'));

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, 'objection#alice')).toEqual({ result: { sent: false } });
  });

  it('refuses to confirm an objection that is not recorded, mailing nothing', async () => {
    // Prepare
    const { deps, disclosures, mailer } = confirmer([aSubject('alice')]);

    // Act
    const sending = sendObjectionConfirmation(deps, confirmation('alice'));

    // Assess
    await expect(sending).rejects.toThrow(ObjectionNotRecordedError);
    expect(mailer.singles).toEqual([]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, 'objection#alice')).toBeUndefined();
  });

  it('lets a mailer error through without marking the work done, so the retry confirms', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer(undefined, (_email, call) => {
      if (failing) throw new Error('Throttling');
      return `ses-one-${call}`;
    });
    const { deps, disclosures } = confirmer([aSubject('alice')], mailer);
    disclosures.seedObjection('alice', OBJECTED_AT);
    await expect(sendObjectionConfirmation(deps, confirmation('alice'))).rejects.toThrow(/Throttling/);
    failing = false;

    // Act
    const result = await sendObjectionConfirmation(deps, confirmation('alice'));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles.map((email) => email.to)).toEqual(['alice@mail.example']);
  });
});
