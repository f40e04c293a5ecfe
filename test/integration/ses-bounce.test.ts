import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../scripts/local/emulators/local-aws';
import { startLocalPipeline, type LocalPipeline } from '../../scripts/local/runtime';
import { breachNoticeEntryTags } from '../../shared/domain/breach/notice-tags';
import { localPipelineClient } from '../helpers/local-pipeline-client';
import { permanentBounce, sesEvent } from '../helpers/ses-events';

/**
 * A bounce on the local pipeline, the way AWS delivers it: SES's event through the configuration set's destination
 * and topic onto the events queue, read by the events function, which marks the subject's breach notice bounced;
 * the public communication is then advised, and its draft is there. Mail that is no breach notice is left alone.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const as = { controller: 'softmedex', scopes: ['subjects:write', 'breaches:write', 'breaches:read'] };
const SUBJECT = { subjectId: 'klant.2001', email: 'bounced@example.com', locale: 'en', name: 'Bo Unce' };
let breachId: string;

/** Messages still on the events queue and its dead-letter queue. */
async function eventsQueueDepths(): Promise<number[]> {
  const sqs = new SQSClient(localClientConfig(pipeline.endpoints.sqs));
  const depth = async (pattern: RegExp) => {
    const url = Object.entries(pipeline.queueUrls).find(([id]) => pattern.test(id))![1];
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };
  try {
    return [await depth(/^PipelineEventsQueue/), await depth(/^PipelineEventsDeadLetterQueue/)];
  } finally {
    sqs.destroy();
  }
}

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  const { subjectId, ...subject } = SUBJECT;
  expect((await api.request('PUT', `/v1/controllers/softmedex/subjects/${subjectId}`, { ...as, body: subject })).status).toBe(204);
  const registered = await api.request('POST', '/v1/controllers/softmedex/breaches', {
    ...as,
    body: {
      awareAt: new Date(Date.now() - 3_600_000).toISOString(),
      description: 'A mailing list export was sent to the wrong supplier',
      nature: ['confidentiality'],
      dataCategories: ['naam', 'e-mailadres'],
      approxSubjects: 1,
      approxRecords: 1,
      likelyConsequences: 'Phishing',
      measuresTaken: 'The supplier deleted the export',
      measuresProposed: 'Exports only through the file portal',
      source: { type: 'internal' },
    },
  });
  expect(registered.status).toBe(201);
  breachId = registered.body.breachId;
  const assessed = await api.request('POST', `/v1/controllers/softmedex/breaches/${breachId}/assessment`, {
    ...as,
    body: { risk: 'high', reasoning: 'Names with addresses make convincing phishing possible', assessedBy: 'Privacy officer' },
  });
  expect(assessed.status).toBe(200);
  const words = { nature: 'Your name and address went to the wrong supplier.', consequences: 'Phishing.', measures: 'It was deleted.', advice: 'Be wary of mail asking for passwords.' };
  const started = await api.request('POST', `/v1/controllers/softmedex/breaches/${breachId}/notices`, {
    ...as,
    body: { audience: { type: 'list', subjectIds: [SUBJECT.subjectId] }, words: { nl: words, en: words } },
  });
  expect(started.status).toBe(202);
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('a permanent bounce of a breach notice, delivered as SES and SNS would', () => {
  it('marks the notice bounced, counts it once and advises a public communication, whose draft is ready', async () => {
    const [notice] = (await api.emailsTo(SUBJECT.email)).filter((email) => /Data breach at/.test(email.subject));
    expect(notice).toBeDefined();
    // Only the tags the subject's entry carries (SES may not add the defaults to it), encoded as the sender does.
    const bounce = permanentBounce(
      breachNoticeEntryTags({ controllerId: 'softmedex', breachId, subjectId: SUBJECT.subjectId }),
      { messageId: notice!.messageId, to: SUBJECT.email },
    ) as { eventType: string };

    await api.deliverSesEvent(bounce);
    await api.deliverSesEvent(bounce);
    // Mail that is no breach notice, and a complaint: acknowledged, nothing changes.
    await api.deliverSesEvent(sesEvent('Bounce', { tags: { controllerId: 'softmedex' } }) as { eventType: string });
    await api.deliverSesEvent(sesEvent('Complaint', { tags: { controllerId: 'softmedex', breachId, subjectId: SUBJECT.subjectId } }) as { eventType: string });
    await pipeline.waitForIdle({ timeoutMs: 60_000 });

    const notices = (await api.request('GET', `/v1/controllers/softmedex/breaches/${breachId}/notices`, as)).body;
    expect(notices.progress).toMatchObject({ subjects: 1, notified: 1, bounced: 1 });
    expect(notices.publicCommunication).toEqual({ required: false, advised: true, unreachable: 1 });
    const communication = await api.request('GET', `/v1/controllers/softmedex/breaches/${breachId}/public-communication`, as);
    expect(communication.status).toBe(200);
    expect(communication.body).toMatchObject({ required: false, reason: 'unreachable_subjects', unreachable: 1 });
    expect(communication.body.drafts.en.text).toContain('Your name and address went to the wrong supplier.');
    expect(await eventsQueueDepths()).toEqual([0, 0]);
  });
});
