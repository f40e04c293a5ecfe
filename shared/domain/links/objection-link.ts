import type { Disclosure } from '../disclosure/disclosure';
import { signLink } from './signed-link';

/** A link that outlives the objection window, so a late visitor reads that the window closed, not that the link is broken. */
const LINK_LIFETIME_AFTER_WINDOW_MS = 90 * 24 * 3600_000;

/** The personal link a subject objects through. */
export async function objectionLink(publicBaseUrl: string, disclosure: Disclosure, subjectId: string, secret: Uint8Array): Promise<string> {
  const token = await signLink(
    {
      purpose: 'object',
      controllerId: disclosure.controllerId,
      aggregateId: disclosure.disclosureId,
      subjectId,
      expiresAt: new Date(Date.parse(disclosure.plannedAt!) + LINK_LIFETIME_AFTER_WINDOW_MS),
    },
    secret,
  );
  return new URL(`/o/${token}`, publicBaseUrl).toString();
}
