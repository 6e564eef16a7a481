// Visitor tokens: JWTs (jose, HS256) scoped to one project and one visitor, with their own audience
// so a visitor token is never accepted where an agent access token is expected, nor the reverse.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Keyring } from '../../core/platform/config.ts';
import { hmacKey } from '../../core/platform/keyring.ts';

export const VISITOR_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
/**
 * An expired token still names its visitor for a new session this long after it expired (30
 * days); past it, the token proves nothing and the widget starts as a new visitor. A token stolen
 * and replayed weeks later thus cannot take the visitor's conversations with it.
 */
export const VISITOR_RENEWAL_WINDOW_SECONDS = 30 * 24 * 3600;
const ISSUER = 'parley';
const AUDIENCE = 'parley:visitor';
/** A token without exp would never expire; iat and sub are always set by signVisitorToken. */
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub'];

export interface VisitorClaims {
  visitorId: string;
  projectId: string;
}

export async function signVisitorToken(
  keys: Keyring,
  claims: VisitorClaims,
  ttlSeconds = VISITOR_TOKEN_TTL_SECONDS,
): Promise<{ token: string; expiresAt: Date }> {
  const key = keys.keys.get(keys.active);
  if (!key) throw new Error('active JWT key missing from keyring');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({ pid: claims.projectId })
    .setProtectedHeader({ alg: 'HS256', kid: keys.active, typ: 'JWT' })
    .setSubject(claims.visitorId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await hmacKey(key));
  return { token, expiresAt };
}

/**
 * The claims of a valid token, or null. `allowExpiredFor` lets POST /api/widget/session accept a
 * recently expired token as proof of which visitor is coming back (it grants nothing else there).
 */
export async function verifyVisitorToken(
  keys: Keyring,
  token: string,
  allowExpiredFor = 0,
): Promise<VisitorClaims | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.keys.get(header.kid) : undefined;
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return hmacKey(key);
      },
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: allowExpiredFor,
      },
    );
    if (typeof payload.sub !== 'string' || typeof payload.pid !== 'string') return null;
    return { visitorId: payload.sub, projectId: payload.pid };
  } catch {
    return null;
  }
}
