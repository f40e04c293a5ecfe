import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { BreachFiling } from '../domain/breach/breach';
import { lateByMinutes } from '../domain/breach/breach-clock';
import type { BreachRefusal } from '../domain/breach/breach-refusal';
import { checkFiling } from '../domain/breach/filing-rules';
import type { Clock } from '../domain/clock';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { queueBreachFilingDraft } from './queue-breach-filing-draft';

export interface RecordBreachFilingDependencies {
  breaches: Pick<BreachStore, 'get' | 'recordFiling' | 'filingIdempotencyClaim'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
  newId: () => string;
}

/** A filing as the legal team states it, after making it on the authority's form; the authority defaults to the profile's. */
export type FilingIntake = Pick<BreachFiling, 'phase' | 'filedAt' | 'filedBy' | 'reference' | 'delayReasons'> & { authorityCountry?: string };

export type RecordBreachFilingOutcome =
  | { outcome: 'filed'; filing: BreachFiling; lateByMinutes: number }
  | { outcome: 'unknown-breach' }
  | { outcome: 'idempotency-key-reused' }
  | { outcome: 'refused'; refusal: BreachRefusal };

/** Times a filing is decided again when the breach changed while it was being recorded. */
const ATTEMPTS = 3;

/**
 * Records when, by whom and under which reference a filing was made on the authority's web form (Art. 33(1),
 * 33(4): initial, supplements, a withdrawal). The first filing freezes how late it came; a late one gives its
 * reasons. The draft of the next supplement goes to the DPO, queued before the filing is recorded. A retry with
 * the same Idempotency-Key gets the filing recorded the first time.
 */
export async function recordBreachFiling(
  deps: RecordBreachFilingDependencies,
  profile: PolicyProfile,
  breachId: string,
  intake: FilingIntake,
  actor: Actor,
  idempotencyKey?: string,
): Promise<RecordBreachFilingOutcome> {
  const { controllerId } = profile;
  const requestHash = hashRequest({ breachId, ...intake });
  const filingId = deps.newId();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const earlier = idempotencyKey ? await deps.breaches.filingIdempotencyClaim(controllerId, idempotencyKey) : undefined;
    const stored = await deps.breaches.get(controllerId, breachId);
    if (!stored) return { outcome: 'unknown-breach' };
    if (earlier) {
      const filing = stored.filings.find((each) => each.filingId === earlier.filingId);
      if (earlier.requestHash !== requestHash || earlier.breachId !== breachId || !filing) return { outcome: 'idempotency-key-reused' };
      return { outcome: 'filed', filing, lateByMinutes: stored.lateByMinutes ?? 0 };
    }
    const now = deps.clock.now();
    const refusal = checkFiling(stored, intake, now);
    if (refusal) return { outcome: 'refused', refusal };
    const filing: BreachFiling = {
      filingId,
      phase: intake.phase,
      filedAt: new Date(intake.filedAt).toISOString(),
      filedBy: intake.filedBy,
      reference: intake.reference,
      authorityCountry: intake.authorityCountry ?? profile.supervisoryAuthority.country,
      ...(intake.delayReasons?.trim() ? { delayReasons: intake.delayReasons } : {}),
      recordedAt: now.toISOString(),
      recordedBy: actor,
    };
    // Frozen at the first filing: a supplement does not make the breach later, nor a withdrawal earlier.
    const late = stored.filings.length === 0 ? lateByMinutes(stored.report.awareAt, filing.filedAt) : (stored.lateByMinutes ?? 0);
    await queueBreachFilingDraft(deps.notifyQueue, controllerId, breachId, stored.seq + 1);
    const recorded = await deps.breaches.recordFiling(
      controllerId,
      breachId,
      filing,
      { afterSeq: stored.seq, filingsSoFar: stored.filings, lateByMinutes: late },
      idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
    );
    if (recorded) return { outcome: 'filed', filing, lateByMinutes: late };
    // The breach changed, or the same key recorded a filing meanwhile: decide again on what is there now.
  }
  throw new Error('The breach kept changing while a filing was being recorded');
}
