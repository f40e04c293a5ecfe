import type { ApiScope } from '../auth/scopes';

/** The v1 routes: the stack declares them on the HTTP API, the api function dispatches on them. */
export const API_ROUTES = [
  { method: 'PUT', path: '/v1/controllers/{controllerId}/subjects/{subjectId}', scope: 'subjects:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/subjects/batch', scope: 'subjects:write' },
  { method: 'PUT', path: '/v1/controllers/{controllerId}/recipients/{recipientId}', scope: 'recipients:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret', scope: 'recipients:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/disclosures', scope: 'disclosures:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/disclosures/{disclosureId}', scope: 'disclosures:read' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/subjects/{subjectId}/disclosures', scope: 'disclosures:read' },
  { method: 'PUT', path: '/v1/controllers/{controllerId}/subjects/{subjectId}/preferences', scope: 'subjects:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/subjects/{subjectId}/preferences', scope: 'disclosures:read' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/policy', scope: 'disclosures:read' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/disclosures/{disclosureId}/hold', scope: 'disclosures:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/disclosures/{disclosureId}/events', scope: 'disclosures:read' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/erasures', scope: 'erasures:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/erasures/{erasureId}', scope: 'erasures:read' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/erasures/{erasureId}/extension', scope: 'erasures:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/erasures/{erasureId}/rejection', scope: 'erasures:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/erasures/{erasureId}/execution', scope: 'erasures:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/breaches', scope: 'breaches:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/breaches', scope: 'breaches:read' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/breaches/{breachId}', scope: 'breaches:read' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/breaches/{breachId}/assessment', scope: 'breaches:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/breaches/{breachId}/filings', scope: 'breaches:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/breaches/{breachId}/public-communication', scope: 'breaches:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/breaches/{breachId}/filing-draft', scope: 'breaches:read' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/breaches/{breachId}/notices', scope: 'breaches:write' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/breaches/{breachId}/notices', scope: 'breaches:read' },
  { method: 'GET', path: '/v1/controllers/{controllerId}/breaches/{breachId}/public-communication', scope: 'breaches:read' },
  // The API's description is public, like any published API reference.
  { method: 'GET', path: '/v1/openapi.json', scope: undefined },
] as const satisfies readonly { method: string; path: string; scope: ApiScope | undefined }[];

export type ApiRoute = (typeof API_ROUTES)[number];

/**
 * Routes for data subjects and recipients, answered by the public function: no token, the signed link in
 * the path is the credential. GET only shows; POST records (mail scanners follow links, never forms). The
 * website's erasure intake needs no credential: it only ever writes to an address the subject registered.
 */
export const PUBLIC_ROUTES = [
  { method: 'GET', path: '/o/{token}' },
  { method: 'POST', path: '/o/{token}' },
  { method: 'GET', path: '/v/{token}' },
  { method: 'POST', path: '/v/{token}' },
  // A recipient answers an erasure notice: the page behind its link, or the callback its webhook call names.
  { method: 'GET', path: '/a/{token}' },
  { method: 'POST', path: '/a/{token}' },
  { method: 'POST', path: '/v1/public/acks/{token}' },
  // The controller's website: anyone may ask, the answer is the same whether the address is known, and
  // only the registered address is written to.
  { method: 'POST', path: '/v1/public/controllers/{controllerId}/erasures' },
] as const;
/** `METHOD /path` of each public route (one key per route, not every method with every path). */
export type PublicRouteKey = (typeof PUBLIC_ROUTES)[number] extends infer Route
  ? Route extends { method: infer Method extends string; path: infer Path extends string }
    ? `${Method} ${Path}`
    : never
  : never;
/** `METHOD /path`, as API Gateway writes a route key and puts it in the event's `routeKey`. */
export type RouteKey = ApiRoute extends infer Route
  ? Route extends { method: infer Method extends string; path: infer Path extends string }
    ? `${Method} ${Path}`
    : never
  : never;

export function routeKey(route: ApiRoute): RouteKey {
  return `${route.method} ${route.path}` as RouteKey;
}
