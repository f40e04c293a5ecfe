import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { breachNoticeEntryTags } from '../../../shared/domain/breach/notice-tags';
import type { Locale } from '../../../shared/domain/locale';
import { DISCLOSURE_KIND_LABELS } from '../../../shared/domain/notice/disclosure-notice-labels';
import { escapeHtml } from '../../../shared/domain/notice/escape';
import { formatDate } from '../../../shared/domain/notice/notice-format';
import { softmedex as softmedexProfile } from '../../../shared/domain/policy/profiles/softmedex';
import { localPipelineClient, type StoredEmail } from '../../helpers/local-pipeline-client';
import { permanentBounce } from '../../helpers/ses-events';

/**
 * A breach at one of Softmedex's processors (issue 5), end to end on the local pipeline: the disclosure ledger
 * finds exactly the subjects whose data went to that processor before the breach, each is told once in their
 * language with what Art. 34(2) requires and what of theirs the processor had; a permanent bounce comes back
 * through the SES events path and makes a public communication advisable.
 *
 * Six subjects, A to F (customer numbers with a dot, as a controller may number them: their SES tags must carry
 * them safely). Helpdesk (P) received {A, B} and {B, C} before the breach and {E} after it; Mailhouse (Q)
 * received {D}; F nothing.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const profile = softmedexProfile;
const as = { controller: 'softmedex', scopes: ['subjects:write', 'recipients:write', 'disclosures:write', 'disclosures:read', 'breaches:write', 'breaches:read'] };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.now();

const subjects = {
  A: { subjectId: 'klant.1001', email: 'anna@example.nl', locale: 'nl', name: 'Anna de Boer', dataCategories: ['gezondheidsgegevens'] },
  B: { subjectId: 'klant.1002', email: 'ben@example.com', locale: 'en', name: 'Ben Carter' },
  C: { subjectId: 'klant.1003', email: 'cleo@example.com', locale: 'en', name: 'Cleo Ward' },
  D: { subjectId: 'klant.1004', email: 'dan@example.com', locale: 'en', name: 'Dan Hill' },
  E: { subjectId: 'klant.1005', email: 'eve@example.com', locale: 'en', name: 'Eve Stone' },
  F: { subjectId: 'klant.1006', email: 'finn@example.com', locale: 'en', name: 'Finn Gray', dataCategories: ['gezondheidsgegevens'] },
} as const;
type Name = keyof typeof subjects;

const recipients = {
  helpdesk: { name: 'Helpdesk Hosting B.V.', kind: 'processor', country: 'NL', contactEmail: 'security@helpdesk.example' },
  mailhouse: { name: 'Mailhouse B.V.', kind: 'processor', country: 'NL', contactEmail: 'privacy@mailhouse.example' },
};

/** The four handoffs, each with its own categories so a notice shows which it names. */
const handoffs = [
  { key: 'first', recipientId: 'helpdesk', who: ['A', 'B'], at: NOW - 20 * DAY, dataCategories: ['naam', 'e-mailadres'] },
  { key: 'second', recipientId: 'helpdesk', who: ['B', 'C'], at: NOW - 10 * DAY, dataCategories: ['bestelgeschiedenis'] },
  { key: 'elsewhere', recipientId: 'mailhouse', who: ['D'], at: NOW - 8 * DAY, dataCategories: ['postadres'] },
  { key: 'after', recipientId: 'helpdesk', who: ['E'], at: NOW - 2 * DAY, dataCategories: ['telefoonnummer'] },
] as const;
const OCCURRED_AT = NOW - 5 * DAY;

const words = {
  nl: {
    nature: 'Onbevoegden kwamen binnen in het ticketsysteem van onze helpdeskleverancier en konden klantgegevens inzien.',
    consequences: 'U kunt e-mails krijgen die van ons lijken te komen maar dat niet zijn (phishing).',
    measures: 'De leverancier heeft de toegang afgesloten en alle wachtwoorden vervangen.',
    advice: 'Klik niet op links in onverwachte e-mails en wijzig uw wachtwoord bij ons.',
  },
  en: {
    nature: 'Intruders got into the ticket system of our helpdesk supplier and could read customer data.',
    consequences: 'You may receive emails that seem to come from us but do not (phishing).',
    measures: 'The supplier closed the access and replaced every password.',
    advice: 'Do not click links in unexpected emails, and change your password with us.',
  },
};

const notices = async (breachId: string) => (await api.request('GET', `/v1/controllers/softmedex/breaches/${breachId}/notices`, as)).body;

