import type { DisclosureView } from '../../shared/api/schemas';
import { controllerScope, fullScope } from '../../shared/auth/scopes';
import { issueLocalAccessToken } from '../local/local-jwt';
import type { LocalPipeline } from '../local/runtime';

export interface MergerRun {
  disclosureId: string;
  counts: DisclosureView['counts'];
  status: string;
  emailsInStore: number;
  timings: { upsertMs: number; acceptMs: number; settleMs: number };
}

/**
 * A merger disclosure to a controller's whole audience of `subjectCount` subjects, through the API of a
 * running local pipeline, until every notice has settled. Used by the bench and the integration test.
 */
export async function runMergerToWholeAudience(pipeline: LocalPipeline, subjectCount: number, controllerId = 'softmedex'): Promise<MergerRun> {
  const token = await issueLocalAccessToken({
    scopes: [...['subjects:write', 'recipients:write', 'disclosures:write', 'disclosures:read'].map(fullScope), controllerScope(controllerId)],
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${pipeline.apiUrl}/v1/controllers/${controllerId}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 204 ? undefined : ((await response.json()) as any);
  };

  const started = performance.now();
  for (let first = 0; first < subjectCount; first += 1000) {
    const subjects = Array.from({ length: Math.min(1000, subjectCount - first) }, (_, offset) => {
      const index = first + offset;
      return { subjectId: `bench-${index}`, email: `subject-${index}@example.test`, locale: index % 3 === 0 ? 'en' : 'nl' };
    });
    await call('POST', '/subjects/batch', { subjects });
  }
  const upserted = performance.now();
  await call('PUT', '/recipients/bench-buyer', { name: 'Bench Buyer B.V.', kind: 'acquirer', country: 'NL' });
  const { disclosureId } = await call('POST', '/disclosures', {
    kind: 'merger_acquisition',
    recipientId: 'bench-buyer',
    legalBasis: 'legitimate_interests',
    purpose: 'Sale of the customer base',
    dataCategories: ['name', 'contact details'],
    audience: { all: true },
  });
  const accepted = performance.now();
  await pipeline.waitForIdle({ timeoutMs: 30 * 60_000 });
  const disclosure = await call('GET', `/disclosures/${disclosureId}`);
  const settledAt = performance.now();
  const store = (await (await fetch(`${pipeline.mailUrl}/store`)).json()) as { emails: unknown[] };

  return {
    disclosureId,
    counts: disclosure.counts,
    status: disclosure.status,
    emailsInStore: store.emails.length,
    timings: { upsertMs: upserted - started, acceptMs: accepted - upserted, settleMs: settledAt - accepted },
  };
}
