/**
 * Prints a JWT the local API accepts (valid 12 h), shaped like the Cognito client-credentials token a
 * legal team's client gets in the cloud.
 *
 *   npm run -s token -- --controller softmedex --scope "subjects:write disclosures:write disclosures:read"
 *
 * Scopes without a `/` get the resource-server prefix (`disclosure-pipeline/subjects:write`), and each
 * --controller (repeatable) adds its `disclosure-pipeline/controller:<id>` scope. Only the token goes to
 * stdout, so `TOKEN=$(npm run -s token -- ...)` works.
 */
import { parseArgs } from 'node:util';
import { controllerScope, fullScope } from '../shared/auth/scopes';
import { issueLocalAccessToken } from './local/local-jwt';

const USAGE = 'Usage: npm run -s token -- --controller <id> [--controller <id> ...] --scope "<scope> [<scope> ...]"';
const CONTROLLER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function tokenScopes(argv: string[]): string[] {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      controller: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}`);
  const controllers = values.controller ?? [];
  const scopes = (values.scope ?? []).flatMap((scope) => scope.split(/\s+/)).filter(Boolean);
  for (const id of controllers) {
    if (!CONTROLLER_ID.test(id)) throw new Error(`--controller ${JSON.stringify(id)} is not a controller id`);
  }
  if (controllers.length === 0 && scopes.length === 0) throw new Error('give at least one --controller or --scope');
  return [...new Set([...scopes.map(fullScope), ...controllers.map(controllerScope)])];
}

let scopes: string[];
try {
  scopes = tokenScopes(process.argv.slice(2));
} catch (error) {
  console.error(`token: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
console.log(await issueLocalAccessToken({ scopes }));
