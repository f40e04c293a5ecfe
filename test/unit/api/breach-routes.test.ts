import { describe, expect, it } from 'vitest';
import type { ApiDependencies } from '../../../functions/api/dependencies';
import type { ApiEvent, ApiResult } from '../../../functions/api/request';
import { getBreach, getBreaches, postBreach, postBreachAssessment, postBreachFiling, postPublicCommunication } from '../../../functions/api/routes/breaches';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { HttpProblem } from '../../../shared/http/problem';
import type { NotifyMessage } from '../../../shared/messages/pipeline-messages';
import { InMemoryBreachStore, aBreachReport, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { InMemoryRecipientStore, RecordingQueue, SettableClock } from '../../helpers/fakes';
import { apiEvent } from '../../helpers/api-event';

const CONTROLLER = 'softmedex';
const NEW_ID = '01KB7BREACHNEW000000000001';
// Aware 2026-12-01T08:00Z: the 72 hours end 2026-12-04T08:00Z.
const NOW = '2026-12-01T09:00:00.000Z';
const scopes = ['breaches:write', 'breaches:read'];

const report = (breachId: string, awareAt = '2026-12-01T08:00:00.000Z') => ({ controllerId: CONTROLLER, breachId, awareAt });
const seeded = (breachId: string, overrides: Partial<StoredBreach> = {}, awareAt?: string) => aStoredBreach(overrides, report(breachId, awareAt));

function api(breaches: StoredBreach[] = []) {
  const store = new InMemoryBreachStore(breaches);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const clock = new SettableClock(NOW);
  const recipients = new InMemoryRecipientStore([{ controllerId: CONTROLLER, recipientId: 'mailhouse', name: 'Mailhouse B.V.', kind: 'processor', country: 'NL' }]);
  const deps = { breaches: store, recipients, notifyQueue, clock, newId: () => NEW_ID } as unknown as ApiDependencies;
  const call = async (
    route: (event: ApiEvent, deps: ApiDependencies) => Promise<ApiResult>,
    routeKey: string,
    options: { breachId?: string; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ statusCode: number; body: Record<string, any>; headers: Record<string, unknown> }> => {
    const event = apiEvent({ routeKey, pathParameters: { controllerId: CONTROLLER, ...(options.breachId ? { breachId: options.breachId } : {}) }, body: options.body, scopes, headers: options.headers });
    if (options.query) event.queryStringParameters = options.query;
    try {
      const result = await route(event, deps);
      return { statusCode: result.statusCode!, body: JSON.parse(String(result.body)), headers: (result.headers ?? {}) as Record<string, unknown> };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return { statusCode: error.statusCode, body: JSON.parse(error.message), headers: error.headers };
    }
  };
  return { store, notifyQueue, clock, call };
}

const { controllerId: _c, breachId: _b, recordedAt: _r, recordedBy: _by, ...reportBody } = aBreachReport();

describe('POST breaches', () => {
  it('registers the breach and answers 201 with its Location, the deadline and the hours left', async () => {
    const { store, call } = api();
    const response = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: reportBody });
    expect(response.statusCode).toBe(201);
    expect(response.headers.Location).toBe(`/v1/controllers/${CONTROLLER}/breaches/${NEW_ID}`);
    expect(response.body).toEqual({ breachId: NEW_ID, awareAt: '2026-12-01T08:00:00.000Z', deadline: '2026-12-04T08:00:00.000Z', hoursLeft: 71 });
    expect((await store.get(CONTROLLER, NEW_ID))?.report).toMatchObject({ ...reportBody, controllerId: CONTROLLER });
  });

  it.each([
    ['nature', { nature: [] }],
    ['nature.1', { nature: ['integrity', 'integrity'] }],
    ['source.recipientId', { source: { type: 'recipient' } }],
    ['source', { source: { type: 'internal', recipientId: 'mailhouse' } }],
    ['approxSubjects', { approxSubjects: -1 }],
    ['awareAt', { awareAt: '1 December' }],
    ['description', { description: '   ' }],
  ])('answers 400 naming %s, writing nothing', async (field, change) => {
    const { store, call } = api();
    const response = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: { ...reportBody, ...change } });
    expect(response.statusCode).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(store.size).toBe(0);
  });

  it('answers 400 naming awareAt in the future and occurredAt after awareness, writing nothing', async () => {
    const { store, call } = api();
    const future = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: { ...reportBody, awareAt: '2026-12-01T10:00:00Z' } });
    expect([future.statusCode, future.body.errors]).toEqual([400, [{ field: 'awareAt', message: 'must not be in the future' }]]);
    const after = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: { ...reportBody, occurredAt: '2026-12-01T08:30:00Z' } });
    expect([after.statusCode, after.body.errors[0].field]).toEqual([400, 'occurredAt']);
    expect(store.size).toBe(0);
  });

  it('answers 404 naming source.recipientId for a recipient the controller does not have', async () => {
    const { store, call } = api();
    const response = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: { ...reportBody, source: { type: 'recipient', recipientId: 'nobody' } } });
    expect(response.statusCode).toBe(404);
    expect(response.body.errors).toEqual([{ field: 'source.recipientId', message: expect.any(String) }]);
    expect(store.size).toBe(0);
  });

  it('answers a retry with the same Idempotency-Key with the same breach, and 422 when the key is reused for another', async () => {
    const { store, call } = api();
    const headers = { 'idempotency-key': 'breach-1' };
    const first = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: reportBody, headers });
    const again = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: reportBody, headers });
    expect(again).toEqual(first);
    const other = await call(postBreach, 'POST /v1/controllers/{controllerId}/breaches', { body: { ...reportBody, approxSubjects: 3 }, headers });
    expect(other.statusCode).toBe(422);
    expect(store.size).toBe(1);
  });
});

