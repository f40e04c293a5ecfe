import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type JSONWebKeySet, type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import { REPO_ROOT } from './paths';

/**
 * The local stand-in for the Cognito user pool that issues the API's access tokens. In the template the
 * JWT authorizer's issuer and audience are Cognito references (the pool's provider URL, its app
 * clients); locally they resolve to this issuer and audience (see template/local-names.ts), and tokens
 * are signed with a key pair kept in `.local/jwt/`, created on first use.
 */
export const LOCAL_JWT_ISSUER = 'https://local-cognito.invalid/eu-west-1_local';
export const LOCAL_JWT_AUDIENCE = 'local-legal-team-client';
export const DEFAULT_KEY_DIR = join(REPO_ROOT, '.local', 'jwt');

const ALGORITHM = 'RS256';
const KEY_FILE = 'signing-key.private.jwk.json';

/** The local signing key, created (and kept) on first use. */
export async function localSigningJwk(keyDir = DEFAULT_KEY_DIR): Promise<JWK> {
  const file = join(keyDir, KEY_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  await mkdir(keyDir, { recursive: true });
  try {
    // 'wx': if another process created the key meanwhile, keep theirs so all tokens verify.
    await writeFile(file, JSON.stringify({ ...jwk, kid, alg: ALGORITHM, use: 'sig' }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  return JSON.parse(await readFile(file, 'utf8')) as JWK;
}

/** The public half, as the issuer's jwks_uri would publish it. */
export async function localJwks(keyDir = DEFAULT_KEY_DIR): Promise<JSONWebKeySet> {
  const { kty, n, e, kid, alg, use } = await localSigningJwk(keyDir);
  return { keys: [{ kty, n, e, kid, alg, use }] };
}

export interface LocalTokenRequest {
  /** Full scope names, e.g. `disclosure-pipeline/subjects:write`. */
  scopes: readonly string[];
  /** Token lifetime in seconds; 12 hours by default. */
  expiresInSeconds?: number;
  keyDir?: string;
}

/** An access token shaped like a Cognito client-credentials token: `client_id`, no `aud`, `scope` as one string. */
export async function issueLocalAccessToken(request: LocalTokenRequest): Promise<string> {
  const jwk = await localSigningJwk(request.keyDir);
  const key = await importJWK(jwk, ALGORITHM);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    client_id: LOCAL_JWT_AUDIENCE,
    token_use: 'access',
    scope: request.scopes.join(' '),
    auth_time: now,
    version: 2,
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: jwk.kid })
    .setIssuer(LOCAL_JWT_ISSUER)
    .setSubject(LOCAL_JWT_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (request.expiresInSeconds ?? 12 * 60 * 60))
    .sign(key);
}
