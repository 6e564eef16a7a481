// Opaque random tokens (refresh, reset, invitation, API) and the SHA-256 digests stored in their place.
// These tokens carry 256 bits of randomness, so a fast hash is enough: there is nothing to brute-force.

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** `prefix` + 43 url-safe characters (32 random bytes). */
export function randomToken(prefix = '', bytes = 32): string {
  return prefix + b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export { b64url };
