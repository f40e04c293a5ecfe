import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { breachContactOf } from '../../../shared/domain/breach/breach-contact';
import { DRAFT_WORDS } from '../../../shared/domain/breach/filing-draft/draft-words';
import { escapeMarkdown } from '../../../shared/domain/breach/filing-draft/markdown-escape';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { escapeHtml } from '../../../shared/domain/notice/escape';
import { AUTORITEIT_PERSOONSGEGEVENS, GEGEVENSBESCHERMINGSAUTORITEIT } from '../../../shared/domain/policy/authorities';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { dentists4dentists as d4dProfile } from '../../../shared/domain/policy/profiles/dentists4dentists';
import { dsoft as dsoftProfile } from '../../../shared/domain/policy/profiles/dsoft';
import { etsoft as etsoftProfile } from '../../../shared/domain/policy/profiles/etsoft';
import { softmedex as softmedexProfile } from '../../../shared/domain/policy/profiles/softmedex';
import { breachMailAddresses } from '../../../shared/workflow/mail-breach-contacts';
import { localPipelineClient, type StoredEmail } from '../../helpers/local-pipeline-client';

/**
 * The 72 hours of Art. 33(1) on the local pipeline, with the sweeper driven through simulated time (issue 5):
 * the DPO gets the filing draft after an assessment that needs one and is reminded at 24 and 48 hours, once
 * each, until a filing is recorded; a late first filing needs its reasons and freezes its lateness; a `none`
 * assessment closes a breach with its reasoning; the AP's and the GBA's drafts carry every Art. 33(3) element.
 *
 * Each block registers its breaches when it starts and the sweeps of one block come before the next block's
 * breaches exist, so a sweep fires only what its block expects (each block also reads its own controller's mail).
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Event {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** A breach as a DPO reports it: only plain words, so each reads the same escaped in Markdown and HTML. */
const report = (awareAt: number, extra: Record<string, unknown> = {}) => ({
  awareAt: new Date(awareAt).toISOString(),
  description: 'A laptop holding an export of the customer database was stolen from a car',
  nature: ['confidentiality', 'availability'],
  dataCategories: ['contact details', 'order history'],
  approxSubjects: 340,
  approxRecords: 912,
  likelyConsequences: 'Phishing mails that quote real orders to the customers concerned',
  measuresTaken: 'The laptop was wiped remotely and every account password was reset',
  measuresProposed: 'Every laptop disk is encrypted before the end of the month',
  source: { type: 'internal' },
  ...extra,
});

const as = (controller: string) => ({ controller, scopes: ['breaches:write', 'breaches:read'] });

async function register(profile: PolicyProfile, awareAt: number, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await api.request('POST', `/v1/controllers/${profile.controllerId}/breaches`, { ...as(profile.controllerId), body: report(awareAt, extra) });
  expect(response.status).toBe(201);
  return response.body.breachId;
}

const breach = async (profile: PolicyProfile, breachId: string) =>
  (await api.request('GET', `/v1/controllers/${profile.controllerId}/breaches/${breachId}`, as(profile.controllerId))).body;

const events = async (profile: PolicyProfile, breachId: string): Promise<Event[]> => (await breach(profile, breachId)).evidence.events;

const assess = (profile: PolicyProfile, breachId: string, risk: string, reasoning: string) =>
  api.request('POST', `/v1/controllers/${profile.controllerId}/breaches/${breachId}/assessment`, {
    ...as(profile.controllerId),
    body: { risk, reasoning, assessedBy: 'Privacy officer' },
  });

const file = (profile: PolicyProfile, breachId: string, body: Record<string, unknown>) =>
  api.request('POST', `/v1/controllers/${profile.controllerId}/breaches/${breachId}/filings`, {
    ...as(profile.controllerId),
    body: { filedBy: 'Privacy officer', ...body },
  });

const sweepAt = async (at: number) => {
  await api.runSweeper(new Date(at));
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
};

