import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../shared/workflow/pacer';

/** A clock that only moves when the pacer sleeps, and a sleep that records each wait. */
function simulatedTime(start = 1_700_000_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    elapsedMs: () => now - start,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('createPacer', () => {
  it('lets the first batch go at once', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = createPacer(14, time.sleep);

    // Act
    await pacer.take(50, time.now());

    // Assess
    expect(time.waits).toEqual([]);
  });

  it('spaces N messages at rate R so that they, and the next message, span at least N/R seconds', async () => {
    // Prepare
    const rate = 14;
    const batches = [50, 50, 37, 50, 12, 50, 50, 1];
    const total = batches.reduce((sum, size) => sum + size, 0);
    const time = simulatedTime();
    const pacer = createPacer(rate, time.sleep);

    // Act
    const startedAt: number[] = [];
    for (const size of batches) {
      await pacer.take(size, time.now());
      startedAt.push(time.elapsedMs());
    }
    await pacer.take(1, time.now());

    // Assess
    let before = 0;
    batches.forEach((size, index) => {
      // No batch starts before the messages ahead of it have had their share of time.
      expect(startedAt[index]).toBeGreaterThanOrEqual((before / rate) * 1000 - 0.01);
      before += size;
    });
    expect(time.elapsedMs()).toBeGreaterThanOrEqual((total / rate) * 1000 - 0.01);
    // ...and no slower than needed: the waits add up to exactly N/R.
    expect(time.waits.reduce((sum, wait) => sum + wait, 0)).toBeCloseTo((total / rate) * 1000, 1);
  });

  it('counts idle time: after a pause longer than the last batch needed, the next one goes at once', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = createPacer(10, time.sleep);
    await pacer.take(50, time.now()); // needs 5 s

    // Act
    time.advance(6_000);
    await pacer.take(50, time.now());

    // Assess
    expect(time.waits).toEqual([]);
  });

  it('saves no credit while idle: a long pause buys one batch, not a burst', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = createPacer(10, time.sleep);
    await pacer.take(10, time.now());
    time.advance(60_000);

    // Act
    await pacer.take(50, time.now());
    await pacer.take(50, time.now());

    // Assess
    expect(time.waits).toEqual([5_000]);
  });

  it('waits only for what is left of the previous batch when some time has passed', async () => {
    // Prepare
    const time = simulatedTime();
    const pacer = createPacer(20, time.sleep);
    await pacer.take(40, time.now()); // needs 2 s

    // Act
    time.advance(500);
    await pacer.take(1, time.now());

    // Assess
    expect(time.waits).toEqual([1_500]);
  });

  it('queues concurrent callers one after the other instead of letting them go together', async () => {
    // Prepare
    const waits: number[] = [];
    const pacer = createPacer(10, async (ms) => {
      waits.push(ms);
    });
    const now = 1_000_000;

    // Act
    await Promise.all([pacer.take(50, now), pacer.take(50, now), pacer.take(50, now)]);

    // Assess
    expect(waits.sort((a, b) => a - b)).toEqual([5_000, 10_000]);
  });
});

describe('createPacer.drain', () => {
  it('holds the invocation until what it sent has used up its share of the rate', async () => {
    // Prepare: 6 messages at 3 per second leave the rate busy for 2 s.
    const time = simulatedTime();
    const pacer = createPacer(3, time.sleep);
    await pacer.take(6, time.now());
    time.advance(500);

    // Act
    await pacer.drain(time.now());

    // Assess
    expect(time.waits).toEqual([1500]);
    expect(time.elapsedMs()).toBe(2000);
  });

  it('does not wait once the rate has caught up', async () => {
    const time = simulatedTime();
    const pacer = createPacer(3, time.sleep);
    await pacer.take(3, time.now());
    time.advance(1500);

    await pacer.drain(time.now());

    expect(time.waits).toEqual([]);
  });
});
