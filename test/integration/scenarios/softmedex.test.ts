import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { softmedex as softmedexProfile } from '../../../shared/domain/policy/profiles/softmedex';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * Softmedex promises to tell subjects whenever their data went to a third party (`after`), may hold that
 * notice back under a non-disclosure order (`deferred`), never shares for a third party's marketing, and
 * sends data outside the EEA only under adequacy, SCCs or BCRs. End to end on the local pipeline, with the
 * sweeper driven through 40 days of simulated time.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const softmedex = { controller: 'softmedex' };
const approver = { ...softmedex, scopes: ['disclosures:write', 'disclosures:read', 'disclosures:override'] };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LEGAL_TEAM = softmedexProfile.legalTeamEmail;

const subjects = [
  { subjectId: 's-nl-1', email: 'jan@example.nl', locale: 'nl', name: 'Jan Jansen' },
  { subjectId: 's-nl-2', email: 'els@example.nl', locale: 'nl' },
  { subjectId: 's-en-1', email: 'ann@example.com', locale: 'en', name: 'Ann Smith' },
  { subjectId: 's-en-2', email: 'tom@example.com', locale: 'en' },
];

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const recipients: Record<string, object> = {
    acme: { name: 'Acme <Health> B.V.', kind: 'acquirer', country: 'NL', contactEmail: 'legal@acme.example' },
    police: { name: 'Politie Eenheid Amsterdam', kind: 'authority', country: 'NL' },
    collector: { name: 'Incasso Noord B.V.', kind: 'debt_collector', country: 'NL' },
    'us-helpdesk': { name: 'Helpdesk Inc.', kind: 'processor', country: 'US' },
    partner: { name: 'Partner Marketing B.V.', kind: 'business_partner', country: 'NL' },
  };
  for (const [recipientId, body] of Object.entries(recipients)) {
    const response = await api.request('PUT', `/v1/controllers/softmedex/recipients/${recipientId}`, { ...softmedex, body });
    expect(response.status).toBe(204);
  }
  expect((await api.request('POST', '/v1/controllers/softmedex/subjects/batch', { ...softmedex, body: { subjects } })).status).toBe(200);
});

afterAll(async () => {
  await pipeline?.stop();
});

const disclosure = async (id: string) => (await api.request('GET', `/v1/controllers/softmedex/disclosures/${id}`, softmedex)).body;
const events = async (id: string) => (await api.request('GET', `/v1/controllers/softmedex/disclosures/${id}/events`, softmedex)).body;
const eventTypes = async (id: string): Promise<string[]> => (await events(id)).items.map((event: { type: string }) => event.type);
const accessReport = async (subjectId: string, query = '') =>
  (await api.request('GET', `/v1/controllers/softmedex/subjects/${subjectId}/disclosures${query}`, softmedex)).body.items as {
    disclosureId: string;
    kind: string;
    notice: { status: string };
  }[];
const sweepAt = async (at: number) => {
  await api.runSweeper(new Date(at));
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
};
const record = (body: Record<string, unknown>, options: { scopes?: string[] } = {}) =>
  api.request('POST', '/v1/controllers/softmedex/disclosures', { ...softmedex, ...options, body });
const emptyExcluded = { no_consent: 0, opted_out: 0, objected: 0, erased: 0 };

describe('Softmedex sells its business: every subject hears afterwards, in their language', () => {
  it('tells each subject once, in Dutch or English, and completes with every notice counted', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'merger_acquisition',
      recipientId: 'acme',
      legalBasis: 'legitimate_interests',
      purpose: 'Verkoop van de klantenbestanden van Softmedex aan Acme Health',
      dataCategories: ['naam', 'contactgegevens'],
      audience: { all: true },
      reference: 'M&A-2026-11',
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'after', status: 'completed' });
    expect(view.counts).toEqual({ subjects: 4, notified: 4, failed: 0, suppressed: 0, notRequired: 0, excluded: emptyExcluded });

    const emails = await api.emails();
    expect(emails.map((email) => email.destination.to).flat().sort()).toEqual(subjects.map((subject) => subject.email).sort());
    for (const subject of subjects) {
      const [email, ...more] = await api.emailsTo(subject.email);
      expect(more).toHaveLength(0);
      expect(email!.subject).toContain('Acme <Health> B.V.');
      expect(email!.body.text).toContain(subject.locale === 'nl' ? 'Uw rechten' : 'Your rights');
      expect(email!.body.text).not.toContain(subject.locale === 'nl' ? 'Your rights' : 'Uw rechten');
      // No hold: the paragraph about a late notice stays out.
      expect(email!.body.text).not.toContain(subject.locale === 'nl' ? 'niet eerder informeren' : 'could not tell you about this earlier');
    }
    expect((await api.emailsTo('jan@example.nl'))[0]!.body.text).toContain('Beste Jan Jansen');
    expect((await api.emailsTo('ann@example.com'))[0]!.body.text).toContain('Dear Ann Smith');

    expect(await accessReport('s-en-2')).toContainEqual(
      expect.objectContaining({ disclosureId: response.body.disclosureId, kind: 'merger_acquisition', notice: { status: 'sent' } }),
    );
  });
});

