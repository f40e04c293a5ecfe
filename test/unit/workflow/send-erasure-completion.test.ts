import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { RetainedCategory } from '../../../shared/domain/erasure/retention';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { renderErasureCompletion } from '../../../shared/domain/notice/erasure-completion';
import type { ErasureCompletion } from '../../../shared/messages/pipeline-messages';
import { ErasureStepNotRecordedError } from '../../../shared/workflow/erasure-step-not-recorded';
import { sendErasureCompletion } from '../../../shared/workflow/send-erasure-completion';
import { ERASURE_ID, RECEIVED_AT, aRecipient, aRequest, disclosureTo, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, aSubject } from '../../helpers/factories';
import { FakeMailer } from '../../helpers/fakes';

const COMPLETED_AT = '2026-12-07T09:00:00.000Z';
const message: ErasureCompletion = { type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` };

const invoices: RetainedCategory = {
  category: 'Copies of invoices',
  label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' },
  reason: 'policy',
  rule: { period: 'P7Y', from: 'the invoice date', source: 'Wij zijn wettelijk verplicht kopieën van facturen zeven jaar te bewaren.' },
  startsOn: '2026-03-15',
  until: '2033-03-15',
};
const collector = aRecipient('incasso', { name: 'Incassobureau Brabant B.V.' });
const police = aRecipient('politie', { name: 'Politie Oost-Brabant', kind: 'authority' });

const told = (recipient: typeof collector, disclosureId: string, more: Partial<ErasureRecipient> = {}): ErasureRecipient => ({
  recipientId: recipient.recipientId,
  name: recipient.name,
  kind: recipient.kind,
  country: 'NL',
  locale: 'nl',
  contactEmail: `privacy@${recipient.recipientId}.example`,
  disclosures: [{ disclosureId, kind: 'debt_collection', dataCategories: ['Invoice'], disclosedAt: '2026-03-01T10:00:00Z' }],
  notifiedAt: '2026-11-23T09:00:02.000Z',
  ...more,
});

/** A completed request whose subject's data went to a debt collector, which answered, and to the police, which stayed silent. */
async function completedWorld(options: Parameters<typeof erasureWorld>[0] = {}, policeNotice: 'held' | 'sent' = 'sent') {
  const world = erasureWorld({
    state: 'completed',
    stored: { retained: [invoices] },
    subjects: [aSubject('alice', 'en', { name: 'Alice Jansen' })],
    now: COMPLETED_AT,
    ...options,
  });
  await world.disclosed(disclosureTo(collector, 'd-1', '2026-03-01T10:00:00Z'));
  await world.disclosed(disclosureTo(police, 'd-2', '2026-04-01T10:00:00Z', { kind: 'law_enforcement' }), ['alice'], policeNotice);
  await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, [
    told(collector, 'd-1', { answer: { status: 'refused', reason: 'Court case pending', answeredAt: '2026-11-25T10:00:00.000Z', via: 'callback' } }),
    told(police, 'd-2', { escalatedAt: '2026-12-07T09:00:00.000Z' }),
  ]);
  return world;
}

/** The completion email's text as it would be sent now, without sending it or erasing anything. */
async function renderedFor(world: Awaited<ReturnType<typeof completedWorld>>): Promise<string> {
  const mailer = new FakeMailer();
  const deps = { ...world.deps, mailer, erasures: { get: world.erasures.get.bind(world.erasures), recordContactDataErased: async () => true } };
  await sendErasureCompletion(deps, message);
  return mailer.singles[0]!.text;
}

describe('sendErasureCompletion', () => {
  it("tells the subject, in their language, what was erased, what is kept until when, and every recipient's answer", async () => {
    // Prepare
    const { deps, mailer, profile } = await completedWorld();

    // Act
    const result = await sendErasureCompletion(deps, message);

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toEqual([
      {
        from: `"${profile.sender.name}" <${profile.sender.address}>`,
        replyTo: [profile.sender.replyTo],
        to: 'alice@mail.example',
        ...renderErasureCompletion({
          profile,
          locale: 'en',
          name: 'Alice Jansen',
          receivedOn: RECEIVED_AT,
          retained: [invoices],
          recipients: [
            { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', answer: { status: 'refused', reason: 'Court case pending' } },
            { name: 'Politie Oost-Brabant', kind: 'authority' },
          ],
        }),
        configurationSet: 'notices',
      },
    ]);
  });

  it("takes the recipient's refusal reason off its answer once the subject read it, keeping its hash, also on a retry", async () => {
    // Prepare
    const world = await completedWorld();

    // Act
    await sendErasureCompletion(world.deps, message);
    await sendErasureCompletion(world.deps, message);

    // Assess: told once, then the reason (which may name the subject) is gone from the recipient's item.
    expect(world.mailer.singles).toHaveLength(1);
    expect(world.mailer.singles[0]!.text).toContain('Court case pending');
    const incasso = (await world.erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso'))!;
    expect(incasso.answer).toEqual({
      status: 'refused',
      reasonSha256: createHash('sha256').update('Court case pending').digest('hex'),
      answeredAt: '2026-11-25T10:00:00.000Z',
      via: 'callback',
    });
  });

  it('says a silent recipient reached only by webhook was told only once a call was delivered, and names one never reached as such', async () => {
    // Prepare: the police has a webhook only; the courier had no address and no webhook at all.
    const courier = aRecipient('dhl', { name: 'DHL Parcel', kind: 'courier' });
    const world = erasureWorld({ state: 'completed', subjects: [aSubject('alice', 'en', { name: 'Alice Jansen' })], now: COMPLETED_AT });
    await world.disclosed(disclosureTo(police, 'd-2', '2026-04-01T10:00:00Z', { kind: 'law_enforcement' }), ['alice'], 'sent');
    await world.disclosed(disclosureTo(courier, 'd-3', '2026-05-01T10:00:00Z'));
    const { contactEmail: _police, ...policeByWebhook } = told(police, 'd-2', { webhookUrl: 'https://hooks.politie.example/erasure', escalatedAt: COMPLETED_AT });
    const { contactEmail: _courier, ...courierUnreachable } = told(courier, 'd-3', { escalatedAt: '2026-11-23T09:00:02.000Z' });
    await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, [policeByWebhook, courierUnreachable]);

    // Act: first with the police's calls all failed, then with one delivered.
    const undelivered = await renderedFor(world);
    await world.erasureRecipients.recordWebhookDelivered(CONTROLLER_ID, ERASURE_ID, 'politie', { step: 'notice', webhookId: 'msg_1', status: 204 }, '2026-11-23T09:00:05.000Z');
    const delivered = await renderedFor(world);

    // Assess
    expect(undelivered).toContain('- Politie Oost-Brabant (public authority): could not be reached; our legal team is following this up');
    expect(undelivered).toContain('We asked each of them that we could reach');
    expect(delivered).toContain('- Politie Oost-Brabant (public authority): did not answer; our legal team is following this up');
    for (const text of [undelivered, delivered]) expect(text).toContain('- DHL Parcel (courier): could not be reached; our legal team is following this up');
  });

  it("then erases the subject's contact data and the legal team's note, recorded as erasure.contact_data_erased", async () => {
    // Prepare
    const { deps, subjects, erasures } = await completedWorld();

    // Act
    await sendErasureCompletion(deps, message);

    // Assess
    expect(await subjects.contactDuringErasure(CONTROLLER_ID, 'alice')).toBeUndefined();
    expect(subjects.subject('alice')).toEqual({ controllerId: CONTROLLER_ID, subjectId: 'alice' });
    expect(subjects.erasureOf('alice')).toMatchObject({ erasedAt: COMPLETED_AT });
    const stored = (await erasures.get(CONTROLLER_ID, ERASURE_ID))!;
    const { note: _note, ...withoutNote } = aRequest();
    expect(stored.request).toEqual(withoutNote);
    expect(stored.contactDataErasedAt).toBe(COMPLETED_AT);
    const events = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(events.at(-1)).toMatchObject({ type: 'erasure.contact_data_erased', at: COMPLETED_AT, data: { completionEmailed: true } });
    expect(verifyChain(events)).toBe(true);
  });

  it('sends nothing again: a retry finds the contact data gone', async () => {
    const { deps, mailer, erasures } = await completedWorld();
    await sendErasureCompletion(deps, message);

    expect(await sendErasureCompletion(deps, message)).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(1);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).filter((event) => event.type === 'erasure.contact_data_erased')).toHaveLength(1);
  });

  it('leaves out a recipient whose disclosure a non-disclosure order still holds', async () => {
    const { deps, mailer } = await completedWorld({}, 'held');

    await sendErasureCompletion(deps, message);

    expect(mailer.singles[0]!.text).toContain('Incassobureau Brabant B.V.');
    expect(mailer.singles[0]!.text).not.toContain('Politie');
  });

  it("writes in the controller's language to a subject whose own it does not write in", async () => {
    const world = await completedWorld({ subjects: [aSubject('alice', 'en')] });
    const dutchOnly = { ...world.profile, languages: ['nl' as const], defaultLocale: 'nl' as const };

    await sendErasureCompletion({ ...world.deps, findProfile: () => dutchOnly }, message);

    expect(world.mailer.singles[0]!.subject).toBe(renderErasureCompletion({ profile: dutchOnly, locale: 'nl', receivedOn: RECEIVED_AT, retained: [], recipients: [] }).subject);
  });

  it('throws ErasureStepNotRecordedError for a request not completed yet, and sends and erases nothing', async () => {
    const { deps, mailer, subjects } = await completedWorld({ state: 'awaiting_recipients' });

    await expect(sendErasureCompletion(deps, message)).rejects.toThrow(ErasureStepNotRecordedError);
    expect(mailer.singles).toEqual([]);
    expect(await subjects.contactDuringErasure(CONTROLLER_ID, 'alice')).toBeDefined();
  });

  it('emails nobody for a subject it no longer knows, and still removes the note, recording that no email went', async () => {
    const { deps, mailer, erasures } = await completedWorld({ subjects: [] });

    expect(await sendErasureCompletion(deps, message)).toEqual({ sent: false });

    expect(mailer.singles).toEqual([]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.request).not.toHaveProperty('note');
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID)).at(-1)!.data).toEqual({ completionEmailed: false });
  });

  it('keeps the contact data when the email fails, so the retry sends it', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer(undefined, (_email, call) => {
      if (failing) throw new Error('Throttling');
      return `ses-one-${call}`;
    });
    const world = await completedWorld();
    const deps = { ...world.deps, mailer };
    await expect(sendErasureCompletion(deps, message)).rejects.toThrow(/Throttling/);
    expect(await world.subjects.contactDuringErasure(CONTROLLER_ID, 'alice')).toBeDefined();
    failing = false;

    // Act
    const result = await sendErasureCompletion(deps, message);

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles.map((email) => email.to)).toEqual(['alice@mail.example']);
    expect(await world.subjects.contactDuringErasure(CONTROLLER_ID, 'alice')).toBeUndefined();
  });
});
