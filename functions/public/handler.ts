import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { INTERNAL_ERROR_BODY } from '../../shared/http/problem';
import type { PublicRouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import { acknowledgementCallback, acknowledgementPage } from './acknowledgement';
import { publicDependencies, type PublicDependencies } from './dependencies';
import { erasureIntake } from './erasure-intake';
import { objection } from './objection';
import type { Result } from './page';
import { verification } from './verification';

const routes: Record<PublicRouteKey, (event: APIGatewayProxyEventV2, deps: PublicDependencies) => Promise<Result>> = {
  'GET /o/{token}': objection,
  'POST /o/{token}': objection,
  'GET /v/{token}': verification,
  'POST /v/{token}': verification,
  'GET /a/{token}': acknowledgementPage,
  'POST /a/{token}': acknowledgementPage,
  'POST /v1/public/acks/{token}': acknowledgementCallback,
  'POST /v1/public/controllers/{controllerId}/erasures': erasureIntake,
};

/** The routes machines call with JSON: they answer problem+json, the pages people open a short text. */
const JSON_ROUTES: ReadonlySet<PublicRouteKey> = new Set(['POST /v1/public/acks/{token}', 'POST /v1/public/controllers/{controllerId}/erasures']);

/** Public pages for subjects and recipients, their callback and the website's erasure intake: no token; a failure never shows internals. */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<Result> => {
  try {
    const route = routes[event.routeKey as PublicRouteKey];
    if (!route) return { statusCode: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not found\n' };
    return await route(event, publicDependencies());
  } catch (error) {
    logger.error('Public request failed', { error: error instanceof Error ? error.name : 'unknown' });
    if (JSON_ROUTES.has(event.routeKey as PublicRouteKey)) {
      return { statusCode: 500, headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' }, body: INTERNAL_ERROR_BODY };
    }
    return {
      statusCode: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      body: 'Er ging iets mis. Probeer het later opnieuw.\nSomething went wrong. Please try again later.\n',
    };
  }
}).use(injectLambdaContext(logger));
