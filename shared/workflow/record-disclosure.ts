import { createHash } from 'node:crypto';
import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { DisclosureBody } from '../api/schemas';
import type { Clock } from '../domain/clock';
import type { Disclosure } from '../domain/disclosure/disclosure';
import { disclosureStatus, type DisclosureStatus } from '../domain/disclosure/disclosure-status';
import { planParts, type PlanPart } from '../domain/disclosure/plan-parts';
import { canonicalJson } from '../domain/evidence/canonical-json';
import type { PlanMessage } from '../messages/pipeline-messages';

export interface RecordDisclosureDependencies {
  subjects: Pick<SubjectStore, 'getMany'>;
  recipients: Pick<RecipientStore, 'get'>;
  disclosures: Pick<DisclosureStore, 'record' | 'get' | 'idempotencyClaim'>;
  planQueue: QueuePublisher;
  audienceShards: number;
  clock: Clock;
  newId: () => string;
}

export type RecordDisclosureOutcome =
  | { outcome: 'recorded'; disclosureId: string; status: DisclosureStatus }
  | { outcome: 'unknown-recipient' }
  | { outcome: 'occurred-in-the-future' }
  | { outcome: 'unknown-subjects'; indexes: number[] }
  | { outcome: 'idempotency-key-reused' };

/**
 * The plan messages wait this long, so the disclosure they name is recorded when they arrive; one that
 * arrives first is simply tried again.
 */
export const PLAN_DELAY_SECONDS = 2;

/** Clocks differ a little: an `occurredAt` this far ahead of ours still counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records a disclosure and queues its audience for planning. Everything is checked before anything is
 * written. The plan messages are queued first and the disclosure recorded after (with its first event
 * and its idempotency key, in one transaction): a disclosure is never recorded without its plan queued,
 * and messages queued for a disclosure that failed to record are dropped by the planner.
 */
export async function recordDisclosure(
  deps: RecordDisclosureDependencies,
  controllerId: string,
  body: DisclosureBody,
  idempotencyKey?: string,
): Promise<RecordDisclosureOutcome> {
  // A notice tells subjects their data *was* shared; a transfer still to come is not a disclosure yet.
  if (body.occurredAt && Date.parse(body.occurredAt) > deps.clock.now().getTime() + CLOCK_SKEW_MS) {
    return { outcome: 'occurred-in-the-future' };
  }
  const recipient = await deps.recipients.get(controllerId, body.recipientId);
  if (!recipient) return { outcome: 'unknown-recipient' };
  if ('subjectIds' in body.audience) {
    const known = await deps.subjects.getMany(controllerId, body.audience.subjectIds);
    const indexes = body.audience.subjectIds.flatMap((subjectId, index) => (known.has(subjectId) ? [] : [index]));
    if (indexes.length > 0) return { outcome: 'unknown-subjects', indexes };
  }
  const parts = planParts(body.audience, deps.audienceShards);
  const hash = requestHash(body);

  const earlier = idempotencyKey ? await deps.disclosures.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  if (earlier) {
    if (earlier.requestHash !== hash) return { outcome: 'idempotency-key-reused' };
    // Queued again: planning skips every page it has done, and mails no one twice.
    await queuePlan(deps, controllerId, earlier.disclosureId, parts);
    return recorded(deps, controllerId, earlier.disclosureId);
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
  await queuePlan(deps, controllerId, disclosure.disclosureId, parts);
  const outcome = await deps.disclosures.record(disclosure, parts.length, idempotencyKey ? { key: idempotencyKey, requestHash: hash } : undefined);
  if (outcome.recorded) return recorded(deps, controllerId, disclosure.disclosureId);
  // A concurrent request with the same key recorded first; the plan just queued is for nothing and dropped.
  if (!outcome.sameRequest) return { outcome: 'idempotency-key-reused' };
  return recorded(deps, controllerId, outcome.existingDisclosureId);
}

async function queuePlan(deps: RecordDisclosureDependencies, controllerId: string, disclosureId: string, parts: PlanPart[]) {
  const messages: PlanMessage[] = parts.map((part) => ({ controllerId, disclosureId, part }));
  await deps.planQueue.publish(
    messages.map((message, index) => ({ id: String(index), body: message })),
    { delaySeconds: PLAN_DELAY_SECONDS },
  );
}

async function recorded(deps: RecordDisclosureDependencies, controllerId: string, disclosureId: string): Promise<RecordDisclosureOutcome> {
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  return { outcome: 'recorded', disclosureId, status: stored ? disclosureStatus(stored.progress) : 'accepted' };
}

function requestHash(body: DisclosureBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
