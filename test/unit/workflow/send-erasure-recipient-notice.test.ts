import { describe, expect, it } from 'vitest';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import { verifyLink } from '../../../shared/domain/links/signed-link';
import { renderErasureRecipientNotice } from '../../../shared/domain/notice/erasure-recipient-notice';
import type { ErasureRecipientNotice } from '../../../shared/messages/pipeline-messages';
import { ErasureStepNotRecordedError } from '../../../shared/workflow/erasure-step-not-recorded';
import { sendErasureRecipientNotice } from '../../../shared/workflow/send-erasure-recipient-notice';
import { ERASURE_ID, LINK_SECRET, PUBLIC_BASE_URL, STARTED_AT, erasureWorld } from '../../helpers/erasure-execution';
import { CONTROLLER_ID, aSubject } from '../../helpers/factories';
import { FakeMailer } from '../../helpers/fakes';

const DAY_MS = 24 * 3600_000;
const REMINDED_AT = new Date(Date.parse(STARTED_AT) + 7 * DAY_MS).toISOString();

const collector: ErasureRecipient = {
  recipientId: 'incasso',
  name: 'Incassobureau Brabant B.V.',
  kind: 'debt_collector',
  country: 'NL',
  locale: 'en',
  contactEmail: 'privacy@incasso.example',
  disclosures: [{ disclosureId: 'd-1', kind: 'debt_collection', dataCategories: ['Name and address', 'Invoice 2026-0412'], disclosedAt: '2026-03-01T10:00:00Z' }],
};

const notice = (recipientId = 'incasso', step: 'notice' | 'reminder' = 'notice'): ErasureRecipientNotice => ({
  type: 'erasure-recipient-notice',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  recipientId,
  step,
  workId: `recipient-notice#${ERASURE_ID}#${recipientId}#${step}`,
});

/** A request waiting for its recipients, which were put when it was carried out. */
async function noticeWorld(recipients: readonly ErasureRecipient[] = [collector], options: Parameters<typeof erasureWorld>[0] = {}) {
  const world = erasureWorld({ state: 'awaiting_recipients', ...options });
  await world.erasureRecipients.add(CONTROLLER_ID, ERASURE_ID, recipients);
  return world;
}

/** The one acknowledgement token an email carries, checking the page and the callback carry the same one, in text and HTML. */
function ackToken(email: { text: string; html: string }): string {
  const pages = [...email.text.matchAll(/https:\/\/privacy\.acme-care\.example\/a\/([\w.-]+)/g)].map((match) => match[1]!);
  expect(new Set(pages).size).toBe(1);
  expect(email.text).toContain(`${PUBLIC_BASE_URL}/v1/public/acks/${pages[0]}`);
  expect(email.html).toContain(`${PUBLIC_BASE_URL}/a/${pages[0]}`);
  expect(email.html).toContain(`${PUBLIC_BASE_URL}/v1/public/acks/${pages[0]}`);
  return pages[0]!;
}

