const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The period of a `rate(...)` schedule in milliseconds, or undefined for `cron(...)` and `at(...)`
 * schedules, which the local runtime does not run. Like EventBridge, a rate of 1 takes the singular
 * unit and any other the plural, and anything else is refused.
 */
export function rateExpressionPeriodMs(expression: string): number | undefined {
  if (/^(cron|at)\(/.test(expression)) return undefined;
  const rate = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(expression.trim());
  const value = Number(rate?.[1]);
  if (!rate || value < 1 || (value === 1) === (rate[3] === 's')) {
    throw new Error(`Not a valid schedule expression: ${expression}`);
  }
  return value * UNIT_MS[rate[2] as keyof typeof UNIT_MS];
}
