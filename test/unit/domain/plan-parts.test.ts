import { describe, expect, it } from 'vitest';
import { EXPLICIT_SLICE_SIZE, planParts } from '../../../shared/domain/disclosure/plan-parts';

const ids = (count: number, prefix = 's') => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('planParts', () => {
  it('plans the whole audience as one part per shard', () => {
    // Act
    const parts = planParts({ all: true }, 16);

    // Assess
    expect(parts).toHaveLength(16);
    expect(parts.map((part) => ('shard' in part ? part.shard : -1))).toEqual([...Array(16).keys()]);
  });

  it('follows the shard count it is given', () => {
    // Act
    const parts = planParts({ all: true }, 3);

    // Assess
    expect(parts).toEqual([{ shard: 0 }, { shard: 1 }, { shard: 2 }]);
  });

  it('cuts an explicit list into numbered slices of 250, in order', () => {
    // Prepare
    const subjectIds = ids(2 * EXPLICIT_SLICE_SIZE + 7);

    // Act
    const parts = planParts({ subjectIds }, 16);

    // Assess
    expect(EXPLICIT_SLICE_SIZE).toBe(250);
    expect(parts.map((part) => ('slice' in part ? part.slice : -1))).toEqual([0, 1, 2]);
    expect(parts.map((part) => ('subjectIds' in part ? part.subjectIds.length : 0))).toEqual([250, 250, 7]);
    expect(parts.flatMap((part) => ('subjectIds' in part ? part.subjectIds : []))).toEqual(subjectIds);
  });

  it('names each subject of an explicit list once, however often it was listed', () => {
    // Prepare
    const unique = ids(300);
    const subjectIds = [...unique, ...unique.slice(0, 120), unique[5]!];

    // Act
    const parts = planParts({ subjectIds }, 16);

    // Assess
    const planned = parts.flatMap((part) => ('subjectIds' in part ? part.subjectIds : []));
    expect(planned).toEqual(unique);
    expect(parts).toHaveLength(2);
  });
});
