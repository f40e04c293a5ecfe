import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * Erasure requests typed on Softmedex's website (issue 4, public intake and rejection): the same answer whether
 * or not the address is registered, a verification email only to a registered address, one request per day;
 * and a request the legal team refuses, the subject told why and where to complain.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const erasureScopes = { scopes: ['subjects:write', 'erasures:write', 'erasures:read'] };
const INTAKE = '/v1/public/controllers/softmedex/erasures';
const verifyLink = (text: string | undefined) => /https?:\/\/\S+\/v\/[A-Za-z0-9._~-]+/.exec(text ?? '')?.[0];

/** What the controller's website sends: JSON, no token. */
const typed = (body: unknown) =>
  api.publicRequest('POST', INTAKE, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** The link-signing key this run of the pipeline generated, which keys the address lookups. */
function linkKey(): Uint8Array {
  const [secret, ...others] = Object.entries(pipeline.secrets).filter(([logicalId]) => logicalId.includes('LinkSigningSecret'));
  expect(others).toEqual([]);
  return new TextEncoder().encode(secret![1].secretString);
}

/** Every item of the pipeline table, as stored. */
async function tableItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await api.documentClient().send(new ScanCommand({ TableName: api.tableName(), ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Ann's requests made through the website. */
async function webRequestsOfAnn(): Promise<{ erasureId: string }[]> {
  return (await tableItems())
    .filter((item) => item.type === 'erasure')
    .map((item) => item.request as { erasureId: string; subjectId: string; channel: string })
    .filter((request) => request.subjectId === 'ann' && request.channel === 'web');
}

/** Ann's subject item, as stored. */
async function annItem(): Promise<Record<string, unknown>> {
  return (await tableItems()).find((item) => item.pk === 'C#softmedex#S#ann' && item.sk === 'SUBJECT')!;
}

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const subject = await api.request('PUT', '/v1/controllers/softmedex/subjects/ann', { ...erasureScopes, body: { email: 'ann@example.com', locale: 'en', name: 'Ann Smith' } });
  expect(subject.status).toBe(204);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe("an erasure request typed on the controller's website", () => {
  let known: Awaited<ReturnType<typeof typed>>;
  let erasureId: string;
  let link: string;

  it('for a registered address, typed in another case, answers 202 and emails the verification to the registered address', async () => {
    known = await typed({ email: '  ANN@Example.com ' });
    expect(known.status).toBe(202);
    expect(known.headers.get('content-type')).toContain('application/json');
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual(['ann@example.com']);
    expect(emails[0]!.from).toContain('privacy@softmedex.com');
    expect(emails[0]!.body.text).toContain('Ann Smith');
    link = verifyLink(emails[0]!.body.text)!;
    expect(link).toBeDefined();

    const requests = await webRequestsOfAnn();
    expect(requests).toHaveLength(1);
    erasureId = requests[0]!.erasureId;
    const request = (await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes)).body;
    expect(request).toMatchObject({ state: 'awaiting_verification', subjectId: 'ann', channel: 'web' });
    expect(request.evidence.events[0].data.recordedBy).toEqual({ subjectId: 'ann', via: 'website' });
    // Ann has one open request at a time: her subject item names it.
    expect((await annItem()).openErasureId).toBe(erasureId);
  });

  it('for an address nobody registered, answers the very same, and emails and keeps nothing of it', async () => {
    const before = await tableItems();
    const unknown = await typed({ email: 'nobody@example.org' });
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    for (const header of ['content-type', 'cache-control', 'content-length']) expect(unknown.headers.get(header), header).toBe(known.headers.get(header));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await api.emails()).toHaveLength(1);
    const after = await tableItems();
    expect(after).toHaveLength(before.length);
    const stored = JSON.stringify(after);
    expect(stored).not.toContain('nobody@example.org');
    // Neither its lookup key under this run's link key, nor the plain hash of before.
    const keyed = emailLookup(linkKey(), 'softmedex', 'nobody@example.org');
    expect(stored).not.toContain(keyed.slice(keyed.lastIndexOf('#') + 1));
    expect(stored).not.toContain(createHash('sha256').update('nobody@example.org').digest('hex'));
    // Ann's subject item holds her keyed lookup, and nothing a guess could check with one plain hash.
    const ann = after.find((item) => item.pk === 'C#softmedex#S#ann' && item.sk === 'SUBJECT')!;
    expect(ann.emailLookup).toBe(emailLookup(linkKey(), 'softmedex', 'ann@example.com'));
    expect(stored).not.toContain(createHash('sha256').update('ann@example.com').digest('hex'));
  });

  it('the same address again that day makes no second request and no second email', async () => {
    const again = await typed({ email: 'ann@example.com' });
    expect(again.status).toBe(202);
    expect(again.text).toBe(known.text);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await webRequestsOfAnn()).toHaveLength(1);
    expect(await api.emailsTo('ann@example.com')).toHaveLength(1);
  });

  it('answers 400 problem+json naming email for a malformed address, and queues nothing', async () => {
    const malformed = await typed({ email: 'ann at example.com' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(malformed.text).errors.map((error: { field: string }) => error.field)).toEqual(['email']);
    const unknownController = await api.publicRequest('POST', '/v1/public/controllers/nobody/erasures', {
      body: JSON.stringify({ email: 'ann@example.com' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(unknownController.status).toBe(404);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await api.emails()).toHaveLength(1);
  });

  it('once confirmed, is refused by the legal team: the subject is told the reason and the authority, and GET shows rejected', async () => {
    expect((await api.publicRequest('POST', link)).status).toBe(200);
    expect((await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes)).body.state).toBe('verified');
    await api.clearEmails();

    const reason = 'We are in court with you over the unpaid invoices of 2026 and need them until the case is over.';
    const rejected = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/rejection`, {
      ...erasureScopes,
      body: { ground: 'legal_claims', reason },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ erasureId, state: 'rejected', rejection: { ground: 'legal_claims', reason } });
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const emails = await api.emailsTo('ann@example.com');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.from).toContain('privacy@softmedex.com');
    expect(emails[0]!.subject).toBe('Softmedex has refused your request to erase your personal data');
    expect(emails[0]!.body.text).toContain(reason);
    expect(emails[0]!.body.text).toContain('Autoriteit Persoonsgegevens (https://autoriteitpersoonsgegevens.nl)');
    expect(emails[0]!.body.text).toContain('take the matter to court');

    const request = (await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes)).body;
    expect(request).toMatchObject({ state: 'rejected', rejection: { ground: 'legal_claims', reason } });
    expect(request.evidence.chainIntact).toBe(true);
    expect(request.evidence.events.at(-1)).toMatchObject({ type: 'erasure.rejected', data: { ground: 'legal_claims', from: 'verified', to: 'rejected' } });

    const twice = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/rejection`, { ...erasureScopes, body: { ground: 'excessive', reason: 'Again.' } });
    expect(twice.status).toBe(409);
    // Closed, the request no longer holds Ann: she may ask again.
    expect(await annItem()).not.toHaveProperty('openErasureId');
  });
});
