import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { dentists4dentists as d4dProfile } from '../../../shared/domain/policy/profiles/dentists4dentists';
import { localPipelineClient, type StoredEmail } from '../../helpers/local-pipeline-client';

/**
 * Issue 4 at Dentists4Dentists: a practice whose unpaid invoice went to a debt collector asks to be
 * forgotten. The request is confirmed through the registered address and carried out by the legal team,
 * which gives the invoice date: the invoices are kept 7 years from it, as the policy says the law requires.
 * The debt collector is asked to erase (Art. 19) and stays silent: in simulated time it is reminded once
 * after 7 days and handed to the legal team after 14. Then the request completes, the practice is told what
 * was kept until when and that the debt collector did not answer, and no item of any table still holds its
 * address or name.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const d4d = { controller: 'dentists4dentists', scopes: ['subjects:write', 'recipients:write', 'disclosures:write', 'disclosures:read', 'erasures:write', 'erasures:read'] };
const base = '/v1/controllers/dentists4dentists';
const SUBJECT = { email: 'balie@tandarts-noord.nl', locale: 'nl', name: 'Tandartspraktijk Noord' };
const COLLECTOR_MAIL = 'privacy@incasso-brabant.example';
const INVOICE_DATE = '2026-04-12';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const erasure = async (erasureId: string) => (await api.request('GET', `${base}/erasures/${erasureId}`, d4d)).body;
const eventTypes = async (erasureId: string): Promise<string[]> => (await erasure(erasureId)).evidence.events.map((event: { type: string }) => event.type);
const link = (email: StoredEmail | undefined, path: string) => new RegExp(`https?://\\S+/${path}/[A-Za-z0-9._~-]+`).exec(email?.body.text ?? '')?.[0];
const sweepAt = async (at: number) => {
  await api.runSweeper(new Date(at));
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
};

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const collector = { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', country: 'NL', contactEmail: COLLECTOR_MAIL, locale: 'nl' };
  expect((await api.request('PUT', `${base}/recipients/incasso`, { ...d4d, body: collector })).status).toBe(204);
  expect((await api.request('PUT', `${base}/subjects/praktijk-1`, { ...d4d, body: SUBJECT })).status).toBe(204);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe("a Dentists4Dentists practice's erasure, its data with a debt collector that never answers", () => {
  let erasureId: string;
  let executedAt: number;

  it('records the debt collection, on record without a notice, as Dentists4Dentists promises', async () => {
    const response = await api.request('POST', `${base}/disclosures`, {
      ...d4d,
      body: {
        kind: 'debt_collection',
        recipientId: 'incasso',
        legalBasis: 'legitimate_interests',
        purpose: 'Incasso van factuur 2026-0412 na het verstrijken van de betalingstermijn',
        dataCategories: ['praktijknaam', 'adres', 'factuurgegevens'],
        audience: { subjectIds: ['praktijk-1'] },
      },
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const ledger = (await api.request('GET', `${base}/subjects/praktijk-1/disclosures`, d4d)).body.items;
    expect(ledger).toEqual([expect.objectContaining({ kind: 'debt_collection', notice: { status: 'not_required' } })]);
  });

  it('is verified through the link sent to the registered address', async () => {
    await api.clearEmails();
    const received = await api.request('POST', `${base}/erasures`, {
      ...d4d,
      body: { subjectId: 'praktijk-1', receivedAt: new Date(Date.now() - 3600_000).toISOString(), channel: 'email', note: 'Mail van J. de Vries namens de praktijk' },
    });
    expect(received.status).toBe(202);
    erasureId = received.body.erasureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const [verification] = await api.emailsTo(SUBJECT.email);
    expect((await api.publicRequest('POST', link(verification, 'v')!)).status).toBe(200);
    expect((await erasure(erasureId)).state).toBe('verified');
  });

  it('is carried out with the invoice date: the invoices are kept 7 years from it, and the debt collector is asked to erase', async () => {
    await api.clearEmails();
    executedAt = Date.now();
    const executed = await api.request('POST', `${base}/erasures/${erasureId}/execution`, {
      ...d4d,
      body: { retentionStarts: [{ category: 'Copies of invoices', from: INVOICE_DATE }] },
    });
    expect(executed.status).toBe(202);
    expect(executed.body.retained[0]).toMatchObject({
      category: 'Copies of invoices',
      label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' },
      reason: 'policy',
      rule: { period: 'P7Y' },
      startsOn: INVOICE_DATE,
      until: '2033-04-12',
    });
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const request = await erasure(erasureId);
    expect(request.state).toBe('awaiting_recipients');
    expect(request.recipients).toEqual([expect.objectContaining({ recipientId: 'incasso', name: 'Incassobureau Brabant B.V.', notifiedAt: expect.any(String) })]);
    const notices = await api.emailsTo(COLLECTOR_MAIL);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice!.from).toContain(d4dProfile.sender.address);
    expect(notice!.subject).toContain('verwijder de persoonsgegevens van een betrokkene');
    expect(notice!.body.text).toContain('praktijk-1');
    expect(notice!.body.text).toContain(SUBJECT.name);
    expect(notice!.body.text).toContain(SUBJECT.email);
    expect(notice!.body.text).toContain('factuurgegevens');
    expect(link(notice, 'a')).toBeDefined();
    expect(link(notice, 'v1/public/acks')).toBeDefined();
    // The practice hears nothing until the request is done.
    expect(await api.emailsTo(SUBJECT.email)).toEqual([]);
  });

  it('while it is being erased, refuses to write the practice again: PUT 409, the batch names it, its data stays out of reach', async () => {
    const put = await api.request('PUT', `${base}/subjects/praktijk-1`, { ...d4d, body: { ...SUBJECT, email: 'nieuw@tandarts-noord.nl' } });
    expect(put.status).toBe(409);
    expect(put.body).toMatchObject({ status: 409, reason: 'being_erased', subjectId: 'praktijk-1' });
    const batch = await api.request('POST', `${base}/subjects/batch`, { ...d4d, body: { subjects: [{ subjectId: 'praktijk-1', ...SUBJECT }] } });
    expect(batch.status).toBe(200);
    expect(batch.body).toEqual({ upserted: 0, refused: [{ subjectId: 'praktijk-1', reason: 'being_erased' }] });
    // Nothing reached the subject item: the recipients' reminders and the completion email still use the registered address.
    const subjectItem = (await api.documentClient().send(new ScanCommand({ TableName: api.tableName() }))).Items!.find(
      (item) => item.pk === 'C#dentists4dentists#S#praktijk-1' && item.sk === 'SUBJECT',
    );
    expect(subjectItem).toMatchObject({ email: SUBJECT.email, erasure: { erasureId } });
  });

  it('reminds the silent debt collector once, after 7 days and not before', async () => {
    await sweepAt(executedAt + 7 * DAY - 10 * MINUTE);
    expect(await api.emailsTo(COLLECTOR_MAIL)).toHaveLength(1);

    await sweepAt(executedAt + 7 * DAY + 10 * MINUTE);
    await sweepAt(executedAt + 8 * DAY);

    const emails = await api.emailsTo(COLLECTOR_MAIL);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.subject).toMatch(/^Herinnering/);
    expect((await erasure(erasureId)).recipients[0].remindedAt).toBeDefined();
    expect(await eventTypes(erasureId)).toContain('erasure.recipient_reminded');
  });

  it('hands it to the legal team after 14 days, which completes the request', async () => {
    await sweepAt(executedAt + 14 * DAY + 10 * MINUTE);

    const request = await erasure(erasureId);
    expect(request.state).toBe('completed');
    expect(request.recipients[0]).toMatchObject({ escalatedAt: expect.any(String) });
    expect(request.recipients[0].answer).toBeUndefined();
    expect((await eventTypes(erasureId)).slice(-3)).toEqual(['erasure.recipient_escalated', 'erasure.recipients_settled', 'erasure.contact_data_erased']);
    expect(request.evidence.chainIntact).toBe(true);
    const alerts = await api.emailsTo(d4dProfile.legalTeamEmail);
    expect(alerts.filter((alert) => alert.body.text?.includes('Incassobureau Brabant B.V.'))).toHaveLength(1);
    expect(await api.emailsTo(COLLECTOR_MAIL)).toHaveLength(2);
  });

  it('tells the practice, in Dutch, that the invoices are kept 7 years until their date, and that the debt collector did not answer', async () => {
    const [completion, ...more] = await api.emailsTo(SUBJECT.email);
    expect(more).toEqual([]);
    expect(completion!.subject).toBe('Tandheelkunde Innovaties B.V. heeft uw persoonsgegevens verwijderd');
    const text = completion!.body.text!;
    expect(text).toContain('Beste Tandartspraktijk Noord,');
    expect(text).toContain('Kopieën van facturen: bewaard tot 12 april 2033 (7 jaar vanaf 12 april 2026).');
    expect(text).not.toContain('Copies of invoices');
    expect(text).toContain(`Ons privacybeleid zegt: "${d4dProfile.retention[0]!.source}"`);
    expect(text).toContain('Incassobureau Brabant B.V. (incassobureau): heeft niet geantwoord; ons juridische team volgt dit op');
  });

  it('once erased, refuses to bring the practice back: PUT 409 naming the day, the batch names it, nothing is written', async () => {
    const put = await api.request('PUT', `${base}/subjects/praktijk-1`, { ...d4d, body: SUBJECT });
    expect(put.status).toBe(409);
    expect(put.body).toMatchObject({ status: 409, reason: 'erased', subjectId: 'praktijk-1' });
    expect(put.body.detail).toMatch(/^Subject 'praktijk-1' was erased on \d{4}-\d{2}-\d{2}: register the person under a new subject id$/);
    const batch = await api.request('POST', `${base}/subjects/batch`, { ...d4d, body: { subjects: [{ subjectId: 'praktijk-1', ...SUBJECT }] } });
    expect(batch.body).toEqual({ upserted: 0, refused: [{ subjectId: 'praktijk-1', reason: 'erased' }] });
    // The scan below finds the address and name nowhere: neither write brought them back.
  });

  it("then holds the practice's address and name in no item of any table, nor the legal team's note", async () => {
    const client = api.documentClient();
    const found: string[] = [];
    const scanned: Record<string, unknown>[] = [];
    for (const tableName of Object.values(pipeline.tableNames)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
        for (const item of page.Items ?? []) {
          scanned.push(item);
          const text = JSON.stringify(item).toLowerCase();
          for (const needle of [SUBJECT.email, SUBJECT.name, 'J. de Vries']) if (text.includes(needle.toLowerCase())) found.push(`${tableName}: ${item.pk}/${item.sk} holds ${needle}`);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    expect(found).toEqual([]);
    // The scan saw the practice's items: its subject item stays, pseudonymous, marked erased.
    const subjectItem = scanned.find((item) => item.pk === 'C#dentists4dentists#S#praktijk-1' && item.sk === 'SUBJECT');
    expect(subjectItem).toMatchObject({ subjectId: 'praktijk-1', erasedAt: expect.any(String), erasure: { erasureId } });
    for (const erased of ['email', 'name', 'locale', 'emailLookup', 'preferences']) expect(subjectItem).not.toHaveProperty(erased);
    expect(scanned.some((item) => item.pk === 'C#dentists4dentists#S#praktijk-1' && String(item.sk).startsWith('DISCLOSURE#'))).toBe(true);

    // What stays is the pseudonymous id, which the ledger and the evidence use.
    const ledger = (await api.request('GET', `${base}/subjects/praktijk-1/disclosures`, d4d)).body.items;
    expect(ledger).toHaveLength(1);
    expect((await erasure(erasureId)).subjectId).toBe('praktijk-1');
  });
});
