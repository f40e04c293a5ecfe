import { describe, expect, it } from 'vitest';
import type { ErasureExtensionNotice } from '../../../shared/messages/pipeline-messages';
import { sendErasureExtension, type ErasureExtensionDependencies } from '../../../shared/workflow/send-erasure-extension';
import { ErasureNotRecordedError } from '../../../shared/workflow/send-erasure-verification';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, InMemorySubjectStore } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const FIRST = 'Six systems to search after the merger';
const SECOND = 'The archive supplier needs another month';

const notice = (dueDate: string): ErasureExtensionNotice => ({
  type: 'erasure-extension',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  workId: `extension#${ERASURE_ID}#${dueDate}`,
  dueDate,
});

async function sender(extensions: number) {
  const erasures = new InMemoryErasureStore([
    {
      request: {
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        subjectId: 'alice',
        receivedAt: '2027-01-31T10:00:00.000Z',
        channel: 'post',
        dueDate: '2027-03-01',
        recordedAt: '2027-01-31T10:00:00.000Z',
      },
      state: 'verified',
      dueDate: '2027-03-01',
      extendedMonths: 0,
    },
  ]);
  const extendedBy = { clientId: 'legal' };
  if (extensions >= 1) {
    await erasures.extend(CONTROLLER_ID, ERASURE_ID, { extendedMonthsSoFar: 0, extendedMonths: 1, previousDueDate: '2027-03-01', dueDate: '2027-03-31', reason: FIRST, extendedBy }, '2027-02-10T09:00:00.000Z');
  }
  if (extensions >= 2) {
    const { extensions: soFar } = (await erasures.get(CONTROLLER_ID, ERASURE_ID))!;
    await erasures.extend(
      CONTROLLER_ID,
      ERASURE_ID,
      { extendedMonthsSoFar: 1, extensionsSoFar: soFar, extendedMonths: 2, previousDueDate: '2027-03-31', dueDate: '2027-04-30', reason: SECOND, extendedBy },
      '2027-02-12T09:00:00.000Z',
    );
  }
  const mailer = new FakeMailer();
  const profile = aProfile();
  const deps: ErasureExtensionDependencies = {
    erasures,
    subjects: new InMemorySubjectStore([aSubject('alice', 'en', { email: 'alice@mail.example', name: 'Alice Smith' })]),
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
  };
  return { deps, mailer, erasures };
}

describe('sendErasureExtension', () => {
  it('tells the subject the reason of the extension its notice is for, read from the request, not from the evidence', async () => {
    // Prepare: two extensions recorded before either notice went out.
    const { deps, mailer, erasures } = await sender(2);

    // Act
    await sendErasureExtension(deps, notice('2027-03-31'));
    await sendErasureExtension(deps, notice('2027-04-30'));

    // Assess
    expect(mailer.singles.map((email) => email.to)).toEqual(['alice@mail.example', 'alice@mail.example']);
    expect(mailer.singles[0]!.text).toContain(FIRST);
    expect(mailer.singles[0]!.text).not.toContain(SECOND);
    expect(mailer.singles[1]!.text).toContain(SECOND);
    const evidence = JSON.stringify(await erasures.events(CONTROLLER_ID, ERASURE_ID));
    expect(evidence).not.toContain(FIRST);
    expect(evidence).not.toContain(SECOND);
  });

  it('fails a notice whose extension is not recorded yet, so the queue retries it (and drops it in the end)', async () => {
    // Prepare
    const { deps, mailer } = await sender(0);

    // Act / Assess
    await expect(sendErasureExtension(deps, notice('2027-03-31'))).rejects.toBeInstanceOf(ErasureNotRecordedError);
    expect(mailer.singles).toEqual([]);
  });
});