describe('GET breaches', () => {
  const register = () =>
    api([
      seeded('closed', { assessment: anAssessment({ risk: 'none' }), closedAt: '2026-12-01T12:00:00.000Z' }, '2026-11-28T08:00:00.000Z'),
      seeded('late', { assessment: anAssessment({ risk: 'risk' }) }, '2026-11-27T08:00:00.000Z'),
      seeded('filed', { assessment: anAssessment({ risk: 'risk' }), filings: [aFiling({ filedAt: '2026-11-30T10:00:00.000Z' })], lateByMinutes: 0 }, '2026-11-29T08:00:00.000Z'),
      seeded('fresh', {}, '2026-12-01T08:00:00.000Z'),
    ]);

  it('lists every breach of the register, soonest deadline first, with hours left while a filing is due', async () => {
    const { call } = register();
    const response = await call(getBreaches, 'GET /v1/controllers/{controllerId}/breaches');
    expect(response.statusCode).toBe(200);
    expect(response.body.items.map(({ breachId, hoursLeft, risk, filed, outstanding, open }: Record<string, unknown>) => ({ breachId, hoursLeft, risk, filed, outstanding, open }))).toEqual([
      // 97 hours after awareness: 25 hours past the deadline.
      { breachId: 'late', hoursLeft: -25, risk: 'risk', filed: false, outstanding: ['filing'], open: true },
      { breachId: 'closed', hoursLeft: null, risk: 'none', filed: false, outstanding: [], open: false },
      { breachId: 'filed', hoursLeft: null, risk: 'risk', filed: true, outstanding: [], open: false },
      { breachId: 'fresh', hoursLeft: 71, risk: null, filed: false, outstanding: ['assessment', 'filing'], open: true },
    ]);
    expect(response.body.items[2]).toMatchObject({ lateByMinutes: 0, deadline: '2026-12-02T08:00:00.000Z' });
    expect(response.body.items[1]).toMatchObject({ closedAt: '2026-12-01T12:00:00.000Z' });
  });

  it('lists only the open ones with open=true', async () => {
    const { call } = register();
    const response = await call(getBreaches, 'GET /v1/controllers/{controllerId}/breaches', { query: { open: 'true' } });
    expect(response.body.items.map(({ breachId }: { breachId: string }) => breachId)).toEqual(['late', 'fresh']);
  });

  it('answers 400 naming a query parameter it does not know', async () => {
    const { call } = register();
    const response = await call(getBreaches, 'GET /v1/controllers/{controllerId}/breaches', { query: { open: 'yes' } });
    expect([response.statusCode, response.body.errors[0].field]).toEqual([400, 'open']);
  });
});

