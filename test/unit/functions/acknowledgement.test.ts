import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { acknowledgementCallback, acknowledgementPage } from '../../../functions/public/acknowledgement';
import type { ErasureRecipient } from '../../../shared/domain/erasure/erasure-recipient';
import type { ErasureRequest } from '../../../shared/domain/erasure/erasure-request';
import { signAckToken } from '../../../shared/domain/links/ack-link';
import { noLateRecipients } from '../../helpers/erasure-execution';
import { InMemoryErasureRecipientStore, InMemoryErasureStore, RecordingQueue, SettableClock } from '../../helpers/fakes';

const CONTROLLER_ID = 'softmedex';
const ERASURE_ID = '01KB0ERASURE0000000000000A';
const NOW = '2027-03-12T14:30:00.000Z';
const KEY = new TextEncoder().encode('s'.repeat(64));

const request: ErasureRequest = {
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'ann',
  receivedAt: '2027-02-01T09:00:00.000Z',
  channel: 'post',
  dueDate: '2027-03-01',
  recordedAt: '2027-02-01T09:00:00.000Z',
};
const recipient = (recipientId: string, locale: 'nl' | 'en'): ErasureRecipient => ({
  recipientId,
  name: `${recipientId} B.V.`,
  kind: 'processor',
  country: 'NL',
  locale,
  disclosures: [{ disclosureId: 'd-1', kind: 'processor_handoff', dataCategories: ['Chat history'], disclosedAt: '2026-11-22T23:30:00Z' }],
  notifiedAt: '2027-03-10T09:00:00.000Z',
});

async function setUp() {
  const erasures = new InMemoryErasureStore([{ request, state: 'awaiting_recipients', dueDate: request.dueDate, extendedMonths: 0 }]);
  const erasureRecipients = new InMemoryErasureRecipientStore();
  erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, recipient('courier', 'nl'));
  erasureRecipients.seed(CONTROLLER_ID, ERASURE_ID, recipient('buyer', 'en'));
  const notifyQueue = new RecordingQueue();
  const deps = { ...noLateRecipients(), erasures, erasureRecipients, notifyQueue, linkSecret: async () => KEY, clock: new SettableClock(NOW) };
  const token = (recipientId: string) => signAckToken({ controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, recipientId }, KEY, new Date('2027-03-10T09:00:00.000Z'));
  const answerOf = async (recipientId: string) => (await erasureRecipients.get(CONTROLLER_ID, ERASURE_ID, recipientId))!.answer;
  return { deps, erasures, erasureRecipients, notifyQueue, token, answerOf };
}

/** The event API Gateway hands the public function: a form post arrives base64-encoded, JSON as text. */
function event(routeKey: string, token: string, body?: { form: Record<string, string> } | { json: unknown } | { raw: string }): APIGatewayProxyEventV2 {
  const encoded =
    body === undefined
      ? {}
      : 'form' in body
        ? { body: Buffer.from(new URLSearchParams(body.form).toString()).toString('base64'), isBase64Encoded: true }
        : { body: 'json' in body ? JSON.stringify(body.json) : body.raw, isBase64Encoded: false };
  return { routeKey, pathParameters: { token }, headers: {}, isBase64Encoded: false, ...encoded } as unknown as APIGatewayProxyEventV2;
}

const page = (token: string) => event('GET /a/{token}', token);
const form = (token: string, fields: Record<string, string>) => event('POST /a/{token}', token, { form: fields });
const callback = (token: string, json: unknown) => event('POST /v1/public/acks/{token}', token, { json });
const problemOf = (result: { body?: string }) => JSON.parse(result.body!);

