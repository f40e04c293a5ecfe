import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * Issue 4, the whole erasure: a Softmedex subject whose data went to two recipients, one reached by email
 * only and one through a webhook served here, asks to be forgotten. The request is confirmed through the
 * registered address and carried out; both recipients are asked to erase (Art. 19) and answer, one on the
 * acknowledgement page behind the link in its email, the other through the callback its webhook call names;
 * then the subject is told what was done and who answered what. The webhook fails its first call, and the
 * call is retried.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const legalTeam = { controller: 'softmedex', scopes: ['subjects:write', 'recipients:write', 'disclosures:write', 'disclosures:read', 'erasures:write', 'erasures:read'] };
const ZENDESK_MAIL = 'privacy@zendesk.example';

/** What the recipient's webhook got: each call's headers and body, and whether its signature held. */
interface ReceivedCall {
  headers: Record<string, string>;
  body: string;
  verified: boolean;
}

/** The acquirer's webhook: it checks every call with its secret as any Standard Webhooks receiver would, and fails the first. */
class RecipientWebhook {
  readonly calls: ReceivedCall[] = [];
  secret: string | undefined;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
        let verified = false;
        try {
          new Webhook(this.secret!).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
        this.calls.push({ headers, body, verified });
        // Down for the first call; a refused signature is never accepted.
        response.writeHead(this.calls.length === 1 ? 500 : verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/erasure-hook`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const webhook = new RecipientWebhook();

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const webhookUrl = await webhook.start();
  const recipients: Record<string, object> = {
    zendesk: { name: 'Zendesk Netherlands B.V.', kind: 'processor', country: 'NL', contactEmail: ZENDESK_MAIL, locale: 'nl' },
    acme: { name: 'Acme Health B.V.', kind: 'acquirer', country: 'NL', webhookUrl },
  };
  for (const [recipientId, body] of Object.entries(recipients)) {
    expect((await api.request('PUT', `/v1/controllers/softmedex/recipients/${recipientId}`, { ...legalTeam, body })).status).toBe(204);
  }
  const subject = { email: 'ann@example.com', locale: 'en', name: 'Ann Smith' };
  expect((await api.request('PUT', '/v1/controllers/softmedex/subjects/ann', { ...legalTeam, body: subject })).status).toBe(204);
});

afterAll(async () => {
  await pipeline?.stop();
  await webhook.stop();
});

const erasure = async (erasureId: string) => (await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, legalTeam)).body;
const link = (text: string | undefined, path: string) => new RegExp(`https?://\\S+/${path}/[A-Za-z0-9._~-]+`).exec(text ?? '')?.[0];

describe("a Softmedex subject's erasure, told to the two recipients that received their data", () => {
  let erasureId: string;
  let acmeDisclosure: string;

  it('hands the legal team the secret the acquirer checks its webhook calls with', async () => {
    const response = await api.request('GET', '/v1/controllers/softmedex/recipients/acme/webhook-secret', legalTeam);
    expect(response.status).toBe(200);
    expect(response.body.scheme).toBe('standard-webhooks-v1');
    expect(response.body.secret).toMatch(/^whsec_/);
    webhook.secret = response.body.secret;
  });

  it("records two disclosures of the subject's data, one to each recipient", async () => {
    const sale = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      ...legalTeam,
      body: {
        kind: 'merger_acquisition',
        recipientId: 'acme',
        legalBasis: 'legitimate_interests',
        purpose: 'Sale of the customer base to Acme Health',
        dataCategories: ['name', 'contact details'],
        audience: { subjectIds: ['ann'] },
      },
    });
    const support = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      ...legalTeam,
      body: {
        kind: 'processor_handoff',
        recipientId: 'zendesk',
        legalBasis: 'contract',
        purpose: 'Customer support chat',
        dataCategories: ['chat history'],
        audience: { subjectIds: ['ann'] },
      },
    });
    expect([sale.status, support.status]).toEqual([202, 202]);
    acmeDisclosure = sale.body.disclosureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const ledger = await api.request('GET', '/v1/controllers/softmedex/subjects/ann/disclosures', legalTeam);
    expect(ledger.body.items.map((item: { recipient: { name: string } }) => item.recipient.name).sort()).toEqual(['Acme Health B.V.', 'Zendesk Netherlands B.V.']);
  });

  it('is verified through the link sent to the registered address', async () => {
    await api.clearEmails();
    const received = await api.request('POST', '/v1/controllers/softmedex/erasures', {
      ...legalTeam,
      body: { subjectId: 'ann', receivedAt: new Date(Date.now() - 3600_000).toISOString(), channel: 'email' },
    });
    expect(received.status).toBe(202);
    erasureId = received.body.erasureId;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const [verification] = await api.emailsTo('ann@example.com');
    const confirmed = await api.publicRequest('POST', link(verification?.body.text, 'v')!);
    expect(confirmed.status).toBe(200);
    expect((await erasure(erasureId)).state).toBe('verified');
  });

