import { signLink } from './signed-link';

/** An acknowledgement link outlives the reminder and the escalation: a late answer is still recorded. */
export const ACK_LINK_LIFETIME_MS = 90 * 24 * 3600_000;

/** A recipient's signed token to answer an erasure notice (Art. 19), valid for 90 days from `now`. */
export function signAckToken(
  claims: { controllerId: string; erasureId: string; recipientId: string },
  secret: Uint8Array,
  now: Date,
): Promise<string> {
  return signLink(
    {
      purpose: 'ack',
      controllerId: claims.controllerId,
      aggregateId: claims.erasureId,
      subjectId: claims.recipientId,
      expiresAt: new Date(now.getTime() + ACK_LINK_LIFETIME_MS),
    },
    secret,
  );
}

/** The two ways to answer with one token: the page for a person, the JSON callback for a machine. */
export function ackUrls(publicBaseUrl: string, token: string): { page: string; callback: string } {
  const path = encodeURIComponent(token);
  return {
    page: new URL(`/a/${path}`, publicBaseUrl).toString(),
    callback: new URL(`/v1/public/acks/${path}`, publicBaseUrl).toString(),
  };
}
