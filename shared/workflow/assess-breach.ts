import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { checkAssessment } from '../domain/breach/assessment-rules';
import type { BreachAssessment } from '../domain/breach/breach';
import type { BreachRefusal } from '../domain/breach/breach-refusal';
import type { Clock } from '../domain/clock';
import type { Actor } from '../domain/evidence/actor';
import { queueBreachFilingDraft } from './queue-breach-filing-draft';

export interface AssessBreachDependencies {
  breaches: Pick<BreachStore, 'get' | 'recordAssessment'>;
  notifyQueue: QueuePublisher;
  clock: Clock;
}

/** An assessment as the legal team states it. */
export type AssessmentIntake = Pick<BreachAssessment, 'risk' | 'reasoning' | 'assessedBy' | 'exemption'>;

export type AssessBreachOutcome =
  | { outcome: 'assessed'; assessment: BreachAssessment }
  | { outcome: 'unknown-breach' }
  | { outcome: 'refused'; refusal: BreachRefusal };

/** Times an assessment is decided again when the breach changed while it was being recorded. */
const ATTEMPTS = 3;

/**
 * Records the risk assessment of a breach (Art. 33(1), 34(1)) with its reasoning, as the latest one: `none`
 * closes the breach, documented (Art. 33(5)); `risk` needs a filing with the authority, whose draft goes to the
 * DPO; `high` too, and notices to the subjects unless an Art. 34(3) exemption is recorded with it. The draft is
 * queued before the assessment is recorded; a draft for one that then failed to record is a draft of the breach
 * as it stands, harmless.
 */
export async function assessBreach(
  deps: AssessBreachDependencies,
  controllerId: string,
  breachId: string,
  intake: AssessmentIntake,
  actor: Actor,
): Promise<AssessBreachOutcome> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const stored = await deps.breaches.get(controllerId, breachId);
    if (!stored) return { outcome: 'unknown-breach' };
    const refusal = checkAssessment(stored, intake);
    if (refusal) return { outcome: 'refused', refusal };
    const assessment: BreachAssessment = {
      risk: intake.risk,
      reasoning: intake.reasoning,
      assessedBy: intake.assessedBy,
      ...(intake.exemption ? { exemption: intake.exemption } : {}),
      assessedAt: deps.clock.now().toISOString(),
      recordedBy: actor,
    };
    if (assessment.risk !== 'none') await queueBreachFilingDraft(deps.notifyQueue, controllerId, breachId, stored.seq + 1);
    if (await deps.breaches.recordAssessment(controllerId, breachId, assessment, stored.seq)) return { outcome: 'assessed', assessment };
  }
  throw new Error('The breach kept changing while it was being assessed');
}
