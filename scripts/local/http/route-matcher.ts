/** Route selection as API Gateway HTTP APIs do it: the most specific route key that matches wins. */

export interface RouteMatch<TRoute> {
  route: TRoute;
  pathParameters: Record<string, string>;
}

type Segment = { literal: string } | { parameter: string; greedy: boolean };

interface ParsedRoute<TRoute> {
  route: TRoute;
  method: string;
  segments: Segment[] | 'default';
}

export function createRouteMatcher<TRoute extends { routeKey: string }>(routes: readonly TRoute[]) {
  const parsed = routes.map((route) => parseRouteKey(route));

  return function match(method: string, path: string): RouteMatch<TRoute> | undefined {
    const requestSegments = path.split('/').slice(1);
    let best: { match: RouteMatch<TRoute>; specificity: number[] } | undefined;
    for (const candidate of parsed) {
      if (candidate.segments === 'default') continue;
      if (candidate.method !== 'ANY' && candidate.method !== method) continue;
      const pathParameters = matchSegments(candidate.segments, requestSegments);
      if (!pathParameters) continue;
      const specificity = [...candidate.segments.map(segmentRank), candidate.method === 'ANY' ? 0 : 1];
      if (!best || compare(specificity, best.specificity) > 0) {
        best = { match: { route: candidate.route, pathParameters }, specificity };
      }
    }
    const fallback = parsed.find((candidate) => candidate.segments === 'default');
    return best?.match ?? (fallback ? { route: fallback.route, pathParameters: {} } : undefined);
  };
}

function parseRouteKey<TRoute extends { routeKey: string }>(route: TRoute): ParsedRoute<TRoute> {
  if (route.routeKey === '$default') return { route, method: 'ANY', segments: 'default' };
  const [method, path = '/'] = route.routeKey.split(' ');
  const segments = path
    .split('/')
    .slice(1)
    .map((segment): Segment => {
      const parameter = /^\{(.+?)(\+?)\}$/.exec(segment);
      return parameter ? { parameter: parameter[1]!, greedy: parameter[2] === '+' } : { literal: segment };
    });
  return { route, method: method!.toUpperCase(), segments };
}

function matchSegments(segments: Segment[], request: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if ('literal' in segment) {
      if (request[index] !== segment.literal) return undefined;
    } else if (segment.greedy) {
      const rest = request.slice(index);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      parameters[segment.parameter] = safeDecode(rest.join('/'));
      return parameters;
    } else {
      const value = request[index];
      if (value === undefined || value === '') return undefined;
      parameters[segment.parameter] = safeDecode(value);
    }
  }
  return request.length === segments.length ? parameters : undefined;
}

/** Literal segments beat path parameters, which beat a greedy parameter. */
function segmentRank(segment: Segment): number {
  if ('literal' in segment) return 2;
  return segment.greedy ? 0 : 1;
}

function compare(left: number[], right: number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
