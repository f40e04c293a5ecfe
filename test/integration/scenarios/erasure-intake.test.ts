import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * An erasure request that reached Softmedex by post (issue 4, intake and verification): recorded with its
 * Art. 12(3) due date, confirmed by the subject through the address they registered, once.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const erasureScopes = { scopes: ['subjects:write', 'erasures:write', 'erasures:read'] };
const verifyLink = (text: string | undefined) => /https?:\/\/\S+\/v\/[A-Za-z0-9._~-]+/.exec(text ?? '')?.[0];

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  await api.request('PUT', '/v1/controllers/softmedex/subjects/ann', { ...erasureScopes, body: { email: 'ann@example.com', locale: 'en', name: 'Ann Smith' } });
  await api.request('PUT', '/v1/controllers/softmedex/subjects/bob', { ...erasureScopes, body: { email: 'bob@example.com', locale: 'en', name: 'Bob Jones' } });
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('an erasure request received by post', () => {
  let erasureId: string;
  let link: string;

  it('is recorded with its due date: one calendar month, moved past a weekend', async () => {
    // Received Saturday 31 January 2026: 28 February 2026 (there is no 31st) is a Saturday, so Monday 2 March.
    const response = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...erasureScopes,
      body: { subjectId: 'ann', receivedAt: '2026-01-31T10:00:00+01:00', channel: 'post', note: 'Letter of 30 January' },
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ state: 'received', dueDate: '2026-03-02' });
    expect(response.headers.get('location')).toBe(`/v1/controllers/softmedex/erasures/${response.body.erasureId}`);
    erasureId = response.body.erasureId;
  });

  it('refuses a receipt in the future, recording nothing', async () => {
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    const response = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...erasureScopes,
      body: { subjectId: 'ann', receivedAt: tomorrow, channel: 'post' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'receivedAt', message: 'must not be in the future' }]);
  });

  it('asks the subject, at the address they registered and only there, to confirm', async () => {
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual(['ann@example.com']);
    expect(emails[0]!.from).toContain('privacy@softmedex.com');
    expect(emails[0]!.body.text).toContain('Ann Smith');
    link = verifyLink(emails[0]!.body.text)!;
    expect(link).toBeDefined();

    const request = await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes);
    expect(request.body).toMatchObject({ state: 'awaiting_verification', subjectId: 'ann', channel: 'post', dueDate: '2026-03-02' });
    expect(request.body.evidence.chainIntact).toBe(true);
    expect(request.body.evidence.events.map((event: { type: string }) => event.type)).toEqual(['erasure.received', 'erasure.verification_sent']);
    // Evidence keeps the subject id, never the address.
    expect(JSON.stringify(request.body.evidence)).not.toContain('ann@example.com');
  });

  it('shows the confirmation page in the subject language and confirms nothing on a GET', async () => {
    const page = await api.publicRequest('GET', link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="en"');
    expect(page.text).toMatch(/<form[^>]+method="post"/i);
    expect((await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes)).body.state).toBe('awaiting_verification');
  });

  it('is confirmed once through the link: a second confirmation changes nothing', async () => {
    const first = await api.publicRequest('POST', link);
    expect(first.status).toBe(200);
    const second = await api.publicRequest('POST', link);
    expect(second.status).toBe(200);

    const request = await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes);
    expect(request.body.state).toBe('verified');
    expect(request.body.evidence.events.map((event: { type: string }) => event.type)).toEqual([
      'erasure.received',
      'erasure.verification_sent',
      'erasure.verified',
    ]);
  });

  it('refuses to extend a deadline once the first due date has passed', async () => {
    const response = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/extension`, {
      ...erasureScopes,
      body: { reason: 'Many requests at once after the merger', months: 1 },
    });
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('2026-03-02');
  });

  it('refuses an altered link', async () => {
    expect((await api.publicRequest('POST', `${link.slice(0, -3)}xyz`)).status).toBe(404);
  });

  it('refuses a second request while the first is open, 409 naming it, and emails nothing', async () => {
    await api.clearEmails();
    const second = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...erasureScopes,
      body: { subjectId: 'ann', receivedAt: '2026-02-02T10:00:00+01:00', channel: 'phone' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ openErasureId: erasureId });
    expect(second.body.detail).toContain(`/v1/controllers/softmedex/erasures/${erasureId}`);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await api.emails()).toEqual([]);
  });

  it('refuses a request for a subject it does not know, and needs the erasure scopes', async () => {
    const unknown = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...erasureScopes,
      body: { subjectId: 'nobody', receivedAt: '2026-01-31T10:00:00+01:00', channel: 'phone' },
    });
    expect(unknown.status).toBe(404);
    const withoutScope = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      scopes: ['disclosures:write'],
      body: { subjectId: 'ann', receivedAt: '2026-01-31T10:00:00+01:00', channel: 'phone' },
    });
    expect(withoutScope.status).toBe(403);
  });
});

describe('an erasure request whose deadline is extended', () => {
  it('moves the due date before the first one passed, tells the subject why, and stops at two months', async () => {
    const received = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...erasureScopes,
      body: { subjectId: 'bob', receivedAt: new Date(Date.now() - 24 * 3600_000).toISOString(), channel: 'email' },
    });
    expect(received.status).toBe(202);
    const erasureId = received.body.erasureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    await api.clearEmails();

    const reason = 'Your data sits in six systems that we must search one by one';
    const extended = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/extension`, { ...erasureScopes, body: { reason, months: 2 } });
    expect(extended.status).toBe(200);
    expect(extended.body.extendedMonths).toBe(2);
    expect(extended.body.dueDate > received.body.dueDate).toBe(true);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const request = (await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, erasureScopes)).body;
    expect(request).toMatchObject({ firstDueDate: received.body.dueDate, dueDate: extended.body.dueDate, extendedMonths: 2 });
    expect(request.extensions).toEqual([{ dueDate: extended.body.dueDate, months: 2, reason, extendedAt: expect.any(String) }]);
    // The evidence proves the reason by its hash; the text itself stays on the request, which erasure can scrub.
    const event = request.evidence.events.find((candidate: { type: string }) => candidate.type === 'erasure.extended');
    expect(event.data).toMatchObject({ reasonSha256: createHash('sha256').update(reason).digest('hex'), previousDueDate: received.body.dueDate, dueDate: extended.body.dueDate, extendedMonths: 2 });
    expect(JSON.stringify(event)).not.toContain(reason);
    const emails = await api.emailsTo('bob@example.com');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body.text).toContain(reason);

    const again = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/extension`, { ...erasureScopes, body: { reason, months: 1 } });
    expect(again.status).toBe(422);
    expect(again.body.detail).toContain('two months');
  });
});