describe('GET breach', () => {
  it('shows the report, decisions, clock, obligations and an intact evidence trail', async () => {
    // Prepare: registered, assessed high with an exemption, then filed.
    const { store, call } = api([seeded('b1')]);
    await store.recordAssessment(CONTROLLER, 'b1', anAssessment({ risk: 'high', exemption: { ground: 'disproportionate_effort', reasoning: 'No addresses.' } }), 1);
    await store.recordFiling(CONTROLLER, 'b1', aFiling(), { afterSeq: 2, filingsSoFar: [], lateByMinutes: 0 });

    // Act
    const response = await call(getBreach, 'GET /v1/controllers/{controllerId}/breaches/{breachId}', { breachId: 'b1' });

    // Assess
    expect(response.statusCode).toBe(200);
    const { controllerId: _controllerId, breachId: _breachId, ...reportView } = aBreachReport(report('b1'));
    expect(response.body).toMatchObject({
      breachId: 'b1',
      controllerId: CONTROLLER,
      report: reportView,
      deadline: '2026-12-04T08:00:00.000Z',
      hoursLeft: null,
      assessment: { risk: 'high', exemption: { ground: 'disproportionate_effort' } },
      filings: [aFiling()],
      lateByMinutes: 0,
      obligations: { needed: ['assessment', 'filing', 'public-communication'], outstanding: ['public-communication'], open: true },
    });
    expect(response.body.evidence.chainIntact).toBe(true);
    expect(response.body.evidence.events.map(({ type }: { type: string }) => type)).toEqual(['breach.registered', 'breach.assessed', 'breach.filed']);
  });

  it('answers 404 for a breach it does not know', async () => {
    const { call } = api();
    expect((await call(getBreach, 'GET /v1/controllers/{controllerId}/breaches/{breachId}', { breachId: 'nope' })).statusCode).toBe(404);
  });
});

