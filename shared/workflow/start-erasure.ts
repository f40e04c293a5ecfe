import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { Clock } from '../domain/clock';
import type { ErasureState } from '../domain/erasure/erasure-state';
import { retainedCategories, unknownRetentionCategories, type ErasureHold, type RetainedCategory, type RetentionStart } from '../domain/erasure/retention';
import { COUNTRY_TIME_ZONE, assertDeadlineCountry, calendarDayIn } from '../domain/erasure/working-days';
import type { Actor } from '../domain/evidence/actor';
import { freeTextSha256 } from '../domain/evidence/free-text-hash';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureExecution } from '../messages/pipeline-messages';

export interface StartErasureDependencies {
  erasures: Pick<ErasureStore, 'get' | 'transition' | 'idempotencyClaim' | 'idempotencyClaimPut'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
}

/** What the legal team decided before erasing: when retention periods started, and what holds keep. */
export interface ErasureDecisions {
  retentionStarts?: RetentionStart[];
  holds?: ErasureHold[];
}

export type StartErasureOutcome =
  | { outcome: 'started'; state: ErasureState; retained: RetainedCategory[] }
  | { outcome: 'unknown-erasure' }
  | { outcome: 'not-verified'; state: ErasureState }
  | { outcome: 'unknown-retention-categories'; categories: { index: number; category: string }[] }
  | { outcome: 'idempotency-key-reused' };

/** The execution waits this long, so the start it carries out is recorded when it arrives. */
export const EXECUTION_DELAY_SECONDS = 2;

/**
 * Starts carrying out a verified erasure request, as the legal team decided after checking the grounds of
 * Art. 17(3), holds and disputes: the retained categories are fixed (each with its rule and end), the
 * execution is queued, then `verified → in_progress` is recorded, once, as `erasure.erasure_started`.
 * The execution is queued first: the sender drops one whose start never got recorded.
 */
export async function startErasure(
  deps: StartErasureDependencies,
  profile: PolicyProfile,
  erasureId: string,
  decisions: ErasureDecisions,
  actor: Actor,
  idempotencyKey?: string,
  attempt = 1,
): Promise<StartErasureOutcome> {
  const { controllerId } = profile;
  const requestHash = hashRequest({ erasureId, execution: decisions });
  // A retry (a double click, a lost answer) gets the start the first one made.
  const earlier = idempotencyKey ? await deps.erasures.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  const stored = await deps.erasures.get(controllerId, erasureId);
  if (!stored) return { outcome: 'unknown-erasure' };
  if (earlier) {
    if (earlier.requestHash !== requestHash || earlier.erasureId !== erasureId) return { outcome: 'idempotency-key-reused' };
    return { outcome: 'started', state: stored.state, retained: stored.retained ?? [] };
  }
  const unknown = unknownRetentionCategories(profile, decisions.retentionStarts ?? []);
  if (unknown.length > 0) {
    const categories = (decisions.retentionStarts ?? []).flatMap(({ category }, index) => (unknown.includes(category) ? [{ index, category }] : []));
    return { outcome: 'unknown-retention-categories', categories };
  }
  if (stored.state !== 'verified') return { outcome: 'not-verified', state: stored.state };
  assertDeadlineCountry(profile.country);
  const now = deps.clock.now();
  const retained = retainedCategories(profile, decisions, calendarDayIn(now, COUNTRY_TIME_ZONE[profile.country]));
  const execution: ErasureExecution = { type: 'erasure-execution', controllerId, erasureId, workId: `execution#${erasureId}` };
  await deps.notifyQueue.publish([{ id: 'execution', body: execution }], { delaySeconds: EXECUTION_DELAY_SECONDS });
  const started = await deps.erasures.transition(
    controllerId,
    erasureId,
    'verified',
    'erasure_started',
    { retained: retained.map(retainedEvidence), startedBy: actor },
    now.toISOString(),
    { retained },
    idempotencyKey ? [deps.erasures.idempotencyClaimPut(controllerId, { key: idempotencyKey, requestHash }, erasureId)] : [],
  );
  // Rejected, or started by someone else, meanwhile: decide again on what is there now, a few times at most.
  if (!started) {
    if (attempt >= 3) throw new Error('The erasure request kept changing while it was being started');
    return startErasure(deps, profile, erasureId, decisions, actor, idempotencyKey, attempt + 1);
  }
  return { outcome: 'started', state: 'in_progress', retained };
}

/**
 * A retained category as the append-only evidence keeps it: a hold's free text (which may name people)
 * stays on the state item, where it can be corrected, and the event keeps its hash.
 */
function retainedEvidence(retained: RetainedCategory): Record<string, unknown> {
  const { detail, ...rest } = retained;
  return detail === undefined ? rest : { ...rest, detailSha256: freeTextSha256(detail) };
}
