import { describe, expect, it } from 'vitest';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { verifyLink } from '../../../shared/domain/links/signed-link';
import { renderErasureVerification } from '../../../shared/domain/notice/erasure-verification';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import type { ErasureVerification } from '../../../shared/messages/pipeline-messages';
import {
  ErasureNotRecordedError,
  sendErasureVerification,
  type ErasureVerificationDependencies,
} from '../../../shared/workflow/send-erasure-verification';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, InMemorySubjectStore, fixedClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECEIVED_AT = '2027-01-31T10:00:00.000Z';
const RECORDED_AT = '2027-02-01T09:00:00.000Z';
const NOW = '2027-02-01T09:00:02.000Z';
const DAY_MS = 24 * 3600_000;
const PUBLIC_BASE_URL = 'https://privacy.acme-care.example';
const SECRET = new TextEncoder().encode('a-link-secret-of-at-least-32-bytes!');

const aRequest = (subjectId = 'alice', overrides: Partial<ErasureRequest> = {}): ErasureRequest => ({
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId,
  receivedAt: RECEIVED_AT,
  channel: 'post',
  dueDate: '2027-03-01',
  recordedAt: RECORDED_AT,
  ...overrides,
});

const message = (erasureId = ERASURE_ID): ErasureVerification => ({
  type: 'erasure-verification',
  controllerId: CONTROLLER_ID,
  erasureId,
  workId: `verification#${erasureId}`,
});

async function verifier(subjects: readonly Subject[], { profile = aProfile(), mailer = new FakeMailer(), request = aRequest(), recorded = true } = {}) {
  const erasures = new InMemoryErasureStore();
  if (recorded) await erasures.record(request, { clientId: 'legal-console', sub: 'jurist-7' });
  const subjectStore = new InMemorySubjectStore(subjects);
  const deps: ErasureVerificationDependencies = {
    erasures,
    subjects: subjectStore,
    timers: erasures.timers,
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
    configurationSet: 'notices',
    publicBaseUrl: PUBLIC_BASE_URL,
    linkSecret: async () => SECRET,
  };
  return { deps, erasures, subjectStore, mailer, profile };
}

/** The token of the one verification link an email carries, checking it is the same in text and HTML. */
function linkToken(email: { text: string; html: string }): string {
  const inText = [...email.text.matchAll(/https:\/\/privacy\.acme-care\.example\/v\/([\w.-]+)/g)].map((match) => match[1]!);
  expect(new Set(inText).size).toBe(1);
  expect(email.html).toContain(`${PUBLIC_BASE_URL}/v/${inText[0]}`);
  return inText[0]!;
}

const expiresAfter = (profile: PolicyProfile) => new Date(Date.parse(NOW) + profile.requests.verificationLapseDays * DAY_MS).toISOString();

