/**
 * The audience shard of a subject: a stable spread of a controller's subjects over N partitions, so
 * a fan-out over a million subjects reads N partitions in parallel and none of them is hot.
 * FNV-1a is enough: we need an even spread, not a secret.
 */
export function audienceShard(subjectId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < subjectId.length; index++) {
    hash ^= subjectId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** Splits items into chunks of at most `size`, keeping their order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
