import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { PublicCommunication } from '../domain/breach/breach';
import type { BreachRefusal } from '../domain/breach/breach-refusal';
import type { Clock } from '../domain/clock';
import type { Actor } from '../domain/evidence/actor';

export interface RecordPublicCommunicationDependencies {
  breaches: Pick<BreachStore, 'get' | 'recordPublicCommunication'>;
  clock: Clock;
}

export type PublicCommunicationIntake = Pick<PublicCommunication, 'publishedAt' | 'channel' | 'url'>;

export type RecordPublicCommunicationOutcome =
  | { outcome: 'recorded'; publicCommunication: PublicCommunication }
  | { outcome: 'unknown-breach' }
  | { outcome: 'refused'; refusal: BreachRefusal };

const ATTEMPTS = 3;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records the public communication the controller made about a high-risk breach (Art. 34(3)(c)): instead of
 * notices when telling each subject takes disproportionate effort, or beside them when notices could not reach
 * some. Once per breach; only while the latest assessment is `high`.
 */
export async function recordPublicCommunication(
  deps: RecordPublicCommunicationDependencies,
  controllerId: string,
  breachId: string,
  intake: PublicCommunicationIntake,
  actor: Actor,
): Promise<RecordPublicCommunicationOutcome> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const stored = await deps.breaches.get(controllerId, breachId);
    if (!stored) return { outcome: 'unknown-breach' };
    const now = deps.clock.now();
    const refusal = communicationRefusal(stored, intake, now);
    if (refusal) return { outcome: 'refused', refusal };
    const publicCommunication: PublicCommunication = {
      publishedAt: new Date(intake.publishedAt).toISOString(),
      channel: intake.channel,
      ...(intake.url ? { url: intake.url } : {}),
      recordedAt: now.toISOString(),
      recordedBy: actor,
    };
    if (await deps.breaches.recordPublicCommunication(controllerId, breachId, publicCommunication, stored.seq)) return { outcome: 'recorded', publicCommunication };
  }
  throw new Error('The breach kept changing while its public communication was being recorded');
}

function communicationRefusal(
  stored: NonNullable<Awaited<ReturnType<BreachStore['get']>>>,
  intake: PublicCommunicationIntake,
  now: Date,
): BreachRefusal | undefined {
  const published = Date.parse(intake.publishedAt);
  if (published > now.getTime() + CLOCK_SKEW_MS) return { kind: 'invalid', field: 'publishedAt', message: 'must not be in the future' };
  if (published < Date.parse(stored.report.awareAt)) {
    return { kind: 'invalid', field: 'publishedAt', message: `must not be before the controller became aware of the breach, ${stored.report.awareAt}` };
  }
  if (stored.assessment?.risk !== 'high') {
    return { kind: 'conflict', field: '(breach)', message: 'a public communication (GDPR Art. 34(3)(c)) is recorded for a breach assessed as high risk only' };
  }
  if (stored.publicCommunication) return { kind: 'conflict', field: '(breach)', message: `a public communication is recorded already, published ${stored.publicCommunication.publishedAt}` };
  return undefined;
}