describe('sendErasureVerification', () => {
  it("sends one email, to the subject's registered address only, in their language, with their link", async () => {
    // Prepare
    const { deps, mailer, profile } = await verifier([aSubject('alice', 'en'), aSubject('bob', 'nl')]);
    const expiresAt = expiresAfter(profile);

    // Act
    const result = await sendErasureVerification(deps, message());

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.calls).toEqual([]);
    expect(mailer.singles).toHaveLength(1);
    const token = linkToken(mailer.singles[0]!);
    const expected = renderErasureVerification({
      profile,
      locale: 'en',
      name: 'Name of alice',
      receivedOn: RECEIVED_AT,
      channel: 'post',
      verifyUrl: `${PUBLIC_BASE_URL}/v/${token}`,
      expiresAt,
    });
    expect(mailer.singles).toEqual([
      {
        from: `"${profile.sender.name}" <${profile.sender.address}>`,
        replyTo: [profile.sender.replyTo],
        to: 'alice@mail.example',
        ...expected,
        configurationSet: 'notices',
      },
    ]);
  });

  it('signs a link that verifies this request of this subject, for verification only, until the end of the lapse period', async () => {
    // Prepare
    const { deps, mailer, profile } = await verifier([aSubject('alice', 'en')]);
    const expiresAt = expiresAfter(profile);
    expect(profile.requests.verificationLapseDays).toBe(14);

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    const token = linkToken(mailer.singles[0]!);
    expect(await verifyLink(token, 'verify', SECRET, new Date(NOW))).toEqual({
      purpose: 'verify',
      controllerId: CONTROLLER_ID,
      aggregateId: ERASURE_ID,
      subjectId: 'alice',
      expiresAt: new Date(expiresAt),
    });
    expect(await verifyLink(token, 'verify', SECRET, new Date(Date.parse(expiresAt) - 1000))).toBeDefined();
    expect(await verifyLink(token, 'verify', SECRET, new Date(expiresAt))).toBeUndefined();
    expect(await verifyLink(token, 'object', SECRET, new Date(NOW))).toBeUndefined();
    expect(await verifyLink(token, 'verify', new TextEncoder().encode('another-secret-of-at-least-32-bytes'), new Date(NOW))).toBeUndefined();
  });

  it("keeps the link as long as the profile's verification period says", async () => {
    // Prepare
    const base = aProfile();
    const profile = aProfile({ requests: { ...base.requests, verificationLapseDays: 30 } });
    const { deps, erasures, mailer } = await verifier([aSubject('alice', 'en')], { profile });

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    const thirtyDaysOn = new Date(Date.parse(NOW) + 30 * DAY_MS);
    expect((await verifyLink(linkToken(mailer.singles[0]!), 'verify', SECRET, new Date(NOW)))!.expiresAt).toEqual(thirtyDaysOn);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.verificationExpiresAt).toBe(thirtyDaysOn.toISOString());
  });

  it('moves the request from received to awaiting verification, until the link expires, recorded as an event', async () => {
    // Prepare
    const { deps, erasures, profile } = await verifier([aSubject('alice', 'en')]);
    const expiresAt = expiresAfter(profile);

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toEqual({
      request: aRequest(),
      state: 'awaiting_verification',
      dueDate: '2027-03-01',
      extendedMonths: 0,
      verificationExpiresAt: expiresAt,
    });
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.map((event) => event.type)).toEqual(['erasure.received', 'erasure.verification_sent']);
    expect(events[1]).toMatchObject({
      seq: 2,
      at: NOW,
      data: { sent: true, expiresAt, from: 'received', to: 'awaiting_verification' },
    });
    expect(verifyChain(events)).toBe(true);
  });

  it('writes to a Dutch subject in Dutch', async () => {
    // Prepare
    const { deps, mailer, profile } = await verifier([aSubject('bob', 'nl')], { request: aRequest('bob') });

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    const email = mailer.singles[0]!;
    const input = { profile, name: 'Name of bob', receivedOn: RECEIVED_AT, channel: 'post', verifyUrl: `${PUBLIC_BASE_URL}/v/${linkToken(email)}`, expiresAt: expiresAfter(profile) } as const;
    expect(email.to).toBe('bob@mail.example');
    expect(email).toMatchObject(renderErasureVerification({ ...input, locale: 'nl' }));
    expect(email.subject).not.toBe(renderErasureVerification({ ...input, locale: 'en' }).subject);
  });

  it("writes in the controller's language to a subject whose own the controller does not write in", async () => {
    // Prepare
    const profile = aProfile({ languages: ['nl'], defaultLocale: 'nl' });
    const { deps, mailer } = await verifier([aSubject('alice', 'en')], { profile });

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    const email = mailer.singles[0]!;
    const dutch = renderErasureVerification({
      profile,
      locale: 'nl',
      name: 'Name of alice',
      receivedOn: RECEIVED_AT,
      channel: 'post',
      verifyUrl: `${PUBLIC_BASE_URL}/v/${linkToken(email)}`,
      expiresAt: expiresAfter(profile),
    });
    expect(email.subject).toBe(dutch.subject);
  });

  it('mails the address the subject has registered when the email is sent, not one they had before', async () => {
    // Prepare
    const { deps, subjectStore, mailer } = await verifier([aSubject('alice', 'en')]);
    await subjectStore.upsert(aSubject('alice', 'en', { email: 'alice.new@mail.example' }), RECORDED_AT);

    // Act
    await sendErasureVerification(deps, message());

    // Assess
    expect(mailer.singles.map((email) => email.to)).toEqual(['alice.new@mail.example']);
  });

  it('sends nothing for a second message of the same request', async () => {
    // Prepare
    const { deps, erasures, mailer } = await verifier([aSubject('alice', 'en')]);
    await sendErasureVerification(deps, message());

    // Act
    const again = await sendErasureVerification(deps, message());

    // Assess
    expect(again).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(1);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type)).toEqual(['erasure.received', 'erasure.verification_sent']);
  });

  it('sends nothing for a request the legal team rejected before its email went', async () => {
    // Prepare
    const { deps, erasures, mailer } = await verifier([aSubject('alice', 'en')]);
    await erasures.transition(CONTROLLER_ID, ERASURE_ID, 'received', 'rejected', { reason: 'duplicate' }, RECORDED_AT);

    // Act
    const result = await sendErasureVerification(deps, message());

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('rejected');
  });

  it('throws ErasureNotRecordedError for a request not recorded, mailing and moving nothing', async () => {
    // Prepare: the message of a request whose recording failed.
    const { deps, erasures, mailer } = await verifier([aSubject('alice', 'en')], { recorded: false });

    // Act
    const sending = sendErasureVerification(deps, message());

    // Assess
    await expect(sending).rejects.toThrow(ErasureNotRecordedError);
    expect(mailer.singles).toEqual([]);
    expect(erasures.transitionCalls).toEqual([]);
  });

  it('mails no one when the subject is no longer known, and still moves the request on, to lapse', async () => {
    // Prepare
    const { deps, erasures, subjectStore, mailer, profile } = await verifier([aSubject('alice', 'en'), aSubject('bob', 'en')]);
    subjectStore.erase('alice');

    // Act
    const result = await sendErasureVerification(deps, message());

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(mailer.calls).toEqual([]);
    const expiresAt = expiresAfter(profile);
    expect(await erasures.get(CONTROLLER_ID, ERASURE_ID)).toMatchObject({ state: 'awaiting_verification', verificationExpiresAt: expiresAt });
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID))[1]).toMatchObject({
      type: 'erasure.verification_sent',
      data: { sent: false, expiresAt, from: 'received', to: 'awaiting_verification' },
    });
  });

  it('lets a mailer error through without moving the request on, so the retry sends the email', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer(undefined, (_email, call) => {
      if (failing) throw new Error('Throttling');
      return `ses-one-${call}`;
    });
    const { deps, erasures } = await verifier([aSubject('alice', 'en')], { mailer });
    await expect(sendErasureVerification(deps, message())).rejects.toThrow(/Throttling/);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('received');
    failing = false;

    // Act
    const result = await sendErasureVerification(deps, message());

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles.map((email) => email.to)).toEqual(['alice@mail.example']);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('awaiting_verification');
  });
});
