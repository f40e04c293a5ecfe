import type { BreachSentEvent, BreachStore } from '../adapters/dynamo/breach-store';

/**
 * Whether a mail about a breach was recorded as sent under this work id: the event is the evidence, so a retry
 * that finds it (the work marker lost to a crash after the event) records nothing twice and mails nobody again.
 */
export async function breachMailRecorded(
  breaches: Pick<BreachStore, 'events'>,
  controllerId: string,
  breachId: string,
  type: BreachSentEvent,
  workId: string,
): Promise<boolean> {
  const events = await breaches.events(controllerId, breachId);
  return events.some((event) => event.type === type && event.data.workId === workId);
}
