import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { audienceShard } from '../../../shared/domain/audience/shard';
import { chunk } from '../../../shared/domain/collections/chunk';

const SHARDS = 16;

const sequentialIds = (count: number) => Array.from({ length: count }, (_, index) => `subject-${index}`);
// ULID-like: 26 characters of Crockford base32 derived from a hash, so the test is deterministic.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidLikeIds = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    [...createHash('sha256').update(String(index)).digest()].slice(0, 26).map((byte) => CROCKFORD[byte % 32]).join(''),
  );

function spread(ids: readonly string[], shards: number): number[] {
  const counts = new Array<number>(shards).fill(0);
  for (const id of ids) counts[audienceShard(id, shards)]!++;
  return counts;
}

describe('audienceShard', () => {
  it('gives the same shard for the same id, every time', () => {
    // Prepare
    const ids = ulidLikeIds(200);

    // Act
    const first = ids.map((id) => audienceShard(id, SHARDS));
    const second = ids.map((id) => audienceShard(id, SHARDS));

    // Assess
    expect(second).toEqual(first);
  });

  it('stays within 0..shards-1 for any shard count', () => {
    // Prepare
    const ids = [...sequentialIds(500), '', 'ü-unicode-€', 'x'.repeat(128)];

    // Act
    const outOfRange = [1, 3, 7, 16, 100].flatMap((shards) =>
      ids.map((id) => audienceShard(id, shards)).filter((shard) => !Number.isInteger(shard) || shard < 0 || shard >= shards),
    );

    // Assess
    expect(outOfRange).toEqual([]);
  });

  it.each([
    ['sequential ids', sequentialIds(10_000)],
    ['ULID-like ids', ulidLikeIds(10_000)],
  ])('spreads 10k %s over 16 shards with no shard above 1.3x the mean', (_kind, ids) => {
    // Act
    const counts = spread(ids, SHARDS);

    // Assess
    const mean = ids.length / SHARDS;
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(ids.length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(1.3 * mean);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });
});

describe('chunk', () => {
  it('cuts into chunks of at most the size, the last one shorter, keeping order', () => {
    // Prepare
    const items = Array.from({ length: 23 }, (_, index) => index);

    // Act
    const chunks = chunk(items, 10);

    // Assess
    expect(chunks.map((part) => part.length)).toEqual([10, 10, 3]);
    expect(chunks.flat()).toEqual(items);
  });

  it('gives exact chunks when the size divides the length, and none for no items', () => {
    // Act
    const exact = chunk(['a', 'b', 'c', 'd'], 2);
    const empty = chunk([], 50);

    // Assess
    expect(exact).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(empty).toEqual([]);
  });

  it('does not change the input', () => {
    // Prepare
    const items = Object.freeze([1, 2, 3]);

    // Act
    const chunks = chunk(items, 2);
    chunks[0]!.push(99);

    // Assess
    expect(items).toEqual([1, 2, 3]);
  });
});
