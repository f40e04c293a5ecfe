import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { dsoft as dsoftProfile } from '../../../shared/domain/policy/profiles/dsoft';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * D Soft (Merelbeke, BE, with an establishment in Oosterhout, NL) shares only with the recipients its policy
 * lists, such as suppliers delivering directly, promises no notice of it, and exports nothing outside the
 * EEA, whatever safeguard is offered. End to end on the local pipeline.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const dsoft = { controller: 'dsoft' };
const approver = { ...dsoft, scopes: ['disclosures:write', 'disclosures:read', 'disclosures:override'] };
const base = '/v1/controllers/dsoft';

const subjects = [
  { subjectId: 'klant-be', email: 'klant@example.be', locale: 'nl', name: 'An Peeters' },
  { subjectId: 'klant-nl', email: 'klant@example.nl', locale: 'nl' },
  { subjectId: 'client-en', email: 'client@example.com', locale: 'en' },
];

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const recipients: Record<string, object> = {
    'supplier-be': { name: 'Hardware Groothandel NV', kind: 'supplier', country: 'BE' },
    'supplier-us': { name: 'Cloud Licenses Inc.', kind: 'supplier', country: 'US' },
    'supplier-ch': { name: 'Swiss Software AG', kind: 'supplier', country: 'CH' },
  };
  for (const [recipientId, body] of Object.entries(recipients)) {
    expect((await api.request('PUT', `${base}/recipients/${recipientId}`, { ...dsoft, body })).status).toBe(204);
  }
  expect((await api.request('POST', `${base}/subjects/batch`, { ...dsoft, body: { subjects } })).status).toBe(200);
});

afterAll(async () => {
  await pipeline?.stop();
});

const disclosure = async (id: string) => (await api.request('GET', `${base}/disclosures/${id}`, dsoft)).body;
const accessReport = async (subjectId: string) => {
  const response = await api.request('GET', `${base}/subjects/${subjectId}/disclosures`, dsoft);
  expect(response.status).toBe(200);
  return response.body.items as { disclosureId: string; kind: string; recipient: { country: string }; notice: { status: string } }[];
};
const supplierDelivery = (recipientId: string, extra: Record<string, unknown> = {}) => ({
  kind: 'order_fulfilment',
  recipientId,
  legalBasis: 'contract',
  purpose: 'Rechtstreekse levering van licenties door de leverancier',
  dataCategories: ['naam', 'e-mailadres', 'bedrijfsgegevens'],
  audience: { subjectIds: ['klant-be'] },
  ...extra,
});
const record = (body: Record<string, unknown>, options: { scopes?: string[] } = {}) =>
  api.request('POST', `${base}/disclosures`, { ...dsoft, ...options, body });
const outsideEea = { rule: 'internationalTransfers.outsideEea', message: expect.any(String), source: dsoftProfile.internationalTransfers.source };

describe('D Soft hands a customer to a supplier in the EEA: allowed, on record, no notice', () => {
  it('records the supplier disclosure as not_required and emails nobody', async () => {
    await api.clearEmails();
    const response = await record(supplierDelivery('supplier-be', { audience: { subjectIds: ['klant-be', 'client-en'] } }));
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(response.body.disclosureId);
    expect(view).toMatchObject({ noticeMode: 'none', status: 'completed', recipient: { kind: 'supplier', country: 'BE' } });
    expect(view.exception).toBeUndefined();
    expect(view.counts).toEqual({ subjects: 2, notified: 0, failed: 0, suppressed: 0, notRequired: 2, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } });
    for (const subjectId of ['klant-be', 'client-en']) {
      expect(await accessReport(subjectId)).toContainEqual(
        expect.objectContaining({ disclosureId: response.body.disclosureId, kind: 'order_fulfilment', notice: { status: 'not_required' } }),
      );
    }
    expect(await api.emails()).toHaveLength(0);
  });
});

describe('D Soft exports nothing outside the EEA', () => {
  it.each([
    ['the US', 'supplier-us', 'US'],
    ['Switzerland', 'supplier-ch', 'CH'],
  ])('refuses a supplier in %s, with or without a transfer mechanism, and writes nothing', async (_label, recipientId, country) => {
    const before = await accessReport('klant-be');
    for (const transferMechanism of [undefined, 'sccs', 'adequacy']) {
      const response = await record(supplierDelivery(recipientId, transferMechanism ? { transferMechanism } : {}));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.violations).toEqual([{ ...outsideEea, message: expect.stringContaining(country) }]);
    }
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('klant-be')).toEqual(before);
    expect(await accessReport('klant-nl')).toEqual([]);
  });

  it('records it only as an exception approved by someone holding disclosures:override', async () => {
    await api.clearEmails();
    const override = { reason: 'Enige leverancier van deze licentie; contract met SCC’s, goedgekeurd door de DPO', approvedBy: 'DPO D Soft nv' };
    const body = supplierDelivery('supplier-us', { transferMechanism: 'sccs', override, audience: { subjectIds: ['klant-nl'] } });

    const unapproved = await record(body);
    expect(unapproved.status).toBe(403);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('klant-nl')).toEqual([]);

    const approved = await record(body, approver);
    expect(approved.status).toBe(202);
    const disclosureId = approved.body.disclosureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(disclosureId);
    expect(view).toMatchObject({ status: 'completed', noticeMode: 'none', transferMechanism: 'sccs', recipient: { country: 'US' } });
    expect(view.exception).toEqual({ ...override, rules: ['internationalTransfers.outsideEea'] });
    const trail = (await api.request('GET', `${base}/disclosures/${disclosureId}/events`, dsoft)).body;
    expect(trail.chainIntact).toBe(true);
    const exception = trail.items.find((event: { type: string }) => event.type === 'disclosure.exception_approved');
    expect(exception.data).toMatchObject({ reason: override.reason, approvedBy: override.approvedBy, violations: [{ rule: 'internationalTransfers.outsideEea' }] });
    expect(await accessReport('klant-nl')).toEqual([
      expect.objectContaining({ disclosureId, recipient: expect.objectContaining({ country: 'US' }), notice: { status: 'not_required' } }),
    ]);
    expect(await api.emails()).toHaveLength(0);
  });

  it('answers 400 to an override of a disclosure the policy allows: there is nothing to override', async () => {
    const response = await record(
      supplierDelivery('supplier-be', { override: { reason: 'Voor de zekerheid goedgekeurd', approvedBy: 'DPO D Soft nv' }, audience: { subjectIds: ['klant-nl'] } }),
      approver,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'override', message: expect.any(String) }]);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await accessReport('klant-nl')).toHaveLength(1);
  });
});

describe('D Soft publishes its policy for both establishments', () => {
  it('shows the Belgian seat under the GBA and the Dutch one under the AP', async () => {
    const response = await api.request('GET', `${base}/policy`, dsoft);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(dsoftProfile)));
    expect(response.body.establishments).toEqual([
      expect.objectContaining({ legalName: 'D Soft nv', country: 'BE', supervisoryAuthority: expect.objectContaining({ name: 'Gegevensbeschermingsautoriteit', country: 'BE' }) }),
      expect.objectContaining({ legalName: 'D Soft', country: 'NL', supervisoryAuthority: expect.objectContaining({ name: 'Autoriteit Persoonsgegevens', country: 'NL' }) }),
    ]);
    expect(response.body.supervisoryAuthority.name).toBe('Gegevensbeschermingsautoriteit');
    expect(response.body.internationalTransfers).toMatchObject({ outsideEea: 'never', source: expect.stringContaining('Europese Economische Ruimte') });
  });
});
