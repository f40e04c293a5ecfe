import { describe, expect, it } from 'vitest';
import type { WebhookClient, WebhookRequest, WebhookResponse } from '../../../shared/adapters/http/webhook-client';
import type { Recipient } from '../../../shared/domain/disclosure/disclosure';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { verifyLink } from '../../../shared/domain/links/signed-link';
import { verifyWebhook } from '../../../shared/domain/webhooks/standard-webhook';
import { webhookSecret } from '../../../shared/domain/webhooks/webhook-secret';
import type { WebhookCall } from '../../../shared/messages/pipeline-messages';
import {
  callRecipientWebhook,
  WebhookDeliveryError,
  WebhookRecipientNotRecordedError,
  type WebhookCallDependencies,
} from '../../../shared/workflow/call-recipient-webhook';
import { aProfile, CONTROLLER_ID } from '../../helpers/factories';
import { fixedClock, InMemoryErasureRecipientStore, InMemoryErasureStore, InMemoryRecipientStore, InMemorySubjectStore } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const NOW = new Date('2027-03-10T09:00:00.000Z');
const KEY = new TextEncoder().encode('s'.repeat(64));
const WEBHOOK = 'https://hooks.nordhealth.example/erasure';

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: '2027-02-01T09:00:00.000Z',
  channel: 'email',
  dueDate: '2027-03-01',
  recordedAt: '2027-02-01T09:00:00.000Z',
};

const told: ErasureRecipient = {
  recipientId: 'nordhealth',
  name: 'Nordhealth Software GmbH',
  kind: 'acquirer',
  country: 'DE',
  locale: 'en',
  webhookUrl: WEBHOOK,
  disclosures: [{ disclosureId: 'd-1', kind: 'merger_acquisition', dataCategories: ['Name', 'Email address'], disclosedAt: '2026-11-22T23:30:00Z' }],
  notifiedAt: '2027-03-10T08:59:00.000Z',
};
const current: Recipient = { controllerId: CONTROLLER_ID, recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE', webhookUrl: WEBHOOK };
const message: WebhookCall = { type: 'erasure-webhook', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, recipientId: 'nordhealth', step: 'notice', workId: 'webhook#notice#nordhealth' };

/** A webhook that answers what the test says, keeping every request it got. */
class StubWebhooks implements WebhookClient {
  readonly requests: WebhookRequest[] = [];

  constructor(private readonly answer: (call: number) => WebhookResponse = () => ({ status: 204 })) {}

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    this.requests.push(structuredClone(request));
    return this.answer(this.requests.length - 1);
  }
}

function setUp(options: { recipient?: Partial<ErasureRecipient>; current?: Recipient | null; answer?: (call: number) => WebhookResponse; allowHttp?: boolean } = {}) {
  const erasures = new InMemoryErasureStore([{ request, state: 'awaiting_recipients', dueDate: request.dueDate, extendedMonths: 0 }]);
  const erasureRecipients = new InMemoryErasureRecipientStore(erasures);
  erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, { ...told, ...options.recipient });
  const subjects = new InMemorySubjectStore([{ controllerId: CONTROLLER_ID, subjectId: 'alice', email: 'alice@example.com', locale: 'nl', name: 'Alice de Vries' }]);
  const webhooks = new StubWebhooks(options.answer);
  const profile = aProfile();
  const deps: WebhookCallDependencies = {
    erasures,
    erasureRecipients,
    recipients: new InMemoryRecipientStore(options.current === null ? [] : [options.current ?? current]),
    subjects,
    webhooks,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    linkSecret: async () => KEY,
    publicBaseUrl: 'https://privacy.example.com',
    clock: fixedClock(NOW.toISOString()),
    allowHttpWebhooks: options.allowHttp ?? false,
  };
  return { deps, webhooks, subjects, profile, erasures, erasureRecipients };
}