describe('Softmedex hands data to the police under a non-disclosure order: subjects hear when the order ends', () => {
  const recordedAt = Date.now();
  const firstUntil = recordedAt + 20 * DAY;
  let until: number;
  let disclosureId: string;
  const held = ['s-nl-1', 's-en-1'];
  const ORDER_REFERENCE = 'OM-2026-4471-GEHEIM';
  const HOLD_REASON = 'Lopend strafrechtelijk onderzoek, geheimhoudingsbevel van de officier van justitie';

  it('records the disclosure as held: ledger entries held, shown in the access report, and nobody emailed', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'law_enforcement',
      recipientId: 'police',
      legalBasis: 'legal_obligation',
      purpose: 'Vordering van gegevens in een strafrechtelijk onderzoek',
      dataCategories: ['naam', 'e-mailadres', 'bestelgeschiedenis'],
      audience: { subjectIds: held },
      hold: { until: new Date(firstUntil).toISOString(), reason: HOLD_REASON, orderReference: ORDER_REFERENCE },
    });
    expect(response.status).toBe(202);
    disclosureId = response.body.disclosureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(disclosureId);
    expect(view).toMatchObject({
      noticeMode: 'deferred',
      status: 'held',
      hold: { until: new Date(firstUntil).toISOString(), reason: HOLD_REASON, orderReference: ORDER_REFERENCE },
    });
    expect(view.counts).toEqual({ subjects: 2, notified: 0, failed: 0, suppressed: 0, notRequired: 0, excluded: emptyExcluded });
    for (const subjectId of held) {
      // The legal team sees it when it asks; an access report to pass on to the subject does not reveal it.
      expect(await accessReport(subjectId, '?includeHeld=true')).toContainEqual(
        expect.objectContaining({ disclosureId, kind: 'law_enforcement', recipient: expect.objectContaining({ kind: 'authority' }), notice: { status: 'held' } }),
      );
      expect((await accessReport(subjectId)).map((item) => item.disclosureId)).not.toContain(disclosureId);
    }
    // Not in the audience: no entry.
    expect((await accessReport('s-nl-2')).map((item) => item.disclosureId)).not.toContain(disclosureId);
    expect(await api.emails()).toHaveLength(0);
  });

  it('reminds the legal team once, 7 days before the end, naming the disclosure; nobody else hears', async () => {
    await sweepAt(firstUntil - 7 * DAY - MINUTE);
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(firstUntil - 7 * DAY + MINUTE);
    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(emails[0]!.subject).toContain(disclosureId);
    expect(emails[0]!.body.text).toContain(disclosureId);
    expect(emails[0]!.body.text).toContain('over 7 dagen');
    // The reminder names the disclosure, never the order.
    for (const secret of [ORDER_REFERENCE, HOLD_REASON]) expect(JSON.stringify(emails[0])).not.toContain(secret);

    await sweepAt(firstUntil - 7 * DAY + MINUTE);
    expect(await api.emails()).toHaveLength(1);
    expect((await eventTypes(disclosureId)).filter((type) => type === 'disclosure.hold_reminder_sent')).toHaveLength(1);
  });

  it('extends the hold with a reason, as an event in an intact chain', async () => {
    until = Date.now() + 40 * DAY;
    const response = await api.request('POST', `/v1/controllers/softmedex/disclosures/${disclosureId}/hold`, {
      ...softmedex,
      body: { until: new Date(until).toISOString(), reason: 'Het bevel is door de rechter-commissaris verlengd' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ disclosureId, until: new Date(until).toISOString() });

    const trail = await events(disclosureId);
    expect(trail.chainIntact).toBe(true);
    const extended = trail.items.filter((event: { type: string }) => event.type === 'disclosure.hold_extended');
    expect(extended).toHaveLength(1);
    expect(extended[0].data).toEqual({
      previousUntil: new Date(firstUntil).toISOString(),
      until: new Date(until).toISOString(),
      reason: 'Het bevel is door de rechter-commissaris verlengd',
      // The credential that extended it, as its token names it.
      extendedBy: { clientId: expect.any(String), sub: expect.any(String) },
    });
    expect((await disclosure(disclosureId)).hold.until).toBe(new Date(until).toISOString());
  });

  it('keeps silent when the original end passes: no reminder, no release', async () => {
    await api.clearEmails();
    await sweepAt(firstUntil + MINUTE);
    expect(await api.emails()).toHaveLength(0);
    expect((await disclosure(disclosureId)).status).toBe('held');
    expect(await eventTypes(disclosureId)).not.toContain('disclosure.hold_released');
    for (const subjectId of held) {
      expect((await accessReport(subjectId, '?includeHeld=true')).find((item) => item.disclosureId === disclosureId)!.notice).toEqual({ status: 'held' });
    }
  });

  it('reminds the legal team 7 days and 1 day before the new end, once each', async () => {
    await sweepAt(until - 7 * DAY + MINUTE);
    const week = await api.emails();
    expect(week).toHaveLength(1);
    expect(week[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(week[0]!.body.text).toContain(disclosureId);
    expect(week[0]!.body.text).toContain('over 7 dagen');

    await api.clearEmails();
    await sweepAt(until - DAY + MINUTE);
    await sweepAt(until - DAY + MINUTE);
    const day = await api.emails();
    expect(day).toHaveLength(1);
    expect(day[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(day[0]!.body.text).toContain(disclosureId);
    expect(day[0]!.body.text).toContain('morgen');
    expect((await disclosure(disclosureId)).status).toBe('held');
  });

  it('at the new end tells each subject once, saying why late but not naming the order, and completes', async () => {
    await api.clearEmails();
    await sweepAt(until - MINUTE);
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(until + MINUTE);
    await sweepAt(until + MINUTE);
    const emails = await api.emails();
    expect(emails.map((email) => email.destination.to).flat().sort()).toEqual(['ann@example.com', 'jan@example.nl']);
    const [jans] = await api.emailsTo('jan@example.nl');
    expect(jans!.body.text).toContain('Beste Jan Jansen');
    expect(jans!.body.text).toContain('Wij konden u hierover niet eerder informeren');
    const [anns] = await api.emailsTo('ann@example.com');
    expect(anns!.body.text).toContain('We could not tell you about this earlier');
    for (const email of emails) {
      expect(email.body.text).toContain('Politie Eenheid Amsterdam');
      for (const secret of [ORDER_REFERENCE, HOLD_REASON]) {
        expect(email.body.text).not.toContain(secret);
        expect(email.body.html).not.toContain(secret);
        expect(email.subject).not.toContain(secret);
      }
    }

    const view = await disclosure(disclosureId);
    expect(view.status).toBe('completed');
    expect(view.counts).toEqual({ subjects: 2, notified: 2, failed: 0, suppressed: 0, notRequired: 0, excluded: emptyExcluded });
    const types = await eventTypes(disclosureId);
    expect(types.filter((type) => type === 'disclosure.hold_released')).toHaveLength(1);
    expect(types.filter((type) => type === 'disclosure.notices_settled')).toHaveLength(1);
    expect((await events(disclosureId)).chainIntact).toBe(true);
    for (const subjectId of held) {
      expect((await accessReport(subjectId)).find((item) => item.disclosureId === disclosureId)!.notice).toEqual({ status: 'sent' });
    }
  });

  it('refuses to extend a hold that has ended', async () => {
    const response = await api.request('POST', `/v1/controllers/softmedex/disclosures/${disclosureId}/hold`, {
      ...softmedex,
      body: { until: new Date(until + 10 * DAY).toISOString(), reason: 'Te laat verlengd' },
    });
    expect(response.status).toBe(409);
    expect((await disclosure(disclosureId)).hold.until).toBe(new Date(until).toISOString());
  });
});

describe('Softmedex refuses what its policy rules out, quoting it, and writes nothing', () => {
  const fresh = 's-fresh';

  beforeAll(async () => {
    // Added after the merger was recorded, so the only disclosures it could appear in are those below.
    const response = await api.request('PUT', `/v1/controllers/softmedex/subjects/${fresh}`, {
      ...softmedex,
      body: { email: 'fresh@example.nl', locale: 'nl' },
    });
    expect(response.status).toBe(204);
    expect(await accessReport(fresh)).toEqual([]);
  });

  const debtCollection = (extra: Record<string, unknown> = {}) => ({
    kind: 'debt_collection',
    recipientId: 'collector',
    legalBasis: 'legitimate_interests',
    purpose: 'Incasso van een onbetaalde factuur',
    dataCategories: ['naam', 'factuurgegevens'],
    audience: { subjectIds: [fresh] },
    ...extra,
  });

  it('refuses sharing for the recipient\'s own marketing (422), and no entry is written', async () => {
    await api.clearEmails();
    const response = await record(debtCollection({ thirdPartyMarketing: true }));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.violations).toEqual([
      { rule: 'thirdPartyMarketing', message: expect.any(String), source: softmedexProfile.thirdPartyMarketing.source },
    ]);
    expect(response.body.detail).toContain(softmedexProfile.thirdPartyMarketing.source);

    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport(fresh)).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });

  it('refuses a transfer to the US without a transfer mechanism, and records it with SCCs', async () => {
    const handoff = (extra: Record<string, unknown> = {}) => ({
      kind: 'processor_handoff',
      recipientId: 'us-helpdesk',
      legalBasis: 'contract',
      purpose: 'Klantenservice via een helpdesk in de Verenigde Staten',
      dataCategories: ['naam', 'e-mailadres'],
      audience: { subjectIds: [fresh] },
      ...extra,
    });
    const refused = await record(handoff());
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([
      { rule: 'internationalTransfers.mechanisms', message: expect.stringContaining('US'), source: softmedexProfile.internationalTransfers.source },
    ]);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport(fresh)).toEqual([]);

    const accepted = await record(handoff({ transferMechanism: 'sccs' }));
    expect(accepted.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const view = await disclosure(accepted.body.disclosureId);
    expect(view).toMatchObject({ transferMechanism: 'sccs', recipient: expect.objectContaining({ country: 'US' }), status: 'completed' });
    expect(view.exception).toBeUndefined();
    expect((await accessReport(fresh)).map((item) => item.disclosureId)).toEqual([accepted.body.disclosureId]);
  });

  it('records a kind the policy refuses only as an exception approved by someone holding disclosures:override', async () => {
    const override = { reason: 'Eenmalige gezamenlijke terugroepactie, goedgekeurd door de FG', approvedBy: 'mr. P. de Jong, FG' };
    const sharing = {
      kind: 'business_partner',
      recipientId: 'partner',
      legalBasis: 'legitimate_interests',
      purpose: 'Terugroepactie met een partner',
      dataCategories: ['naam', 'e-mailadres'],
      audience: { subjectIds: ['s-nl-2'] },
    };
    const before = await accessReport('s-nl-2');

    const refused = await record(sharing);
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([
      { rule: 'disclosureRules.business_partner', message: expect.any(String), source: softmedexProfile.disclosureRules.business_partner.source },
    ]);

    const unapproved = await record({ ...sharing, override });
    expect(unapproved.status).toBe(403);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('s-nl-2')).toEqual(before);

    const approved = await record({ ...sharing, override }, approver);
    expect(approved.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const disclosureId = approved.body.disclosureId;
    expect((await disclosure(disclosureId)).exception).toEqual({ ...override, rules: ['disclosureRules.business_partner'] });

    const trail = await events(disclosureId);
    expect(trail.chainIntact).toBe(true);
    expect(trail.items.map((event: { type: string }) => event.type).slice(0, 2)).toEqual(['disclosure.recorded', 'disclosure.exception_approved']);
    const exception = trail.items.find((event: { type: string }) => event.type === 'disclosure.exception_approved');
    expect(exception.data).toMatchObject({ reason: override.reason, approvedBy: override.approvedBy });
    expect(exception.data.violations.map((violation: { rule: string }) => violation.rule)).toEqual(['disclosureRules.business_partner']);
    expect((await accessReport('s-nl-2')).map((item) => item.disclosureId)).toContain(disclosureId);
  });
});

describe('Softmedex publishes the rules it is held to', () => {
  it('answers GET .../policy with the profile, every rule quoting its source', async () => {
    const response = await api.request('GET', '/v1/controllers/softmedex/policy', softmedex);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(softmedexProfile)));
    expect(response.body.disclosureRules.merger_acquisition.source).toContain('Indien wij een bedrijf of activa kopen of verkopen');
    expect(response.body.thirdPartyMarketing).toMatchObject({ allowed: 'never', source: expect.stringContaining('verdere marketingactiviteiten') });
    for (const rule of Object.values(response.body.disclosureRules) as { source: string }[]) {
      expect(rule.source.length).toBeGreaterThan(20);
    }
  });
});
