import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { HttpProblem, INTERNAL_ERROR_BODY } from '../../shared/http/problem';
import type { RouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import { apiDependencies, type ApiDependencies } from './dependencies';
import type { ApiEvent, ApiResult } from './request';
import { getBreachFilingDraft } from './routes/breach-filing-draft';
import { getBreachNotices, postBreachNotices } from './routes/breach-notices';
import { getBreachPublicCommunication } from './routes/breach-public-communication';
import { getBreach, getBreaches, postBreach, postBreachAssessment, postBreachFiling, postPublicCommunication } from './routes/breaches';
import { getDisclosure, getDisclosureEvents, postDisclosure, postHold } from './routes/disclosures';
import { getErasure, postErasure, postErasureExecution, postErasureExtension, postErasureRejection } from './routes/erasures';
import { getPolicy } from './routes/policy';
import { getPreferences, putPreferences } from './routes/preferences';
import { getOpenApi } from './routes/openapi';
import { getWebhookSecret, putRecipient } from './routes/recipients';
import { getSubjectDisclosures } from './routes/subject-disclosures';
import { postSubjectBatch, putSubject } from './routes/subjects';

const routes: Record<RouteKey, (event: ApiEvent, deps: ApiDependencies) => Promise<ApiResult>> = {
  'PUT /v1/controllers/{controllerId}/subjects/{subjectId}': putSubject,
  'POST /v1/controllers/{controllerId}/subjects/batch': postSubjectBatch,
  'PUT /v1/controllers/{controllerId}/recipients/{recipientId}': putRecipient,
  'GET /v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret': getWebhookSecret,
  'POST /v1/controllers/{controllerId}/disclosures': postDisclosure,
  'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}': getDisclosure,
  'GET /v1/controllers/{controllerId}/subjects/{subjectId}/disclosures': getSubjectDisclosures,
  'PUT /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': putPreferences,
  'GET /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': getPreferences,
  'GET /v1/controllers/{controllerId}/policy': getPolicy,
  'POST /v1/controllers/{controllerId}/disclosures/{disclosureId}/hold': postHold,
  'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}/events': getDisclosureEvents,
  'POST /v1/controllers/{controllerId}/erasures': postErasure,
  'GET /v1/controllers/{controllerId}/erasures/{erasureId}': getErasure,
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/extension': postErasureExtension,
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/rejection': postErasureRejection,
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/execution': postErasureExecution,
  'POST /v1/controllers/{controllerId}/breaches': postBreach,
  'GET /v1/controllers/{controllerId}/breaches': getBreaches,
  'GET /v1/controllers/{controllerId}/breaches/{breachId}': getBreach,
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/assessment': postBreachAssessment,
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/filings': postBreachFiling,
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/public-communication': postPublicCommunication,
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/filing-draft': getBreachFilingDraft,
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/notices': postBreachNotices,
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/notices': getBreachNotices,
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/public-communication': getBreachPublicCommunication,
  'GET /v1/openapi.json': getOpenApi,
};

async function route(event: ApiEvent): Promise<ApiResult> {
  const handle = routes[event.routeKey as RouteKey];
  if (!handle) throw new HttpProblem(404, 'Not Found', 'No such route');
  return handle(event, apiDependencies());
}

/** Logs what failed without the request: an error's name and status, never a body or an address. */
function logError(error: unknown): void {
  if (error instanceof HttpProblem) logger.info('Request refused', { status: error.statusCode, title: error.title });
  else logger.error('Request failed', { error: error instanceof Error ? error.name : 'unknown' });
}

/** The v1 API: one function, dispatching on the route key API Gateway matched. */
export const handler = middy<ApiEvent, ApiResult>()
  .use(httpErrorHandler({ logger: logError, fallbackMessage: INTERNAL_ERROR_BODY }))
  .use(injectLambdaContext(logger))
  .handler(route);