describe('sendErasureRecipientNotice: the notice', () => {
  it("emails the recipient from the controller, in the recipient's language, naming the subject as it received it and each disclosure", async () => {
    // Prepare
    const { deps, mailer, profile } = await noticeWorld();

    // Act
    const result = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(result).toEqual({ sent: true, step: 'notice', emailed: true, webhookQueued: false });
    expect(mailer.singles).toHaveLength(1);
    const email = mailer.singles[0]!;
    const token = ackToken(email);
    expect(email).toEqual({
      from: `"${profile.sender.name}" <${profile.sender.address}>`,
      replyTo: [profile.sender.replyTo],
      to: 'privacy@incasso.example',
      ...renderErasureRecipientNotice({
        profile,
        locale: 'en',
        step: 'notice',
        recipientName: 'Incassobureau Brabant B.V.',
        subject: { reference: 'alice', name: 'Alice Jansen', email: 'alice@mail.example' },
        disclosures: collector.disclosures,
        ackUrl: `${PUBLIC_BASE_URL}/a/${token}`,
        callbackUrl: `${PUBLIC_BASE_URL}/v1/public/acks/${token}`,
      }),
      configurationSet: 'notices',
    });
  });

  it('signs an acknowledgement link for this recipient of this request, for acknowledgements only, valid 90 days', async () => {
    const { deps, mailer } = await noticeWorld();

    await sendErasureRecipientNotice(deps, notice());

    const token = ackToken(mailer.singles[0]!);
    const expiresAt = new Date(Date.parse(STARTED_AT) + 90 * DAY_MS);
    expect(await verifyLink(token, 'ack', LINK_SECRET, new Date(STARTED_AT))).toEqual({
      purpose: 'ack',
      controllerId: CONTROLLER_ID,
      aggregateId: ERASURE_ID,
      subjectId: 'incasso',
      expiresAt,
    });
    expect(await verifyLink(token, 'ack', LINK_SECRET, expiresAt)).toBeUndefined();
    expect(await verifyLink(token, 'verify', LINK_SECRET, new Date(STARTED_AT))).toBeUndefined();
  });

  it('records the recipient told, by email, once: a second message sends nothing', async () => {
    // Prepare
    const { deps, mailer, erasureRecipients, eventTypes } = await noticeWorld();
    await sendErasureRecipientNotice(deps, notice());

    // Act
    const again = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(again).toEqual({ sent: false, reason: 'told-before' });
    expect(mailer.singles).toHaveLength(1);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ notifiedAt: STARTED_AT });
    expect(await eventTypes()).toEqual(['erasure.recipient_notified']);
    expect(erasureRecipients.toldCalls[0]).toMatchObject({ recipientId: 'incasso', step: 'notice', emailed: true, webhookQueued: false, recorded: true });
  });

  it('writes to a recipient in Dutch when that is its language', async () => {
    const { deps, mailer, profile } = await noticeWorld([{ ...collector, locale: 'nl' }]);

    await sendErasureRecipientNotice(deps, notice());

    const dutch = renderErasureRecipientNotice({
      profile,
      locale: 'nl',
      step: 'notice',
      recipientName: collector.name,
      subject: { reference: 'alice' },
      disclosures: collector.disclosures,
      ackUrl: `${PUBLIC_BASE_URL}/a/x`,
      callbackUrl: `${PUBLIC_BASE_URL}/v1/public/acks/x`,
    });
    expect(mailer.singles[0]!.subject).toBe(dutch.subject);
  });

  it('queues a call of the webhook of a recipient that has one, besides the email, and records the call as queued, not made', async () => {
    // Prepare
    const withWebhook = { ...collector, webhookUrl: 'https://incasso.example/erasures' };
    const { deps, webhookQueue, erasures } = await noticeWorld([withWebhook], { webhooks: true });

    // Act
    const result = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(result).toEqual({ sent: true, step: 'notice', emailed: true, webhookQueued: true });
    expect(webhookQueue.bodies).toEqual([
      { type: 'erasure-webhook', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, recipientId: 'incasso', step: 'notice', workId: `webhook#${ERASURE_ID}#incasso#notice` },
    ]);
    const [told] = await erasures.events(CONTROLLER_ID, ERASURE_ID);
    expect(told).toMatchObject({ type: 'erasure.recipient_notified', data: { recipientId: 'incasso', channels: ['email'], webhook: 'queued' } });
  });

  it('reaches a recipient with only a webhook through it, emails nobody, and does not claim it was told', async () => {
    // Prepare
    const { contactEmail: _none, ...webhookOnly } = { ...collector, webhookUrl: 'https://incasso.example/erasures' };
    const { deps, mailer, webhookQueue, erasures, erasureRecipients } = await noticeWorld([webhookOnly], { webhooks: true });

    // Act
    const result = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(result).toEqual({ sent: true, step: 'notice', emailed: false, webhookQueued: true });
    expect(mailer.singles).toEqual([]);
    expect(webhookQueue.bodies).toHaveLength(1);
    expect((await erasures.events(CONTROLLER_ID, ERASURE_ID))[0]!.data).toEqual({ recipientId: 'incasso', channels: [], webhook: 'queued' });
    // Not escalated: the call is on its way, and its delivery (or its dead letter) tells the rest.
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).not.toHaveProperty('escalatedAt');
  });

  it('names the subject by reference only once its contact data is gone', async () => {
    const { deps, mailer } = await noticeWorld(undefined, { subjects: [] });

    await sendErasureRecipientNotice(deps, notice());

    expect(mailer.singles[0]!.text).toContain('Our reference: alice');
    expect(mailer.singles[0]!.text).not.toMatch(/Name:|Email address:/);
  });

  it('throws ErasureStepNotRecordedError for a recipient not put yet, and sends nothing', async () => {
    const { deps, mailer } = await noticeWorld([]);

    await expect(sendErasureRecipientNotice(deps, notice())).rejects.toThrow(ErasureStepNotRecordedError);
    expect(mailer.singles).toEqual([]);
  });

  it('lets a mailer error through without recording the notice, so the retry sends it', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer(undefined, (_email, call) => {
      if (failing) throw new Error('Throttling');
      return `ses-one-${call}`;
    });
    const world = await noticeWorld();
    const deps = { ...world.deps, mailer };
    await expect(sendErasureRecipientNotice(deps, notice())).rejects.toThrow(/Throttling/);
    expect((await world.erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso'))!.notifiedAt).toBeUndefined();
    failing = false;

    // Act
    const result = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(result).toEqual({ sent: true, step: 'notice', emailed: true, webhookQueued: false });
    expect(mailer.singles).toHaveLength(1);
  });
});

