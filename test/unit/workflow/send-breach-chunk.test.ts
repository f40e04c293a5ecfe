import { describe, expect, it, vi } from 'vitest';
import type { BulkEmail } from '../../../shared/adapters/ses/mailer';
import type { BreachNoticeCampaign, BreachNoticeWords, KeptBreachAudience, StoredBreach } from '../../../shared/domain/breach/breach';
import type { BreachDisclosure } from '../../../shared/domain/breach/breach-notice';
import { idFromTag } from '../../../shared/domain/breach/notice-tags';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import type { BreachNoticeChunk } from '../../../shared/messages/pipeline-messages';
import { sendBreachChunk, type BreachSenderDependencies } from '../../../shared/workflow/send-breach-chunk';
import { NoticesToRetryError } from '../../../shared/workflow/send-chunk';
import { BREACH_ID, InMemoryBreachStore, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { InMemoryBreachNoticeStore } from '../../helpers/breach-notice-fakes';
import { CONTROLLER_ID, aProfile, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryRecipientStore, InMemorySubjectStore, fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-02T12:00:00.000Z';

const WORDS: Record<'nl' | 'en', BreachNoticeWords> = {
  nl: { nature: 'Er is een laptop gestolen.', consequences: 'U kunt phishing krijgen.', measures: 'De laptop is gewist.', advice: 'Wees alert op e-mail.' },
  en: { nature: 'A laptop was stolen.', consequences: 'You may get phishing mail.', measures: 'The laptop was wiped.', advice: 'Be wary of mail.' },
};

const notices: BreachNoticeCampaign = {
  audience: { type: 'recipient' },
  words: WORDS,
  disclosedUpTo: '2026-11-30T22:00:00.000Z',
  partsTotal: 1,
  startedAt: '2026-12-02T11:00:00.000Z',
  startedBy: { clientId: 'legal-console' },
};

const atMailhouse = (): StoredBreach =>
  aStoredBreach({ assessment: anAssessment({ risk: 'high' }), notices }, { source: { type: 'recipient', recipientId: 'mailhouse' } });

const disclosure = (disclosureId: string, disclosedAt: string): BreachDisclosure => ({ disclosureId, disclosedAt, kind: 'processor_handoff', dataCategories: ['Invoices'] });

function sender(subjects: readonly Subject[], { mailer = new FakeMailer(), breach = atMailhouse() }: { mailer?: FakeMailer; breach?: StoredBreach } = {}) {
  const breachNotices = new InMemoryBreachNoticeStore();
  const profile = aProfile();
  const pace = vi.fn(async (_messages: number) => {});
  const deps: BreachSenderDependencies = {
    breaches: new InMemoryBreachStore([breach]),
    breachNotices,
    subjects: new InMemorySubjectStore(subjects),
    recipients: new InMemoryRecipientStore([{ controllerId: CONTROLLER_ID, recipientId: 'mailhouse', name: 'Mailhouse B.V.', kind: 'processor', country: 'NL' }]),
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    pace,
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  /** What the planner does before it publishes a chunk: a queued notice per subject, counted on the chunk's part. */
  const planned = async (chunk: BreachNoticeChunk, disclosures: Record<string, BreachDisclosure[]> = {}) => {
    await breachNotices.writeNotices(
      CONTROLLER_ID,
      BREACH_ID,
      chunk.partKey,
      chunk.subjectIds.map((subjectId) => ({ subjectId, noticeStatus: 'queued' as const, ...(disclosures[subjectId] ? { disclosures: disclosures[subjectId] } : {}) })),
      '2026-12-02T11:30:00.000Z',
    );
    return chunk;
  };
  return { deps, breachNotices, mailer, pace, profile, planned };
}

const aChunk = (subjectIds: string[], locale: 'nl' | 'en' = 'nl'): BreachNoticeChunk => ({
  type: 'breach-notice-chunk',
  controllerId: CONTROLLER_ID,
  breachId: BREACH_ID,
  workId: `notices#recipient##${locale}#0#abc`,
  partKey: 'recipient',
  locale,
  subjectIds,
});

describe('sendBreachChunk', () => {
  it("mails each subject with the stored template in the chunk's language, the legal team's words, and what of theirs went to the recipient", async () => {
    // Prepare
    const { deps, breachNotices, mailer, pace, profile, planned } = sender([aSubject('alice', 'en'), aSubject('bob', 'en')]);
    const message = await planned(aChunk(['alice', 'bob'], 'en'), {
      alice: [disclosure('d1', '2026-11-01T09:00:00.000Z')],
      bob: [disclosure('d1', '2026-11-01T09:00:00.000Z'), disclosure('d2', '2026-11-15T09:00:00.000Z')],
    });

    // Act
    const result = await sendBreachChunk(deps, message);

    // Assess
    expect(result).toEqual({ notified: 2, failed: 0, suppressed: 0 });
    const [call] = mailer.calls as [BulkEmail];
    expect(call).toMatchObject({
      from: `"${profile.sender.name}" <${profile.sender.address}>`,
      replyTo: [profile.sender.replyTo],
      templateName: 'breach-notice-en',
      configurationSet: 'notices',
      tags: { controllerId: CONTROLLER_ID, breachId: BREACH_ID },
    });
    expect(call.defaultData).toMatchObject({ text: { whatHappened: WORDS.en.nature, advice: WORDS.en.advice, recipientName: 'Mailhouse B.V.' } });
    // Each entry carries all three ids itself: SES may not merge the defaults into an entry with tags of its own.
    expect(call.entries.map((entry) => [entry.to, entry.tags])).toEqual([
      ['alice@mail.example', { controllerId: CONTROLLER_ID, breachId: BREACH_ID, subjectId: 'alice' }],
      ['bob@mail.example', { controllerId: CONTROLLER_ID, breachId: BREACH_ID, subjectId: 'bob' }],
    ]);
    const bobsList = (call.entries[1]!.replacementData as { addressee: { text: { disclosures: string } } }).addressee.text.disclosures;
    expect(bobsList.split('\n')).toHaveLength(2);
    expect(bobsList).toContain('Invoices');
    expect(JSON.stringify(call.defaultData)).not.toContain('@mail.example');
    expect(pace).toHaveBeenCalledWith(2);
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({ alice: 'sent', bob: 'sent' });
    expect(breachNotices.notice(CONTROLLER_ID, BREACH_ID, 'alice')!.messageId).toBe('ses-alice@mail.example');
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'recipient')).toMatchObject({ subjects: 2, notified: 2 });
  });

  it('counts the disclosures the planner counted rather than kept among the earlier ones', async () => {
    // Prepare: bob's notice keeps his latest disclosure and counts 4999 before it.
    const { deps, breachNotices, mailer } = sender([aSubject('bob', 'en')]);
    const message = aChunk(['bob'], 'en');
    await breachNotices.writeNotices(
      CONTROLLER_ID,
      BREACH_ID,
      'recipient',
      [{ subjectId: 'bob', noticeStatus: 'queued', disclosures: [disclosure('d5000', '2026-11-15T09:00:00.000Z')], earlierDisclosures: 4999 }],
      '2026-12-02T11:30:00.000Z',
    );

    // Act
    await sendBreachChunk(deps, message);

    // Assess
    const text = (mailer.calls[0]!.entries[0]!.replacementData as { addressee: { text: { disclosures: string } } }).addressee.text.disclosures;
    expect(text.split('\n')).toEqual([expect.stringContaining('Invoices'), '- And 4999 times before that.']);
  });

  it('tags every entry with all three ids, an id SES would refuse in a form that decodes back to it', async () => {
    // Prepare
    const { deps, mailer, planned } = sender([aSubject('crm:4711.b'), aSubject('bob')]);

    // Act
    await sendBreachChunk(deps, await planned(aChunk(['crm:4711.b', 'bob'])));

    // Assess
    const entries = mailer.calls[0]!.entries;
    expect(entries).toHaveLength(2);
    for (const [index, subjectId] of ['crm:4711.b', 'bob'].entries()) {
      const tags = entries[index]!.tags!;
      expect(Object.keys(tags).sort()).toEqual(['breachId', 'controllerId', 'subjectId']);
      for (const value of Object.values(tags)) expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
      expect({ controllerId: idFromTag(tags.controllerId!), breachId: idFromTag(tags.breachId!), subjectId: idFromTag(tags.subjectId!) }).toEqual({
        controllerId: CONTROLLER_ID,
        breachId: BREACH_ID,
        subjectId,
      });
    }
  });

  it('suppresses the notice of a subject erased since the plan, mails no one twice, and sends only queued notices', async () => {
    // Prepare: carol's notice was sent by an earlier attempt.
    const { deps, breachNotices, mailer, planned } = sender([aSubject('alice'), aSubject('carol')]);
    const message = await planned(aChunk(['alice', 'bob', 'carol']));
    await breachNotices.recordNotices(CONTROLLER_ID, BREACH_ID, 'recipient', [{ subjectId: 'carol', status: 'sent', messageId: 'ses-earlier' }], NOW);

    // Act
    const result = await sendBreachChunk(deps, message);
    const again = await sendBreachChunk(deps, message);

    // Assess
    expect(mailer.mailed).toEqual(['alice@mail.example']);
    expect(breachNotices.statuses(CONTROLLER_ID, BREACH_ID)).toEqual({ alice: 'sent', bob: 'suppressed', carol: 'sent' });
    expect(result).toEqual({ notified: 2, failed: 0, suppressed: 1 });
    expect(again).toEqual(result);
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'recipient')).toMatchObject({ subjects: 3, notified: 2, suppressed: 1 });
  });

  it("settles what SES answered and retries only the notices it did not take", async () => {
    // Prepare: SES throttles bob the first time.
    const mailer = new FakeMailer((email, call) =>
      email.entries.map((entry) => (call === 0 && entry.to.startsWith('bob') ? { status: 'retry' as const } : entry.to.startsWith('dan') ? { status: 'failed' as const } : { status: 'sent' as const, messageId: `ses-${entry.to}` })),
    );
    const { deps, breachNotices, planned } = sender(['alice', 'bob', 'dan'].map((id) => aSubject(id)), { mailer });
    const message = await planned(aChunk(['alice', 'bob', 'dan']));

    // Act
    await expect(sendBreachChunk(deps, message)).rejects.toBeInstanceOf(NoticesToRetryError);
    const result = await sendBreachChunk(deps, message);

    // Assess
    expect(mailer.calls.map((call) => call.entries.map((entry) => entry.to))).toEqual([['alice@mail.example', 'bob@mail.example', 'dan@mail.example'], ['bob@mail.example']]);
    expect(result).toEqual({ notified: 2, failed: 1, suppressed: 0 });
    expect(breachNotices.counters(CONTROLLER_ID, BREACH_ID, 'recipient')).toMatchObject({ notified: 2, failed: 1 });
  });

  it('leaves the recipient out of a breach at the controller and names no disclosures', async () => {
    // Prepare
    const breach = aStoredBreach({ assessment: anAssessment({ risk: 'high' }), notices: { ...notices, audience: { type: 'all' }, disclosedUpTo: undefined } });
    const { deps, mailer, planned } = sender([aSubject('alice')], { breach });

    // Act
    await sendBreachChunk(deps, await planned({ ...aChunk(['alice']), partKey: 'shard-0' }));

    // Assess
    const [call] = mailer.calls;
    expect(call!.templateName).toBe('breach-notice-nl');
    expect(call!.defaultData).toMatchObject({ text: { recipientName: '', whatHappened: WORDS.nl.nature } });
    expect((call!.entries[0]!.replacementData as { addressee: { text: { disclosures: string } } }).addressee.text.disclosures).toBe('');
  });

  it.each<KeptBreachAudience>([
    { type: 'list', subjects: 1, slicesSha256: ['abc'] },
    { type: 'category', category: 'Invoices' },
    { type: 'all' },
  ])('does not name the breached recipient to a $type audience, which may hold a subject whose disclosure there is under an order', async (audience) => {
    // Prepare: a breach at Mailhouse, told to an audience the ledger did not choose.
    const breach = aStoredBreach(
      { assessment: anAssessment({ risk: 'high' }), notices: { ...notices, audience, disclosedUpTo: undefined } },
      { source: { type: 'recipient', recipientId: 'mailhouse' } },
    );
    const { deps, mailer, planned } = sender([aSubject('alice')], { breach });

    // Act
    await sendBreachChunk(deps, await planned({ ...aChunk(['alice']), partKey: 'shard-0' }));

    // Assess
    const [call] = mailer.calls;
    expect(call!.defaultData).toMatchObject({ text: { recipientName: '', whatHappened: WORDS.nl.nature }, html: { recipientName: '' } });
    expect(JSON.stringify(call)).not.toContain('Mailhouse');
  });
});
