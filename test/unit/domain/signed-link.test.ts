import { describe, expect, it } from 'vitest';
import { signLink, verifyLink, type LinkClaims, type LinkPurpose } from '../../../shared/domain/links/signed-link';

const SECRET = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');
const OTHER_SECRET = new TextEncoder().encode('another-secret-of-thirty-two-bytes-or-more');
const NOW = new Date('2026-11-24T10:00:00.000Z');

const claims: LinkClaims = {
  purpose: 'object',
  controllerId: 'etsoft',
  aggregateId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A',
  subjectId: 'cust-042',
  expiresAt: new Date('2027-03-24T10:00:00.000Z'),
};

/** Changes one character of the token's part, keeping it base64url. */
function alter(token: string, part: 0 | 1 | 2): string {
  const parts = token.split('.');
  const text = parts[part]!;
  const index = Math.floor(text.length / 2);
  parts[part] = text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
  return parts.join('.');
}

describe('signed links', () => {
  it('verifies a link it signed, giving back its claims', async () => {
    // Prepare
    const token = await signLink(claims, SECRET);

    // Act
    const verified = await verifyLink(token, 'object', SECRET, NOW);

    // Assess
    expect(verified).toEqual(claims);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('refuses a link whose claims were altered', async () => {
    // Prepare
    const token = await signLink(claims, SECRET);
    const [header, , signature] = token.split('.');
    const otherSubject = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()), s: 'cust-043' }),
    ).toString('base64url');

    // Act
    const verified = await Promise.all([
      verifyLink(`${header}.${otherSubject}.${signature}`, 'object', SECRET, NOW),
      verifyLink(alter(token, 1), 'object', SECRET, NOW),
      verifyLink(alter(token, 2), 'object', SECRET, NOW),
    ]);

    // Assess
    expect(verified).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a link signed for another purpose', async () => {
    // Prepare
    const token = await signLink(claims, SECRET);

    // Act
    const verified = await verifyLink(token, 'unsubscribe' as LinkPurpose, SECRET, NOW);

    // Assess
    expect(verified).toBeUndefined();
    expect(await verifyLink(token, 'object', SECRET, NOW)).toBeDefined();
  });

  it('refuses a link once it expired, and takes it until then', async () => {
    // Prepare
    const token = await signLink(claims, SECRET);

    // Act
    const justBefore = await verifyLink(token, 'object', SECRET, new Date(claims.expiresAt.getTime() - 1000));
    const after = await verifyLink(token, 'object', SECRET, new Date(claims.expiresAt.getTime() + 1000));

    // Assess
    expect(justBefore).toEqual(claims);
    expect(after).toBeUndefined();
  });

  it('refuses a link signed with another secret', async () => {
    // Prepare
    const token = await signLink(claims, OTHER_SECRET);

    // Act
    const verified = await verifyLink(token, 'object', SECRET, NOW);

    // Assess
    expect(verified).toBeUndefined();
  });

  it('refuses a token that is no signed link at all, or one without a signature', async () => {
    // Prepare
    const token = await signLink(claims, SECRET);
    const [header, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;

    // Act
    const verified = await Promise.all([
      verifyLink('not-a-token', 'object', SECRET, NOW),
      verifyLink(`${header}.${payload}.`, 'object', SECRET, NOW),
      verifyLink(unsigned, 'object', SECRET, NOW),
    ]);

    // Assess
    expect(verified).toEqual([undefined, undefined, undefined]);
  });
});
