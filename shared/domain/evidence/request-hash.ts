import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * What an idempotency claim keeps of the request it answered: the SHA-256 of its canonical JSON, hex. A retry
 * with the same key and the same request matches it; the key reused for another request does not.
 */
export function hashRequest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
