/**
 * The filing draft of a breach decision (an assessment, a filing) arrived before the decision was recorded: the
 * draft is queued first and the decision recorded right after, and the recording may still be under way, or may
 * have failed. The queue tries again; the sender drops it after a few tries.
 */
export class BreachDecisionNotRecordedError extends Error {
  constructor() {
    super('The filing draft of a breach decision that is not recorded');
    this.name = 'BreachDecisionNotRecordedError';
  }
}
