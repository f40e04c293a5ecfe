import { afterEach, describe, expect, it, vi } from 'vitest';
import { rateExpressionPeriodMs } from '../../../scripts/local/schedules/rate-expression';
import {
  ScheduledInvocationFailed,
  runSchedulesOnce,
  scheduledEvent,
  startScheduleTimers,
} from '../../../scripts/local/schedules/schedule-timers';
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

describe('startScheduleTimers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

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

describe('runSchedulesOnce (simulated time)', () => {
  const ok = { ok: true as const, result: null, requestId: 'r' };

  it("invokes every schedule's targets at once with the given time, to the second, awaiting each", async () => {
    const finished: string[] = [];
    const invoke = vi.fn(async (functionLogicalId: string, _event: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(functionLogicalId);
      return ok;
    });
    const cron = { ...rule, logicalId: 'CronRule', expression: 'cron(0 3 * * ? *)', targets: [{ functionLogicalId: 'Reporter' }] };
    await runSchedulesOnce({ schedules: [rule, cron, schedule], account, invoke, at: new Date('2026-12-24T23:59:59.987Z') });

    expect(finished).toEqual(['SweeperFunction', 'Reporter', 'SweeperFunction']);
    expect(invoke.mock.calls[0]).toEqual([
      'SweeperFunction',
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: '2026-12-24T23:59:59Z',
        region: 'eu-west-1',
        resources: ['arn:aws:events:eu-west-1:000000000000:rule/SweeperRule'],
        detail: {},
      },
    ]);
    expect(invoke.mock.calls[1]![1]).toMatchObject({ time: '2026-12-24T23:59:59Z', resources: [cron.arn] });
    expect(invoke.mock.calls[2]![1]).toEqual({ sweep: 'retention' });
  });

  it('fills EventBridge Scheduler context attributes in a target Input with the given time', () => {
    const withContext = { ...schedule, targets: [] };
    const input = '{"at":"<aws.scheduler.scheduled-time>","by":"<aws.scheduler.schedule-arn>","other":"<aws.scheduler.unknown>"}';
    expect(scheduledEvent(withContext, input, account, new Date('2026-01-02T03:04:05.600Z'))).toEqual({
      at: '2026-01-02T03:04:05Z',
      by: schedule.arn,
      other: '<aws.scheduler.unknown>',
    });
  });

  it('runs them all, then rejects with each failed schedule, function and error type (never the message)', async () => {
    const invoke = vi.fn(async (functionLogicalId: string) =>
      functionLogicalId === 'Broken'
        ? { ok: false as const, requestId: 'r', error: { errorType: 'Sandbox.Timedout', errorMessage: 'jan@example.com' } }
        : ok,
    );
    const broken = { ...rule, logicalId: 'BrokenRule', targets: [{ functionLogicalId: 'Broken' }] };
    const run = runSchedulesOnce({ schedules: [broken, rule], account, invoke, at: new Date('2026-11-23T10:00:00Z') });
    await expect(run).rejects.toBeInstanceOf(ScheduledInvocationFailed);
    await expect(run).rejects.toThrow('Scheduled invocation failed: BrokenRule: Broken failed with Sandbox.Timedout');
    await expect(run).rejects.not.toThrow(/jan@example\.com/);
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it('resolves without invoking anything when the template has no schedule, and refuses an invalid date', async () => {
    const invoke = vi.fn(async () => ok);
    await runSchedulesOnce({ schedules: [], account, invoke, at: new Date() });
    expect(invoke).not.toHaveBeenCalled();
    await expect(runSchedulesOnce({ schedules: [rule], account, invoke, at: new Date('not a date') })).rejects.toThrow(/valid date/);
  });
});
