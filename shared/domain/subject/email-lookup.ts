import { createHash } from 'node:crypto';

/**
 * The key a subject is found by from the address they type on the controller's website, without a second
 * copy of the address: `C#<controllerId>#EMAIL#<sha256 hex>` of the address trimmed and lower-cased (what a
 * person types differs from what the legal team registered in case and surrounding spaces only). It starts
 * with the controller, so one controller's lookup never finds another controller's subjects.
 */
export function emailLookup(controllerId: string, email: string): string {
  return `${emailLookupPrefix(controllerId)}${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/** What every lookup key of one controller starts with. */
export function emailLookupPrefix(controllerId: string): string {
  return `C#${controllerId}#EMAIL#`;
}
