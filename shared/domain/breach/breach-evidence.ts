import { freeTextSha256 } from '../evidence/free-text-hash';
import type { BreachAssessment, BreachFiling, BreachReport, PublicCommunication } from './breach';

/**
 * What the append-only evidence keeps of each breach decision: its facts, and of free text only the hash
 * (the text stays on the state item). One place, so the store and its in-memory stand-in chain the same data.
 */

export function registeredEventData(report: BreachReport): Record<string, unknown> {
  const { description, likelyConsequences, measuresTaken, measuresProposed, ...facts } = report;
  return {
    ...facts,
    descriptionSha256: freeTextSha256(description),
    likelyConsequencesSha256: freeTextSha256(likelyConsequences),
    measuresTakenSha256: freeTextSha256(measuresTaken),
    measuresProposedSha256: freeTextSha256(measuresProposed),
  };
}

export function assessedEventData(assessment: BreachAssessment): Record<string, unknown> {
  const { reasoning, exemption, assessedAt: _assessedAt, ...facts } = assessment;
  return {
    ...facts,
    reasoningSha256: freeTextSha256(reasoning),
    ...(exemption ? { exemption: { ground: exemption.ground, reasoningSha256: freeTextSha256(exemption.reasoning) } } : {}),
  };
}

/** `lateByMinutes` only with the first filing, where it is frozen. */
export function filedEventData(filing: BreachFiling, lateByMinutes?: number): Record<string, unknown> {
  const { delayReasons, recordedAt: _recordedAt, ...facts } = filing;
  return {
    ...facts,
    ...(delayReasons === undefined ? {} : { delayReasonsSha256: freeTextSha256(delayReasons) }),
    ...(lateByMinutes === undefined ? {} : { lateByMinutes }),
  };
}

export function publicCommunicationEventData(communication: PublicCommunication): Record<string, unknown> {
  const { recordedAt: _recordedAt, ...facts } = communication;
  return { ...facts };
}
