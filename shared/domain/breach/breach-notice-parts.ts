import { createHash } from 'node:crypto';
import { chunk } from '../collections/chunk';
import { EXPLICIT_SLICE_SIZE } from '../disclosure/plan-parts';
import type { BreachAudience, KeptBreachAudience } from './breach';

/** The independent parts a breach's notices are planned in (the plan messages' `part`). */
export type BreachPlanPart =
  | { shard: number; cursor?: string }
  | { slice: number; subjectIds: string[] }
  /** The breached recipient's ledger entries, through the `byRecipient` index: one chain of pages. */
  | { recipient: true; cursor?: string };

/** Most ids in a list audience. */
export const MAX_BREACH_LIST = 10_000;

/**
 * The parts of an audience: every shard of the controller's audience for `all` and `category` (the category is
 * filtered per page), slices of a list (each id once), or the one chain of the recipient's ledger entries.
 */
export function breachNoticeParts(audience: BreachAudience, shards: number): BreachPlanPart[] {
  switch (audience.type) {
    case 'all':
    case 'category':
      return Array.from({ length: shards }, (_, shard) => ({ shard }));
    case 'list':
      return chunk([...new Set(audience.subjectIds)], EXPLICIT_SLICE_SIZE).map((subjectIds, slice) => ({ slice, subjectIds }));
    case 'recipient':
      return [{ recipient: true }];
  }
}

/** Names an audience part; each part has its own counters. */
export function breachPartKey(part: BreachPlanPart): string {
  if ('shard' in part) return `shard-${part.shard}`;
  if ('slice' in part) return `slice-${part.slice}`;
  return 'recipient';
}

/** Names one page of a part: the unit of planning work, and the start of its chunks' work ids. */
export function breachPartId(part: BreachPlanPart): string {
  return 'slice' in part ? `notices#${breachPartKey(part)}` : `notices#${breachPartKey(part)}#${part.cursor ?? ''}`;
}

function sliceSha256(subjectIds: readonly string[]): string {
  return createHash('sha256').update(subjectIds.join('\n')).digest('hex');
}

/** The audience as the started notices keep it: a list by its size and its slices' hashes. */
export function keptAudience(audience: BreachAudience, parts: readonly BreachPlanPart[]): KeptBreachAudience {
  if (audience.type !== 'list') return audience;
  const slices = parts.flatMap((part) => ('slice' in part ? [part.subjectIds] : []));
  return { type: 'list', subjects: slices.flat().length, slicesSha256: slices.map(sliceSha256) };
}

/**
 * Whether a plan message's part belongs to the notices started: plan messages are queued before the start is
 * recorded, so those of a request that lost the race to start them must not be planned as the winner's.
 */
export function belongsToNotices(part: BreachPlanPart, audience: KeptBreachAudience): boolean {
  if ('shard' in part) return audience.type === 'all' || audience.type === 'category';
  if ('slice' in part) return audience.type === 'list' && audience.slicesSha256[part.slice] === sliceSha256(part.subjectIds);
  return audience.type === 'recipient';
}
