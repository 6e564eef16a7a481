// Keyrings in the `kid:base64key` format that core/platform/config.ts reads: new ones for local stacks and
// test runs, and the parser the tooling signs tokens with (the Worker's own, core/platform/keyring.ts).
import { randomBytes } from 'node:crypto';
import { type Keyring, keyring } from '../core/platform/keyring.ts';

export function newKeyring(kid = 'k1'): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

/** Reads `kid:base64key[,…]` (32-byte keys) as the Worker does; the first key signs. Throws when malformed. */
export function parseKeyring(value: string, name = 'AUTH_JWT_KEYS'): Keyring {
  return keyring(name, 32).parse(value);
}
