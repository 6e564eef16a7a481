// Password hashing with scrypt (node:crypto: native BoringSSL in workerd, OpenSSL in Node) at
// OWASP's N=2^15, r=8, p=3 setting: 32 MiB and ~0.25 s of CPU per hash in workerd (measured in
// test/password-cost.test.ts; docs/AUTHENTICATION.md explains the choice). Parameters are stored
// in the hash, so they can be raised later: verify uses what a hash was made with, and
// needsRehash tells sign-in to upgrade an old hash.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3, keylen: 32 } as const;

/** Passwords longer than this are refused before hashing (scrypt's cost does not depend on length,
 * but a megabyte "password" is not a password). */
export const PASSWORD_MAX_LENGTH = 256;

/** A hash of a random password nobody knows, with the current parameters: sign-in verifies against
 * it when the email is unknown, so an unknown email costs exactly as long as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$3$cxOQsWdowK15B9u57deapA==$NM3JhIUAuEYAY9DqDj+yCwHtSeigLK3kN5RQ/eh3pog=';

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen } = SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p, keylen);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return null;
  const parsed = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
  // Refuse parameters no hash of ours would have: a corrupted row must not cost gigabytes.
  if (!Number.isInteger(Math.log2(parsed.N)) || parsed.N > 2 ** 20 || parsed.r > 32 || parsed.p > 16) return null;
  return parsed;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.N, parsed.r, parsed.p, parsed.key.length);
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/** Verifies against the stored hash, or against a dummy one when there is none, so both take as long. */
export async function verifyPasswordOrDummy(password: string, stored: string | null | undefined): Promise<boolean> {
  const ok = await verifyPassword(password, stored ?? DUMMY_HASH);
  return ok && stored != null;
}

/** True when the hash was made with parameters other than the current ones. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  const { N, r, p, keylen } = SCRYPT_PARAMS;
  return !parsed || parsed.N !== N || parsed.r !== r || parsed.p !== p || parsed.key.length !== keylen;
}