describe('GET and POST /a/{token}', () => {
  it("shows the request and the answer form in the recipient's language, recording nothing", async () => {
    const { deps, erasureRecipients, token } = await setUp();
    const courier = await token('courier');

    const result = await acknowledgementPage(page(courier), deps);

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    expect(result.body).toContain('<html lang="nl">');
    expect(result.body).toContain('Softmedex');
    expect(result.body).toContain('courier B.V.');
    expect(result.body).toContain(`<form method="post" action="/a/${courier}"`);
    expect(erasureRecipients.answerCalls).toEqual([]);
  });

  it('records the answer the form posts and thanks the recipient', async () => {
    const { deps, token, answerOf } = await setUp();

    const result = await acknowledgementPage(form(await token('buyer'), { status: 'refused', reason: '  Kept under tax law  ' }), deps);

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Thank you, your answer is recorded');
    expect(result.body).toContain('Kept under tax law');
    expect(await answerOf('buyer')).toEqual({ status: 'refused', reason: 'Kept under tax law', answeredAt: NOW, via: 'link' });
  });

  it('shows the form again with what is missing, recording nothing, for a refusal without a reason or no answer at all', async () => {
    const { deps, erasureRecipients, token } = await setUp();
    const buyer = await token('buyer');

    const noReason = await acknowledgementPage(form(buyer, { status: 'refused', reason: '   ' }), deps);
    const noStatus = await acknowledgementPage(form(buyer, { reason: 'Erased on 10 March' }), deps);
    const unknownStatus = await acknowledgementPage(form(buyer, { status: 'maybe' }), deps);

    expect([noReason.statusCode, noStatus.statusCode, unknownStatus.statusCode]).toEqual([400, 400, 400]);
    expect(noReason.body).toContain('Please say why you refuse');
    expect(noStatus.body).toContain('Please choose one of the three answers.');
    expect(unknownStatus.body).toContain('Please choose one of the three answers.');
    expect(noReason.body).toContain('<form method="post"');
    expect(erasureRecipients.answerCalls).toEqual([]);
  });

  it('shows the first answer to a second one, changing nothing (409), and on a later visit', async () => {
    const { deps, token, answerOf } = await setUp();
    const buyer = await token('buyer');
    await acknowledgementPage(form(buyer, { status: 'erased' }), deps);

    const second = await acknowledgementPage(form(buyer, { status: 'refused', reason: 'No' }), deps);
    const visit = await acknowledgementPage(page(buyer), deps);

    for (const result of [second, visit]) {
      expect(result.statusCode).toBe(409);
      expect(result.body).toContain('This request has already been answered');
      expect(result.body).toContain('We erased the data');
      expect(result.body).not.toContain('<form');
    }
    expect(await answerOf('buyer')).toEqual({ status: 'erased', answeredAt: NOW, via: 'link' });
  });

  it('shows the invalid-link page (404) for an altered token, on GET and POST', async () => {
    const { deps, erasureRecipients, token } = await setUp();
    const altered = `${(await token('buyer')).slice(0, -2)}xx`;

    const results = [await acknowledgementPage(page(altered), deps), await acknowledgementPage(form(altered, { status: 'erased' }), deps), await acknowledgementPage(form(altered, {}), deps)];

    for (const result of results) {
      expect(result.statusCode).toBe(404);
      expect(result.body).toContain('This link is invalid or has expired');
    }
    expect(erasureRecipients.answerCalls).toEqual([]);
  });
});

describe('POST /v1/public/acks/{token}', () => {
  it('records the answer and answers it with its time', async () => {
    const { deps, token, answerOf } = await setUp();

    const result = await acknowledgementCallback(callback(await token('courier'), { status: 'not_held' }), deps);

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    expect(JSON.parse(result.body!)).toEqual({ status: 'not_held', answeredAt: NOW });
    expect(await answerOf('courier')).toEqual({ status: 'not_held', answeredAt: NOW, via: 'callback' });
  });

  it('answers 409 with the recorded answer when answered before, changing nothing', async () => {
    const { deps, token, answerOf } = await setUp();
    const courier = await token('courier');
    await acknowledgementCallback(callback(courier, { status: 'erased' }), deps);

    const result = await acknowledgementCallback(callback(courier, { status: 'refused', reason: 'Too late' }), deps);

    expect(result.statusCode).toBe(409);
    expect(result.headers!['Content-Type']).toBe('application/problem+json');
    expect(problemOf(result)).toMatchObject({ status: 409, title: 'Conflict', answer: { status: 'erased', answeredAt: NOW, via: 'callback' } });
    expect(await answerOf('courier')).toEqual({ status: 'erased', answeredAt: NOW, via: 'callback' });
  });

  it.each([
    [{ status: 'refused' }, 'reason'],
    [{ status: 'refused', reason: '   ' }, 'reason'],
    [{ status: 'forgotten' }, 'status'],
    [{}, 'status'],
    [{ status: 'erased', erasedAt: '2027-03-01' }, '(body)'],
  ])('answers 400 naming the field for %j, recording nothing', async (body, field) => {
    const { deps, erasureRecipients, token } = await setUp();

    const result = await acknowledgementCallback(callback(await token('courier'), body), deps);

    expect(result.statusCode).toBe(400);
    expect(result.headers!['Content-Type']).toBe('application/problem+json');
    expect(problemOf(result).errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(erasureRecipients.answerCalls).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { deps, token } = await setUp();

    const result = await acknowledgementCallback(event('POST /v1/public/acks/{token}', await token('courier'), { raw: 'status=erased' }), deps);

    expect(result.statusCode).toBe(400);
    expect(problemOf(result).errors).toEqual([{ field: '(body)', message: 'must be a JSON document' }]);
  });

  it('answers 404 for a token that does not verify', async () => {
    const { deps, erasureRecipients } = await setUp();

    const result = await acknowledgementCallback(callback('eyJhbGciOiJIUzI1NiJ9.e30.bm90IHNpZ25lZA', { status: 'erased' }), deps);

    expect(result.statusCode).toBe(404);
    expect(problemOf(result)).toMatchObject({ status: 404, title: 'Not Found' });
    expect(erasureRecipients.answerCalls).toEqual([]);
  });

  it('completes the request when the last recipient answers, through either door', async () => {
    const { deps, erasures, notifyQueue, token } = await setUp();

    await acknowledgementCallback(callback(await token('courier'), { status: 'not_held' }), deps);
    expect(notifyQueue.bodies).toEqual([]);
    await acknowledgementPage(form(await token('buyer'), { status: 'erased' }), deps);

    expect(notifyQueue.bodies).toEqual([{ type: 'erasure-completion', controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, workId: `completion#${ERASURE_ID}` }]);
    expect((await erasures.get(CONTROLLER_ID, ERASURE_ID))!.state).toBe('completed');
  });
});
