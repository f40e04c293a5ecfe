/** The first retry waits this long; each one after waits four times longer than the one before. */
const FIRST_RETRY_SECONDS = 30;
/** No retry waits longer than an hour: after five receives the message is in the dead-letter queue anyway. */
const LONGEST_RETRY_SECONDS = 3600;

/**
 * How long a failed webhook call waits before its next try, by how often its message was received:
 * 30 s, 2 min, 8 min, 32 min, then an hour. A recipient that is down for a while is not hammered.
 */
export function webhookRetryDelaySeconds(receiveCount: number): number {
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  return Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 4 ** Math.min(attempt - 1, 10));
}
