// Short-lived signed paths on the API origin: an expiry and an HMAC of (purpose, id, expiry) in the
// query. For what a browser opens without an Authorization header (an <img src>, a download link),
// so the signature is the authorisation; links are only ever handed out inside authorised answers.
// Each purpose signs with its own key derived from the JWT keyring, so no new secret is needed and
// a link for one purpose never opens another.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './config.ts';

/** Expiries are rounded up to this step so a link stays the same (cacheable) for a while. */
const STEP_SECONDS = 300;

const subkeys = new Map<string, WeakMap<Uint8Array, Buffer>>();

/** A key used only for `purpose`'s signatures, derived from the JWT key. */
function subkey(purpose: string, key: Uint8Array): Buffer {
  let byKey = subkeys.get(purpose);
  if (!byKey) {
    byKey = new WeakMap();
    subkeys.set(purpose, byKey);
  }
  let derived = byKey.get(key);
  if (!derived) {
    derived = createHmac('sha256', key).update(`parley:${purpose}:v1`).digest();
    byKey.set(key, derived);
  }
  return derived;
}

const signature = (purpose: string, key: Uint8Array, id: string, exp: number) =>
  createHmac('sha256', subkey(purpose, key)).update(`${id}.${exp}`).digest('base64url');

/** `${basePath}/${id}?exp&kid&sig`, valid for about `ttlSeconds` (rounded up to 5 minutes). */
export function signPath(
  keys: Keyring,
  purpose: string,
  basePath: string,
  id: string,
  ttlSeconds: number,
  now = Date.now(),
): string {
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('active JWT key missing from keyring');
  const exp = Math.ceil((now / 1000 + ttlSeconds) / STEP_SECONDS) * STEP_SECONDS;
  const sig = signature(purpose, key, id, exp);
  return `${basePath}/${id}?exp=${exp}&kid=${encodeURIComponent(keys.active)}&sig=${sig}`;
}

export function verifyPath(
  keys: Keyring,
  purpose: string,
  id: string,
  params: { exp?: string; kid?: string; sig?: string },
  now = Date.now(),
): boolean {
  const exp = Number(params.exp);
  if (!Number.isInteger(exp) || exp * 1000 < now || !params.kid || !params.sig) return false;
  const key = keys.keys.get(params.kid);
  if (!key) return false;
  const expected = Buffer.from(signature(purpose, key, id, exp));
  const actual = Buffer.from(params.sig);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
