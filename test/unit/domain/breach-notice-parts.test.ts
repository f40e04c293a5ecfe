import { describe, expect, it } from 'vitest';
import { breachNoticesProgress, noBreachNoticeCounts } from '../../../shared/domain/breach/breach-notice';
import { belongsToNotices, breachNoticeParts, breachPartId, breachPartKey, keptAudience } from '../../../shared/domain/breach/breach-notice-parts';
import { EXPLICIT_SLICE_SIZE } from '../../../shared/domain/disclosure/plan-parts';

const ids = (count: number, prefix = 's') => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('breachNoticeParts', () => {
  it('plans everyone, and a category, as one part per shard', () => {
    expect(breachNoticeParts({ type: 'all' }, 3)).toEqual([{ shard: 0 }, { shard: 1 }, { shard: 2 }]);
    expect(breachNoticeParts({ type: 'category', category: 'Health data' }, 2)).toEqual([{ shard: 0 }, { shard: 1 }]);
  });

  it('cuts a list into slices of 250, each id once', () => {
    // Prepare
    const subjectIds = [...ids(EXPLICIT_SLICE_SIZE + 3), 's-0', 's-1'];

    // Act
    const parts = breachNoticeParts({ type: 'list', subjectIds }, 16);

    // Assess
    expect(parts).toEqual([
      { slice: 0, subjectIds: ids(EXPLICIT_SLICE_SIZE) },
      { slice: 1, subjectIds: ids(EXPLICIT_SLICE_SIZE + 3).slice(EXPLICIT_SLICE_SIZE) },
    ]);
  });

  it("plans a breached recipient's subjects as one chain of pages", () => {
    expect(breachNoticeParts({ type: 'recipient' }, 16)).toEqual([{ recipient: true }]);
  });
});

describe('part keys and ids', () => {
  it('names each part for its counters, and each page for its work', () => {
    expect([breachPartKey({ shard: 4, cursor: 'x' }), breachPartKey({ slice: 2, subjectIds: ['a'] }), breachPartKey({ recipient: true, cursor: 'x' })]).toEqual([
      'shard-4',
      'slice-2',
      'recipient',
    ]);
    expect([breachPartId({ shard: 4 }), breachPartId({ shard: 4, cursor: 's-9' }), breachPartId({ slice: 2, subjectIds: ['a'] }), breachPartId({ recipient: true, cursor: 's-9' })]).toEqual([
      'notices#shard-4#',
      'notices#shard-4#s-9',
      'notices#slice-2',
      'notices#recipient#s-9',
    ]);
  });
});

describe('keptAudience and belongsToNotices', () => {
  it("keeps a list by its size and its slices' hashes, and takes only its own slices", () => {
    // Prepare
    const subjectIds = ids(EXPLICIT_SLICE_SIZE + 1);
    const parts = breachNoticeParts({ type: 'list', subjectIds }, 16);

    // Act
    const kept = keptAudience({ type: 'list', subjectIds }, parts);

    // Assess
    expect(kept).toEqual({ type: 'list', subjects: EXPLICIT_SLICE_SIZE + 1, slicesSha256: [expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)] });
    expect(parts.every((part) => belongsToNotices(part, kept))).toBe(true);
    // A slice of another request's list, even at the same index, is not these notices'.
    expect(belongsToNotices({ slice: 1, subjectIds: ['someone-else'] }, kept)).toBe(false);
    expect(belongsToNotices({ slice: 2, subjectIds: ['s-0'] }, kept)).toBe(false);
    expect(belongsToNotices({ shard: 0 }, kept)).toBe(false);
  });

  it('takes shards for everyone and a category, the chain for a recipient, and nothing else', () => {
    expect(keptAudience({ type: 'all' }, [])).toEqual({ type: 'all' });
    expect(belongsToNotices({ shard: 3 }, { type: 'all' })).toBe(true);
    expect(belongsToNotices({ shard: 3 }, { type: 'category', category: 'x' })).toBe(true);
    expect(belongsToNotices({ recipient: true }, { type: 'all' })).toBe(false);
    expect(belongsToNotices({ recipient: true }, { type: 'recipient' })).toBe(true);
    expect(belongsToNotices({ shard: 0 }, { type: 'recipient' })).toBe(false);
  });
});

describe('breachNoticesProgress', () => {
  const counts = (overrides: Partial<ReturnType<typeof noBreachNoticeCounts>>) => ({ ...noBreachNoticeCounts(), ...overrides });

  it('is planning until every part is planned, sending while a notice is queued, completed after', () => {
    expect(breachNoticesProgress(2, counts({ partsPlanned: 1, subjects: 3, notified: 3 })).status).toBe('planning');
    expect(breachNoticesProgress(2, counts({ partsPlanned: 2, subjects: 3, notified: 2 }))).toMatchObject({ status: 'sending', pending: 1 });
    expect(breachNoticesProgress(2, counts({ partsPlanned: 2, subjects: 3, notified: 2, suppressed: 1 }))).toMatchObject({ status: 'completed', pending: 0 });
  });

  it('counts failed, suppressed and bounced notices as unreachable', () => {
    const progress = breachNoticesProgress(1, counts({ partsPlanned: 1, subjects: 10, notified: 7, failed: 1, suppressed: 2, bounced: 3 }));
    expect(progress).toMatchObject({ unreachable: 6, pending: 0, status: 'completed' });
  });
});
