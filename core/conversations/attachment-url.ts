// Short-lived signed download URLs for attachments: a path on the API origin carrying an expiry
// and an HMAC of (message id, expiry). Browsers cannot add an Authorization header to <img src>,
// so the signature is the authorisation; it is only ever handed out inside authorised responses.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../platform/config.ts';

export const ATTACHMENT_URL_TTL_SECONDS = 3600;
/** Expiries are rounded up to this step so a link stays the same (cacheable) for a while. */
const STEP_SECONDS = 300;

const subkeys = new WeakMap<Uint8Array, Buffer>();

/** A key used only for URL signatures, derived from the JWT key so no new secret is needed. */
function subkey(key: Uint8Array): Buffer {
  let derived = subkeys.get(key);
  if (!derived) {
    derived = createHmac('sha256', key).update('parley:attachment-url:v1').digest();
    subkeys.set(key, derived);
  }
  return derived;
}

const signature = (key: Uint8Array, messageId: string, exp: number) =>
  createHmac('sha256', subkey(key)).update(`${messageId}.${exp}`).digest('base64url');

export function signAttachmentUrl(keys: Keyring, messageId: string, now = Date.now()): string {
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('active JWT key missing from keyring');
  const exp = Math.ceil((now / 1000 + ATTACHMENT_URL_TTL_SECONDS) / STEP_SECONDS) * STEP_SECONDS;
  const sig = signature(key, messageId, exp);
  return `/api/attachments/${messageId}?exp=${exp}&kid=${encodeURIComponent(keys.active)}&sig=${sig}`;
}

export function verifyAttachmentUrl(
  keys: Keyring,
  messageId: string,
  params: { exp?: string; kid?: string; sig?: string },
  now = Date.now(),
): boolean {
  const exp = Number(params.exp);
  if (!Number.isInteger(exp) || exp * 1000 < now || !params.kid || !params.sig) return false;
  const key = keys.keys.get(params.kid);
  if (!key) return false;
  const expected = Buffer.from(signature(key, messageId, exp));
  const actual = Buffer.from(params.sig);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
