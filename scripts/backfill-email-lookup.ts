import { parseArgs } from 'node:util';
import { createDocumentClient } from '../shared/adapters/dynamo/document-client';
import { backfillEmailLookups } from '../shared/adapters/dynamo/email-lookup-backfill';
import { linkSecretFrom } from '../shared/adapters/secrets/link-secret';

/**
 * `npm run backfill:email-lookup -- --table <table name> --secret-arn <link secret arn> [--segments N]`: keys
 * every subject's `emailLookup` under the current link secret, after the upgrade to keyed lookups and after every
 * rotation of the link secret (until then the website's erasure intake finds no one registered before). TABLE_NAME
 * and LINK_SECRET_ARN stand in for the arguments; the SDK's usual region, credentials and AWS_ENDPOINT_URL_* apply.
 * It prints counts only, never an address or a key.
 */
const usage = 'usage: npm run backfill:email-lookup -- --table <table name> --secret-arn <link secret arn> [--segments <1-64>]';
let values: { table?: string; 'secret-arn'?: string; segments?: string };
try {
  ({ values } = parseArgs({ options: { table: { type: 'string' }, 'secret-arn': { type: 'string' }, segments: { type: 'string' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const table = values.table ?? process.env.TABLE_NAME;
const secretArn = values['secret-arn'] ?? process.env.LINK_SECRET_ARN;
const segments = Number(values.segments ?? 1);
if (!table || !secretArn || !Number.isInteger(segments) || segments < 1 || segments > 64) {
  console.error(usage);
  process.exit(2);
}
const counts = await backfillEmailLookups(createDocumentClient(), table, await linkSecretFrom(secretArn)(), segments);
console.log(
  `Read ${counts.subjects} subject(s) with an address: ${counts.updated} lookup key(s) set, ${counts.current} already current, ` +
    `${counts.changedMeanwhile} changed meanwhile (keyed by their own write)`,
);
