import { afterEach, describe, expect, it, vi } from 'vitest';
import { rateExpressionPeriodMs } from '../../../scripts/local/schedules/rate-expression';
import { startScheduleTimers } from '../../../scripts/local/schedules/schedule-timers';
import type { FunctionSchedule } from '../../../scripts/local/template/triggers';
import { account } from './template-fragment';

describe('rateExpressionPeriodMs', () => {
  it('reads rate expressions in minutes, hours and days', () => {
    expect(rateExpressionPeriodMs('rate(1 minute)')).toBe(60_000);
    expect(rateExpressionPeriodMs('rate(5 minutes)')).toBe(300_000);
    expect(rateExpressionPeriodMs('rate(2 hours)')).toBe(7_200_000);
    expect(rateExpressionPeriodMs('rate(1 day)')).toBe(86_400_000);
  });

  it('refuses what EventBridge refuses: a plural with 1, a singular with more, zero, unknown units', () => {
    for (const expression of ['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(10 seconds)', 'rate(five minutes)', 'every 5 minutes']) {
      expect(() => rateExpressionPeriodMs(expression), expression).toThrow(/Not a valid schedule expression/);
    }
  });

  it('leaves cron and one-off schedules to the cloud', () => {
    expect(rateExpressionPeriodMs('cron(0 3 * * ? *)')).toBeUndefined();
    expect(rateExpressionPeriodMs('at(2026-12-01T09:00:00)')).toBeUndefined();
  });
});

describe('startScheduleTimers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const rule: FunctionSchedule = {
    logicalId: 'SweeperRule',
    arn: 'arn:aws:events:eu-west-1:000000000000:rule/SweeperRule',
    expression: 'rate(5 minutes)',
    source: 'events-rule',
    targets: [{ functionLogicalId: 'SweeperFunction' }],
  };
  const schedule: FunctionSchedule = {
    logicalId: 'Nightly',
    arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule/Nightly',
    expression: 'rate(1 day)',
    source: 'scheduler',
    targets: [{ functionLogicalId: 'SweeperFunction', input: '{"sweep":"retention"}' }],
  };

  it('invokes each target once per period, the first time one period after start', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z') });
    const invoke = vi.fn(async () => ({ ok: true as const, result: null, requestId: 'r' }));
    const timers = startScheduleTimers({ schedules: [rule, schedule], account, invoke, log: () => {} });

    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(invoke).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('SweeperFunction', {
      version: '0',
      id: expect.any(String),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-23T10:05:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:000000000000:rule/SweeperRule'],
      detail: {},
    });
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000 - 5 * 60_000);
    expect(invoke).toHaveBeenCalledWith('SweeperFunction', { sweep: 'retention' });
    expect(invoke).toHaveBeenCalledTimes(288 + 1);

    timers.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(invoke).toHaveBeenCalledTimes(289);
  });

  it('reports a failed scheduled invocation without personal data and skips cron schedules', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const invoke = vi.fn(async () => ({ ok: false as const, error: { errorType: 'Error', errorMessage: 'jan@example.com' }, requestId: 'r' }));
    const timers = startScheduleTimers({ schedules: [rule, { ...rule, logicalId: 'CronRule', expression: 'cron(0 3 * * ? *)' }], account, invoke, log: (line) => lines.push(line) });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    timers.stop();
    expect(lines).toEqual(['CronRule: cron(0 3 * * ? *) is not run locally (only rate(...) schedules are)', 'SweeperRule: SweeperFunction failed with Error']);
  });
});
