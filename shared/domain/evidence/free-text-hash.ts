import { createHash } from 'node:crypto';

/**
 * What append-only evidence keeps of free text people write (a note, a reason, a hold's detail): its
 * SHA-256, hex. The text itself, which may name people, stays on a state item that erasure can scrub; the
 * hash still proves later which text was given.
 */
export function freeTextSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