describe('callRecipientWebhook', () => {
  it("POSTs the request to the recipient's webhook, signed with the recipient's own secret", async () => {
    const { deps, webhooks } = setUp();

    const outcome = await callRecipientWebhook(deps, message);

    expect(outcome).toEqual({ called: true, status: 204 });
    expect(webhooks.requests).toHaveLength(1);
    const [call] = webhooks.requests as [WebhookRequest];
    expect(call.url).toBe(WEBHOOK);
    expect(call.headers['webhook-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(verifyWebhook(webhookSecret(KEY, CONTROLLER_ID, 'nordhealth'), call.body, call.headers, NOW)).toBe(true);
    // Another recipient's secret does not verify it.
    expect(verifyWebhook(webhookSecret(KEY, CONTROLLER_ID, 'acme'), call.body, call.headers, NOW)).toBe(false);
  });

  it('tells who asks to erase whose data, what the recipient received and where to answer, with a token for this recipient', async () => {
    const { deps, webhooks } = setUp();

    await callRecipientWebhook(deps, message);

    const body = JSON.parse(webhooks.requests[0]!.body);
    expect(body).toMatchObject({
      type: 'erasure.requested',
      erasureId: ERASURE_ID,
      controller: { id: CONTROLLER_ID, legalName: 'Acme Care B.V.' },
      subject: { reference: 'alice', email: 'alice@example.com', name: 'Alice de Vries' },
      disclosures: told.disclosures,
      answer: { options: ['erased', 'not_held', 'refused'] },
      sentAt: NOW.toISOString(),
    });
    const token = /\/v1\/public\/acks\/([^/]+)$/.exec(body.answer.url)![1]!;
    expect(body.answer.page).toBe(`https://privacy.example.com/a/${token}`);
    const claims = await verifyLink(token, 'ack', KEY, NOW);
    expect(claims).toMatchObject({ controllerId: CONTROLLER_ID, aggregateId: ERASURE_ID, subjectId: 'nordhealth' });
    // Valid for 90 days, so a late answer is still recorded.
    expect(claims!.expiresAt.toISOString()).toBe('2027-06-08T09:00:00.000Z');
    // A subject's link would not pass as a recipient's.
    expect(await verifyLink(token, 'verify', KEY, NOW)).toBeUndefined();
  });

  it('gives every try of a step the same webhook-id, and the reminder another', async () => {
    const { deps, webhooks } = setUp();

    await callRecipientWebhook(deps, message);
    await callRecipientWebhook(deps, message);
    await callRecipientWebhook(deps, { ...message, step: 'reminder', workId: 'webhook#reminder#nordhealth' });

    const ids = webhooks.requests.map((request) => request.headers['webhook-id']);
    expect(ids[0]).toMatch(/^msg_[A-Za-z0-9_-]{26}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(JSON.parse(webhooks.requests[2]!.body).type).toBe('erasure.reminder');
  });

  it.each([
    [{ status: 500 }, 'status 500'],
    [{ status: 302 }, 'status 302'],
    [{ status: 404 }, 'status 404'],
    [{ failure: 'network' as const }, 'network'],
    [{ failure: 'timeout' as const }, 'timeout'],
  ])('fails when the webhook answers %j, so the call is retried', async (answer, what) => {
    const { deps } = setUp({ answer: () => answer });

    const call = callRecipientWebhook(deps, message);

    await expect(call).rejects.toThrow(WebhookDeliveryError);
    await expect(call).rejects.toThrow(`Webhook call failed: ${what}`);
  });

  it('sends nothing to a recipient that answered already', async () => {
    const { deps, webhooks } = setUp({ recipient: { answer: { status: 'erased', answeredAt: '2027-03-10T08:59:30.000Z', via: 'link' } } });

    await expect(callRecipientWebhook(deps, message)).resolves.toEqual({ called: false, skipped: 'answered' });
    expect(webhooks.requests).toEqual([]);
  });

  it('sends nothing once the subject no longer holds contact data', async () => {
    const { deps, webhooks, subjects } = setUp();
    subjects.erase('alice');

    await expect(callRecipientWebhook(deps, message)).resolves.toEqual({ called: false, skipped: 'no-contact-data' });
    expect(webhooks.requests).toEqual([]);
  });

  it("calls the recipient's webhook as it is now: a corrected URL is used when the call is redriven, a removed one is not called", async () => {
    const corrected = setUp({ current: { ...current, webhookUrl: 'https://hooks.nordhealth.example/v2/erasure' } });
    await callRecipientWebhook(corrected.deps, message);
    expect(corrected.webhooks.requests[0]!.url).toBe('https://hooks.nordhealth.example/v2/erasure');

    const removed = setUp({ current: { ...current, webhookUrl: undefined }, recipient: { contactEmail: 'privacy@nordhealth.example' } });
    await expect(callRecipientWebhook(removed.deps, message)).resolves.toEqual({ called: false, skipped: 'no-webhook' });
    expect(removed.webhooks.requests).toEqual([]);

    // A recipient with no stored item keeps the URL it was told with.
    const snapshot = setUp({ current: null });
    await callRecipientWebhook(snapshot.deps, message);
    expect(snapshot.webhooks.requests[0]!.url).toBe(WEBHOOK);
  });

  it('records the delivery of a call the webhook took, once per step, with its webhook-id and status', async () => {
    // Prepare
    const { deps, webhooks, erasures, erasureRecipients } = setUp({ answer: () => ({ status: 202 }) });

    // Act
    await callRecipientWebhook(deps, message);
    await callRecipientWebhook(deps, message);

    // Assess
    const delivered = (await erasures.events(CONTROLLER_ID, ERASURE_ID)).filter((event) => event.type === 'erasure.recipient_webhook_delivered');
    expect(delivered.map((event) => event.data)).toEqual([{ recipientId: 'nordhealth', step: 'notice', webhookId: webhooks.requests[0]!.headers['webhook-id'], status: 202 }]);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'nordhealth')).toMatchObject({ notifiedByWebhookAt: NOW.toISOString() });
  });

  it('records no delivery of a call the webhook refused', async () => {
    const { deps, erasures, erasureRecipients } = setUp({ answer: () => ({ status: 500 }) });

    await expect(callRecipientWebhook(deps, message)).rejects.toThrow(WebhookDeliveryError);

    expect(await erasures.events(CONTROLLER_ID, ERASURE_ID)).toEqual([]);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'nordhealth')).not.toHaveProperty('notifiedByWebhookAt');
  });

  it('fails, so it ends in the dead-letter queue, when the webhook was removed from a recipient that has no email address either', async () => {
    const { deps, webhooks } = setUp({ current: { ...current, webhookUrl: undefined } });

    await expect(callRecipientWebhook(deps, message)).rejects.toThrow('Webhook call failed: no-webhook');
    expect(webhooks.requests).toEqual([]);
  });

  it('fails when the client refuses a host that resolves to an internal address', async () => {
    const { deps } = setUp({ answer: () => ({ failure: 'internal-address' }) });

    await expect(callRecipientWebhook(deps, message)).rejects.toThrow('Webhook call failed: internal-address');
  });

  it.each(['https://127.0.0.1/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://localhost/hook', 'https://10.1.2.3/hook'])(
    'refuses to call %s unless the deployment allows it',
    async (url) => {
      const { deps, webhooks } = setUp({ current: { ...current, webhookUrl: url } });

      await expect(callRecipientWebhook(deps, message)).rejects.toThrow('Webhook call failed: insecure-url');
      expect(webhooks.requests).toEqual([]);
    },
  );

  it('calls a plain http URL only where the deployment allows it', async () => {
    const local = 'http://127.0.0.1:4010/hook';
    const refused = setUp({ current: { ...current, webhookUrl: local } });
    await expect(callRecipientWebhook(refused.deps, message)).rejects.toThrow('Webhook call failed: insecure-url');
    expect(refused.webhooks.requests).toEqual([]);

    const allowed = setUp({ current: { ...current, webhookUrl: local }, allowHttp: true });
    await expect(callRecipientWebhook(allowed.deps, message)).resolves.toEqual({ called: true, status: 204 });
  });

  it('fails, to be tried again, when the request or the recipient is not recorded yet', async () => {
    const { deps } = setUp();

    await expect(callRecipientWebhook(deps, { ...message, recipientId: 'unknown' })).rejects.toThrow(WebhookRecipientNotRecordedError);
    await expect(callRecipientWebhook(deps, { ...message, erasureId: 'no-such-request' })).rejects.toThrow(WebhookRecipientNotRecordedError);
  });
});
