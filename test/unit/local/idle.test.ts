import { describe, expect, it } from 'vitest';
import { waitUntilIdle } from '../../../scripts/local/idle';

describe('waitUntilIdle', () => {
  it('resolves only after two idle checks in a row', async () => {
    const reports = [[], ['PlanQueue: 1 visible'], [], []];
    let checks = 0;
    await waitUntilIdle(async () => reports[checks++] ?? [], 1000, 1);
    expect(checks).toBe(4);
  });

  it('rejects with what is still busy after the timeout', async () => {
    await expect(waitUntilIdle(async () => ['NotifyQueue: 0 visible, 2 in flight, 0 delayed'], 30, 5)).rejects.toThrow(
      'Not idle after 30 ms: NotifyQueue: 0 visible, 2 in flight, 0 delayed',
    );
  });
});
