import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { dentists4dentists as d4dProfile } from '../../../shared/domain/policy/profiles/dentists4dentists';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * Dentists4Dentists shares with couriers, debt collectors and (with a customer's explicit consent) partners,
 * and promises no notice of any of it: every disclosure lands in the ledger and the access report as
 * `not_required`, and nobody is emailed. It names no takeover, so a merger is refused. End to end on the
 * local pipeline.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const d4d = { controller: 'dentists4dentists' };
const base = '/v1/controllers/dentists4dentists';

const subjects = [
  { subjectId: 'praktijk-1', email: 'balie@tandarts-noord.nl', locale: 'nl', name: 'Tandartspraktijk Noord' },
  { subjectId: 'praktijk-2', email: 'desk@smile-clinic.com', locale: 'en' },
  { subjectId: 'praktijk-3', email: 'info@mondzorg-zuid.nl', locale: 'nl' },
  { subjectId: 'p-consent', email: 'ja@example.nl', locale: 'nl' },
  { subjectId: 'p-none', email: 'nee@example.nl', locale: 'nl' },
  { subjectId: 'p-withdrawn', email: 'ingetrokken@example.nl', locale: 'en' },
];

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const recipients: Record<string, object> = {
    incasso: { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', country: 'NL' },
    dhl: { name: 'DHL Parcel Nederland', kind: 'courier', country: 'NL' },
    buyer: { name: 'Dental Group Holding', kind: 'acquirer', country: 'NL' },
    partner: { name: 'Dental Supplies Partner B.V.', kind: 'business_partner', country: 'BE' },
    police: { name: 'Politie Oost-Brabant', kind: 'authority', country: 'NL' },
  };
  for (const [recipientId, body] of Object.entries(recipients)) {
    expect((await api.request('PUT', `${base}/recipients/${recipientId}`, { ...d4d, body })).status).toBe(204);
  }
  expect((await api.request('POST', `${base}/subjects/batch`, { ...d4d, body: { subjects } })).status).toBe(200);
  const preferences = {
    'p-consent': { consentTo: ['business_partner'], stopSharing: [] },
    'p-none': { consentTo: [], stopSharing: [] },
    // Gave consent, then withdrew it: the policy says the sharing then stops.
    'p-withdrawn': { consentTo: ['business_partner'], stopSharing: ['business_partner'] },
  };
  for (const [subjectId, body] of Object.entries(preferences)) {
    expect((await api.request('PUT', `${base}/subjects/${subjectId}/preferences`, { ...d4d, body })).status).toBe(200);
  }
});

afterAll(async () => {
  await pipeline?.stop();
});

const disclosure = async (id: string) => (await api.request('GET', `${base}/disclosures/${id}`, d4d)).body;
const accessReport = async (subjectId: string) => {
  const response = await api.request('GET', `${base}/subjects/${subjectId}/disclosures`, d4d);
  expect(response.status).toBe(200);
  return response.body.items as { disclosureId: string; kind: string; recipient: { kind: string }; notice: { status: string } }[];
};
const record = (body: Record<string, unknown>) => api.request('POST', `${base}/disclosures`, { ...d4d, body });
const noExclusions = { no_consent: 0, opted_out: 0, objected: 0, erased: 0 };

