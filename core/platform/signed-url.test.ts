// Signed paths: a link opens only what and for as long as it was signed for, under any key of the
// ring (rotation), and one purpose's link never opens another's (attachments vs exports).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Keyring } from './config.ts';
import { signPath, verifyPath } from './signed-url.ts';

const ring = (...ids: [string, number][]): Keyring => ({
  active: ids[0]?.[0] ?? '',
  keys: new Map(ids.map(([kid, fill]) => [kid, new Uint8Array(32).fill(fill)])),
});
const paramsOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams) as Record<string, string>;
const id = '8c1d4c0e-8a4e-4d8b-9d6a-2f0c1b2a3d4e';
const now = Date.UTC(2026, 0, 1);

describe('signed paths', () => {
  it('verify for their id until their expiry, rounded up to five minutes', () => {
    const keys = ring(['k1', 1]);
    const path = signPath(keys, 'export-url', '/api/exports', id, 3600, now);
    expect(path).toMatch(new RegExp(`^/api/exports/${id}\\?exp=\\d+&kid=k1&sig=[\\w-]+$`));
    const params = paramsOf(path);
    expect(Number(params.exp) % 300).toBe(0);
    expect(verifyPath(keys, 'export-url', id, params, now)).toBe(true);
    expect(verifyPath(keys, 'export-url', id, params, now + 3_900_000)).toBe(false);
    expect(verifyPath(keys, 'export-url', crypto.randomUUID(), params, now)).toBe(false);
    expect(verifyPath(keys, 'export-url', id, { ...params, exp: String(Number(params.exp) + 300) }, now)).toBe(false);
  });

  it('keep working after the key rotated, and not once it left the ring', () => {
    const params = paramsOf(signPath(ring(['k1', 1]), 'export-url', '/api/exports', id, 600, now));
    expect(verifyPath(ring(['k2', 2], ['k1', 1]), 'export-url', id, params, now)).toBe(true);
    expect(verifyPath(ring(['k2', 2]), 'export-url', id, params, now)).toBe(false);
  });

  it('of one purpose never open another', () => {
    const keys = ring(['k1', 1]);
    const params = paramsOf(signPath(keys, 'attachment-url', '/api/attachments', id, 600, now));
    expect(verifyPath(keys, 'export-url', id, params, now)).toBe(false);
  });

  it('sign attachments as before, so links already handed out stay valid', () => {
    const keys = ring(['k1', 1]);
    const params = paramsOf(signPath(keys, 'attachment-url', '/api/attachments', id, 3600, now));
    const subkey = createHmac('sha256', new Uint8Array(32).fill(1)).update('parley:attachment-url:v1').digest();
    const legacy = createHmac('sha256', subkey).update(`${id}.${params.exp}`).digest('base64url');
    expect(params.sig).toBe(legacy);
  });
});
