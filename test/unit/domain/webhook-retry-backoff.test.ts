import { describe, expect, it } from 'vitest';
import { webhookRetryDelaySeconds } from '../../../shared/domain/webhooks/retry-backoff';

describe('webhookRetryDelaySeconds', () => {
  it('waits 30 s after the first failure and four times longer after each next one, an hour at most', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(webhookRetryDelaySeconds)).toEqual([30, 120, 480, 1920, 3600, 3600, 3600]);
  });

  it('takes a missing or odd receive count for the first', () => {
    expect([0, Number.NaN, -3].map(webhookRetryDelaySeconds)).toEqual([30, 30, 30]);
  });
});