/** The mails about one breach: every DPO mail names its breach in the subject. */
const mailsAbout = async (breachId: string): Promise<StoredEmail[]> => (await api.emails()).filter((email) => email.subject.includes(breachId));

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('Softmedex’s breach filed in time: the draft, the reminders at 24 and 48 hours, then silence once filed', () => {
  const profile = softmedexProfile;
  // The policy names no DPO: the breach contact is its one address, the privacy address too, so mails go there once.
  const mailbox = breachMailAddresses(profile);
  let breachId: string;
  let awareAt: number;

  it('registers the breach a minute after awareness and mails the draft filing once the risk is assessed', async () => {
    awareAt = Date.now() - MINUTE;
    breachId = await register(profile, awareAt);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    // Registering alone mails nobody: the draft follows the decision that a filing is needed.
    expect(await api.emails()).toHaveLength(0);

    expect((await assess(profile, breachId, 'risk', 'Contact details and orders can be used for phishing')).status).toBe(200);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(mailbox).toEqual(['info@softmedex.com']);
    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    const [draft] = emails;
    expect(draft!.destination.to).toEqual(mailbox);
    expect(draft!.from).toContain(profile.sender.address);
    expect(draft!.subject).toContain(`Concept-melding van datalek ${breachId} voor de Autoriteit Persoonsgegevens`);
    for (const value of ['A laptop holding an export of the customer database was stolen from a car', 'contact details, order history', '340', '912']) {
      expect(draft!.body.text).toContain(value);
      expect(draft!.body.html).toContain(value);
    }
    expect((await events(profile, breachId)).filter((event) => event.type === 'breach.filing_draft_sent')).toHaveLength(1);
    await api.clearEmails();
  });

  it('reminds the DPO once just after 24 hours and once just after 48, saying the hours gone and left', async () => {
    for (const [hours, left] of [
      [24, 48],
      [48, 24],
    ] as const) {
      await sweepAt(awareAt + hours * HOUR - MINUTE);
      expect(await api.emails()).toHaveLength(0);

      await sweepAt(awareAt + hours * HOUR + MINUTE);
      await sweepAt(awareAt + hours * HOUR + 2 * MINUTE);
      const emails = await api.emails();
      expect(emails).toHaveLength(1);
      expect(emails[0]!.destination.to).toEqual(mailbox);
      expect(emails[0]!.subject).toBe(`Herinnering: datalek ${breachId} is nog niet gemeld, nog ${left} uur`);
      expect(emails[0]!.body.text).toContain(`${hours} uur geleden`);
      expect(emails[0]!.body.text).toContain(`Er blijft nog ${left} uur over.`);
      expect(emails[0]!.body.text).toContain(`POST /v1/controllers/softmedex/breaches/${breachId}/filings`);
      await api.clearEmails();
    }
    const reminded = (await events(profile, breachId)).filter((event) => event.type === 'breach.filing_reminded');
    expect(reminded.map((event) => event.data.hoursSinceAware)).toEqual([24, 48]);
  });

  it('records the initial filing in time; the sweeps after 60, 70 and 72 hours then mail nothing at all', async () => {
    const filed = await file(profile, breachId, { phase: 'initial', filedAt: new Date().toISOString(), reference: 'AP-2026-104577' });
    expect(filed.status).toBe(200);
    expect(filed.body.lateByMinutes).toBe(0);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    // The filing recorded, the DPO gets the draft of a supplement, with whatever is still to follow.
    const supplement = await api.emails();
    expect(supplement).toHaveLength(1);
    expect(supplement[0]!.subject).toContain(`Concept-aanvulling op de melding van datalek ${breachId}`);
    await api.clearEmails();

    for (const hours of [60, 70, 72]) await sweepAt(awareAt + hours * HOUR + MINUTE);

    expect(await api.emails()).toHaveLength(0);
    const stored = await breach(profile, breachId);
    expect(stored.filings).toMatchObject([{ phase: 'initial', reference: 'AP-2026-104577', authorityCountry: 'NL' }]);
    expect(stored.lateByMinutes).toBe(0);
    expect(stored.hoursLeft).toBeNull();
    expect(stored.obligations).toEqual({ needed: ['assessment', 'filing'], outstanding: [], open: false });
    expect(stored.evidence.chainIntact).toBe(true);
    const types = stored.evidence.events.map((event: Event) => event.type);
    expect(types.filter((type: string) => type === 'breach.filing_reminded')).toHaveLength(2);
    const filedEvent = stored.evidence.events.find((event: Event) => event.type === 'breach.filed');
    expect(filedEvent.data).toMatchObject({ phase: 'initial', reference: 'AP-2026-104577', lateByMinutes: 0 });
    const [summary] = (await api.request('GET', '/v1/controllers/softmedex/breaches', as('softmedex'))).body.items;
    expect(summary).toMatchObject({ breachId, filed: true, lateByMinutes: 0, hoursLeft: null, open: false });
  });
});

