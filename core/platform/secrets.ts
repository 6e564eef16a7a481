// Secrets at rest: AES-256-GCM (WebCrypto) with a versioned key. Stored form:
// `enc1:<kid>:<iv base64>:<ciphertext base64>`; the key id picks the key from ENCRYPTION_KEYS, so
// rotation is: put a new key first, re-encrypt rows whose kid is not the active one, drop the old.
// `context` is bound as additional data (e.g. "projects.identity_secret:<id>") so a ciphertext
// copied into another row or column does not decrypt.
import type { Keyring } from './keyring.ts';

const PREFIX = 'enc1';
const te = new TextEncoder();
const td = new TextDecoder();

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

async function importKey(raw: Uint8Array): Promise<CryptoKey> {
  // A copy typed as ArrayBuffer-backed, as WebCrypto's types want (the keyring's may be any buffer).
  return crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function encryptSecret(keys: Keyring, plaintext: string, context: string): Promise<string> {
  const raw = keys.keys.get(keys.active);
  if (!raw) throw new Error('active encryption key missing from keyring');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: te.encode(context) },
    await importKey(raw),
    te.encode(plaintext),
  );
  return `${PREFIX}:${keys.active}:${b64(iv)}:${b64(new Uint8Array(ct))}`;
}

export class SecretDecryptError extends Error {}

export async function decryptSecret(keys: Keyring, stored: string, context: string): Promise<string> {
  const [prefix, kid, iv, ct] = stored.split(':');
  if (prefix !== PREFIX || !kid || !iv || !ct) throw new SecretDecryptError('not an encrypted secret');
  const raw = keys.keys.get(kid);
  if (!raw) throw new SecretDecryptError(`unknown key id ${kid}`);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: unb64(iv), additionalData: te.encode(context) },
      await importKey(raw),
      unb64(ct),
    );
    return td.decode(plain);
  } catch {
    throw new SecretDecryptError('secret does not decrypt with its key (tampered or wrong context)');
  }
}

/** True when the value was encrypted with a key other than the active one. */
export function needsReencryption(keys: Keyring, stored: string): boolean {
  return stored.split(':')[1] !== keys.active;
}
