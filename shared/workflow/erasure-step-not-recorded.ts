/**
 * The message of a step of an erasure request (its execution, a recipient's notice, the completion email)
 * arrived before the step was recorded: each is queued first and recorded right after, and the recording may
 * still be under way, or may have failed. The queue tries again; the sender drops it after a few tries.
 */
export class ErasureStepNotRecordedError extends Error {
  constructor(step: string) {
    super(`The ${step} of an erasure request that is not recorded`);
    this.name = 'ErasureStepNotRecordedError';
  }
}
