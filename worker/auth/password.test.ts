// Password hashes: round trip, stored parameters, upgrade detection and the dummy verification.
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword, verifyPasswordOrDummy } from './password.ts';

describe('password hashes', () => {
  it('verifies the right password only, normalising Unicode (NFKC)', async () => {
    const hash = await hashPassword('Ｐassword ①');
    expect(await verifyPassword('Ｐassword ①', hash)).toBe(true);
    expect(await verifyPassword('Password 1', hash)).toBe(true);
    expect(await verifyPassword('password 1', hash)).toBe(false);
    expect(hash).not.toContain('assword');
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('flags hashes made with other parameters for an upgrade, and refuses absurd ones', async () => {
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    expect(needsRehash('scrypt$16384$8$1$c2FsdA==$a2V5')).toBe(true);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });

  it('verifies against a dummy hash when there is no stored one, and never succeeds', async () => {
    expect(await verifyPasswordOrDummy('anything', null)).toBe(false);
    expect(await verifyPasswordOrDummy('anything', undefined)).toBe(false);
    const hash = await hashPassword('mine');
    expect(await verifyPasswordOrDummy('mine', hash)).toBe(true);
  });
});
