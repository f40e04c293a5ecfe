import { disclosureBodySchema, holdExtensionBodySchema, type DisclosureView } from '../../../shared/api/schemas';
import type { Objector, StoredDisclosure } from '../../../shared/adapters/dynamo/disclosure-store';
import { hasScope } from '../../../shared/auth/scopes';
import { disclosureStatus } from '../../../shared/domain/disclosure/disclosure-status';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { HttpProblem, badRequest, forbidden, notFound, policyRefusal, unprocessable } from '../../../shared/http/problem';
import { extendHold } from '../../../shared/workflow/extend-hold';
import { recordDisclosure } from '../../../shared/workflow/record-disclosure';
import type { ApiDependencies } from '../dependencies';
import { actorOf, authorizedController, json, optionalIdempotencyKey, parseBody, pathParam, scopeClaim, type ApiEvent, type ApiResult } from '../request';

export async function postDisclosure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const body = parseBody(event, disclosureBodySchema);
  const result = await recordDisclosure(deps, {
    profile,
    body,
    idempotencyKey: optionalIdempotencyKey(event),
    mayOverride: hasScope(scopeClaim(event), 'disclosures:override'),
    actor: actorOf(event),
  });
  switch (result.outcome) {
    case 'invalid':
      throw badRequest(result.errors);
    case 'unknown-recipient':
      throw notFound(`Unknown recipient '${body.recipientId}'`);
    case 'unknown-subjects':
      throw badRequest(result.indexes.map((index) => ({ field: `audience.subjectIds.${index}`, message: 'unknown subject' })));
    case 'refused':
      throw policyRefusal(profile.legalName, result.violations);
    case 'override-not-permitted':
      throw forbidden('Recording a disclosure the policy does not allow needs the scope disclosures:override');
    case 'idempotency-key-reused':
      throw unprocessable('This Idempotency-Key was used for a different request');
    case 'recorded':
      return json(
        202,
        { disclosureId: result.disclosureId, status: result.status },
        { Location: `/v1/controllers/${profile.controllerId}/disclosures/${result.disclosureId}` },
      );
  }
}

export async function getDisclosure(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const disclosureId = pathParam(event, 'disclosureId');
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored) throw notFound(`Unknown disclosure '${disclosureId}'`);
  const objectors = stored.disclosure.noticeMode === 'before' ? await deps.disclosures.objectors(controllerId, disclosureId) : undefined;
  return json(200, disclosureView(stored, objectors));
}

/** The disclosure's evidence trail: every event, in order, and whether the hash chain is intact. */
export async function getDisclosureEvents(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const disclosureId = pathParam(event, 'disclosureId');
  const events = await deps.disclosures.events(controllerId, disclosureId);
  if (events.length === 0) throw notFound(`Unknown disclosure '${disclosureId}'`);
  return json(200, { chainIntact: verifyChain(events), items: events });
}

export async function postHold(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const disclosureId = pathParam(event, 'disclosureId');
  const body = parseBody(event, holdExtensionBodySchema);
  const result = await extendHold(deps, controllerId, disclosureId, body, deps.clock.now(), actorOf(event));
  switch (result.outcome) {
    case 'unknown-disclosure':
      throw notFound(`Unknown disclosure '${disclosureId}'`);
    case 'not-held':
      throw new HttpProblem(409, 'Conflict', 'This disclosure is not under a non-disclosure hold');
    case 'released':
      throw new HttpProblem(409, 'Conflict', 'The hold has ended and the subjects have been told; it cannot be extended');
    case 'not-later':
      throw badRequest([{ field: 'until', message: `must be after the current end of the hold, ${result.until}` }]);
    case 'extended':
      return json(200, { disclosureId, until: result.until });
  }
}

function disclosureView({ disclosure, progress, phases }: StoredDisclosure, objectors: Objector[] | undefined): DisclosureView {
  const { subjects, notified, failed, suppressed, notRequired } = progress;
  return {
    ...disclosure,
    status: disclosureStatus(progress, phases),
    counts: {
      subjects,
      notified,
      failed,
      suppressed,
      notRequired,
      excluded: {
        no_consent: progress.excludedNoConsent,
        opted_out: progress.excludedOptedOut,
        objected: progress.excludedObjected,
        erased: progress.excludedErased,
      },
    },
    ...(disclosure.noticeMode === 'before'
      ? {
          intent: {
            subjects: progress.intentSubjects,
            notified: progress.intentNotified,
            failed: progress.intentFailed,
            suppressed: progress.intentSuppressed,
          },
          objectors: objectors ?? [],
        }
      : {}),
  };
}
