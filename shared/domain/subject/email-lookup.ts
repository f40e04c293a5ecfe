import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The key a subject is found by from the address they type on the controller's website, without a second
 * copy of the address: `C#<controllerId>#EMAIL#<hex>`, the HMAC-SHA256 of the address trimmed and lower-cased
 * (what a person types differs from what the legal team registered in case and surrounding spaces only). It
 * starts with the controller, so one controller's lookup never finds another controller's subjects.
 *
 * Keyed, not a plain hash: the key sits in the `byEmail` index and in queued (and dead-lettered) messages, even
 * for addresses of people who are no customers, and a plain hash would let whoever holds it test a guessed
 * address with one hash. The HMAC key is derived with HKDF-SHA256 from the link-signing key, one per controller,
 * so nothing new is stored. Rotating the link key changes every lookup key: run `npm run backfill:email-lookup`
 * right after, or the website's erasure intake finds no one registered before the rotation.
 */
export function emailLookup(linkKey: Uint8Array, controllerId: string, email: string): string {
  const hmac = createHmac('sha256', emailLookupKey(linkKey, controllerId)).update(email.trim().toLowerCase());
  return `${emailLookupPrefix(controllerId)}${hmac.digest('hex')}`;
}

/** The controller's HMAC key of its lookup keys: the link key itself never keys anything but links. */
function emailLookupKey(linkKey: Uint8Array, controllerId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', linkKey, new Uint8Array(0), `email-lookup:${controllerId}`, 32));
}

/** What every lookup key of one controller starts with. */
export function emailLookupPrefix(controllerId: string): string {
  return `C#${controllerId}#EMAIL#`;
}
