import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { localPipelineClient } from '../../helpers/local-pipeline-client';

/**
 * ETSoft promises to announce a business transfer before it happens and to explain how to object, and to
 * share with business partners only with each subject's prior approval. End to end on the local pipeline,
 * with the sweeper driven through 30 days of simulated time.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const etsoft = { controller: 'etsoft' };
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  await api.request('PUT', '/v1/controllers/etsoft/recipients/buyer', {
    ...etsoft,
    body: { name: 'Zeeuwse Software <Groep> B.V.', kind: 'acquirer', country: 'NL', contactEmail: 'legal@buyer.example' },
  });
  await api.request('PUT', '/v1/controllers/etsoft/recipients/partner', {
    ...etsoft,
    body: { name: 'Partner Marketing B.V.', kind: 'business_partner', country: 'BE' },
  });
  const subjects = [
    { subjectId: 'e-nl-1', email: 'anna@example.nl', locale: 'nl', name: 'Anna de Vries' },
    { subjectId: 'e-en-1', email: 'bob@example.com', locale: 'en', name: 'Bob Brown' },
    { subjectId: 'e-nl-2', email: 'cor@example.nl', locale: 'nl' },
    { subjectId: 'p-consent', email: 'p1@example.nl', locale: 'nl' },
    { subjectId: 'p-none', email: 'p2@example.nl', locale: 'nl' },
    { subjectId: 'p-stopped', email: 'p3@example.nl', locale: 'nl' },
  ];
  expect((await api.request('POST', '/v1/controllers/etsoft/subjects/batch', { ...etsoft, body: { subjects } })).status).toBe(200);
  const preferences = {
    'p-consent': { consentTo: ['business_partner'], stopSharing: [] },
    'p-none': { consentTo: [], stopSharing: [] },
    'p-stopped': { consentTo: ['business_partner'], stopSharing: ['business_partner'] },
  };
  for (const [subjectId, body] of Object.entries(preferences)) {
    const response = await api.request('PUT', `/v1/controllers/etsoft/subjects/${subjectId}/preferences`, { ...etsoft, body });
    expect(response.status).toBe(200);
  }
});

afterAll(async () => {
  await pipeline?.stop();
});

const disclosure = async (id: string) => (await api.request('GET', `/v1/controllers/etsoft/disclosures/${id}`, etsoft)).body;
const eventTypes = async (id: string) =>
  (await api.request('GET', `/v1/controllers/etsoft/disclosures/${id}/events`, etsoft)).body.items.map((event: { type: string }) => event.type);
const objectionLink = (text: string | undefined) => /https?:\/\/\S+\/o\/[A-Za-z0-9._~-]+/.exec(text ?? '')?.[0];

describe('ETSoft sells its business: an intent notice 30 days ahead, and an objector left out', () => {
  const recordedAt = Date.now();
  const plannedAt = new Date(recordedAt + 30 * DAY + 2 * HOUR);
  let disclosureId: string;
  let bobsLink: string;
  let annasLink: string;

  it('records the sale as scheduled, without telling anyone yet', async () => {
    await api.clearEmails();
    const response = await api.request('POST', '/v1/controllers/etsoft/disclosures', {
      ...etsoft,
      body: {
        kind: 'merger_acquisition',
        recipientId: 'buyer',
        legalBasis: 'legitimate_interests',
        purpose: 'Verkoop van de klantenbestanden van ETSoft',
        dataCategories: ['naam', 'contactgegevens', 'facturen'],
        audience: { subjectIds: ['e-nl-1', 'e-en-1', 'e-nl-2'] },
        plannedAt: plannedAt.toISOString(),
        reference: 'SALE-2027',
      },
    });
    expect(response.status).toBe(202);
    disclosureId = response.body.disclosureId;
    const view = await disclosure(disclosureId);
    expect(view).toMatchObject({ noticeMode: 'before', status: 'scheduled', plannedAt: plannedAt.toISOString() });
    expect(Date.parse(view.intentAt)).toBe(plannedAt.getTime() - 30 * DAY);

    await api.runSweeper(new Date(recordedAt + HOUR));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await api.emails()).toHaveLength(0);
  });

  it('sends each subject an intent notice in their language, with a personal objection link, when the window opens', async () => {
    await api.runSweeper(new Date(recordedAt + 2 * HOUR + 60_000));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const view = await disclosure(disclosureId);
    expect(view.status).toBe('objection_window');
    expect(view.intent).toEqual({ subjects: 3, notified: 3, failed: 0, suppressed: 0 });
    expect(view.counts.subjects).toBe(0);

    const [bobs] = await api.emailsTo('bob@example.com');
    expect(bobs!.subject).toContain('Zeeuwse Software <Groep> B.V.');
    expect(bobs!.body.text).toContain('Dear Bob Brown');
    expect(bobs!.body.html).toContain('Zeeuwse Software &lt;Groep&gt; B.V.');
    const [annas] = await api.emailsTo('anna@example.nl');
    expect(annas!.body.text).toContain('Beste Anna de Vries');
    bobsLink = objectionLink(bobs!.body.text)!;
    annasLink = objectionLink(annas!.body.text)!;
    expect(bobsLink).toBeDefined();
    expect(annasLink).toBeDefined();
    expect(annasLink).not.toBe(bobsLink);

    // A second sweep at the same moment announces nothing again.
    await api.runSweeper(new Date(recordedAt + 2 * HOUR + 60_000));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect(await api.emails()).toHaveLength(3);
  });

  it('shows the objection page in the subject language and records nothing on a GET', async () => {
    const page = await api.publicRequest('GET', bobsLink);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('lang="en"');
    expect(page.text).toMatch(/<form[^>]+method="post"/i);
    expect((await disclosure(disclosureId)).objectors).toEqual([]);
  });

  it('records an objection once, as an event, and confirms it by email', async () => {
    await api.clearEmails();
    const first = await api.publicRequest('POST', bobsLink);
    expect(first.status).toBe(200);
    expect(first.text).toContain('lang="en"');
    const again = await api.publicRequest('POST', bobsLink);
    expect(again.status).toBe(200);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(disclosureId);
    expect(view.objectors).toEqual([{ subjectId: 'e-en-1', objectedAt: expect.any(String) }]);
    expect((await eventTypes(disclosureId)).filter((type: string) => type === 'disclosure.objection_received')).toHaveLength(1);
    const confirmations = await api.emailsTo('bob@example.com');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.body.text).toContain('Zeeuwse Software <Groep> B.V.');
  });

  it('refuses a forged or altered link', async () => {
    const forged = await api.publicRequest('GET', `${bobsLink.slice(0, -3)}abc`);
    expect(forged.status).toBe(404);
  });

  it('does not transfer before the window has closed', async () => {
    await api.runSweeper(new Date(plannedAt.getTime() - HOUR));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    expect((await disclosure(disclosureId)).status).toBe('objection_window');
  });

  it('at plannedAt transfers the data of those who did not object, exactly once', async () => {
    const after = new Date(plannedAt.getTime() + 10 * 60_000);
    await api.runSweeper(after);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    await api.runSweeper(after);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const view = await disclosure(disclosureId);
    expect(view.status).toBe('completed');
    expect(view.counts).toMatchObject({ subjects: 2, notified: 2, excluded: { no_consent: 0, opted_out: 0, objected: 1 } });
    const types = await eventTypes(disclosureId);
    expect(types.filter((type: string) => type === 'disclosure.intent_started')).toHaveLength(1);
    expect(types.filter((type: string) => type === 'disclosure.transfer_executed')).toHaveLength(1);

    const annas = await api.request('GET', '/v1/controllers/etsoft/subjects/e-nl-1/disclosures', etsoft);
    expect(annas.body.items).toContainEqual(expect.objectContaining({ disclosureId, kind: 'merger_acquisition', notice: { status: 'sent' } }));
    const bobs = await api.request('GET', '/v1/controllers/etsoft/subjects/e-en-1/disclosures', etsoft);
    expect(bobs.body.items.map((item: { disclosureId: string }) => item.disclosureId)).not.toContain(disclosureId);
  });

  it('drops, after a few tries, a confirmation queued for an objection that never got recorded', async () => {
    const { SQSClient, SendMessageCommand, GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const { localClientConfig } = await import('../../../scripts/local/emulators/local-aws');
    const sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
    const queueUrl = (prefix: string) => Object.entries(pipeline.queueUrls).find(([id]) => id.startsWith(prefix))![1];
    const deadLetters = async () =>
      Number(
        (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('PipelineNotifyDeadLetterQueue'), AttributeNames: ['ApproximateNumberOfMessages'] })))
          .Attributes?.ApproximateNumberOfMessages,
      );
    const before = await deadLetters();
    await api.clearEmails();

    // What the public function queues first when Anna's objection then fails to record.
    const confirmation = { type: 'objection-confirmation', controllerId: 'etsoft', disclosureId, workId: 'objection#e-nl-1', subjectId: 'e-nl-1' };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('PipelineNotifyQueue'), MessageBody: JSON.stringify(confirmation) }));
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    expect(await deadLetters()).toBe(before);
    expect(await api.emailsTo('anna@example.nl')).toEqual([]);
  });

  it('answers a late objection that the window has closed', async () => {
    const late = await api.publicRequest('POST', annasLink);
    expect(late.status).toBe(409);
    expect(late.text).toContain('lang="nl"');
    expect((await disclosure(disclosureId)).objectors).toHaveLength(1);
  });
});

describe('ETSoft shares with a business partner: only subjects who approved beforehand', () => {
  it('leaves out subjects without prior consent and those who asked to stop, counting each reason', async () => {
    await api.clearEmails();
    const response = await api.request('POST', '/v1/controllers/etsoft/disclosures', {
      ...etsoft,
      body: {
        kind: 'business_partner',
        recipientId: 'partner',
        legalBasis: 'consent',
        purpose: 'Gezamenlijke aanbieding met Partner Marketing',
        dataCategories: ['naam', 'e-mailadres'],
        audience: { subjectIds: ['p-consent', 'p-none', 'p-stopped'] },
      },
    });
    expect(response.status).toBe(202);
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    const view = await disclosure(response.body.disclosureId);
    expect(view.counts).toMatchObject({ subjects: 1, excluded: { no_consent: 1, opted_out: 1, objected: 0 } });

    const approved = await api.request('GET', '/v1/controllers/etsoft/subjects/p-consent/disclosures', etsoft);
    expect(approved.body.items).toHaveLength(1);
    for (const subjectId of ['p-none', 'p-stopped']) {
      const left = await api.request('GET', `/v1/controllers/etsoft/subjects/${subjectId}/disclosures`, etsoft);
      expect(left.body.items).toEqual([]);
    }
  });

  it("shows a subject's preferences with every change, so consent can be demonstrated", async () => {
    await api.request('PUT', '/v1/controllers/etsoft/subjects/p-stopped/preferences', { ...etsoft, body: { consentTo: [], stopSharing: ['business_partner'] } });

    const response = await api.request('GET', '/v1/controllers/etsoft/subjects/p-stopped/preferences', etsoft);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ subjectId: 'p-stopped', consentTo: [], stopSharing: ['business_partner'] });
    expect(response.body.history.map((change: { preferences: unknown }) => change.preferences)).toEqual([
      { consentTo: ['business_partner'], stopSharing: ['business_partner'] },
      { consentTo: [], stopSharing: ['business_partner'] },
    ]);
    expect((await api.request('GET', '/v1/controllers/etsoft/subjects/nobody/preferences', etsoft)).status).toBe(404);
  });

  it('refuses what the policy does not list, quoting it', async () => {
    const response = await api.request('POST', '/v1/controllers/etsoft/disclosures', {
      ...etsoft,
      body: {
        kind: 'fraud_prevention',
        recipientId: 'partner',
        legalBasis: 'legitimate_interests',
        purpose: 'Fraudebestrijding',
        dataCategories: ['naam'],
        audience: { subjectIds: ['p-consent'] },
      },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.violations[0]).toMatchObject({ rule: 'disclosureRules.fraud_prevention', source: expect.any(String) });
  });
});
