import { disclosureBodySchema, idempotencyKeySchema, type DisclosureView } from '../../../shared/api/schemas';
import type { StoredDisclosure } from '../../../shared/adapters/dynamo/disclosure-store';
import { disclosureStatus } from '../../../shared/domain/disclosure/disclosure-status';
import { badRequest, fieldErrors, notFound, unprocessable } from '../../../shared/http/problem';
import { recordDisclosure } from '../../../shared/workflow/record-disclosure';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, header, json, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

export async function postDisclosure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const body = parseBody(event, disclosureBodySchema);
  const result = await recordDisclosure(deps, controllerId, body, optionalIdempotencyKey(event));
  switch (result.outcome) {
    case 'occurred-in-the-future':
      throw badRequest([{ field: 'occurredAt', message: 'must not be in the future' }]);
    case 'unknown-recipient':
      throw notFound(`Unknown recipient '${body.recipientId}'`);
    case 'unknown-subjects':
      throw badRequest(result.indexes.map((index) => ({ field: `audience.subjectIds.${index}`, message: 'unknown subject' })));
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'recorded':
      return json(
        202,
        { disclosureId: result.disclosureId, status: result.status },
        { Location: `/v1/controllers/${controllerId}/disclosures/${result.disclosureId}` },
      );
  }
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