describe('Dentists4Dentists’ late filing: refused without reasons, lateness frozen; the overdue alert only for the unfiled', () => {
  const profile = d4dProfile;
  const delayReasons = 'The breach was reported to us by a dental practice only after a weekend';
  let late: string;
  let lateAwareAt: number;

  it('refuses a first filing 8 hours past the deadline without delayReasons, naming the field, recording nothing', async () => {
    lateAwareAt = Date.now() - 80 * HOUR;
    late = await register(profile, lateAwareAt);

    const refused = await file(profile, late, { phase: 'initial', filedAt: new Date(lateAwareAt + 80 * HOUR).toISOString(), reference: 'AP-2026-200001' });

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['delayReasons']);
    const stored = await breach(profile, late);
    expect(stored.filings).toEqual([]);
    expect(stored.lateByMinutes).toBeUndefined();
    expect(stored.hoursLeft).toBeLessThan(-7.9);
    expect(stored.evidence.events.map((event: Event) => event.type)).toEqual(['breach.registered']);
  });

  it('records it with reasons, 480 minutes late, frozen: a later supplement does not change it', async () => {
    const filed = await file(profile, late, {
      phase: 'initial',
      filedAt: new Date(lateAwareAt + 80 * HOUR).toISOString(),
      reference: 'AP-2026-200001',
      delayReasons,
    });
    expect(filed.status).toBe(200);
    expect(filed.body.lateByMinutes).toBe(480);

    const supplement = await file(profile, late, { phase: 'supplement', filedAt: new Date().toISOString(), reference: 'AP-2026-200001' });
    expect(supplement.status).toBe(200);
    expect(supplement.body.lateByMinutes).toBe(480);

    const stored = await breach(profile, late);
    expect(stored.lateByMinutes).toBe(480);
    expect(stored.filings.map((filing: { phase: string }) => filing.phase)).toEqual(['initial', 'supplement']);
    expect(stored.filings[0].delayReasons).toBe(delayReasons);
    const filedEvents = stored.evidence.events.filter((event: Event) => event.type === 'breach.filed');
    expect(filedEvents[0].data).toMatchObject({ lateByMinutes: 480, delayReasonsSha256: freeTextSha256(delayReasons) });
    expect(filedEvents[1].data).not.toHaveProperty('lateByMinutes');
    // The reasons stay on the breach; the evidence keeps their hash only.
    expect(JSON.stringify(stored.evidence)).not.toContain(delayReasons);
    expect(stored.evidence.chainIntact).toBe(true);
    const { items } = (await api.request('GET', '/v1/controllers/dentists4dentists/breaches', as('dentists4dentists'))).body;
    expect(items.find((item: { breachId: string }) => item.breachId === late)).toMatchObject({ filed: true, lateByMinutes: 480 });
  });

  it('alerts once at 72 hours for a breach left unfiled, and not for one filed in time just before', async () => {
    const awareAt = Date.now() - 71 * HOUR;
    const unfiled = await register(profile, awareAt);
    const filedInTime = await register(profile, awareAt);
    const filed = await file(profile, filedInTime, { phase: 'initial', filedAt: new Date().toISOString(), reference: 'AP-2026-200002' });
    expect(filed.status).toBe(200);
    expect(filed.body.lateByMinutes).toBe(0);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    await api.clearEmails();

    await sweepAt(awareAt + 72 * HOUR - MINUTE);
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(awareAt + 72 * HOUR + MINUTE);
    await sweepAt(awareAt + 72 * HOUR + 2 * MINUTE);

    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual(breachMailAddresses(profile));
    expect(emails[0]!.subject).toBe(`Datalek ${unfiled} is niet binnen 72 uur gemeld bij de Autoriteit Persoonsgegevens`);
    expect(emails[0]!.body.text).toContain('delayReasons');
    expect((await events(profile, unfiled)).filter((event) => event.type === 'breach.filing_reminded').map((event) => event.data.hoursSinceAware)).toEqual([72]);
    for (const breachId of [filedInTime, late]) {
      expect((await events(profile, breachId)).some((event) => event.type === 'breach.filing_reminded')).toBe(false);
    }
  });
});

