import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JSONWebKeySet, type JWTPayload, SignJWT, generateKeyPair, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeJwt } from '../../../scripts/local/http/jwt-authorizer';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, issueLocalAccessToken, localJwks, localSigningJwk } from '../../../scripts/local/local-jwt';

const WRITE = 'disclosure-pipeline/subjects:write';
const route = { issuer: LOCAL_JWT_ISSUER, audience: [LOCAL_JWT_AUDIENCE], scopes: [WRITE] };
const now = () => Math.floor(Date.now() / 1000);

let keyDir: string;
let jwks: JSONWebKeySet;

/** A token signed with the local key, with claims that can be bent for each case. */
async function token(claims: JWTPayload, header: { alg?: string; kid?: string | null } = {}): Promise<string> {
  const jwk = await localSigningJwk(keyDir);
  const payload = { iss: LOCAL_JWT_ISSUER, client_id: LOCAL_JWT_AUDIENCE, scope: WRITE, iat: now(), exp: now() + 3600, ...claims };
  const kid = header.kid === null ? undefined : (header.kid ?? jwk.kid);
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...(kid ? { kid } : {}) }).sign(await importJWK(jwk, 'RS256'));
}

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'local-jwt-'));
  jwks = await localJwks(keyDir);
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

describe('the local signing key', () => {
  it('is created once and kept: the published key set stays the same', async () => {
    expect(await localJwks(keyDir)).toEqual(jwks);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('authorizeJwt, as the API Gateway JWT authorizer decides', () => {
  it('allows a token from `npm run token`, passing string claims and the token scopes on', async () => {
    const issued = await issueLocalAccessToken({ scopes: [WRITE, 'disclosure-pipeline/controller:softmedex'], keyDir });
    const decision = await authorizeJwt(`Bearer ${issued}`, route, jwks);
    expect(decision).toEqual({
      effect: 'allow',
      claims: expect.objectContaining({
        iss: LOCAL_JWT_ISSUER,
        client_id: LOCAL_JWT_AUDIENCE,
        token_use: 'access',
        scope: `${WRITE} disclosure-pipeline/controller:softmedex`,
        exp: expect.stringMatching(/^\d+$/),
      }),
      scopes: [WRITE, 'disclosure-pipeline/controller:softmedex'],
    });
  });

  it('takes the token with or without the Bearer prefix', async () => {
    expect((await authorizeJwt(await token({}), route, jwks)).effect).toBe('allow');
  });

  it.each([
    ['no Authorization header', async () => undefined],
    ['an empty bearer', async () => 'Bearer '],
    ['something that is not a JWT', async () => 'Bearer not.a.jwt'],
    ['a wrong issuer', () => token({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' })],
    ['an expired token', () => token({ exp: now() - 1 })],
    ['no exp claim', () => token({ exp: undefined })],
    ['a token not valid yet (nbf)', () => token({ nbf: now() + 600 })],
    ['a token issued in the future (iat)', () => token({ iat: now() + 600 })],
    ['a wrong client_id and no aud', () => token({ client_id: 'someone-else' })],
    ['a wrong aud, even with the right client_id (aud is checked first)', () => token({ aud: 'someone-else' })],
    ['no kid in the header', () => token({}, { kid: null })],
    ['a kid the issuer does not publish', () => token({}, { kid: 'unknown' })],
  ])('answers 401 for %s', async (_case, header) => {
    expect(await authorizeJwt(await header(), route, jwks)).toEqual({ effect: 'unauthorized' });
  });

  it('answers 401 for a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ iss: LOCAL_JWT_ISSUER, client_id: LOCAL_JWT_AUDIENCE, scope: WRITE, exp: now() + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: jwks.keys[0]!.kid })
      .sign(privateKey);
    expect(await authorizeJwt(forged, route, jwks)).toEqual({ effect: 'unauthorized' });
  });

  it('accepts an aud among the audiences', async () => {
    expect((await authorizeJwt(await token({ aud: [LOCAL_JWT_AUDIENCE, 'other'], client_id: undefined }), route, jwks)).effect).toBe('allow');
  });

  it('answers 403 for a valid token without any of the route scopes', async () => {
    const reader = await token({ scope: 'disclosure-pipeline/disclosures:read disclosure-pipeline/controller:softmedex' });
    expect(await authorizeJwt(reader, route, jwks)).toEqual({ effect: 'forbidden' });
    expect(await authorizeJwt(await token({ scope: undefined }), route, jwks)).toEqual({ effect: 'forbidden' });
  });

  it('reads scopes from an scp array too, and passes null scopes on a route without scopes', async () => {
    expect((await authorizeJwt(await token({ scope: undefined, scp: [WRITE] }), route, jwks)).effect).toBe('allow');
    const unscoped = await authorizeJwt(await token({ scope: 'anything' }), { ...route, scopes: [] }, jwks);
    expect(unscoped).toMatchObject({ effect: 'allow', scopes: null });
  });

  it('renders array claims the way API Gateway does', async () => {
    const decision = await authorizeJwt(await token({ groups: ['a', 'b'], admin: true }), route, jwks);
    expect(decision).toMatchObject({ claims: { groups: '[a b]', admin: 'true' } });
  });
});
