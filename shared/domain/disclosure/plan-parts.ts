import { chunk } from '../collections/chunk';
import type { Audience } from './disclosure';

export const EXPLICIT_SLICE_SIZE = 250;

export type PlanPart = { shard: number } | { slice: number; subjectIds: string[] };

/** The independent parts an audience is planned in: every shard of the whole audience, or slices of a list. */
export function planParts(audience: Audience, shards: number): PlanPart[] {
  if ('all' in audience) return Array.from({ length: shards }, (_, shard) => ({ shard }));
  const unique = [...new Set(audience.subjectIds)];
  return chunk(unique, EXPLICIT_SLICE_SIZE).map((subjectIds, slice) => ({ slice, subjectIds }));
}
