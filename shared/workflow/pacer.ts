/**
 * Keeps one container's sending at or below a rate. Hand-written because we pace by message count per
 * bulk call (50 per SendBulkEmail), which the general limiters we know count as one task.
 */
export function createPacer(ratePerSecond: number, sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))) {
  let nextFreeAt = 0;
  return {
    /** Waits until `messages` may go out without exceeding the rate. */
    async take(messages: number, now = Date.now()): Promise<void> {
      const start = Math.max(now, nextFreeAt);
      nextFreeAt = start + (messages / ratePerSecond) * 1000;
      if (start > now) await sleep(start - now);
    },
    /**
     * Waits until what was sent has used up its share of the rate. An invocation drains before it ends,
     * so the next one, in whichever container, cannot start sending early.
     */
    async drain(now = Date.now()): Promise<void> {
      if (nextFreeAt > now) await sleep(nextFreeAt - now);
    },
  };
}
