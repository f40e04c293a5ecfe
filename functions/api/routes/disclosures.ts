import { createHash } from 'node:crypto';
import { disclosureBodySchema, idempotencyKeySchema, type DisclosureView } from '../../../shared/api/schemas';
import type { StoredDisclosure } from '../../../shared/adapters/dynamo/disclosure-store';
import type { Disclosure } from '../../../shared/domain/disclosure/disclosure';
import { disclosureStatus } from '../../../shared/domain/disclosure/disclosure-status';
import { planParts } from '../../../shared/domain/disclosure/plan-parts';
import { canonicalJson } from '../../../shared/domain/evidence/canonical-json';
import { badRequest, fieldErrors, notFound, unprocessable } from '../../../shared/http/problem';
import type { PlanMessage } from '../../../shared/messages/pipeline-messages';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, header, json, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * Records a disclosure and queues its audience for planning. Everything is checked before anything is
 * written; the disclosure, its first event and its idempotency key are written in one transaction.
 */
export async function postDisclosure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const body = parseBody(event, disclosureBodySchema);
  const idempotencyKey = optionalIdempotencyKey(event);

  const recipient = await deps.recipients.get(controllerId, body.recipientId);
  if (!recipient) throw notFound(`Unknown recipient '${body.recipientId}'`);
  if ('subjectIds' in body.audience) {
    const { subjectIds } = body.audience;
    const known = await deps.subjects.getMany(controllerId, subjectIds);
    const unknown = subjectIds.flatMap((subjectId, index) =>
      known.has(subjectId) ? [] : [{ field: `audience.subjectIds.${index}`, message: 'unknown subject' }],
    );
    if (unknown.length > 0) throw badRequest(unknown);
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
  const outcome = await deps.disclosures.record(
    disclosure,
    parts.length,
    idempotencyKey ? { key: idempotencyKey, requestHash: requestHash(body) } : undefined,
  );

  let disclosureId = disclosure.disclosureId;
  if (!outcome.recorded) {
    if (!outcome.sameRequest) throw unprocessable('This Idempotency-Key was used for a different request');
    disclosureId = outcome.existingDisclosureId;
  }
  // Queued again on a retry too: the first attempt may have failed before queueing, and planning twice sends nothing twice.
  const messages: PlanMessage[] = parts.map((part) => ({ controllerId, disclosureId, part }));
  await deps.planQueue.publish(messages.map((message, index) => ({ id: String(index), body: message })));

  const stored = await deps.disclosures.get(controllerId, disclosureId);
  return json(
    202,
    { disclosureId, status: stored ? disclosureStatus(stored.progress) : 'accepted' },
    { Location: `/v1/controllers/${controllerId}/disclosures/${disclosureId}` },
  );
}

export async function getDisclosure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const disclosureId = pathParam(event, 'disclosureId');
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored) throw notFound(`Unknown disclosure '${disclosureId}'`);
  return json(200, disclosureView(stored));
}

function disclosureView({ disclosure, progress }: StoredDisclosure): DisclosureView {
  const { subjects, notified, failed, suppressed } = progress;
  return { ...disclosure, status: disclosureStatus(progress), counts: { subjects, notified, failed, suppressed } };
}

function optionalIdempotencyKey(event: ApiEvent): string | undefined {
  const value = header(event, 'Idempotency-Key');
  if (value === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error, 'Idempotency-Key'));
  return parsed.data;
}

function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