describe('ETSoft’s breach assessed as no risk: closed with its reasoning, off the open register, never reminded', () => {
  const profile = etsoftProfile;
  const reasoning = 'The stolen backup was encrypted with a key that was not on the device';
  let closed: string;
  let risky: string;
  let awareAt: number;

  it('closes the breach assessed none and mails no draft for it; the breach assessed risk gets its draft', async () => {
    awareAt = Date.now() - MINUTE;
    closed = await register(profile, awareAt);
    risky = await register(profile, awareAt);

    const none = await assess(profile, closed, 'none', reasoning);
    expect(none.status).toBe(200);
    expect(none.body.closedAt).toBeDefined();
    expect((await assess(profile, risky, 'risk', 'Order history can be used for targeted phishing')).status).toBe(200);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await mailsAbout(closed)).toHaveLength(0);
    expect(await mailsAbout(risky)).toHaveLength(1);
    const stored = await breach(profile, closed);
    expect(stored.closedAt).toBeDefined();
    expect(stored.assessment).toMatchObject({ risk: 'none', reasoning, assessedBy: 'Privacy officer' });
    expect(stored.obligations).toEqual({ needed: ['assessment'], outstanding: [], open: false });
    expect(stored.hoursLeft).toBeNull();
    const assessed = stored.evidence.events.find((event: Event) => event.type === 'breach.assessed');
    expect(assessed.data).toMatchObject({ risk: 'none', reasoningSha256: freeTextSha256(reasoning) });
    expect(assessed.data).not.toHaveProperty('reasoning');
    expect(JSON.stringify(stored.evidence)).not.toContain(reasoning);
    expect(stored.evidence.chainIntact).toBe(true);
    // Closed: a filing is not taken until a new assessment reopens it.
    const filing = await file(profile, closed, { phase: 'initial', filedAt: new Date().toISOString(), reference: 'AP-2026-300001' });
    expect(filing.status).toBe(409);
    expect((await breach(profile, closed)).filings).toEqual([]);
  });

  it('lists only the unfiled risk breach as open, with its hours left; the whole register has both', async () => {
    const open = (await api.request('GET', '/v1/controllers/etsoft/breaches?open=true', as('etsoft'))).body.items;
    expect(open.map((item: { breachId: string }) => item.breachId)).toEqual([risky]);
    expect(open[0]).toMatchObject({ risk: 'risk', filed: false, outstanding: ['filing'], open: true });
    expect(open[0].hoursLeft).toBeGreaterThan(71);
    expect(open[0].hoursLeft).toBeLessThanOrEqual(72);

    const all = (await api.request('GET', '/v1/controllers/etsoft/breaches', as('etsoft'))).body.items;
    expect(all.map((item: { breachId: string }) => item.breachId).sort()).toEqual([closed, risky].sort());
    expect(all.find((item: { breachId: string }) => item.breachId === closed)).toMatchObject({ risk: 'none', open: false, hoursLeft: null });
  });

  it('reminds the DPO of the risk breach at 24 hours and never of the closed one', async () => {
    await api.clearEmails();

    await sweepAt(awareAt + 24 * HOUR + MINUTE);

    const emails = await api.emails();
    expect(emails.map((email) => email.subject)).toEqual([`Herinnering: datalek ${risky} is nog niet gemeld, nog 48 uur`]);
    expect((await events(profile, closed)).map((event) => event.type)).toEqual(['breach.registered', 'breach.assessed']);
  });
});

