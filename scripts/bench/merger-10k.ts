import { startLocalPipeline } from '../local/runtime';
import { runMergerToWholeAudience } from './merger-scenario';

/** `npm run bench`: a 10,000-subject merger notice on the local pipeline, with its timings. */
const subjectCount = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const pipeline = await startLocalPipeline({ quiet: true });
try {
  const run = await runMergerToWholeAudience(pipeline, subjectCount);
  const perSecond = (run.counts.notified / run.timings.settleMs) * 1000;
  console.log(JSON.stringify({ subjects: subjectCount, ...run, noticesPerSecond: Math.round(perSecond) }, null, 2));
  if (run.status !== 'completed' || run.counts.notified !== subjectCount) process.exitCode = 1;
} finally {
  await pipeline.stop();
}