async function registerHighBreach(body: Record<string, unknown>): Promise<string> {
  const registered = await api.request('POST', '/v1/controllers/softmedex/breaches', {
    ...as,
    body: {
      awareAt: new Date(NOW - HOUR).toISOString(),
      description: 'Unauthorised access to a ticket system holding customer data',
      nature: ['confidentiality'],
      dataCategories: ['naam', 'e-mailadres', 'bestelgeschiedenis'],
      approxSubjects: 3,
      approxRecords: 40,
      likelyConsequences: 'Phishing',
      measuresTaken: 'Access closed, passwords replaced',
      measuresProposed: 'Two-factor sign-in for the ticket system',
      ...body,
    },
  });
  expect(registered.status).toBe(201);
  const breachId: string = registered.body.breachId;
  const assessed = await api.request('POST', `/v1/controllers/softmedex/breaches/${breachId}/assessment`, {
    ...as,
    body: { risk: 'high', reasoning: 'Names, addresses and order history together make convincing phishing possible', assessedBy: 'Privacy officer' },
  });
  expect(assessed.status).toBe(200);
  return breachId;
}

/** The breach notices a subject received (the DPO's filing mails go to Softmedex's own address). */
const noticesTo = async (name: Name) => (await api.emailsTo(subjects[name].email)).filter((email) => /Datalek bij|Data breach at/.test(email.subject));

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  for (const { subjectId, ...body } of Object.values(subjects)) {
    expect((await api.request('PUT', `/v1/controllers/softmedex/subjects/${subjectId}`, { ...as, body })).status).toBe(204);
  }
  for (const [recipientId, body] of Object.entries(recipients)) {
    expect((await api.request('PUT', `/v1/controllers/softmedex/recipients/${recipientId}`, { ...as, body })).status).toBe(204);
  }
  for (const handoff of handoffs) {
    const recorded = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      ...as,
      body: {
        kind: 'processor_handoff',
        recipientId: handoff.recipientId,
        legalBasis: 'contract',
        purpose: 'Klantenservice via het ticketsysteem van de leverancier',
        dataCategories: handoff.dataCategories,
        audience: { subjectIds: handoff.who.map((name) => subjects[name].subjectId) },
        occurredAt: new Date(handoff.at).toISOString(),
      },
    });
    expect(recorded.status).toBe(202);
  }
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
  // A processor acts for Softmedex (no notice of the handoff, notice mode `none`): nobody has mail yet.
  expect(await api.emails()).toHaveLength(0);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('a breach at the processor Helpdesk reaches exactly the subjects whose data it held before the breach', () => {
  let breachId: string;
  const received: Partial<Record<Name, StoredEmail>> = {};

  it('starts the notices for the recipient’s subjects up to the breach, once the risk is assessed high', async () => {
    breachId = await registerHighBreach({ occurredAt: new Date(OCCURRED_AT).toISOString(), source: { type: 'recipient', recipientId: 'helpdesk' } });

    const started = await api.request('POST', `/v1/controllers/softmedex/breaches/${breachId}/notices`, { ...as, body: { audience: { type: 'recipient' }, words } });

    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ audience: { type: 'recipient' }, disclosedUpTo: new Date(OCCURRED_AT).toISOString() });
    expect(started.body.languages.sort()).toEqual(['en', 'nl']);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
  });

  it('mails A, B and C one notice each, in their own language, and nobody else', async () => {
    for (const name of ['A', 'B', 'C'] as const) {
      const mails = await noticesTo(name);
      expect(mails).toHaveLength(1);
      received[name] = mails[0];
      expect(mails[0]!.from).toContain(profile.sender.address);
    }
    for (const name of ['D', 'E', 'F'] as const) expect(await api.emailsTo(subjects[name].email)).toHaveLength(0);
    const toSubjects = (await api.emails()).filter((email) => !email.destination.to.includes(profile.privacyEmail));
    expect(toSubjects).toHaveLength(3);

    expect(received.A!.subject).toBe('Datalek bij Softmedex: ook uw gegevens zijn betrokken');
    expect(received.B!.subject).toBe('Data breach at Softmedex: your personal data is involved');
    expect(received.A!.body.text).toContain('Beste Anna de Boer');
    expect(received.C!.body.text).toContain('Dear Cleo Ward');
  });

  it('says what Art. 34(2) requires: the nature, the contact point, the consequences, the measures and advice', async () => {
    for (const name of ['A', 'B', 'C'] as const) {
      const locale = subjects[name].locale as Locale;
      const text = received[name]!.body.text!;
      const html = received[name]!.body.html!;
      for (const value of Object.values(words[locale])) {
        expect(text).toContain(value);
        expect(html).toContain(escapeHtml(value));
      }
      expect(text).toContain(profile.breachContact.email);
      expect(text).toContain('Helpdesk Hosting B.V.');
      expect(text).toContain(formatDate(new Date(OCCURRED_AT).toISOString(), locale));
      // The other language's words are not in it.
      expect(text).not.toContain(words[locale === 'nl' ? 'en' : 'nl'].advice);
    }
  });

  it('names what of each subject went to Helpdesk: B both handoffs, A the first, C the second, never the one after', async () => {
    const line = (key: 'first' | 'second' | 'after', locale: Locale) => {
      const handoff = handoffs.find((each) => each.key === key)!;
      return `- ${formatDate(new Date(handoff.at).toISOString(), locale)}: ${handoff.dataCategories.join(', ')} (${DISCLOSURE_KIND_LABELS[locale].processor_handoff})`;
    };
    const expected: Record<'A' | 'B' | 'C', ('first' | 'second')[]> = { A: ['first'], B: ['first', 'second'], C: ['second'] };
    for (const [name, keys] of Object.entries(expected) as ['A' | 'B' | 'C', ('first' | 'second')[]][]) {
      const locale = subjects[name].locale as Locale;
      const text = received[name]!.body.text!;
      const listed = text.split('\n').filter((row) => row.includes(DISCLOSURE_KIND_LABELS[locale].processor_handoff));
      expect(listed).toEqual(keys.map((key) => line(key, locale)));
      expect(text).not.toContain('telefoonnummer');
      expect(text).not.toContain('postadres');
    }
  });

  it('counts three subjects, three notified, nobody unreachable', async () => {
    const view = await notices(breachId);
    expect(view.status).toBe('completed');
    expect(view.progress).toMatchObject({ subjects: 3, notified: 3, failed: 0, suppressed: 0, bounced: 0, excludedUnderOrder: 0, pending: 0 });
    expect(view.unreachable).toBe(0);
    expect(view.publicCommunication).toEqual({ required: false, advised: false, unreachable: 0 });
    const breach = (await api.request('GET', `/v1/controllers/softmedex/breaches/${breachId}`, as)).body;
    expect(breach.obligations.outstanding).toEqual(['filing']);
    expect(breach.evidence.events.map((event: { type: string }) => event.type)).toContain('breach.notices_started');
    expect(breach.evidence.chainIntact).toBe(true);
  });

  it('counts C’s permanent bounce, delivered through the SES events path, once: unreachable 1, a public communication advised', async () => {
    // Only the tags the subject's entry carries (SES may not add the defaults to it), encoded as the sender does.
    const bounce = permanentBounce(
      breachNoticeEntryTags({ controllerId: 'softmedex', breachId, subjectId: subjects.C.subjectId }),
      { messageId: received.C!.messageId, to: subjects.C.email },
    ) as { eventType: string };

    await api.deliverSesEvent(bounce);
    // SNS delivers at least once: the same event again changes nothing.
    await api.deliverSesEvent(bounce);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await notices(breachId);
    expect(view.progress).toMatchObject({ subjects: 3, notified: 3, bounced: 1 });
    expect(view.unreachable).toBe(1);
    expect(view.publicCommunication).toEqual({ required: false, advised: true, unreachable: 1 });

    // The draft of that public communication, in both of Softmedex's languages, in the notices' own words.
    const communication = await api.request('GET', `/v1/controllers/softmedex/breaches/${breachId}/public-communication`, as);
    expect(communication.status).toBe(200);
    expect(communication.body).toMatchObject({ required: false, reason: 'unreachable_subjects', unreachable: 1 });
    for (const locale of ['nl', 'en'] as const) {
      const draft = communication.body.drafts[locale];
      expect(draft.wordsFrom).toBe('notice-words');
      for (const value of Object.values(words[locale])) {
        expect(draft.text).toContain(value);
        expect(draft.html).toContain(escapeHtml(value));
      }
      expect(draft.text).toContain(profile.breachContact.email);
      // Public: it names no subject.
      for (const subject of Object.values(subjects)) expect(JSON.stringify(draft)).not.toContain(subject.email);
    }
  });
});

describe('a second breach, at Softmedex itself, told to the subjects holding one category', () => {
  it('mails A and F, who hold health data, and nobody else', async () => {
    await api.clearEmails();
    const breachId = await registerHighBreach({ dataCategories: ['gezondheidsgegevens'], source: { type: 'internal' } });

    const started = await api.request('POST', `/v1/controllers/softmedex/breaches/${breachId}/notices`, {
      ...as,
      body: { audience: { type: 'category', category: 'gezondheidsgegevens' }, words },
    });
    expect(started.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await noticesTo('A')).toHaveLength(1);
    expect(await noticesTo('F')).toHaveLength(1);
    const toSubjects = (await api.emails()).filter((email) => !email.destination.to.includes(profile.privacyEmail));
    expect(toSubjects.flatMap((email) => email.destination.to).sort()).toEqual([subjects.A.email, subjects.F.email].sort());
    // A breach at Softmedex itself names no recipient and lists no handoffs.
    expect((await noticesTo('F'))[0]!.body.text).not.toContain('Helpdesk');
    expect((await notices(breachId)).progress).toMatchObject({ subjects: 2, notified: 2 });
  });
});
