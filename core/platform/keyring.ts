// Keyrings in the `kid:base64key[,kid:base64key…]` format of AUTH_JWT_KEYS and ENCRYPTION_KEYS,
// parsed with zod; shared by the Worker's configuration and local tooling (secrets:rotate).
import { z } from 'zod';

/** `kid:base64key,kid:base64key` — the first key is the active one; the others still verify/decrypt. */
export const keyring = (name: string, bytes: number) =>
  z
    .string({ error: `${name} is missing` })
    .min(1, `${name} is missing`)
    .transform((value, ctx) => {
      const keys = new Map<string, Uint8Array>();
      for (const part of value.split(',')) {
        const [kid, b64] = part.trim().split(':');
        let key: Uint8Array | undefined;
        try {
          key = b64
            ? Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))
            : undefined;
        } catch {
          key = undefined;
        }
        if (!kid || !/^[\w.-]{1,32}$/.test(kid) || !key || key.length !== bytes) {
          ctx.addIssue({
            code: 'custom',
            message: `${name} must be "kid:base64key[,kid:base64key…]" with ${bytes}-byte keys`,
          });
          return z.NEVER;
        }
        keys.set(kid, key);
      }
      const [active] = keys.keys();
      if (!active) {
        ctx.addIssue({ code: 'custom', message: `${name} has no key` });
        return z.NEVER;
      }
      return { active, keys };
    });

export type Keyring = z.infer<ReturnType<typeof keyring>>;

/**
 * A keyring key as a WebCrypto HMAC-SHA-256 key, imported once per isolate: jose imports a raw key
 * on every sign and verify, and every socket's upgrade and every API request verifies a token.
 * Keyed by the key's bytes object, which lives as long as the parsed configuration.
 */
const hmacKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

export function hmacKey(raw: Uint8Array): Promise<CryptoKey> {
  let key = hmacKeys.get(raw);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    // A failed import is not kept: the next call tries again.
    key.catch(() => hmacKeys.delete(raw));
    hmacKeys.set(raw, key);
  }
  return key;
}
