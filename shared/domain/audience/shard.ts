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
