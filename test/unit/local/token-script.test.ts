import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { authorizeJwt } from '../../../scripts/local/http/jwt-authorizer';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER, localJwks } from '../../../scripts/local/local-jwt';
import { REPO_ROOT } from '../../../scripts/local/paths';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const token = (...args: string[]) =>
  promisify(execFile)(process.execPath, [tsxCli, 'scripts/token.ts', ...args], { cwd: REPO_ROOT });

describe('npm run token', () => {
  it('prints only a 12-hour JWT carrying the prefixed scopes and one scope per controller', async () => {
    const { stdout } = await token('--controller', 'softmedex', '--controller', 'other', '--scope', 'subjects:write disclosure-pipeline/disclosures:read');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = decodeJwt(stdout.trim());
    expect(claims.scope).toBe(
      'disclosure-pipeline/subjects:write disclosure-pipeline/disclosures:read disclosure-pipeline/controller:softmedex disclosure-pipeline/controller:other',
    );
    expect(claims).toMatchObject({ iss: LOCAL_JWT_ISSUER, client_id: LOCAL_JWT_AUDIENCE, token_use: 'access' });
    expect(claims.exp! - claims.iat!).toBe(12 * 60 * 60);
    const route = { issuer: LOCAL_JWT_ISSUER, audience: [LOCAL_JWT_AUDIENCE], scopes: ['disclosure-pipeline/subjects:write'] };
    expect((await authorizeJwt(stdout.trim(), route, await localJwks())).effect).toBe('allow');
  }, 30_000);

  it.each([
    [['--controler', 'softmedex'], /Unknown option '--controler'/],
    [[], /give at least one --controller or --scope/],
    [['--controller', 'soft medex'], /is not a controller id/],
    [['--scope'], /argument missing/],
    [['softmedex'], /unexpected argument softmedex/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    await expect(token(...args)).rejects.toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
  }, 30_000);
});
