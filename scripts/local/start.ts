/**
 * `npm start`: the whole pipeline on this machine, from the synthesized template.
 *   PORT       HTTP API port (default 3000)
 *   MAIL_PORT  SES emulator and its mail viewer (default 8005)
 */
import { createInterface } from 'node:readline';
import { startLocalPipeline } from './runtime';
import { permanentBounceEvent } from './sns/email-event-publisher';

// Lambda runs in UTC, and a time zone is process-wide in Node (worker threads included); Node applies
// the assignment at once.
process.env.TZ = 'UTC';

const apiPort = portFrom('PORT', 3000);
const mailPort = portFrom('MAIL_PORT', 8005);

const pipeline = await startLocalPipeline({ apiPort, mailPort }).catch((error: Error) => {
  console.error(`Could not start the local pipeline: ${error.message}`);
  process.exit(1);
});

console.log(`
  API           ${pipeline.apiUrl}   (try ${pipeline.apiUrl}/v1/openapi.json)
  Mail viewer   ${pipeline.mailUrl}
  Token         TOKEN=$(npm run -s token -- --controller softmedex --scope "subjects:write recipients:write disclosures:write disclosures:read erasures:write erasures:read breaches:write breaches:read")
                curl -H "Authorization: Bearer $TOKEN" ${pipeline.apiUrl}/v1/controllers/softmedex/...
  DynamoDB      ${pipeline.endpoints.dynamodb}
  SQS           ${pipeline.endpoints.sqs}
  Secrets       ${pipeline.endpoints.secretsManager}   (GetSecretValue; ${Object.keys(pipeline.secrets).length} secret(s) from the template)
  Sweeper       runs every 5 minutes; type  sweep 2027-01-15T00:05:00Z  (and Enter) to run it as of that time,
                to see intent notices, transfers, hold reminders and releases, erasure reminders, lapses,
                overdue flags and recipient follow-ups, and a breach's filing reminders, without waiting for the day
  Bounces       the SES emulator bounces nothing; type  bounce <controllerId> <breachId> <subjectId>  to have SES
                report a permanent bounce of that subject's breach notice (through the events topic and queue)

Local pipeline ready. Ctrl-C stops it.`);

// `sweep <ISO time>`: the sweeper in simulated time, as the tests drive it. `bounce <c> <b> <s>`: SES bounces a breach notice.
createInterface({ input: process.stdin }).on('line', (line) => {
  const bounce = /^\s*bounce\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
  if (bounce) {
    const [, controllerId, breachId, subjectId] = bounce as unknown as [string, string, string, string];
    pipeline.publishEmailEvent(permanentBounceEvent({ controllerId, breachId, subjectId })).then(
      (queues) => console.log(queues.length > 0 ? `Bounce published to ${queues.join(', ')}` : 'No queue takes SES bounce events'),
      (error: Error) => console.log(`The bounce was not published: ${error.message}`),
    );
    return;
  }
  const match = /^\s*sweep\s+(\S+)\s*$/.exec(line);
  if (!match) {
    if (line.trim() !== '') console.log('Commands: sweep <ISO 8601 time> | bounce <controllerId> <breachId> <subjectId>');
    return;
  }
  const at = new Date(match[1]!);
  if (Number.isNaN(at.getTime())) {
    console.log(`Not a time: ${match[1]}`);
    return;
  }
  pipeline.runSchedules(at).then(
    () => console.log(`Swept as of ${at.toISOString()}`),
    (error: Error) => console.log(`The sweep failed: ${error.message}`),
  );
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // A second Ctrl-C: leave now; the exit handler still kills DynamoDB Local's Java process.
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping the local pipeline...`);
  try {
    await pipeline.stop();
    process.exit(0);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

function portFrom(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${variable}=${value} is not a port number`);
    process.exit(2);
  }
  return port;
}