describe('Dentists4Dentists hands an unpaid invoice to a debt collector and a parcel to DHL: on record, no notice', () => {
  it('records the debt collection in the ledger as not_required, visible in the access report, and emails nobody', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'debt_collection',
      recipientId: 'incasso',
      legalBasis: 'legitimate_interests',
      purpose: 'Incasso van factuur 2026-0412 na het verstrijken van de betalingstermijn',
      dataCategories: ['praktijknaam', 'adres', 'factuurgegevens'],
      audience: { subjectIds: ['praktijk-1'] },
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed' });
    expect(view.counts).toEqual({ subjects: 1, notified: 0, failed: 0, suppressed: 0, notRequired: 1, excluded: noExclusions });
    expect(await accessReport('praktijk-1')).toContainEqual(
      expect.objectContaining({
        disclosureId: response.body.disclosureId,
        kind: 'debt_collection',
        recipient: { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', country: 'NL' },
        legalBasis: 'legitimate_interests',
        notice: { status: 'not_required' },
      }),
    );
    expect(await accessReport('praktijk-2')).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });

  it('records the courier handoff to DHL the same way', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'order_fulfilment',
      recipientId: 'dhl',
      legalBasis: 'contract',
      purpose: 'Uitlevering van bestellingen met track&trace',
      dataCategories: ['voor- en achternaam', 'adres van de praktijk'],
      audience: { subjectIds: ['praktijk-1', 'praktijk-2'] },
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed' });
    expect(view.counts).toEqual({ subjects: 2, notified: 0, failed: 0, suppressed: 0, notRequired: 2, excluded: noExclusions });
    for (const subjectId of ['praktijk-1', 'praktijk-2']) {
      expect(await accessReport(subjectId)).toContainEqual(
        expect.objectContaining({ disclosureId: response.body.disclosureId, kind: 'order_fulfilment', notice: { status: 'not_required' } }),
      );
    }
    expect(await accessReport('praktijk-3')).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });

  it('refuses a non-disclosure hold on a police request: there is no notice to defer', async () => {
    const response = await record({
      kind: 'law_enforcement',
      recipientId: 'police',
      legalBasis: 'legal_obligation',
      purpose: 'Vordering in een strafrechtelijk onderzoek',
      dataCategories: ['naam'],
      audience: { subjectIds: ['praktijk-3'] },
      hold: { until: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(), reason: 'Geheimhoudingsbevel', orderReference: 'OM-2026-1' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'hold', message: expect.stringContaining('not needed') }]);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('praktijk-3')).toEqual([]);
  });
});

describe('Dentists4Dentists names no takeover in its policy', () => {
  it('refuses a merger with the policy sentence, and writes no ledger entry', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'merger_acquisition',
      recipientId: 'buyer',
      legalBasis: 'legitimate_interests',
      purpose: 'Overname van Dentists4Dentists',
      dataCategories: ['klantgegevens'],
      audience: { all: true },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.violations).toEqual([
      { rule: 'disclosureRules.merger_acquisition', message: expect.any(String), source: d4dProfile.disclosureRules.merger_acquisition.source },
    ]);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    for (const { subjectId } of subjects) {
      expect((await accessReport(subjectId)).map((item) => item.kind)).not.toContain('merger_acquisition');
    }
    expect(await accessReport('praktijk-3')).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });
});

describe('Dentists4Dentists shares with a partner for its marketing: only with explicit consent', () => {
  it('leaves out the subject without consent and the one who withdrew it, counting each, and emails nobody', async () => {
    await api.clearEmails();
    const audience = ['p-consent', 'p-none', 'p-withdrawn'];
    const response = await record({
      kind: 'business_partner',
      recipientId: 'partner',
      legalBasis: 'consent',
      purpose: 'Aanbiedingen van een partner voor tandartsbenodigdheden',
      dataCategories: ['praktijknaam', 'e-mailadres'],
      audience: { subjectIds: audience },
      thirdPartyMarketing: true,
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed', thirdPartyMarketing: true, requiresPriorConsent: true, honoursOptOut: true });
    expect(view.counts).toEqual({ subjects: 1, notified: 0, failed: 0, suppressed: 0, notRequired: 1, excluded: { no_consent: 1, opted_out: 1, objected: 0, erased: 0 } });

    expect(await accessReport('p-consent')).toEqual([
      expect.objectContaining({ disclosureId: response.body.disclosureId, kind: 'business_partner', notice: { status: 'not_required' } }),
    ]);
    expect(await accessReport('p-none')).toEqual([]);
    expect(await accessReport('p-withdrawn')).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });
});