  it('is carried out: the email recipient gets its notice, the webhook recipient a signed call, retried after it failed', async () => {
    await api.clearEmails();
    const executed = await api.request('POST', `/v1/controllers/softmedex/erasures/${erasureId}/execution`, { ...legalTeam, body: {} });
    expect(executed.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 90_000 });

    expect((await erasure(erasureId)).state).toBe('awaiting_recipients');
    expect(await api.emailsTo(ZENDESK_MAIL)).toHaveLength(1);
    // The first call got a 500; the retry, with the same webhook-id, was taken.
    expect(webhook.calls.length).toBeGreaterThanOrEqual(2);
    expect(webhook.calls.every((call) => call.verified)).toBe(true);
    expect(new Set(webhook.calls.map((call) => call.headers['webhook-id'])).size).toBe(1);
    const body = JSON.parse(webhook.calls.at(-1)!.body);
    expect(body).toMatchObject({
      type: 'erasure.requested',
      erasureId,
      controller: { id: 'softmedex', legalName: 'Softmedex' },
      subject: { reference: 'ann', email: 'ann@example.com', name: 'Ann Smith' },
      disclosures: [{ disclosureId: acmeDisclosure, kind: 'merger_acquisition', dataCategories: ['name', 'contact details'] }],
      answer: { options: ['erased', 'not_held', 'refused'] },
    });
    // The evidence says who was told how (a webhook call queued, then taken), and holds no address.
    const request = await erasure(erasureId);
    type Event = { type: string; data: { recipientId: string; channels?: string[]; webhook?: string; step?: string; status?: number } };
    const notified = request.evidence.events.filter((event: Event) => event.type === 'erasure.recipient_notified');
    expect(notified.map((event: Event) => [event.data.recipientId, event.data.channels, event.data.webhook]).sort()).toEqual([
      ['acme', [], 'queued'],
      ['zendesk', ['email'], undefined],
    ]);
    const delivered = request.evidence.events.filter((event: Event) => event.type === 'erasure.recipient_webhook_delivered');
    expect(delivered.map((event: Event) => event.data)).toEqual([
      { recipientId: 'acme', step: 'notice', webhookId: webhook.calls.at(-1)!.headers['webhook-id'], status: 204 },
    ]);
    expect(JSON.stringify(request.evidence)).not.toContain('ann@example.com');
  });

  it('takes the email recipient\'s answer on the page behind its link, in its language, once', async () => {
    const [notice] = await api.emailsTo(ZENDESK_MAIL);
    const ackLink = link(notice?.body.text, 'a')!;
    expect(ackLink).toBeDefined();

    const page = await api.publicRequest('GET', ackLink);
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="nl"');
    expect(page.text).toMatch(/<form[^>]+method="post"/i);
    expect((await erasure(erasureId)).recipients.find((recipient: { recipientId: string }) => recipient.recipientId === 'zendesk').answer).toBeUndefined();

    const answered = await api.publicRequest('POST', ackLink, { body: { status: 'erased', reason: '' } });
    expect(answered.status).toBe(200);
    const again = await api.publicRequest('POST', ackLink, { body: { status: 'refused', reason: 'Changed our mind' } });
    expect(again.status).toBe(409);
    expect((await erasure(erasureId)).state).toBe('awaiting_recipients');
  });

  it("takes the webhook recipient's answer through the callback its call named, and completes the request", async () => {
    const { answer } = JSON.parse(webhook.calls.at(-1)!.body);
    const refusedWithoutReason = await fetch(answer.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'refused' }) });
    expect(refusedWithoutReason.status).toBe(400);
    expect(((await refusedWithoutReason.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(['reason']);

    const answered = await fetch(answer.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'not_held' }) });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: 'not_held' });
    const again = await fetch(answer.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'erased' }) });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { answer: { status: string } }).answer.status).toBe('not_held');
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const request = await erasure(erasureId);
    expect(request.state).toBe('completed');
    const answers = Object.fromEntries(request.recipients.map((recipient: { recipientId: string; answer: { status: string; via: string } }) => [recipient.recipientId, recipient.answer]));
    expect(answers).toMatchObject({ zendesk: { status: 'erased', via: 'link' }, acme: { status: 'not_held', via: 'callback' } });
    expect(request.evidence.chainIntact).toBe(true);
  });

  it('tells the subject it is done, listing both recipients and what each answered', async () => {
    const completion = (await api.emailsTo('ann@example.com')).at(-1)!;
    expect(completion.subject).toContain('erased your personal data');
    const text = completion.body.text!;
    expect(text).toContain('Zendesk Netherlands B.V.');
    expect(text).toContain('Acme Health B.V.');
    expect(text).toContain('erased your data');
    expect(text).toContain('did not hold your data (any more)');
  });
});
