import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMergerToWholeAudience } from '../../scripts/bench/merger-scenario';
import { startLocalPipeline, type LocalPipeline } from '../../scripts/local/runtime';

/** Scale, not speed: a 10,000-subject {all: true} merger completes, every subject notified once. Timings live in `npm run bench`. */
let pipeline: LocalPipeline;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
});

afterAll(async () => {
  await pipeline?.stop();
});

it('notifies all 10,000 subjects of a whole-audience merger, each exactly once', async () => {
  const run = await runMergerToWholeAudience(pipeline, 10_000);
  expect(run.status).toBe('completed');
  expect(run.counts).toEqual({
    subjects: 10_000,
    notified: 10_000,
    failed: 0,
    suppressed: 0,
    notRequired: 0,
    excluded: { no_consent: 0, opted_out: 0, objected: 0, erased: 0 },
  });
  expect(run.emailsInStore).toBe(10_000);
}, 900_000);