describe('the filing drafts of the AP (Softmedex, nl) and the GBA (D Soft, nl and fr) carry every Art. 33(3) element', () => {
  interface Field {
    id: string;
    label: string;
    value: string;
    art33?: string;
  }
  const extra = { occurredAt: new Date(Date.now() - 5 * HOUR).toISOString(), specialCategories: ['health data'] };
  const ids: Record<string, string> = {};

  const draftOf = (profile: PolicyProfile, query: string) =>
    api.request('GET', `/v1/controllers/${profile.controllerId}/breaches/${ids[profile.controllerId]}/filing-draft${query}`, as(profile.controllerId));

  it('registers a breach at each', async () => {
    for (const profile of [softmedexProfile, dsoftProfile]) ids[profile.controllerId] = await register(profile, Date.now() - 2 * HOUR, extra);
  });

  for (const [profile, language, authority] of [
    [softmedexProfile, 'nl', AUTORITEIT_PERSOONSGEGEVENS],
    [dsoftProfile, 'nl', GEGEVENSBESCHERMINGSAUTORITEIT],
    [dsoftProfile, 'fr', GEGEVENSBESCHERMINGSAUTORITEIT],
  ] as const) {
    it(`${profile.controllerId} in ${language}: JSON, Markdown and HTML give the values registered`, async () => {
      const contact = breachContactOf(profile);
      const words = DRAFT_WORDS[language];
      const json = await draftOf(profile, `?language=${language}&format=json`);
      expect(json.status).toBe(200);
      const draft = json.body;
      expect(draft).toMatchObject({ language, phase: 'initial', breachId: ids[profile.controllerId], authority: { country: authority.country } });
      const fields: Field[] = draft.sections.flatMap((section: { fields: Field[] }) => section.fields);
      const value = (id: string) => fields.find((field) => field.id === id)?.value;

      // (a) nature, categories, approximate numbers; (b) the contact point; (c) consequences; (d) measures.
      expect(value('nature')).toBe(`${words.natures.confidentiality}; ${words.natures.availability}`);
      expect(value('dataCategories')).toBe('contact details, order history');
      expect(value('specialCategories')).toBe('health data');
      expect(value('approxSubjects')).toBe(words.approx('340'));
      expect(value('approxRecords')).toBe(words.approx('912'));
      expect(value('contactName')).toBe(contact.name);
      expect(value('contactEmail')).toBe(contact.email);
      if (contact.phone) expect(value('contactPhone')).toBe(contact.phone);
      expect(value('consequences')).toBe('Phishing mails that quote real orders to the customers concerned');
      expect(value('measuresTaken')).toBe('The laptop was wiped remotely and every account password was reset');
      expect(value('measuresProposed')).toBe('Every laptop disk is encrypted before the end of the month');
      expect(value('summary')).toBe('A laptop holding an export of the customer database was stolen from a car');
      expect(draft.art33Elements.a).toEqual(expect.arrayContaining(['nature', 'dataCategories', 'specialCategories', 'approxSubjects', 'approxRecords']));
      expect(draft.art33Elements.b).toEqual(expect.arrayContaining(['contactName', 'contactEmail']));
      expect(draft.art33Elements.c).toEqual(['consequences']);
      expect(draft.art33Elements.d).toEqual(expect.arrayContaining(['measuresTaken', 'measuresProposed']));
      expect(draft.art33Elements.delay).toBeUndefined();

      const markdown = await draftOf(profile, `?language=${language}&format=markdown`);
      const html = await draftOf(profile, `?language=${language}&format=html`);
      expect(markdown.status).toBe(200);
      expect(markdown.headers.get('content-type')).toContain('text/markdown');
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toContain('text/html');
      const elementFields = fields.filter((field) => field.art33 !== undefined);
      expect(elementFields.length).toBeGreaterThanOrEqual(11);
      for (const field of elementFields) {
        expect(markdown.body).toContain(escapeMarkdown(field.label));
        expect(markdown.body).toContain(escapeMarkdown(field.value));
        expect(html.body).toContain(escapeHtml(field.label));
        expect(html.body).toContain(escapeHtml(field.value));
      }
    });
  }

  it('writes the French and Dutch GBA drafts in their own words, and answers 400 naming language for French at the AP', async () => {
    const nl = (await draftOf(dsoftProfile, '?language=nl')).body;
    const fr = (await draftOf(dsoftProfile, '?language=fr')).body;
    expect(fr.sections.map((section: { title: string }) => section.title)).not.toEqual(nl.sections.map((section: { title: string }) => section.title));
    // Without a language, the authority's first: Dutch.
    expect((await draftOf(dsoftProfile, '')).body.language).toBe('nl');

    const refused = await draftOf(softmedexProfile, '?language=fr&format=markdown');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['language']);
  });
});
