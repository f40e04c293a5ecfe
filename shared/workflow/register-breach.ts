import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { BreachReport } from '../domain/breach/breach';
import { registeredEventData } from '../domain/breach/breach-evidence';
import type { BreachRefusal } from '../domain/breach/breach-refusal';
import type { Clock } from '../domain/clock';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { breachFilingTimers } from '../domain/timers/breach-timers';

export interface RegisterBreachDependencies {
  breaches: Pick<BreachStore, 'register' | 'idempotencyClaim' | 'get'>;
  recipients: Pick<RecipientStore, 'get'>;
  clock: Clock;
  newId: () => string;
}

/** A breach as the DPO reports it: the report without what the pipeline adds. */
export type BreachIntake = Omit<BreachReport, 'controllerId' | 'breachId' | 'recordedAt' | 'recordedBy'>;

export type RegisterBreachOutcome =
  | { outcome: 'registered'; report: BreachReport }
  | { outcome: 'idempotency-key-reused' }
  | { outcome: 'unknown-recipient'; recipientId: string }
  | { outcome: 'refused'; refusal: BreachRefusal };

/** How far a stated time may lie ahead of our clock before it is refused as in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Registers a breach (Art. 33(5): every breach, whatever follows), with the DPO's reminders of the 72 hours
 * armed in the same transaction. A breach at a recipient names one the controller knows: the ledger finds the
 * subjects whose data went there through it. A retry with the same Idempotency-Key gets the breach registered
 * the first time.
 */
export async function registerBreach(
  deps: RegisterBreachDependencies,
  profile: PolicyProfile,
  intake: BreachIntake,
  recordedBy: Actor,
  idempotencyKey?: string,
): Promise<RegisterBreachOutcome> {
  const { controllerId } = profile;
  const now = deps.clock.now();
  const requestHash = hashRequest(intake);
  const earlier = idempotencyKey ? await deps.breaches.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  if (earlier) return replay(deps, controllerId, earlier, requestHash);
  const refusal = datesRefusal(intake, now);
  if (refusal) return { outcome: 'refused', refusal };
  if (intake.source.type === 'recipient' && !(await deps.recipients.get(controllerId, intake.source.recipientId))) {
    return { outcome: 'unknown-recipient', recipientId: intake.source.recipientId };
  }
  const report: BreachReport = {
    ...intake,
    awareAt: new Date(intake.awareAt).toISOString(),
    ...(intake.occurredAt === undefined ? {} : { occurredAt: new Date(intake.occurredAt).toISOString() }),
    controllerId,
    breachId: deps.newId(),
    recordedAt: now.toISOString(),
    recordedBy,
  };
  const outcome = await deps.breaches.register(
    report,
    registeredEventData(report),
    breachFilingTimers(controllerId, report.breachId, report.awareAt, now),
    idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
  );
  // Another request with the same key registered first.
  if (!outcome.registered) return replay(deps, controllerId, { breachId: outcome.existingBreachId, requestHash: outcome.sameRequest ? requestHash : '' }, requestHash);
  return { outcome: 'registered', report };
}

/** Awareness is not in the future; the breach did not happen after the controller became aware of it. */
function datesRefusal(intake: BreachIntake, now: Date): BreachRefusal | undefined {
  if (Date.parse(intake.awareAt) > now.getTime() + CLOCK_SKEW_MS) return { kind: 'invalid', field: 'awareAt', message: 'must not be in the future' };
  if (intake.occurredAt !== undefined && Date.parse(intake.occurredAt) > Date.parse(intake.awareAt)) {
    return { kind: 'invalid', field: 'occurredAt', message: 'must not be after awareAt: a breach is known of only once it happened' };
  }
  return undefined;
}

async function replay(
  deps: Pick<RegisterBreachDependencies, 'breaches'>,
  controllerId: string,
  earlier: { breachId: string; requestHash: string },
  requestHash: string,
): Promise<RegisterBreachOutcome> {
  if (earlier.requestHash !== requestHash) return { outcome: 'idempotency-key-reused' };
  const stored = await deps.breaches.get(controllerId, earlier.breachId);
  if (!stored) throw new Error('A claimed breach is missing');
  return { outcome: 'registered', report: stored.report };
}
