/**
 * An error that keeps only the name of its cause. Messages from AWS services can quote an address
 * (SES names the recipient it refused), and a failed record's error reaches the logs through the
 * batch processor and the Lambda runtime; the name is enough to act on.
 */
export class RedactedError extends Error {
  constructor(cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'UnknownError';
    super(`${name} (message withheld: it may hold personal data)`);
    this.name = name;
  }
}

/** Runs `work`; if it fails, fails with the redacted error instead. */
export async function redactingErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new RedactedError(error);
  }
}
