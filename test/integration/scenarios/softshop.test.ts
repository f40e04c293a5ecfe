import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { softshop as softshopProfile } from '../../../shared/domain/policy/profiles/softshop';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * Softshop shares data only with the parties carrying out an order (its payment partner, couriers), promises
 * no notice of that, and will never sell its customer data. End to end on the local pipeline.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const softshop = { controller: 'softshop' };

const subjects = [
  { subjectId: 'k-nl-1', email: 'kees@example.nl', locale: 'nl', name: 'Kees Bakker' },
  { subjectId: 'k-en-1', email: 'kate@example.com', locale: 'en' },
  { subjectId: 'k-nl-2', email: 'lies@example.nl', locale: 'nl' },
];

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const recipients: Record<string, object> = {
    buyer: { name: 'Grote Keten B.V.', kind: 'acquirer', country: 'NL', contactEmail: 'legal@keten.example' },
    multisafepay: { name: 'MultiSafepay B.V.', kind: 'payment_provider', country: 'NL' },
    postnl: { name: 'PostNL Pakketten B.V.', kind: 'courier', country: 'NL' },
    hosting: { name: 'Hosting B.V.', kind: 'processor', country: 'NL' },
  };
  for (const [recipientId, body] of Object.entries(recipients)) {
    expect((await api.request('PUT', `/v1/controllers/softshop/recipients/${recipientId}`, { ...softshop, body })).status).toBe(204);
  }
  expect((await api.request('POST', '/v1/controllers/softshop/subjects/batch', { ...softshop, body: { subjects } })).status).toBe(200);
});

afterAll(async () => {
  await pipeline?.stop();
});

const disclosure = async (id: string) => (await api.request('GET', `/v1/controllers/softshop/disclosures/${id}`, softshop)).body;
const eventTypes = async (id: string): Promise<string[]> =>
  (await api.request('GET', `/v1/controllers/softshop/disclosures/${id}/events`, softshop)).body.items.map((event: { type: string }) => event.type);
const accessReport = async (subjectId: string) => {
  const response = await api.request('GET', `/v1/controllers/softshop/subjects/${subjectId}/disclosures`, softshop);
  expect(response.status).toBe(200);
  return response.body.items as { disclosureId: string; kind: string; notice: { status: string } }[];
};
const record = (body: Record<string, unknown>) => api.request('POST', '/v1/controllers/softshop/disclosures', { ...softshop, body });

describe('Softshop will not sell its customer data', () => {
  it('refuses a merger with 422 problem+json, quoting the policy, and writes nothing', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'merger_acquisition',
      recipientId: 'buyer',
      legalBasis: 'legitimate_interests',
      purpose: 'Verkoop van de webwinkel',
      dataCategories: ['naam', 'adres', 'bestellingen'],
      audience: { all: true },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, title: expect.any(String) });
    expect(response.body.violations).toEqual([
      { rule: 'disclosureRules.merger_acquisition', message: expect.any(String), source: softshopProfile.disclosureRules.merger_acquisition.source },
    ]);
    expect(response.body.violations[0].source).toContain('Softshop zal uw persoonlijke gegevens onder geen bieding verkopen');
    expect(response.headers.get('location')).toBeNull();

    // Refused means recorded nowhere: no ledger entry for anyone, no notice.
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    for (const { subjectId } of subjects) expect(await accessReport(subjectId)).toEqual([]);
    expect(await api.emails()).toHaveLength(0);
  });

  it('names each broken part of an allowed kind: the legal basis and the recipient kind', async () => {
    const response = await record({
      kind: 'order_fulfilment',
      recipientId: 'hosting',
      legalBasis: 'legitimate_interests',
      purpose: 'Opslag van bestellingen',
      dataCategories: ['naam'],
      audience: { subjectIds: ['k-nl-1'] },
    });
    expect(response.status).toBe(422);
    const source = softshopProfile.disclosureRules.order_fulfilment.source;
    expect(response.body.violations).toEqual([
      { rule: 'disclosureRules.order_fulfilment.legalBases', message: expect.stringContaining('contract'), source },
      { rule: 'disclosureRules.order_fulfilment.recipientKinds', message: expect.stringContaining('processor'), source },
    ]);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('k-nl-1')).toEqual([]);
  });
});

describe('Softshop hands an order to its payment partner and its courier: recorded, and nobody emailed', () => {
  it('records the payment handoff in each subject ledger as not_required, with no notice', async () => {
    await api.clearEmails();
    const audience = ['k-nl-1', 'k-en-1'];
    const response = await record({
      kind: 'order_fulfilment',
      recipientId: 'multisafepay',
      legalBasis: 'contract',
      purpose: 'Afhandeling van de online betaling van bestelling 2026-1187',
      dataCategories: ['naam', 'e-mailadres', 'bedrag'],
      audience: { subjectIds: audience },
      reference: 'ORDER-2026-1187',
    });
    expect(response.status).toBe(202);
    const disclosureId = response.body.disclosureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed', recipient: { kind: 'payment_provider', name: 'MultiSafepay B.V.' } });
    expect(view.counts).toEqual({ subjects: 2, notified: 0, failed: 0, suppressed: 0, notRequired: 2, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } });
    expect(await eventTypes(disclosureId)).toEqual(['disclosure.recorded', 'disclosure.notices_settled']);

    for (const subjectId of audience) {
      expect(await accessReport(subjectId)).toContainEqual({
        disclosureId,
        kind: 'order_fulfilment',
        recipient: { name: 'MultiSafepay B.V.', kind: 'payment_provider', country: 'NL' },
        legalBasis: 'contract',
        purpose: 'Afhandeling van de online betaling van bestelling 2026-1187',
        dataCategories: ['naam', 'e-mailadres', 'bedrag'],
        disclosedAt: expect.any(String),
        notice: { status: 'not_required' },
      });
    }
    expect((await accessReport('k-nl-2')).map((item) => item.disclosureId)).not.toContain(disclosureId);
    expect(await api.emails()).toHaveLength(0);
  });

  it('records a courier handoff to the whole audience the same way', async () => {
    await api.clearEmails();
    const response = await record({
      kind: 'order_fulfilment',
      recipientId: 'postnl',
      legalBasis: 'contract',
      purpose: 'Bezorging van bestellingen',
      dataCategories: ['naam', 'afleveradres'],
      audience: { all: true },
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed' });
    expect(view.counts).toMatchObject({ subjects: 3, notified: 0, notRequired: 3 });
    for (const { subjectId } of subjects) {
      expect(await accessReport(subjectId)).toContainEqual(
        expect.objectContaining({ disclosureId: response.body.disclosureId, recipient: expect.objectContaining({ kind: 'courier' }), notice: { status: 'not_required' } }),
      );
    }
    expect(await api.emails()).toHaveLength(0);
  });
});
