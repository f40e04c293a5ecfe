import { SQSClient } from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';
import { redrive } from '../shared/adapters/sqs/redrive';

/**
 * `npm run redrive -- --from <dead-letter queue url> --to <queue url>`: sends every message of a
 * dead-letter queue back to its queue once the cause is fixed. The stack outputs both URLs of each queue;
 * the SDK's usual region, credentials and AWS_ENDPOINT_URL_SQS apply.
 */
const usage = 'usage: npm run redrive -- --from <dead-letter queue url> --to <queue url>';
let from: string | undefined;
let to: string | undefined;
try {
  ({ values: { from, to } } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!from || !to) {
  console.error(usage);
  process.exit(2);
}
const moved = await redrive(new SQSClient({}), from, to);
console.log(`Moved ${moved} message(s) back to ${to}`);
