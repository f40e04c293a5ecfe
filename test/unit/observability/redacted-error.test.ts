import { describe, expect, it } from 'vitest';
import { RedactedError, redactingErrors } from '../../../shared/observability/redacted-error';

describe('redactingErrors', () => {
  it("keeps a failure's name and drops its message, which may quote an address", async () => {
    const ses = Object.assign(new Error('Email address is not verified: jan@example.nl'), { name: 'MessageRejected' });

    const failing = redactingErrors(async () => {
      throw ses;
    });

    await expect(failing).rejects.toBeInstanceOf(RedactedError);
    const error = await failing.catch((caught: Error) => caught);
    expect(error.name).toBe('MessageRejected');
    expect(`${error.message} ${error.stack}`).not.toContain('jan@example.nl');
  });

  it('passes a result through untouched', async () => {
    await expect(redactingErrors(async () => 42)).resolves.toBe(42);
  });
});
