// Per-conversation reply addresses: `reply+<token>@<inbound domain>`. The token is the conversation
// id, an expiry day and a truncated HMAC, base32 in lowercase (mail systems may change a local
// part's case, so the verifier lowercases it first) — 45 characters, a 51-character local part,
// under the 64 that RFC 5321 allows. Signed with a key derived from the JWT keyring, so no new
// secret is needed; verification tries every key of the ring, so rotation breaks no address.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Keyring, readConfig } from '../../core/platform/config.ts';

/** How long a reply address is accepted after the email that carried it was sent. */
export const REPLY_ADDRESS_TTL_DAYS = 90;
const DAY_MS = 86_400_000;
const MAC_BYTES = 10;
const TOKEN_BYTES = 16 + 2 + MAC_BYTES;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LOCAL_PREFIX = 'reply+';

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  // The last character's unused low bits must be zero: one token, one spelling. Otherwise a changed
  // last character could decode to the same bytes (and a "forged" address still deliver).
  if (buffer !== 0) return null;
  return Uint8Array.from(out);
}

const uuidBytes = (id: string) => Uint8Array.from(Buffer.from(id.replace(/-/g, ''), 'hex'));
const uuidOf = (bytes: Uint8Array) => {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const mac = (key: Uint8Array, body: Uint8Array) => {
  const derived = createHmac('sha256', key).update('parley:reply-address:v1').digest();
  return createHmac('sha256', derived).update(body).digest().subarray(0, MAC_BYTES);
};

/** The token for `conversationId`, valid until `ttlDays` from `now` (whole days). */
export function signReplyToken(
  keys: Keyring,
  conversationId: string,
  now = Date.now(),
  ttlDays = REPLY_ADDRESS_TTL_DAYS,
) {
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('active JWT key missing from keyring');
  const expiryDay = Math.floor(now / DAY_MS) + ttlDays;
  const body = new Uint8Array(18);
  body.set(uuidBytes(conversationId));
  body[16] = (expiryDay >>> 8) & 0xff;
  body[17] = expiryDay & 0xff;
  const token = new Uint8Array(TOKEN_BYTES);
  token.set(body);
  token.set(mac(key, body), 18);
  return base32(token);
}

export type ReplyTokenCheck =
  | { ok: true; conversationId: string }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Whether `token` was signed by one of the ring's keys and has not expired; case-insensitive. */
export function verifyReplyToken(keys: Keyring, token: string, now = Date.now()): ReplyTokenCheck {
  const bytes = unbase32(token.toLowerCase());
  if (!bytes || bytes.length !== TOKEN_BYTES) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, 18);
  const given = Buffer.from(bytes.subarray(18));
  const signed = [...keys.keys.values()].some((key) => timingSafeEqual(Buffer.from(mac(key, body)), given));
  if (!signed) return { ok: false, reason: 'forged' };
  const expiryDay = ((body[16] ?? 0) << 8) | (body[17] ?? 0);
  if (expiryDay < Math.floor(now / DAY_MS)) return { ok: false, reason: 'expired' };
  return { ok: true, conversationId: uuidOf(body.subarray(0, 16)) };
}

/** The token in `address` when it is `reply+<token>@<domain>` (domain compared without case). */
export function replyTokenOf(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const local = address.slice(0, at).toLowerCase();
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  return local.startsWith(LOCAL_PREFIX) ? local.slice(LOCAL_PREFIX.length) : null;
}

/**
 * The address a visitor replies to for `conversationId`, or undefined when no inbound domain is
 * configured (INBOUND_EMAIL_DOMAIN). `projectId` is not encoded: the conversation names its project.
 */
export async function replyAddressFor(
  env: Env,
  _projectId: string,
  conversationId: string,
): Promise<string | undefined> {
  const config = readConfig(env);
  if (!config.INBOUND_EMAIL_DOMAIN) return undefined;
  return `${LOCAL_PREFIX}${signReplyToken(config.AUTH_JWT_KEYS, conversationId)}@${config.INBOUND_EMAIL_DOMAIN}`;
}
