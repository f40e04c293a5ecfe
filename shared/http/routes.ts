import type { ApiScope } from '../auth/scopes';

/** The v1 routes: the stack declares them on the HTTP API, the api function dispatches on them. */
export const API_ROUTES = [
  { method: 'PUT', path: '/v1/controllers/{controllerId}/subjects/{subjectId}', scope: 'subjects:write' },
  { method: 'POST', path: '/v1/controllers/{controllerId}/subjects/batch', scope: 'subjects:write' },
  { method: 'PUT', path: '/v1/controllers/{controllerId}/recipients/{recipientId}', scope: 'recipients:write' },
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
  // The API's description is public, like any published API reference.
  { method: 'GET', path: '/v1/openapi.json', scope: undefined },
] as const satisfies readonly { method: string; path: string; scope: ApiScope | undefined }[];

export type ApiRoute = (typeof API_ROUTES)[number];

/**
 * Routes for data subjects and recipients, answered by the public function: no token, the signed link in
 * the path is the credential. GET only shows; POST records (mail scanners follow links, never forms).
 */
export const PUBLIC_ROUTES = [
  { method: 'GET', path: '/o/{token}' },
  { method: 'POST', path: '/o/{token}' },
  { method: 'GET', path: '/v/{token}' },
  { method: 'POST', path: '/v/{token}' },
] as const;
export type PublicRouteKey = `${(typeof PUBLIC_ROUTES)[number]['method']} ${(typeof PUBLIC_ROUTES)[number]['path']}`;
/** `METHOD /path`, as API Gateway writes a route key and puts it in the event's `routeKey`. */
export type RouteKey = ApiRoute extends infer Route
  ? Route extends { method: infer Method extends string; path: infer Path extends string }
    ? `${Method} ${Path}`
    : never
  : never;

export function routeKey(route: ApiRoute): RouteKey {
  return `${route.method} ${route.path}` as RouteKey;
}