describe('sendErasureRecipientNotice: a recipient that cannot be told', () => {
  it('records that no channel reached it, hands it to the legal team at once, and completes the request when it was the last one', async () => {
    // Prepare: no address, and a webhook the stack cannot call (no webhook queue).
    const { contactEmail: _none, ...unreachable } = { ...collector, webhookUrl: 'https://incasso.example/erasures' };
    const { deps, mailer, notifyQueue, erasureRecipients, eventTypes, state } = await noticeWorld([unreachable]);

    // Act
    const result = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(result).toEqual({ sent: false, step: 'notice', emailed: false, webhookQueued: false });
    expect(mailer.singles).toEqual([]);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ notifiedAt: STARTED_AT, escalatedAt: STARTED_AT });
    expect(notifyQueue.bodies).toEqual([
      {
        type: 'erasure-legal-alert',
        controllerId: CONTROLLER_ID,
        erasureId: ERASURE_ID,
        workId: `recipient-escalated#${ERASURE_ID}#incasso`,
        alert: 'recipient-escalated',
        dueDate: '2026-12-02',
        recipientId: 'incasso',
        recipientName: 'Incassobureau Brabant B.V.',
      },
      { type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` },
    ]);
    expect(await eventTypes()).toEqual(['erasure.recipient_notified', 'erasure.recipient_escalated', 'erasure.recipients_settled']);
    expect(await state()).toBe('completed');
  });

  it("finishes an escalation a crash cut short before its alert: the notice's retry alerts the legal team and completes the request", async () => {
    // Prepare: the escalation is recorded, then queuing its alert fails.
    const { contactEmail: _none, ...unreachable } = collector;
    const { deps, notifyQueue, erasureRecipients, state } = await noticeWorld([unreachable]);
    const publish = notifyQueue.publish.bind(notifyQueue);
    let failures = 1;
    notifyQueue.publish = async (...args) => {
      if (failures-- > 0) throw new Error('SQS unavailable');
      return publish(...args);
    };
    await expect(sendErasureRecipientNotice(deps, notice())).rejects.toThrow('SQS unavailable');
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toHaveProperty('escalatedAt');
    expect(await state()).toBe('awaiting_recipients');

    // Act
    const retry = await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(retry).toEqual({ sent: false, reason: 'told-before' });
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-legal-alert', 'erasure-completion']);
    expect(await state()).toBe('completed');
  });

  it("escalates on the notice's retry a recipient recorded as unreachable whose escalation a crash prevented", async () => {
    // Prepare: the notice is recorded, then recording the escalation fails.
    const { contactEmail: _none, ...unreachable } = collector;
    const { deps, erasureRecipients, notifyQueue, state } = await noticeWorld([unreachable]);
    const recordEscalated = erasureRecipients.recordEscalated.bind(erasureRecipients);
    let failures = 1;
    erasureRecipients.recordEscalated = async (...args) => {
      if (failures-- > 0) throw new Error('DynamoDB unavailable');
      return recordEscalated(...args);
    };
    await expect(sendErasureRecipientNotice(deps, notice())).rejects.toThrow('DynamoDB unavailable');

    // Act
    await sendErasureRecipientNotice(deps, notice());

    // Assess
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ notifiedAt: STARTED_AT, escalatedAt: STARTED_AT });
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-legal-alert', 'erasure-completion']);
    expect(await state()).toBe('completed');
  });

  it('leaves the request waiting while another recipient has not answered', async () => {
    const { contactEmail: _none, ...unreachable } = collector;
    const { deps, state } = await noticeWorld([unreachable, { ...collector, recipientId: 'other' }]);

    await sendErasureRecipientNotice(deps, notice());

    expect(await state()).toBe('awaiting_recipients');
  });
});

describe('sendErasureRecipientNotice: the reminder', () => {
  it('reminds a recipient that has not answered, naming when it was first asked, once', async () => {
    // Prepare
    const { deps, mailer, clock, erasureRecipients, profile } = await noticeWorld();
    await sendErasureRecipientNotice(deps, notice());
    clock.set(REMINDED_AT);

    // Act
    const result = await sendErasureRecipientNotice(deps, notice('incasso', 'reminder'));
    const again = await sendErasureRecipientNotice(deps, notice('incasso', 'reminder'));

    // Assess
    expect(result).toEqual({ sent: true, step: 'reminder', emailed: true, webhookQueued: false });
    expect(again).toEqual({ sent: false, reason: 'told-before' });
    expect(mailer.singles).toHaveLength(2);
    const reminder = mailer.singles[1]!;
    const token = ackToken(reminder);
    expect(reminder).toMatchObject(
      renderErasureRecipientNotice({
        profile,
        locale: 'en',
        step: 'reminder',
        notifiedAt: STARTED_AT,
        recipientName: collector.name,
        subject: { reference: 'alice', name: 'Alice Jansen', email: 'alice@mail.example' },
        disclosures: collector.disclosures,
        ackUrl: `${PUBLIC_BASE_URL}/a/${token}`,
        callbackUrl: `${PUBLIC_BASE_URL}/v1/public/acks/${token}`,
      }),
    );
    expect(reminder.subject).toMatch(/^Reminder/);
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ notifiedAt: STARTED_AT, remindedAt: REMINDED_AT });
  });

  it('drops the reminder of a recipient that answered, or was handed to the legal team', async () => {
    // Prepare
    const { deps, mailer, erasureRecipients } = await noticeWorld([collector, { ...collector, recipientId: 'other' }]);
    await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'incasso', { status: 'erased', answeredAt: STARTED_AT, via: 'link' });
    await erasureRecipients.recordEscalated(CONTROLLER_ID, ERASURE_ID, 'other', STARTED_AT);

    // Act
    const answered = await sendErasureRecipientNotice(deps, notice('incasso', 'reminder'));
    const escalated = await sendErasureRecipientNotice(deps, notice('other', 'reminder'));

    // Assess
    expect([answered, escalated]).toEqual([
      { sent: false, reason: 'settled' },
      { sent: false, reason: 'settled' },
    ]);
    expect(mailer.singles).toEqual([]);
  });
});

describe('sendErasureRecipientNotice: a reminder whose notice never went out', () => {
  it('sends the notice instead, recorded as the notice, and calls the webhook for the notice', async () => {
    // Prepare: the notice's message is still failing when the reminder is due.
    const withWebhook = { ...collector, webhookUrl: 'https://incasso.example/erasures' };
    const { deps, mailer, clock, erasureRecipients, webhookQueue } = await noticeWorld([withWebhook], { webhooks: true });
    clock.set(REMINDED_AT);

    // Act
    const result = await sendErasureRecipientNotice(deps, notice('incasso', 'reminder'));
    const late = await sendErasureRecipientNotice(deps, notice('incasso', 'notice'));

    // Assess
    expect(result).toEqual({ sent: true, step: 'notice', emailed: true, webhookQueued: true });
    expect(late).toEqual({ sent: false, reason: 'told-before' });
    expect(mailer.singles).toHaveLength(1);
    expect(mailer.singles[0]!.subject).not.toMatch(/Reminder/);
    expect(mailer.singles[0]!.text).toContain('Article 19 of the GDPR requires');
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).toMatchObject({ notifiedAt: REMINDED_AT });
    expect(await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, 'incasso')).not.toHaveProperty('remindedAt');
    expect(webhookQueue.bodies.map((call) => call.step)).toEqual(['notice']);
  });
});

describe('sendErasureRecipientNotice: a request whose completion failed', () => {
  it('completes it when a reminder finds its last recipient answered', async () => {
    // Prepare: the answer was recorded, and completing the request after it failed.
    const { deps, erasureRecipients, notifyQueue, state } = await noticeWorld();
    await sendErasureRecipientNotice(deps, notice());
    await erasureRecipients.recordAnswer(CONTROLLER_ID, ERASURE_ID, 'incasso', { status: 'erased', answeredAt: REMINDED_AT, via: 'link' });

    // Act
    const reminder = await sendErasureRecipientNotice(deps, notice('incasso', 'reminder'));

    // Assess
    expect(reminder).toEqual({ sent: false, reason: 'settled' });
    expect(notifyQueue.bodies.map((body) => body.type)).toEqual(['erasure-completion']);
    expect(await state()).toBe('completed');
  });
});

describe('sendErasureRecipientNotice: the subject', () => {
  it("names the subject with the contact data the recipient received, never in the subject line", async () => {
    const { deps, mailer } = await noticeWorld(undefined, { subjects: [aSubject('alice', 'nl', { name: 'Alice Jansen', email: 'alice.jansen@mail.example' })] });

    await sendErasureRecipientNotice(deps, notice());

    const email = mailer.singles[0]!;
    expect(email.text).toContain('Alice Jansen');
    expect(email.text).toContain('alice.jansen@mail.example');
    expect(email.subject).not.toMatch(/Alice|alice/);
  });
});
