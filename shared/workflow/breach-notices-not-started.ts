/**
 * A plan or chunk message of a breach's notices arrived before the notices were recorded as started: the plan is
 * queued first and the start recorded right after, which may still be under way, or may have failed. The queue
 * tries again; the planner drops it after a few tries.
 */
export class BreachNoticesNotStartedError extends Error {
  constructor() {
    super("A message of a breach's notices that are not started");
    this.name = 'BreachNoticesNotStartedError';
  }
}
