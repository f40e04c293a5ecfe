import { describe, expect, it } from 'vitest';
import type { ApiDependencies } from '../../../functions/api/dependencies';
import type { ApiEvent, ApiResult } from '../../../functions/api/request';
import { getBreachNotices, postBreachNotices } from '../../../functions/api/routes/breach-notices';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { HttpProblem } from '../../../shared/http/problem';
import type { BreachPlanMessage } from '../../../shared/messages/pipeline-messages';
import { InMemoryBreachStore, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { InMemoryBreachNoticeStore } from '../../helpers/breach-notice-fakes';
import { aSubject } from '../../helpers/factories';
import { InMemorySubjectStore, RecordingQueue, SettableClock } from '../../helpers/fakes';
import { apiEvent } from '../../helpers/api-event';

// Softmedex writes to its subjects in Dutch and English.
const CONTROLLER = 'softmedex';
const NOW = '2026-12-02T12:00:00.000Z';
const scopes = ['breaches:write', 'breaches:read'];
const POST = 'POST /v1/controllers/{controllerId}/breaches/{breachId}/notices';
const GET = 'GET /v1/controllers/{controllerId}/breaches/{breachId}/notices';

const words = (language: string) => ({
  nature: `${language}: a laptop with customer data was stolen.`,
  consequences: `${language}: phishing in our name.`,
  measures: `${language}: the laptop was wiped remotely.`,
  advice: `${language}: do not answer mail asking for your password.`,
});
const body = (audience: unknown = { type: 'all' }) => ({ audience, words: { nl: words('nl'), en: words('en') } });

const high = (overrides: Partial<StoredBreach> = {}, source: StoredBreach['report']['source'] = { type: 'internal' }) =>
  aStoredBreach({ assessment: anAssessment({ risk: 'high' }), ...overrides }, { controllerId: CONTROLLER, breachId: 'b1', source });

function api(breach: StoredBreach = high()) {
  const breaches = new InMemoryBreachStore([breach]);
  const breachNotices = new InMemoryBreachNoticeStore();
  const subjects = new InMemorySubjectStore(['alice', 'bob'].map((id) => aSubject(id, 'nl', { controllerId: CONTROLLER })));
  const planQueue = new RecordingQueue<BreachPlanMessage>();
  // One log of the calls that matter to the order: the plan queued, the start recorded.
  const callLog: string[] = [];
  const publish = planQueue.publish.bind(planQueue);
  planQueue.publish = async (...args) => {
    callLog.push('planQueue.publish');
    return publish(...args);
  };
  const startNotices = breaches.startNotices.bind(breaches);
  breaches.startNotices = async (...args) => {
    callLog.push('breaches.startNotices');
    return startNotices(...args);
  };
  const deps = { breaches, breachNotices, subjects, planQueue, audienceShards: 4, clock: new SettableClock(NOW) } as unknown as ApiDependencies;
  const call = async (
    route: (event: ApiEvent, deps: ApiDependencies) => Promise<ApiResult>,
    routeKey: string,
    payload?: unknown,
  ): Promise<{ statusCode: number; body: Record<string, any>; headers: Record<string, unknown> }> => {
    const event = apiEvent({ routeKey, pathParameters: { controllerId: CONTROLLER, breachId: 'b1' }, body: payload, scopes });
    try {
      const result = await route(event, deps);
      return { statusCode: result.statusCode!, body: JSON.parse(String(result.body)), headers: (result.headers ?? {}) as Record<string, unknown> };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return { statusCode: error.statusCode, body: JSON.parse(error.message), headers: error.headers };
    }
  };
  const started = async () => (await breaches.get(CONTROLLER, 'b1'))?.notices;
  return { breaches, breachNotices, subjects, planQueue, call, started, callLog };
}

describe('POST .../breaches/{breachId}/notices', () => {
  it('queues the plan of every shard, then records the start once, and answers 202 with where the counts are', async () => {
    // Prepare
    const { breaches, planQueue, call, started, callLog } = api();

    // Act
    const response = await call(postBreachNotices, POST, body());

    // Assess
    expect(response.statusCode).toBe(202);
    expect(response.headers.Location).toBe('/v1/controllers/softmedex/breaches/b1/notices');
    expect(response.body).toEqual({
      breachId: 'b1',
      audience: { type: 'all' },
      languages: ['nl', 'en'],
      partsTotal: 4,
      startedAt: NOW,
      links: { notices: '/v1/controllers/softmedex/breaches/b1/notices' },
    });
    expect(planQueue.bodies).toEqual([0, 1, 2, 3].map((shard) => ({ type: 'breach-plan', controllerId: CONTROLLER, breachId: 'b1', part: { shard } })));
    expect(planQueue.options).toEqual([{ delaySeconds: 2 }]);
    // Queued first, then recorded: a crash in between leaves plans waiting for a start, never a start without its plans.
    expect(callLog).toEqual(['planQueue.publish', 'breaches.startNotices']);
    expect(await started()).toMatchObject({ audience: { type: 'all' }, words: { nl: words('nl'), en: words('en') }, partsTotal: 4, startedAt: NOW });
    // The evidence keeps the words' hashes, never the words.
    const events = await breaches.events(CONTROLLER, 'b1');
    expect(events.map((event) => event.type)).toEqual(['breach.registered', 'breach.notices_started']);
    expect(events[1]!.data).toMatchObject({ audience: { type: 'all' }, partsTotal: 4, words: { nl: { adviceSha256: freeTextSha256(words('nl').advice) } } });
    expect(JSON.stringify(events[1]!.data)).not.toContain('laptop');
  });

  it("starts a breached recipient's notices with the ledger's cut-off at the breach, and keeps a list by its size", async () => {
    // Prepare
    const atRecipient = api(high({}, { type: 'recipient', recipientId: 'mailhouse' }));
    const listed = api();

    // Act
    const recipient = await atRecipient.call(postBreachNotices, POST, body({ type: 'recipient' }));
    const list = await listed.call(postBreachNotices, POST, body({ type: 'list', subjectIds: ['alice', 'bob', 'alice'] }));

    // Assess
    expect(recipient.body).toMatchObject({ audience: { type: 'recipient' }, disclosedUpTo: '2026-11-30T22:00:00.000Z', partsTotal: 1 });
    expect(atRecipient.planQueue.bodies.map((message) => message.part)).toEqual([{ recipient: true }]);
    expect(list.body).toMatchObject({ audience: { type: 'list', subjects: 2 }, partsTotal: 1 });
    expect(listed.planQueue.bodies.map((message) => message.part)).toEqual([{ slice: 0, subjectIds: ['alice', 'bob'] }]);
    expect((await listed.started())!.audience).toMatchObject({ type: 'list', subjects: 2, slicesSha256: [expect.any(String)] });
  });

  it.each([
    ['words.en', { audience: { type: 'all' }, words: { nl: words('nl') } }],
    ['words.nl.advice', { audience: { type: 'all' }, words: { nl: { ...words('nl'), advice: '  ' }, en: words('en') } }],
    ['audience.type', body({ type: 'recipient' })],
    ['audience.subjectIds.1', body({ type: 'list', subjectIds: ['alice', 'nobody'] })],
    ['audience.category', body({ type: 'category' })],
    ['audience.subjectIds', body({ type: 'list', subjectIds: [] })],
  ])('answers 400 naming %s, queueing and recording nothing', async (field, payload) => {
    // Prepare
    const { planQueue, call, started } = api();

    // Act
    const response = await call(postBreachNotices, POST, payload);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(planQueue.bodies).toEqual([]);
    expect(await started()).toBeUndefined();
  });

  it('answers 400 naming an erased subject of the list, whose erasure has begun', async () => {
    // Prepare
    const { subjects, call } = api();
    await subjects.leaveForErasure(CONTROLLER, 'bob', { erasureId: 'e1', startedAt: NOW });

    // Act
    const response = await call(postBreachNotices, POST, body({ type: 'list', subjectIds: ['alice', 'bob'] }));

    // Assess
    expect([response.statusCode, response.body.errors]).toEqual([400, [{ field: 'audience.subjectIds.1', message: expect.stringContaining('erasure') }]]);
  });

  it.each([
    ['not assessed', aStoredBreach({}, { controllerId: CONTROLLER, breachId: 'b1' })],
    ['assessed as risk', aStoredBreach({ assessment: anAssessment({ risk: 'risk' }) }, { controllerId: CONTROLLER, breachId: 'b1' })],
    ['exempt (Art. 34(3))', high({ assessment: anAssessment({ risk: 'high', exemption: { ground: 'encrypted', reasoning: 'The disk was encrypted.' } }) })],
  ])('answers 409 for a breach %s, queueing nothing', async (_case, breach) => {
    // Prepare
    const { planQueue, call, started } = api(breach);

    // Act
    const response = await call(postBreachNotices, POST, body());

    // Assess
    expect(response.statusCode).toBe(409);
    expect(response.body.errors).toEqual([{ field: '(breach)', message: expect.any(String) }]);
    expect(planQueue.bodies).toEqual([]);
    expect(await started()).toBeUndefined();
  });

  it('starts the notices once: a second request answers 409 and changes nothing', async () => {
    // Prepare
    const { planQueue, call, started } = api();
    await call(postBreachNotices, POST, body());
    const first = await started();

    // Act
    const again = await call(postBreachNotices, POST, body({ type: 'list', subjectIds: ['alice'] }));

    // Assess
    expect(again.statusCode).toBe(409);
    expect(again.body.errors[0].message).toContain('started already');
    expect(await started()).toEqual(first);
    expect(planQueue.batches).toHaveLength(1);
  });

  it('answers 404 for a breach the controller does not have', async () => {
    const { call } = api(aStoredBreach({}, { controllerId: CONTROLLER, breachId: 'other' }));
    expect((await call(postBreachNotices, POST, body())).statusCode).toBe(404);
  });
});

describe('GET .../breaches/{breachId}/notices', () => {
  it('counts the notices from every part, and advises a public communication once some did not reach their subject', async () => {
    // Prepare: two parts planned; one notice failed, one bounced.
    const { breachNotices, call } = api();
    await call(postBreachNotices, POST, body({ type: 'list', subjectIds: ['alice', 'bob'] }));
    await breachNotices.writeNotices('softmedex', 'b1', 'slice-0', [{ subjectId: 'alice', noticeStatus: 'queued' }, { subjectId: 'bob', noticeStatus: 'queued' }], NOW);
    await breachNotices.completeWork({ controllerId: 'softmedex', breachId: 'b1', workId: 'notices#slice-0', now: NOW, counters: { partKey: 'slice-0', increments: { partsPlanned: 1 } } });
    await breachNotices.recordNotices('softmedex', 'b1', 'slice-0', [{ subjectId: 'alice', status: 'sent', messageId: 'm1' }, { subjectId: 'bob', status: 'failed' }], NOW);
    const before = await call(getBreachNotices, GET);
    await breachNotices.markBounced('softmedex', 'b1', 'alice', { bouncedAt: NOW, messageId: 'm1' });

    // Act
    const response = await call(getBreachNotices, GET);

    // Assess
    expect(before.body.publicCommunication).toEqual({ required: false, advised: true, unreachable: 1 });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({
      breachId: 'b1',
      audience: { type: 'list', subjects: 2 },
      languages: ['nl', 'en'],
      partsTotal: 1,
      startedAt: NOW,
      status: 'completed',
      progress: { partsTotal: 1, partsPlanned: 1, subjects: 2, notified: 1, failed: 1, suppressed: 0, bounced: 1, excludedUnderOrder: 0, pending: 0 },
      unreachable: 2,
      publicCommunication: { required: false, advised: true, unreachable: 2 },
    });
  });

  it('advises nothing while every notice reached its subject, and answers 404 before the notices start', async () => {
    // Prepare
    const { breachNotices, call } = api();
    const notStarted = await call(getBreachNotices, GET);
    await call(postBreachNotices, POST, body({ type: 'list', subjectIds: ['alice'] }));
    await breachNotices.writeNotices('softmedex', 'b1', 'slice-0', [{ subjectId: 'alice', noticeStatus: 'queued' }], NOW);

    // Act
    const response = await call(getBreachNotices, GET);

    // Assess
    expect(notStarted.statusCode).toBe(404);
    expect(response.body).toMatchObject({ status: 'planning', progress: { pending: 1 }, publicCommunication: { required: false, advised: false, unreachable: 0 } });
  });
});
