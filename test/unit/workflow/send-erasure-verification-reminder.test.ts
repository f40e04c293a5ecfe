import { describe, expect, it } from 'vitest';
import type { StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { verifyLink } from '../../../shared/domain/links/signed-link';
import { renderErasureVerification } from '../../../shared/domain/notice/erasure-verification';
import type { ErasureVerificationReminder } from '../../../shared/messages/pipeline-messages';
import {
  sendErasureVerificationReminder,
  type ErasureVerificationReminderDependencies,
} from '../../../shared/workflow/send-erasure-verification-reminder';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, InMemorySubjectStore, fixedClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECEIVED_AT = '2027-01-31T10:00:00.000Z';
const EXPIRES_AT = '2027-02-15T09:00:02.000Z';
const NOW = '2027-02-08T09:00:30.000Z';
const PUBLIC_BASE_URL = 'https://privacy.acme-care.example';
const SECRET = new TextEncoder().encode('a-link-secret-of-at-least-32-bytes!');

const stored = (overrides: Partial<StoredErasure> = {}): StoredErasure => ({
  request: { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, subjectId: 'alice', receivedAt: RECEIVED_AT, channel: 'post', dueDate: '2027-03-01', recordedAt: RECEIVED_AT },
  state: 'awaiting_verification',
  dueDate: '2027-03-01',
  extendedMonths: 0,
  verificationExpiresAt: EXPIRES_AT,
  ...overrides,
});

const message: ErasureVerificationReminder = {
  type: 'erasure-verification-reminder',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  workId: `verification-reminder#${ERASURE_ID}`,
};

function reminder(request = stored(), now = NOW) {
  const erasures = new InMemoryErasureStore([request]);
  const subjects = new InMemorySubjectStore([aSubject('alice', 'en'), aSubject('bob', 'nl')]);
  const mailer = new FakeMailer();
  const profile = aProfile();
  const deps: ErasureVerificationReminderDependencies = {
    erasures,
    subjects,
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(now),
    configurationSet: 'notices',
    publicBaseUrl: PUBLIC_BASE_URL,
    linkSecret: async () => SECRET,
  };
  return { deps, erasures, subjects, mailer, profile };
}

const tokenOf = (text: string) => /https:\/\/privacy\.acme-care\.example\/v\/([\w.-]+)/.exec(text)![1]!;

describe('sendErasureVerificationReminder', () => {
  it('reminds the subject at their registered address, in their language, with a fresh link, and records it', async () => {
    // Prepare
    const { deps, erasures, mailer, profile } = reminder();

    // Act
    const result = await sendErasureVerificationReminder(deps, message);

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toHaveLength(1);
    const email = mailer.singles[0]!;
    const token = tokenOf(email.text);
    expect(email).toEqual({
      from: `"${profile.sender.name}" <${profile.sender.address}>`,
      replyTo: [profile.sender.replyTo],
      to: 'alice@mail.example',
      ...renderErasureVerification({
        profile,
        locale: 'en',
        name: 'Name of alice',
        receivedOn: RECEIVED_AT,
        channel: 'post',
        verifyUrl: `${PUBLIC_BASE_URL}/v/${token}`,
        expiresAt: EXPIRES_AT,
        reminder: true,
      }),
      configurationSet: 'notices',
    });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.map(({ type, at, data }) => ({ type, at, data }))).toEqual([
      { type: 'erasure.verification_reminded', at: NOW, data: { verificationExpiresAt: EXPIRES_AT } },
    ]);
    expect(verifyChain(events)).toBe(true);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))?.verificationRemindedAt).toBe(NOW);
  });

  it('signs a link for this request of this subject that expires when the first one does, not later', async () => {
    // Prepare
    const { deps, mailer } = reminder();

    // Act
    await sendErasureVerificationReminder(deps, message);

    // Assess
    const token = tokenOf(mailer.singles[0]!.text);
    expect(await verifyLink(token, 'verify', SECRET, new Date(NOW))).toEqual({
      purpose: 'verify',
      controllerId: CONTROLLER_ID,
      aggregateId: ERASURE_ID,
      subjectId: 'alice',
      expiresAt: new Date(EXPIRES_AT),
    });
    expect(await verifyLink(token, 'verify', SECRET, new Date(EXPIRES_AT))).toBeUndefined();
  });

  it('reminds once: a repeated message sends nothing and records nothing', async () => {
    // Prepare
    const { deps, erasures, mailer } = reminder();
    await sendErasureVerificationReminder(deps, message);

    // Act
    const again = await sendErasureVerificationReminder(deps, message);

    // Assess
    expect(again).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(1);
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toHaveLength(1);
  });

  it.each<[string, Partial<StoredErasure>, string?]>([
    ['confirmed since', { state: 'verified' }],
    ['lapsed', { state: 'lapsed' }],
    ['past its expiry', {}, EXPIRES_AT],
    ['reminded before', { verificationRemindedAt: '2027-02-08T09:00:10.000Z' }],
  ])('sends nothing for a request %s', async (_, overrides, now) => {
    // Prepare
    const { deps, erasures, mailer } = reminder(stored(overrides), now);

    // Act
    const result = await sendErasureVerificationReminder(deps, message);

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
  });

  it('sends nothing when the subject is no longer known: there is no registered address', async () => {
    // Prepare
    const { deps, subjects, mailer } = reminder();
    subjects.erase('alice');

    // Act
    const result = await sendErasureVerificationReminder(deps, message);

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
  });

  it('refuses a message for a controller or a request it does not know', async () => {
    const { deps } = reminder();
    await expect(sendErasureVerificationReminder(deps, { ...message, controllerId: 'someone-else' })).rejects.toThrow('unknown controller');
    await expect(sendErasureVerificationReminder(deps, { ...message, erasureId: 'no-such-request' })).rejects.toThrow('unknown erasure request');
  });
});
