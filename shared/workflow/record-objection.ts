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

/**
 * Records a subject's objection as an event of the disclosure, with the objection item, in one
 * transaction that only succeeds while the transfer has not started; then queues the confirmation email.
 * A failure between the two answers an error, and the subject's retry queues the confirmation again
 * (the sender sends it once).
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
  let outcome: ObjectionState = before;
  if (before.state === 'open') {
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
    outcome = { state: 'recorded', stored: before.stored, objectedAt };
  }
  const confirmation: ObjectionConfirmation = {
    type: 'objection-confirmation',
    controllerId,
    disclosureId,
    workId: `objection#${subjectId}`,
    subjectId,
  };
  await deps.notifyQueue.publish([{ id: 'confirmation', body: confirmation }]);
  return outcome;
}
