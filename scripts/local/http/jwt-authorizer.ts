import { type JSONWebKeySet, type JWTPayload, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

export interface JwtRouteRequirements {
  issuer: string;
  audience: readonly string[];
  /** The route's AuthorizationScopes; the token needs at least one of them. */
  scopes: readonly string[];
}

export type AuthorizerDecision =
  | { effect: 'allow'; claims: Record<string, string>; scopes: string[] | null }
  | { effect: 'unauthorized' }
  | { effect: 'forbidden' };

/** API Gateway's JWT authorizers accept RSA signatures only. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * Decides a request the way an HTTP API JWT authorizer does: a token (optionally after `Bearer `) with a
 * `kid` found in the issuer's keys and a valid RSA signature; `iss` equal to the issuer; `aud`, or
 * `client_id` when there is no `aud`, among the audiences; `exp` in the future; `nbf` and `iat` not; then
 * at least one route scope in the `scp` or `scope` claim. Token failures are 401, a missing scope 403.
 */
export async function authorizeJwt(
  authorizationHeader: string | undefined,
  route: JwtRouteRequirements,
  keys: JSONWebKeySet,
  now = new Date(),
): Promise<AuthorizerDecision> {
  const token = authorizationHeader?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return { effect: 'unauthorized' };
  let payload: JWTPayload;
  try {
    if (!decodeProtectedHeader(token).kid) return { effect: 'unauthorized' };
    ({ payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      issuer: route.issuer,
      algorithms: RSA_ALGORITHMS,
      requiredClaims: ['exp'],
      currentDate: now,
    }));
  } catch {
    return { effect: 'unauthorized' };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds) return { effect: 'unauthorized' };
  if (!audienceMatches(payload, route.audience)) return { effect: 'unauthorized' };

  const tokenScopes = scopesOf(payload);
  if (route.scopes.length > 0 && !route.scopes.some((scope) => tokenScopes.includes(scope))) {
    return { effect: 'forbidden' };
  }
  // API Gateway passes the token's scopes on scoped routes and null on the others.
  return { effect: 'allow', claims: flattenClaims(payload), scopes: route.scopes.length > 0 ? tokenScopes : null };
}

function audienceMatches(payload: JWTPayload, audience: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return audiences.some((value) => audience.includes(value));
  }
  return typeof payload.client_id === 'string' && audience.includes(payload.client_id);
}

function scopesOf(payload: JWTPayload): string[] {
  const claim = payload.scp ?? payload.scope;
  if (Array.isArray(claim)) return claim.map(String);
  return typeof claim === 'string' ? claim.split(/\s+/).filter(Boolean) : [];
}

/** Claims as API Gateway hands them to the function: every value a string, arrays as `[a b]`. */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => {
      if (Array.isArray(value)) return [name, `[${value.join(' ')}]`];
      if (value !== null && typeof value === 'object') return [name, JSON.stringify(value)];
      return [name, String(value)];
    }),
  );
}
