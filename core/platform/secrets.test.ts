// Versioned AES-GCM secrets: round trip, rotation, tamper and context binding.
import { describe, expect, it } from 'vitest';
import type { Keyring } from './config.ts';
import { decryptSecret, encryptSecret, needsReencryption, SecretDecryptError } from './secrets.ts';

const key = (fill: number) => new Uint8Array(32).fill(fill);
const ring = (...ids: [string, number][]): Keyring => ({
  active: ids[0]?.[0] ?? '',
  keys: new Map(ids.map(([kid, fill]) => [kid, key(fill)])),
});

describe('secrets at rest', () => {
  it('round-trips and never stores the plaintext', async () => {
    const keys = ring(['k1', 1]);
    const stored = await encryptSecret(keys, 'whsec_topsecret', 'webhooks.secret:1');
    expect(stored).toMatch(/^enc1:k1:/);
    expect(stored).not.toContain('topsecret');
    expect(await decryptSecret(keys, stored, 'webhooks.secret:1')).toBe('whsec_topsecret');
  });

  it('decrypts with an older key after rotation and flags it for re-encryption', async () => {
    const old = ring(['k1', 1]);
    const stored = await encryptSecret(old, 's', 'ctx');
    const rotated = ring(['k2', 2], ['k1', 1]);
    expect(await decryptSecret(rotated, stored, 'ctx')).toBe('s');
    expect(needsReencryption(rotated, stored)).toBe(true);
    const again = await encryptSecret(rotated, 's', 'ctx');
    expect(needsReencryption(rotated, again)).toBe(false);
  });

  it('refuses another row’s context, a tampered ciphertext and an unknown key', async () => {
    const keys = ring(['k1', 1]);
    const stored = await encryptSecret(keys, 's', 'projects.identity_secret:a');
    await expect(decryptSecret(keys, stored, 'projects.identity_secret:b')).rejects.toBeInstanceOf(SecretDecryptError);
    const parts = stored.split(':');
    // Change the first character for sure (it was set to 'A', a no-op 1 time in 64 when it already was).
    const body = parts[3] ?? '';
    const tampered = [...parts.slice(0, 3), `${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`].join(':');
    await expect(decryptSecret(keys, tampered, 'projects.identity_secret:a')).rejects.toBeInstanceOf(
      SecretDecryptError,
    );
    await expect(decryptSecret(ring(['k9', 9]), stored, 'projects.identity_secret:a')).rejects.toThrow(
      'unknown key id',
    );
  });
});
