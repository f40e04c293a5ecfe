import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from '../../../scripts/local/http/route-matcher';

const routes = [
  { routeKey: 'PUT /v1/controllers/{controllerId}/subjects/{subjectId}' },
  { routeKey: 'POST /v1/controllers/{controllerId}/subjects/batch' },
  { routeKey: 'POST /v1/controllers/{controllerId}/subjects/{subjectId}' },
  { routeKey: 'GET /v1/openapi.json' },
  { routeKey: 'ANY /v1/files/{proxy+}' },
  { routeKey: 'GET /v1/files/{proxy+}' },
];
const match = createRouteMatcher(routes);
const keyOf = (method: string, path: string) => match(method, path)?.route.routeKey;

describe('createRouteMatcher', () => {
  it('matches method and path and decodes the path parameters', () => {
    expect(match('PUT', '/v1/controllers/softmedex/subjects/s%201')).toEqual({
      route: routes[0],
      pathParameters: { controllerId: 'softmedex', subjectId: 's 1' },
    });
  });

  it('prefers a literal segment over a path parameter', () => {
    expect(keyOf('POST', '/v1/controllers/softmedex/subjects/batch')).toBe('POST /v1/controllers/{controllerId}/subjects/batch');
    expect(keyOf('POST', '/v1/controllers/softmedex/subjects/s1')).toBe('POST /v1/controllers/{controllerId}/subjects/{subjectId}');
  });

  it('matches greedy parameters over several segments, a specific method before ANY', () => {
    expect(match('GET', '/v1/files/a/b.txt')).toEqual({ route: routes[5], pathParameters: { proxy: 'a/b.txt' } });
    expect(keyOf('DELETE', '/v1/files/a')).toBe('ANY /v1/files/{proxy+}');
    expect(keyOf('GET', '/v1/files/')).toBeUndefined();
  });

  it('finds nothing for another method, a longer or shorter path, or an empty parameter', () => {
    expect(keyOf('GET', '/v1/controllers/softmedex/subjects/s1')).toBeUndefined();
    expect(keyOf('GET', '/v1/openapi.json/extra')).toBeUndefined();
    expect(keyOf('PUT', '/v1/controllers/softmedex/subjects')).toBeUndefined();
    expect(keyOf('PUT', '/v1/controllers//subjects/s1')).toBeUndefined();
  });

  it('falls back to the $default route', () => {
    const withDefault = createRouteMatcher([...routes, { routeKey: '$default' }]);
    expect(withDefault('PATCH', '/anything')).toEqual({ route: { routeKey: '$default' }, pathParameters: {} });
  });
});
