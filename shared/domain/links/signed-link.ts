import { SignJWT, jwtVerify, errors } from 'jose';

/**
 * Signed links for people without an account (subjects, recipients): a compact HS256 JWS in the path,
 * so the link itself is the credential. Purpose-bound (the audience), expiring, and naming the controller,
 * the disclosure (or erasure request) and the subject it acts for (for `ack`, the recipient answering an
 * erasure notice). jose does the signing and the constant-time checks.
 */
export const LINK_PURPOSES = ['object', 'verify', 'ack'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  purpose: LinkPurpose;
  controllerId: string;
  /** The disclosure or erasure request the link acts on. */
  aggregateId: string;
  subjectId: string;
  /** When the link stops working. */
  expiresAt: Date;
}

const ISSUER = 'disclosure-pipeline';

export async function signLink(claims: LinkClaims, secret: Uint8Array): Promise<string> {
  return new SignJWT({ c: claims.controllerId, d: claims.aggregateId, s: claims.subjectId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(claims.purpose)
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(secret);
}

/** The link's claims, or undefined when it is forged, altered, meant for another purpose, or expired at `now`. */
export async function verifyLink(token: string, purpose: LinkPurpose, secret: Uint8Array, now: Date): Promise<LinkClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: purpose,
      currentDate: now,
      requiredClaims: ['exp', 'c', 'd', 's'],
    });
    const { c, d, s, exp } = payload as { c: unknown; d: unknown; s: unknown; exp: number };
    if (typeof c !== 'string' || typeof d !== 'string' || typeof s !== 'string') return undefined;
    return { purpose, controllerId: c, aggregateId: d, subjectId: s, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}
