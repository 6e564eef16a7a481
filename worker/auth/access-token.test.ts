// Access tokens with a rotating keyring: signed with the active key, verified by the key their
// header names, refused when forged, unknown, expired or signed for another key. The WebCrypto key
// is imported once per keyring key (hmacKey), not at every sign and verify.
import { describe, expect, it } from 'vitest';
import { hmacKey, keyring } from '../../core/platform/keyring.ts';
import { signAccessToken, verifyAccessToken } from './access-token.ts';

const b64 = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const ring = (value: string) => keyring('AUTH_JWT_KEYS', 32).parse(value);
const claims = { userId: 'user-1', sessionId: 'session-1' };

describe('access tokens', () => {
  it('verify under the key their header names, across a rotation', async () => {
    const old = ring(`k1:${b64(1)}`);
    const rotated = ring(`k2:${b64(2)},k1:${b64(1)}`);
    const token = await signAccessToken(old, claims);
    expect(await verifyAccessToken(rotated, token)).toEqual(claims);
    expect(await verifyAccessToken(rotated, await signAccessToken(rotated, claims))).toEqual(claims);
    // The old key dropped: refused.
    expect(await verifyAccessToken(ring(`k2:${b64(2)}`), token)).toBeNull();
  });

  it('refuse a token whose kid names another key, a forged signature and an expired token', async () => {
    const keys = ring(`k1:${b64(1)}`);
    const forger = ring(`k1:${b64(9)}`);
    expect(await verifyAccessToken(keys, await signAccessToken(forger, claims))).toBeNull();
    const token = await signAccessToken(keys, claims);
    expect(await verifyAccessToken(keys, `${token.slice(0, -2)}xx`)).toBeNull();
    expect(await verifyAccessToken(keys, await signAccessToken(keys, claims, -10))).toBeNull();
    expect(await verifyAccessToken(keys, 'not.a.token')).toBeNull();
  });

  it('import each key once: the same CryptoKey for the same key bytes', async () => {
    const keys = ring(`k1:${b64(3)}`);
    const raw = keys.keys.get('k1');
    if (!raw) throw new Error('no key');
    expect(await hmacKey(raw)).toBe(await hmacKey(raw));
    // Another keyring with the same bytes is another key object: imported on its own.
    const again = ring(`k1:${b64(3)}`).keys.get('k1');
    if (!again) throw new Error('no key');
    expect(await hmacKey(again)).not.toBe(await hmacKey(raw));
  });
});
