import type { DisclosureStore, StoredDisclosure } from '../adapters/dynamo/disclosure-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import { objectionWindowEnds } from '../domain/disclosure/objection-window';
import type { ObjectionConfirmation } from '../messages/pipeline-messages';

export interface ObjectionDependencies {
  disclosures: Pick<DisclosureStore, 'get' | 'objectionsOf' | 'objectionPut' | 'appendEventPatiently'>;
  notifyQueue: QueuePublisher;
}

export type ObjectionState =
  | { state: 'open'; stored: StoredDisclosure }
  | { state: 'already'; stored: StoredDisclosure; objectedAt: string }
  | { state: 'recorded'; stored: StoredDisclosure; objectedAt: string }
  | { state: 'closed'; stored: StoredDisclosure }
  | { state: 'unknown' };

/** Where a subject's objection to an announced transfer stands: still possible, made, or too late. */
export async function objectionState(
  deps: Pick<ObjectionDependencies, 'disclosures'>,
  controllerId: string,
  disclosureId: string,
  subjectId: string,
  now: Date,
): Promise<ObjectionState> {
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored || stored.disclosure.noticeMode !== 'before') return { state: 'unknown' };
  const objection = (await deps.disclosures.objectionsOf(controllerId, disclosureId, [subjectId])).get(subjectId);
  if (objection) return { state: 'already', stored, objectedAt: objection.objectedAt };
  const windowEnds = objectionWindowEnds(stored.disclosure, stored.phases.intentStartedAt) ?? new Date(stored.disclosure.plannedAt!);
  if (stored.phases.executionStartedAt || windowEnds.getTime() <= now.getTime()) return { state: 'closed', stored };
  return { state: 'open', stored };
}

/** The confirmation waits this long, so the objection it confirms is recorded when it arrives. */
export const CONFIRMATION_DELAY_SECONDS = 5;

/**
 * Records a subject's objection as an event of the disclosure, with the objection item, in one
 * transaction that only succeeds while the transfer has not started. Its confirmation email is queued
 * first: an objection is never recorded without it, and a confirmation queued for an objection that
 * failed to record finds none and is dropped by the sender. Asking again queues it again; the sender
 * sends it once.
 */
export async function recordObjection(
  deps: ObjectionDependencies,
  controllerId: string,
  disclosureId: string,
  subjectId: string,
  now: Date,
): Promise<ObjectionState> {
  const before = await objectionState(deps, controllerId, disclosureId, subjectId, now);
  if (before.state === 'unknown' || before.state === 'closed' || before.state === 'recorded') return before;
  const confirmation: ObjectionConfirmation = {
    type: 'objection-confirmation',
    controllerId,
    disclosureId,
    workId: `objection#${subjectId}`,
    subjectId,
  };
  await deps.notifyQueue.publish([{ id: 'confirmation', body: confirmation }], {
    delaySeconds: before.state === 'open' ? CONFIRMATION_DELAY_SECONDS : 0,
  });
  if (before.state === 'already') return before;
  const objectedAt = now.toISOString();
  const recorded = await deps.disclosures.appendEventPatiently({
    controllerId,
    disclosureId,
    type: 'disclosure.objection_received',
    data: { subjectId },
    at: objectedAt,
    guard: 'attribute_not_exists(executionStartedAt)',
    alsoWrite: [deps.disclosures.objectionPut(controllerId, disclosureId, subjectId, objectedAt)],
  });
  if (!recorded) return objectionState(deps, controllerId, disclosureId, subjectId, now);
  return { state: 'recorded', stored: before.stored, objectedAt };
}
