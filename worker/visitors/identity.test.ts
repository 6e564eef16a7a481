// Identity HMAC: matches the documented computation, refuses anything else.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identityHash, verifyIdentityHash } from './identity.ts';

describe('visitor identity HMAC', () => {
  const secret = 'idsec_test';
  it('is HMAC-SHA256(userId, secret) in hex, as the host site computes it', () => {
    expect(identityHash(secret, 'user-42')).toBe(createHmac('sha256', secret).update('user-42').digest('hex'));
  });
  it('verifies the right hash (any hex case) and refuses others', () => {
    const hash = identityHash(secret, 'user-42');
    expect(verifyIdentityHash(secret, 'user-42', hash)).toBe(true);
    expect(verifyIdentityHash(secret, 'user-42', hash.toUpperCase())).toBe(true);
    expect(verifyIdentityHash(secret, 'user-43', hash)).toBe(false);
    expect(verifyIdentityHash('other', 'user-42', hash)).toBe(false);
    expect(verifyIdentityHash(secret, 'user-42', hash.slice(1))).toBe(false);
  });
});
