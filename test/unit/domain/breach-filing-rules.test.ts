import { describe, expect, it } from 'vitest';
import { checkFiling } from '../../../shared/domain/breach/filing-rules';
import { aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';

// Aware 2026-12-01T08:00Z: the 72 hours end 2026-12-04T08:00Z.
const now = new Date('2026-12-05T09:00:00.000Z');
const breach = aStoredBreach({ assessment: anAssessment() });
const filed = (filedAt: string, phase: 'initial' | 'supplement' | 'withdrawal' = 'initial', delayReasons?: string) => ({
  phase,
  filedAt,
  ...(delayReasons === undefined ? {} : { delayReasons }),
});

describe('checkFiling', () => {
  it('takes a first, initial filing within the 72 hours without reasons, the last instant included', () => {
    expect(checkFiling(breach, filed('2026-12-02T10:00:00.000Z'), now)).toBeUndefined();
    expect(checkFiling(breach, filed('2026-12-04T08:00:00.000Z'), now)).toBeUndefined();
  });

  it('refuses a late first filing without delayReasons, naming the field and the minutes late (Art. 33(1))', () => {
    expect(checkFiling(breach, filed('2026-12-04T08:00:30.000Z'), now)).toEqual({
      kind: 'invalid',
      field: 'delayReasons',
      message: expect.stringContaining('1 minute(s) after the 72 hours'),
    });
    expect(checkFiling(breach, filed('2026-12-04T09:00:00.000Z', 'initial', '  '), now)).toMatchObject({ field: 'delayReasons' });
    expect(checkFiling(breach, filed('2026-12-04T09:00:00.000Z', 'initial', 'The breach was found on a Friday night.'), now)).toBeUndefined();
  });

  it('lets supplements to a late initial filing go without reasons of their own', () => {
    const late = { ...breach, filings: [aFiling({ filedAt: '2026-12-04T09:00:00.000Z', delayReasons: 'Weekend' })] };
    expect(checkFiling(late, filed('2026-12-05T08:00:00.000Z', 'supplement'), now)).toBeUndefined();
  });

  it('refuses a filing made in the future or before awareness', () => {
    expect(checkFiling(breach, filed('2026-12-05T10:00:00.000Z'), now)).toMatchObject({ kind: 'invalid', field: 'filedAt' });
    expect(checkFiling(breach, filed('2026-12-01T07:59:59.000Z'), now)).toMatchObject({ kind: 'invalid', field: 'filedAt' });
  });

  it('requires the first filing to be initial, and no second initial one (Art. 33(4): phases)', () => {
    expect(checkFiling(breach, filed('2026-12-02T10:00:00.000Z', 'supplement'), now)).toMatchObject({ kind: 'conflict', field: 'phase' });
    expect(checkFiling(breach, filed('2026-12-02T10:00:00.000Z', 'withdrawal'), now)).toMatchObject({ kind: 'conflict', field: 'phase' });
    const initial = { ...breach, filings: [aFiling()] };
    expect(checkFiling(initial, filed('2026-12-03T10:00:00.000Z', 'initial'), now)).toMatchObject({ kind: 'conflict', field: 'phase' });
    expect(checkFiling(initial, filed('2026-12-03T10:00:00.000Z', 'supplement'), now)).toBeUndefined();
    expect(checkFiling(initial, filed('2026-12-03T10:00:00.000Z', 'withdrawal'), now)).toBeUndefined();
  });

  it('takes nothing after a withdrawal', () => {
    const withdrawn = { ...breach, filings: [aFiling(), aFiling({ phase: 'withdrawal', filedAt: '2026-12-03T10:00:00.000Z' })] };
    for (const phase of ['initial', 'supplement', 'withdrawal'] as const) {
      expect(checkFiling(withdrawn, filed('2026-12-04T10:00:00.000Z', phase), now)).toMatchObject({ kind: 'conflict', field: 'phase' });
    }
  });

  it('refuses a filing dated before the previous one', () => {
    const initial = { ...breach, filings: [aFiling({ filedAt: '2026-12-02T10:00:00.000Z' })] };
    expect(checkFiling(initial, filed('2026-12-02T09:00:00.000Z', 'supplement'), now)).toMatchObject({ kind: 'invalid', field: 'filedAt' });
  });

  it('refuses a filing on a breach assessed as no risk, until it is assessed again', () => {
    const closed = aStoredBreach({ assessment: anAssessment({ risk: 'none' }) });
    expect(checkFiling(closed, filed('2026-12-02T10:00:00.000Z'), now)).toMatchObject({ kind: 'conflict' });
    expect(checkFiling(aStoredBreach(), filed('2026-12-02T10:00:00.000Z'), now)).toBeUndefined();
  });
});
