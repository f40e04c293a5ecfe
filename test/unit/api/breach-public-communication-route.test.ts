import { describe, expect, it } from 'vitest';
import type { ApiDependencies } from '../../../functions/api/dependencies';
import { getBreachPublicCommunication } from '../../../functions/api/routes/breach-public-communication';
import type { BreachNoticeWords, StoredBreach } from '../../../shared/domain/breach/breach';
import { HttpProblem } from '../../../shared/http/problem';
import { InMemoryBreachStore, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { InMemoryBreachNoticeStore } from '../../helpers/breach-notice-fakes';
import { apiEvent } from '../../helpers/api-event';

const CONTROLLER = 'softmedex';
const NOW = '2026-12-02T12:00:00.000Z';
const GET = 'GET /v1/controllers/{controllerId}/breaches/{breachId}/public-communication';

const WORDS_NL: BreachNoticeWords = {
  nature: 'Er is een laptop met uw klantgegevens gestolen.',
  consequences: 'U kunt nepmails krijgen.',
  measures: 'Wij hebben de laptop op afstand gewist.',
  advice: 'Geef nooit uw wachtwoord.',
};

const breach = (overrides: Partial<StoredBreach> = {}) => aStoredBreach(overrides, { controllerId: CONTROLLER, breachId: 'b1' });
const exempted = breach({ assessment: anAssessment({ risk: 'high', exemption: { ground: 'disproportionate_effort', reasoning: 'No addresses for most of them.' } }) });
const notified = breach({
  assessment: anAssessment({ risk: 'high' }),
  notices: { audience: { type: 'list', subjects: 2, slicesSha256: ['a'.repeat(64)] }, words: { nl: WORDS_NL }, partsTotal: 1, startedAt: NOW, startedBy: { clientId: 'legal' } },
});

async function get(stored: StoredBreach, prepare: (notices: InMemoryBreachNoticeStore) => Promise<void> = async () => {}, breachId = 'b1') {
  const breachNotices = new InMemoryBreachNoticeStore();
  await prepare(breachNotices);
  const deps = { breaches: new InMemoryBreachStore([stored]), breachNotices } as unknown as ApiDependencies;
  const event = apiEvent({ routeKey: GET, pathParameters: { controllerId: CONTROLLER, breachId }, scopes: ['breaches:read'] });
  try {
    const result = await getBreachPublicCommunication(event, deps);
    return { statusCode: result.statusCode!, headers: result.headers ?? {}, body: JSON.parse(String(result.body)) };
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return { statusCode: error.statusCode, headers: {}, body: JSON.parse(error.message) };
  }
}

describe('GET .../breaches/{breachId}/public-communication', () => {
  it('requires one of a high-risk breach exempted from notices for disproportionate effort, drafted in Dutch and English', async () => {
    // Act
    const response = await get(exempted);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Cache-Control': 'no-store' });
    expect(response.body).toMatchObject({ breachId: 'b1', required: true, reason: 'disproportionate_effort' });
    expect(response.body.unreachable).toBeUndefined();
    expect(Object.keys(response.body.drafts)).toEqual(['nl', 'en']);
    expect(response.body.drafts.nl).toMatchObject({ title: expect.stringMatching(/^Datalek bij /), wordsFrom: 'report' });
    expect(response.body.drafts.en.title).toMatch(/^Data breach at /);
    expect(response.body.drafts.nl.text).toContain('A laptop with an unencrypted export of the customer file was stolen from a car.');
    expect(response.body.drafts.en.html).toContain('<html lang="en">');
  });

  it("advises one once notices did not reach some subjects (a bounce among them), drafted from the notices' words", async () => {
    // Prepare: one notice sent then bounced, one sent.
    const response = await get(notified, async (notices) => {
      await notices.writeNotices(CONTROLLER, 'b1', 'slice-0', [{ subjectId: 'alice', noticeStatus: 'queued' }, { subjectId: 'bob', noticeStatus: 'queued' }], NOW);
      await notices.recordNotices(CONTROLLER, 'b1', 'slice-0', [{ subjectId: 'alice', status: 'sent', messageId: 'm1' }, { subjectId: 'bob', status: 'sent', messageId: 'm2' }], NOW);
      await notices.markBounced(CONTROLLER, 'b1', 'alice', { bouncedAt: NOW, messageId: 'm1' });
    });

    // Assess
    expect(response.body).toMatchObject({ required: false, reason: 'unreachable_subjects', unreachable: 1 });
    expect(response.body.drafts.nl.wordsFrom).toBe('notice-words');
    expect(response.body.drafts.nl.text).toContain(WORDS_NL.nature);
    expect(response.body.drafts.en.wordsFrom).toBe('report');
  });

  it('needs none while every notice reached its subject, and drafts one all the same', async () => {
    const response = await get(notified, async (notices) => {
      await notices.writeNotices(CONTROLLER, 'b1', 'slice-0', [{ subjectId: 'alice', noticeStatus: 'queued' }], NOW);
      await notices.recordNotices(CONTROLLER, 'b1', 'slice-0', [{ subjectId: 'alice', status: 'sent', messageId: 'm1' }], NOW);
    });
    expect(response.body).toMatchObject({ required: false, reason: 'not_required', unreachable: 0 });
    expect(Object.keys(response.body.drafts)).toEqual(['nl', 'en']);
  });

  it('shows the communication recorded already', async () => {
    const recorded = { publishedAt: '2026-12-03T09:00:00.000Z', channel: 'website', url: 'https://softmedex.nl/datalek', recordedAt: '2026-12-03T09:05:00.000Z', recordedBy: { clientId: 'legal' } };
    const response = await get({ ...exempted, publicCommunication: recorded });
    expect(response.body.recorded).toEqual({ publishedAt: recorded.publishedAt, channel: 'website', url: recorded.url, recordedAt: recorded.recordedAt });
  });

  it('answers 404 for a breach the controller does not have', async () => {
    const response = await get(exempted, async () => {}, 'other');
    expect(response.statusCode).toBe(404);
  });
});
