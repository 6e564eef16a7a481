// Short-lived access JWTs (jose, HS256) that name a session; the key id in the header selects the
// key from AUTH_JWT_KEYS so keys can rotate without signing everyone out.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Keyring } from '../../core/platform/config.ts';
import { hmacKey } from '../../core/platform/keyring.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'parley';
const AUDIENCE = 'parley:agent';
/** A token without exp would never expire; iat and sub are always set by signAccessToken. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub'];

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export async function signAccessToken(
  keys: Keyring,
  claims: AccessClaims,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): Promise<string> {
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('active JWT key missing from keyring');
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', kid: keys.active, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await hmacKey(key));
}

/** The claims of a valid token, or null for anything else (expired, forged, unknown key, malformed). */
export async function verifyAccessToken(keys: Keyring, token: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.keys.get(header.kid) : undefined;
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return hmacKey(key);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: REQUIRED_CLAIMS },
    );
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}