describe('POST breach assessment', () => {
  const route = 'POST /v1/controllers/{controllerId}/breaches/{breachId}/assessment';

  it('closes a breach assessed as no risk, with its reasoning, and queues no draft', async () => {
    const { store, notifyQueue, call } = api([seeded('b1')]);
    const response = await call(postBreachAssessment, route, { breachId: 'b1', body: { risk: 'none', reasoning: 'Encrypted; the key is safe.', assessedBy: 'DPO' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ breachId: 'b1', assessment: { risk: 'none', reasoning: 'Encrypted; the key is safe.' }, obligations: { outstanding: [], open: false }, closedAt: NOW });
    expect((await store.get(CONTROLLER, 'b1'))?.closedAt).toBe(NOW);
    expect(notifyQueue.bodies).toEqual([]);
  });

  it('queues the filing draft for a risk', async () => {
    const { notifyQueue, call } = api([seeded('b1')]);
    const response = await call(postBreachAssessment, route, { breachId: 'b1', body: { risk: 'risk', reasoning: 'Phishing likely.', assessedBy: 'DPO' } });
    expect(response.body.obligations.outstanding).toEqual(['filing']);
    expect(notifyQueue.bodies).toEqual([{ type: 'breach-filing-draft', controllerId: CONTROLLER, breachId: 'b1', workId: 'filing-draft#2' }]);
  });

  it('answers 400 naming exemption with a risk that is not high, and 409 naming risk for none after a filing, writing nothing', async () => {
    const { store, call } = api([seeded('b1', { filings: [aFiling()] })]);
    const exempt = await call(postBreachAssessment, route, { breachId: 'b1', body: { risk: 'risk', reasoning: 'r', assessedBy: 'DPO', exemption: { ground: 'encrypted', reasoning: 'AES' } } });
    expect([exempt.statusCode, exempt.body.errors[0].field]).toEqual([400, 'exemption']);
    const none = await call(postBreachAssessment, route, { breachId: 'b1', body: { risk: 'none', reasoning: 'r', assessedBy: 'DPO' } });
    expect([none.statusCode, none.body.errors[0].field]).toEqual([409, 'risk']);
    expect(await store.events(CONTROLLER, 'b1')).toHaveLength(1);
  });

  it('answers 404 for a breach it does not know', async () => {
    const { call } = api();
    expect((await call(postBreachAssessment, route, { breachId: 'nope', body: { risk: 'risk', reasoning: 'r', assessedBy: 'DPO' } })).statusCode).toBe(404);
  });
});

describe('POST breach filings', () => {
  const route = 'POST /v1/controllers/{controllerId}/breaches/{breachId}/filings';
  const initial = { phase: 'initial', filedAt: '2026-12-04T09:00:00Z', filedBy: 'DPO', reference: 'AP-1' };

  it('answers 400 naming delayReasons for a late first filing without them, writing nothing, and records one with them', async () => {
    const { store, clock, notifyQueue, call } = api([seeded('b1', { assessment: anAssessment() })]);
    clock.set('2026-12-04T10:00:00.000Z');
    const refused = await call(postBreachFiling, route, { breachId: 'b1', body: initial });
    expect([refused.statusCode, refused.body.errors[0].field]).toEqual([400, 'delayReasons']);
    expect(await store.events(CONTROLLER, 'b1')).toHaveLength(1);
    expect(notifyQueue.bodies).toEqual([]);

    const filed = await call(postBreachFiling, route, { breachId: 'b1', body: { ...initial, delayReasons: 'Found on a Friday night.' } });
    expect(filed.statusCode).toBe(200);
    expect(filed.body).toMatchObject({ breachId: 'b1', filing: { phase: 'initial', authorityCountry: 'NL', reference: 'AP-1' }, lateByMinutes: 60 });
  });

  it('answers 409 naming phase for a supplement before any initial filing', async () => {
    const { call } = api([seeded('b1')]);
    const response = await call(postBreachFiling, route, { breachId: 'b1', body: { ...initial, phase: 'supplement', filedAt: '2026-12-01T08:30:00Z' } });
    expect([response.statusCode, response.body.errors[0].field]).toEqual([409, 'phase']);
  });

  it('answers 400 naming authorityCountry for an authority it does not draft for', async () => {
    const { call } = api([seeded('b1')]);
    const response = await call(postBreachFiling, route, { breachId: 'b1', body: { ...initial, filedAt: '2026-12-01T08:30:00Z', authorityCountry: 'DE' } });
    expect([response.statusCode, response.body.errors[0].field]).toEqual([400, 'authorityCountry']);
  });
});

describe('POST breach public communication', () => {
  const route = 'POST /v1/controllers/{controllerId}/breaches/{breachId}/public-communication';
  const body = { publishedAt: '2026-12-01T08:45:00Z', channel: 'website', url: 'https://softmedex.example/incident' };

  it('records it for a high risk exempt by disproportionate effort, meeting the last obligation', async () => {
    const exempt = anAssessment({ risk: 'high', exemption: { ground: 'disproportionate_effort', reasoning: 'No addresses.' } });
    const { call } = api([seeded('b1', { assessment: exempt, filings: [aFiling()] })]);
    const response = await call(postPublicCommunication, route, { breachId: 'b1', body });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ publicCommunication: { channel: 'website', url: body.url }, obligations: { outstanding: [], open: false } });
  });

  it('answers 409 for a breach not assessed as high risk, and 400 naming url when it is not a web address', async () => {
    const { call } = api([seeded('b1', { assessment: anAssessment({ risk: 'risk' }) })]);
    expect((await call(postPublicCommunication, route, { breachId: 'b1', body })).statusCode).toBe(409);
    const response = await call(postPublicCommunication, route, { breachId: 'b1', body: { ...body, url: 'javascript:alert(1)' } });
    expect([response.statusCode, response.body.errors[0].field]).toEqual([400, 'url']);
  });
});
