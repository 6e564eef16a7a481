// Short-lived signed download URLs for attachments (core/platform/signed-url.ts): a path on the API
// origin carrying an expiry and an HMAC of (message id, expiry). Browsers cannot add an
// Authorization header to <img src>, so the signature is the authorisation; it is only ever handed
// out inside authorised responses (and in exports, valid as long as the export).
import type { Keyring } from '../platform/config.ts';
import { signPath, verifyPath } from '../platform/signed-url.ts';

export const ATTACHMENT_URL_TTL_SECONDS = 3600;
const PURPOSE = 'attachment-url';

export function signAttachmentUrl(
  keys: Keyring,
  messageId: string,
  now = Date.now(),
  ttlSeconds = ATTACHMENT_URL_TTL_SECONDS,
): string {
  return signPath(keys, PURPOSE, '/api/attachments', messageId, ttlSeconds, now);
}

export function verifyAttachmentUrl(
  keys: Keyring,
  messageId: string,
  params: { exp?: string; kid?: string; sig?: string },
  now = Date.now(),
): boolean {
  return verifyPath(keys, PURPOSE, messageId, params, now);
}
