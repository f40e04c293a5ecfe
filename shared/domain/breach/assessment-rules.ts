import type { BreachAssessment, StoredBreach } from './breach';
import type { BreachRefusal } from './breach-refusal';

/** An assessment as the legal team states it, before it is recorded. */
export type AssessmentClaimed = Pick<BreachAssessment, 'risk' | 'exemption'>;

/**
 * Whether an assessment can be recorded on the breach as it stands; undefined when it can. A breach may be
 * assessed again as it becomes better understood (`risk` to `high`, or `none` reopened by a later one). An
 * exemption from telling the subjects only goes with a high risk (Art. 34(3)). `none` closes the breach, so it is
 * refused once the authority holds a filing (withdraw the filing instead; after the withdrawal `none` may close
 * it) and once subjects are being told (what they were told cannot be taken back).
 */
export function checkAssessment(breach: Pick<StoredBreach, 'filings' | 'notices'>, assessment: AssessmentClaimed): BreachRefusal | undefined {
  if (assessment.exemption && assessment.risk !== 'high') {
    return { kind: 'invalid', field: 'exemption', message: 'an exemption from telling the subjects (GDPR Art. 34(3)) goes only with risk high' };
  }
  if (assessment.risk !== 'none') return undefined;
  const lastFiling = breach.filings.at(-1);
  if (lastFiling && lastFiling.phase !== 'withdrawal') {
    return { kind: 'conflict', field: 'risk', message: 'a filing with the authority is recorded; record its withdrawal before assessing the breach as no risk' };
  }
  if (breach.notices) {
    return { kind: 'conflict', field: 'risk', message: 'the subjects are being told of this breach; it cannot be assessed as no risk any more' };
  }
  return undefined;
}
