import { describe, expect, it } from 'vitest';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import type { ErasureRejectionNotice } from '../../../shared/messages/pipeline-messages';
import { sendErasureRejection, type ErasureRejectionDependencies } from '../../../shared/workflow/send-erasure-rejection';
import { ErasureNotRecordedError } from '../../../shared/workflow/send-erasure-verification';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, InMemorySubjectStore } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const REASON = 'We are in court with you over invoice 2026-118.';

const message: ErasureRejectionNotice = { type: 'erasure-rejection', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `rejection#${ERASURE_ID}` };

async function sender(subjects: readonly Subject[], { rejected = true, state = 'verified' as ErasureState } = {}) {
  const erasures = new InMemoryErasureStore([
    {
      request: {
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        subjectId: 'alice',
        receivedAt: '2027-01-31T10:00:00.000Z',
        channel: 'web',
        dueDate: '2027-03-01',
        recordedAt: '2027-01-31T10:00:00.000Z',
      },
      state,
      dueDate: '2027-03-01',
      extendedMonths: 0,
    },
  ]);
  if (rejected) await erasures.reject(CONTROLLER_ID, ERASURE_ID, { from: state, ground: 'legal_claims', reason: REASON, rejectedBy: { clientId: 'legal' } }, '2027-02-10T12:00:00.000Z');
  const mailer = new FakeMailer();
  const profile = aProfile();
  const deps: ErasureRejectionDependencies = {
    erasures,
    subjects: new InMemorySubjectStore(subjects),
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    configurationSet: 'notices',
  };
  return { deps, mailer, profile };
}

describe('sendErasureRejection', () => {
  it('tells the subject at the registered address, from the controller, in their language, the ground, the reason and where to turn', async () => {
    // Prepare
    const { deps, mailer, profile } = await sender([aSubject('alice', 'en', { email: 'alice@mail.example', name: 'Alice Smith' })]);

    // Act
    const outcome = await sendErasureRejection(deps, message);

    // Assess
    expect(outcome).toEqual({ sent: true });
    expect(mailer.singles).toHaveLength(1);
    const [email] = mailer.singles;
    expect(email).toMatchObject({ to: 'alice@mail.example', replyTo: [profile.sender.replyTo], configurationSet: 'notices' });
    expect(email!.from).toContain(profile.sender.address);
    expect(email!.subject).toBe('Acme Care B.V. has refused your request to erase your personal data');
    expect(email!.text).toContain('Dear Alice Smith,');
    expect(email!.text).toContain('We need your data to establish, exercise or defend legal claims.');
    expect(email!.text).toContain(REASON);
    expect(email!.text).toContain('Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl)');
    expect(email!.text).toContain('take the matter to court');
  });

  it('writes in Dutch to a Dutch subject', async () => {
    const { deps, mailer } = await sender([aSubject('alice', 'nl')]);
    await sendErasureRejection(deps, message);
    expect(mailer.singles[0]!.subject).toBe('Acme Care B.V. wijst uw verzoek om uw persoonsgegevens te verwijderen af');
  });

  it('fails, sending nothing, while the rejection is not recorded: the sender drops the notice after a few tries', async () => {
    // Prepare: the notice is queued before the rejection is recorded, which failed.
    const { deps, mailer } = await sender([aSubject('alice', 'en')], { rejected: false });

    // Act
    const sending = sendErasureRejection(deps, message);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(ErasureNotRecordedError);
    expect(mailer.singles).toEqual([]);
  });

  it('sends nothing to a subject no longer known: there is no registered address', async () => {
    const { deps, mailer } = await sender([]);
    expect(await sendErasureRejection(deps, message)).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
  });
});
