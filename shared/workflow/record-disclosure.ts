import { createHash } from 'node:crypto';
import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { DisclosureBody } from '../api/schemas';
import type { Clock } from '../domain/clock';
import type { Disclosure } from '../domain/disclosure/disclosure';
import { disclosureStatus, type DisclosureStatus } from '../domain/disclosure/disclosure-status';
import { planParts } from '../domain/disclosure/plan-parts';
import { canonicalJson } from '../domain/evidence/canonical-json';
import type { PlanMessage } from '../messages/pipeline-messages';

export interface RecordDisclosureDependencies {
  subjects: Pick<SubjectStore, 'getMany'>;
  recipients: Pick<RecipientStore, 'get'>;
  disclosures: Pick<DisclosureStore, 'record' | 'get'>;
  planQueue: QueuePublisher;
  audienceShards: number;
  clock: Clock;
  newId: () => string;
}

export type RecordDisclosureOutcome =
  | { outcome: 'recorded'; disclosureId: string; status: DisclosureStatus }
  | { outcome: 'unknown-recipient' }
  | { outcome: 'unknown-subjects'; indexes: number[] }
  | { outcome: 'idempotency-key-reused' };

/**
 * Records a disclosure and queues its audience for planning. Everything is checked before anything is
 * written; the disclosure, its first event and its idempotency key are written in one transaction.
 */
export async function recordDisclosure(
  deps: RecordDisclosureDependencies,
  controllerId: string,
  body: DisclosureBody,
  idempotencyKey?: string,
): Promise<RecordDisclosureOutcome> {
  const recipient = await deps.recipients.get(controllerId, body.recipientId);
  if (!recipient) return { outcome: 'unknown-recipient' };
  if ('subjectIds' in body.audience) {
    const known = await deps.subjects.getMany(controllerId, body.audience.subjectIds);
    const indexes = body.audience.subjectIds.flatMap((subjectId, index) => (known.has(subjectId) ? [] : [index]));
    if (indexes.length > 0) return { outcome: 'unknown-subjects', indexes };
  }

  const now = deps.clock.now().toISOString();
  const disclosure: Disclosure = {
    controllerId,
    disclosureId: deps.newId(),
    kind: body.kind,
    recipient: { recipientId: recipient.recipientId, name: recipient.name, kind: recipient.kind, country: recipient.country },
    legalBasis: body.legalBasis,
    purpose: body.purpose,
    dataCategories: body.dataCategories,
    occurredAt: body.occurredAt ? new Date(body.occurredAt).toISOString() : now,
    recordedAt: now,
    ...(body.reference ? { reference: body.reference } : {}),
  };
  const parts = planParts(body.audience, deps.audienceShards);
  const recorded = await deps.disclosures.record(
    disclosure,
    parts.length,
    idempotencyKey ? { key: idempotencyKey, requestHash: requestHash(body) } : undefined,
  );
  if (!recorded.recorded && !recorded.sameRequest) return { outcome: 'idempotency-key-reused' };
  const disclosureId = recorded.recorded ? disclosure.disclosureId : recorded.existingDisclosureId;

  // Queued again on a retry too: the first attempt may have failed before queueing, and the planner
  // skips every page it has already counted.
  const messages: PlanMessage[] = parts.map((part) => ({ controllerId, disclosureId, part }));
  await deps.planQueue.publish(messages.map((message, index) => ({ id: String(index), body: message })));

  const stored = await deps.disclosures.get(controllerId, disclosureId);
  return { outcome: 'recorded', disclosureId, status: stored ? disclosureStatus(stored.progress) : 'accepted' };
}

function requestHash(body: DisclosureBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
