import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { verifyChain } from '../../shared/domain/evidence/hash-chain';
import { startLocalPipeline, type LocalPipeline } from '../../scripts/local/runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localPipelineClient } from '../helpers/local-pipeline-client';

/**
 * The walking skeleton end to end, on the local runtime: the synthesized stack, the bundled handlers,
 * DynamoDB Local, fauxqs and the SES emulator. A merger disclosure reaches every subject in their language.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ apiPort: 0, mailPort: 0, quiet: true });
  api = localPipelineClient(pipeline);
  await api.request('PUT', '/v1/controllers/softmedex/recipients/acme', {
    body: { name: 'Acme <Health> B.V.', kind: 'acquirer', country: 'DE', contactEmail: 'privacy@acme.example' },
  });
});

afterAll(async () => {
  await pipeline?.stop();
});

beforeEach(async () => {
  await api.clearEmails();
});

const merger = (audience: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'merger_acquisition',
  recipientId: 'acme',
  legalBasis: 'legitimate_interests',
  purpose: 'Sale of the Softmedex customer base to Acme Health',
  dataCategories: ['name', 'contact details', 'payment details'],
  audience,
  occurredAt: '2026-11-20T10:00:00+01:00',
  reference: 'M&A-2026-07',
  ...extra,
});

async function settled(disclosureId: string) {
  await pipeline.waitForIdle({ timeoutMs: 120_000 });
  return (await api.request('GET', `/v1/controllers/softmedex/disclosures/${disclosureId}`)).body;
}

describe('a merger notice to the whole audience', () => {
  const subjects = [
    { subjectId: 'm-nl-1', email: 'jan@example.nl', locale: 'nl', name: 'Jan Jansen' },
    { subjectId: 'm-nl-2', email: 'piet@example.nl', locale: 'nl' },
    { subjectId: 'm-en-1', email: 'ann@example.com', locale: 'en', name: '<b>Ann</b> Smith' },
  ];
  let disclosureId: string;

  beforeAll(async () => {
    const upsert = await api.request('POST', '/v1/controllers/softmedex/subjects/batch', { body: { subjects } });
    expect(upsert.body).toEqual({ upserted: 3, refused: [] });
  });

  it('answers 202 with the disclosure id and its Location', async () => {
    const response = await api.request('POST', '/v1/controllers/softmedex/disclosures', { body: merger({ all: true }) });
    expect(response.status).toBe(202);
    disclosureId = response.body.disclosureId;
    expect(response.headers.get('location')).toBe(`/v1/controllers/softmedex/disclosures/${disclosureId}`);
  });

  it('sends each subject one email in their language, from the controller, naming what the law requires', async () => {
    const disclosure = await settled(disclosureId);
    expect(disclosure.status).toBe('completed');
    expect(disclosure.counts).toEqual({ subjects: 3, notified: 3, failed: 0, suppressed: 0, notRequired: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } });

    const emails = await api.emails();
    expect(emails.map((email) => email.destination.to).flat().sort()).toEqual(subjects.map((s) => s.email).sort());
    for (const email of emails) expect(email.from).toContain('privacy@softmedex.com');

    const dutch = emails.find((email) => email.destination.to.includes('jan@example.nl'))!;
    expect(dutch.subject).toContain('Acme <Health> B.V.');
    expect(dutch.subject).not.toMatch(/[\r\n]/);
    expect(dutch.body.text).toContain('Beste Jan Jansen');
    for (const expected of ['Softmedex', 'Sale of the Softmedex customer base', 'contact details', '20 november 2026', 'info@softmedex.com', 'Autoriteit Persoonsgegevens', 'M&A-2026-07']) {
      expect(dutch.body.text).toContain(expected);
    }
    expect(dutch.body.html).toContain('Acme &lt;Health&gt; B.V.');
    expect(dutch.body.html).not.toContain('<Health>');

    const english = emails.find((email) => email.destination.to.includes('ann@example.com'))!;
    expect(english.body.text).toContain('Dear <b>Ann</b> Smith');
    expect(english.body.text).toContain('20 November 2026');
    expect(english.body.html).toContain('&lt;b&gt;Ann&lt;/b&gt;');
    expect(english.body.html).not.toContain('<b>Ann</b>');
  });

  it("answers the subject's access request with the disclosure and its notice status", async () => {
    const response = await api.request('GET', '/v1/controllers/softmedex/subjects/m-nl-1/disclosures');
    expect(response.status).toBe(200);
    expect(response.body.items).toContainEqual({
      disclosureId,
      kind: 'merger_acquisition',
      recipient: { name: 'Acme <Health> B.V.', kind: 'acquirer', country: 'DE' },
      legalBasis: 'legitimate_interests',
      purpose: 'Sale of the Softmedex customer base to Acme Health',
      dataCategories: ['name', 'contact details', 'payment details'],
      disclosedAt: '2026-11-20T09:00:00.000Z',
      notice: { status: 'sent' },
    });
  });

  it('keeps the evidence as an intact hash chain: recorded, then settled', async () => {
    const events = await new DisclosureStore(api.documentClient(), api.tableName()).events('softmedex', disclosureId);
    expect(events.map((event) => event.type)).toEqual(['disclosure.recorded', 'disclosure.notices_settled']);
    expect(verifyChain(events)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('jan@example.nl');
  });

  it('notifies the same audience again for a second disclosure: chunks of one disclosure never stand in for another', async () => {
    const second = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      body: merger({ all: true }, { purpose: 'Second transfer' }),
    });
    const disclosure = await settled(second.body.disclosureId);
    expect(disclosure.counts.notified).toBe(3);
    expect((await api.emails()).filter((email) => email.body.text?.includes('Second transfer'))).toHaveLength(3);
  });
});

describe('a disclosure to listed subjects, retried with an Idempotency-Key', () => {
  it('records one disclosure and sends each listed subject one email however often it is retried', async () => {
    await api.request('PUT', '/v1/controllers/softmedex/subjects/l-1', { body: { email: 'l1@example.nl', locale: 'nl' } });
    await api.request('PUT', '/v1/controllers/softmedex/subjects/l-2', { body: { email: 'l2@example.com', locale: 'en' } });
    await api.request('PUT', '/v1/controllers/softmedex/subjects/l-3', { body: { email: 'l3@example.com', locale: 'en' } });
    const send = () =>
      api.request('POST', '/v1/controllers/softmedex/disclosures', {
        body: merger({ subjectIds: ['l-1', 'l-2'] }),
        headers: { 'idempotency-key': 'merger-l-retry' },
      });

    const first = await send();
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const retries = await Promise.all([send(), send()]);
    const disclosure = await settled(first.body.disclosureId);

    expect(retries.map((retry) => retry.body.disclosureId)).toEqual([first.body.disclosureId, first.body.disclosureId]);
    expect(disclosure.counts).toEqual({ subjects: 2, notified: 2, failed: 0, suppressed: 0, notRequired: 0, excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 } });
    expect((await api.emails()).map((email) => email.destination.to[0]).sort()).toEqual(['l1@example.nl', 'l2@example.com']);
  });
});

describe('refused requests', () => {
  it('writes nothing for bad input and names every bad field', async () => {
    const response = await api.request('PUT', '/v1/controllers/softmedex/subjects/bad-1', {
      body: { email: 'nope', locale: 'fr', name: 'Evil\r\nBcc: x@example.com' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['email', 'locale', 'name']);

    const disclosure = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      body: merger({ subjectIds: ['bad-1'] }),
    });
    expect(disclosure.status).toBe(400);
    expect(disclosure.body.errors).toEqual([{ field: 'audience.subjectIds.0', message: 'unknown subject' }]);
  });

  it('answers 404 for an unknown recipient or disclosure', async () => {
    const unknownRecipient = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      body: { ...merger({ all: true }), recipientId: 'nobody' },
    });
    expect(unknownRecipient.status).toBe(404);
    const unknownDisclosure = await api.request('GET', '/v1/controllers/softmedex/disclosures/01NOPE');
    expect(unknownDisclosure.status).toBe(404);
  });

  it('answers 401 without a token and 403 for a token lacking the scope or the controller', async () => {
    const anonymous = await fetch(`${pipeline.apiUrl}/v1/controllers/softmedex/disclosures/01X`);
    expect(anonymous.status).toBe(401);
    const readOnly = await api.request('POST', '/v1/controllers/softmedex/disclosures', {
      body: merger({ all: true }),
      scopes: ['disclosures:read'],
    });
    expect(readOnly.status).toBe(403);
    const otherController = await api.request('GET', '/v1/controllers/softmedex/disclosures/01X', { controller: 'dsoft' });
    expect(otherController.status).toBe(403);
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await fetch(`${pipeline.apiUrl}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(document.paths['/v1/controllers/{controllerId}/disclosures']).toBeDefined();
  });
});

describe('a poison message', () => {
  it('lands in the dead-letter queue after 5 receives and leaves the pipeline running', async () => {
    const { SQSClient, SendMessageCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const { localClientConfig } = await import('../../scripts/local/emulators/local-aws');
    const sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
    const queueUrl = (prefix: string) => Object.entries(pipeline.queueUrls).find(([id]) => id.startsWith(prefix))![1];

    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('PipelinePlanQueue'), MessageBody: '{"not":"a plan"}' }));
    await pipeline.waitForIdle({ timeoutMs: 120_000 });

    const deadLetters = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl('PipelinePlanDeadLetterQueue'), AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(deadLetters.Attributes?.ApproximateNumberOfMessages).toBe('1');
  });
});

describe('redrive', () => {
  it('moves every dead letter back to its queue, body and attributes intact, and empties the dead-letter queue', async () => {
    const { SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const { localClientConfig } = await import('../../scripts/local/emulators/local-aws');
    const { redrive } = await import('../../shared/adapters/sqs/redrive');
    const sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
    // Queues of its own, which no function consumes, so the test sees exactly what redrive moved.
    const { QueueUrl: deadLetters } = await sqs.send(new CreateQueueCommand({ QueueName: 'redrive-test-dlq' }));
    const { QueueUrl: source } = await sqs.send(new CreateQueueCommand({ QueueName: 'redrive-test-source' }));
    const bodies = Array.from({ length: 13 }, (_, index) => JSON.stringify({ part: index }));
    for (const body of bodies) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: deadLetters,
          MessageBody: body,
          MessageAttributes: { origin: { DataType: 'String', StringValue: 'plan' } },
        }),
      );
    }

    const moved = await redrive(sqs, deadLetters!, source!);

    expect(moved).toBe(13);
    const received: { body: string; origin?: string }[] = [];
    while (received.length < 13) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) break;
      received.push(...Messages.map((message) => ({ body: message.Body!, origin: message.MessageAttributes?.origin?.StringValue })));
    }
    expect(received.map((message) => message.body).sort()).toEqual([...bodies].sort());
    expect(received.every((message) => message.origin === 'plan')).toBe(true);
    const left = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetters, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });
});

describe('settling a disclosure', () => {
  it('records the settled event once, however many senders see the last notice at the same time', async () => {
    const { settleIfComplete } = await import('../../shared/workflow/settle-disclosure');
    const store = new DisclosureStore(api.documentClient(), api.tableName());
    const disclosureId = `settle-race-${Date.now()}`;
    await store.record({
      disclosure: {
        controllerId: 'softmedex',
        disclosureId,
        kind: 'merger_acquisition',
        recipient: { recipientId: 'acme', name: 'Acme', kind: 'acquirer', country: 'NL' },
        legalBasis: 'legitimate_interests',
        purpose: 'race',
        dataCategories: ['name'],
        occurredAt: '2026-11-20T09:00:00.000Z',
        recordedAt: '2026-11-20T09:00:00.000Z',
        noticeMode: 'after',
      },
      audience: { subjectIds: ['race-1'] },
      partsTotal: 1,
    });
    await store.completeWork({
      controllerId: 'softmedex',
      disclosureId,
      workId: 'plan#slice-0',
      now: '2026-11-20T09:00:01.000Z',
      counters: { partKey: 'slice-0', increments: { partsPlanned: 1 } },
    });

    const clock = { now: () => new Date('2026-11-20T09:00:02.000Z') };
    const settled = await Promise.all(Array.from({ length: 5 }, () => settleIfComplete(store, clock, 'softmedex', disclosureId)));

    const events = await store.events('softmedex', disclosureId);
    expect(events.map((event) => event.type)).toEqual(['disclosure.recorded', 'disclosure.notices_settled']);
    expect(settled.filter(Boolean)).toHaveLength(1);
    expect(verifyChain(events)).toBe(true);
  });
});

describe('counting on DynamoDB Local under retries', () => {
  it('counts each subject once however often its page is planned, and each notice once however often it is settled', async () => {
    const { LedgerStore } = await import('../../shared/adapters/dynamo/ledger-store');
    const store = new DisclosureStore(api.documentClient(), api.tableName());
    const ledger = new LedgerStore(api.documentClient(), api.tableName());
    const disclosure = {
      controllerId: 'softmedex',
      disclosureId: `count-${Date.now()}`,
      kind: 'merger_acquisition' as const,
      recipient: { recipientId: 'acme', name: 'Acme', kind: 'acquirer' as const, country: 'NL' },
      legalBasis: 'legitimate_interests' as const,
      purpose: 'counting',
      dataCategories: ['name'],
      occurredAt: '2026-11-20T09:00:00.000Z',
      recordedAt: '2026-11-20T09:00:00.000Z',
      noticeMode: 'after' as const,
    };
    await store.record({ disclosure, audience: { all: true }, partsTotal: 1 });
    const many = Array.from({ length: 120 }, (_, index) => `c-${index}`);
    const queued = (subjectIds: string[]) => subjectIds.map((subjectId) => ({ subjectId, noticeStatus: 'queued' as const }));

    // A page planned, cut short, planned again after one more subject joined; and once more.
    await ledger.writeEntries(disclosure, 'shard-0', queued(many));
    await ledger.writeEntries(disclosure, 'shard-0', queued([...many, 'c-late']));
    await ledger.writeEntries(disclosure, 'shard-0', queued(['c-late', 'c-0']));
    // Notices settled, then settled again by a retry, then contradicted by a stale retry.
    const now = '2026-11-20T09:01:00.000Z';
    await ledger.recordNotices(disclosure.controllerId, disclosure.disclosureId, 'shard-0', many.slice(0, 100).map((subjectId) => ({ subjectId, status: 'sent' as const })), now);
    await ledger.recordNotices(disclosure.controllerId, disclosure.disclosureId, 'shard-0', many.slice(90, 121).map((subjectId) => ({ subjectId, status: 'sent' as const })), now);
    await ledger.recordNotices(disclosure.controllerId, disclosure.disclosureId, 'shard-0', [{ subjectId: 'c-0', status: 'failed' }, { subjectId: 'c-late', status: 'suppressed' }], now);

    const stored = await store.get(disclosure.controllerId, disclosure.disclosureId);
    expect(stored!.progress).toMatchObject({ subjects: 121, notified: 120, failed: 0, suppressed: 1 });
    const statuses = await ledger.noticeStatuses(disclosure.controllerId, disclosure.disclosureId, ['c-0', 'c-late', 'c-119']);
    expect(Object.fromEntries(statuses)).toEqual({ 'c-0': 'sent', 'c-late': 'suppressed', 'c-119': 'sent' });
  });
});

describe('the audience of a whole-audience disclosure', () => {
  it('is the subjects known when it was recorded: one added right after is not told', async () => {
    const controller = 'softmedex';
    const before = [`aud-${Date.now()}-a`, `aud-${Date.now()}-b`];
    for (const subjectId of before) {
      await api.request('PUT', `/v1/controllers/${controller}/subjects/${subjectId}`, { body: { email: `${subjectId}@example.nl`, locale: 'nl' } });
    }
    const recorded = await api.request('POST', `/v1/controllers/${controller}/disclosures`, { body: merger({ all: true }, { purpose: 'Cut-off check' }) });
    const late = `aud-${Date.now()}-late`;
    await api.request('PUT', `/v1/controllers/${controller}/subjects/${late}`, { body: { email: `${late}@example.nl`, locale: 'nl' } });

    await settled(recorded.body.disclosureId);

    const told = (await api.emails()).filter((email) => email.body.text?.includes('Cut-off check')).map((email) => email.destination.to[0]);
    for (const subjectId of before) expect(told).toContain(`${subjectId}@example.nl`);
    expect(told).not.toContain(`${late}@example.nl`);
    const lateLedger = await api.request('GET', `/v1/controllers/${controller}/subjects/${late}/disclosures`);
    expect(lateLedger.body.items.map((item: { disclosureId: string }) => item.disclosureId)).not.toContain(recorded.body.disclosureId);
  });
});

describe('a plan for a disclosure that was never recorded', () => {
  it('is dropped after a few tries instead of filling the dead-letter queue', async () => {
    const { SQSClient, SendMessageCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const { localClientConfig } = await import('../../scripts/local/emulators/local-aws');
    const sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
    const queueUrl = (prefix: string) => Object.entries(pipeline.queueUrls).find(([id]) => id.startsWith(prefix))![1];
    const deadLetters = async () =>
      Number(
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('PipelinePlanDeadLetterQueue'), AttributeNames: ['ApproximateNumberOfMessages'] })))
          .Attributes?.ApproximateNumberOfMessages,
      );
    const before = await deadLetters();

    const orphan = { controllerId: 'softmedex', disclosureId: '01NEVERRECORDED', part: { shard: 3 } };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('PipelinePlanQueue'), MessageBody: JSON.stringify(orphan) }));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await deadLetters()).toBe(before);
  });
});
