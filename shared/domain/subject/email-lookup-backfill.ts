import { emailLookup } from './email-lookup';

/** What the backfill does with one scanned item: set its lookup key, or leave it as it is (and why). */
export type EmailLookupBackfill =
  | { action: 'set'; email: string; emailLookup: string }
  | { action: 'skip'; why: 'not-a-subject' | 'no-address' | 'current' };

/**
 * Whether a stored item needs its lookup key (re)written under the current link key: a subject item that has
 * an address whose key is missing (written before the index existed), a plain hash (before keyed lookups) or a
 * key under a rotated link key. A subject being erased gets it too while it still has an address, so the index
 * holds nothing a guess could check; an erased one has no address and so nothing to write.
 */
export function emailLookupBackfill(item: Record<string, unknown>, linkKey: Uint8Array): EmailLookupBackfill {
  if (item.sk !== 'SUBJECT') return { action: 'skip', why: 'not-a-subject' };
  const { controllerId, email } = item;
  if (typeof controllerId !== 'string' || typeof email !== 'string') return { action: 'skip', why: 'no-address' };
  const lookup = emailLookup(linkKey, controllerId, email);
  return item.emailLookup === lookup ? { action: 'skip', why: 'current' } : { action: 'set', email, emailLookup: lookup };
}
