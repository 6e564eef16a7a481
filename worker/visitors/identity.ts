// Visitor identity verification: the host site computes HMAC-SHA256(userId, identity secret) on
// its server and passes the hex digest with the user id; a match proves the identity.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

/** Constant-time comparison of the expected digest with the one presented (any case of hex). */
export function verifyIdentityHash(secret: string, userId: string, presented: string): boolean {
  const expected = Buffer.from(identityHash(secret, userId), 'utf8');
  const actual = Buffer.from(presented.toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
