// Handshake tokens for the baseline (HS256 JWTs with jose, as Passport-JWT would check): the same
// signature work per connection as Parley's tokens.
import { jwtVerify, SignJWT } from 'jose';

export interface BaselineClaims {
  /** Visitor or agent id. */
  sub: string;
  kind: 'visitor' | 'agent';
  projectId: string;
  /** Visitors only: the conversation the token admits to. */
  conversationId?: string;
}

export async function signBaselineToken(key: Uint8Array, claims: BaselineClaims): Promise<string> {
  return new SignJWT({ kind: claims.kind, pid: claims.projectId, cid: claims.conversationId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key);
}

export async function verifyBaselineToken(key: Uint8Array, token: string): Promise<BaselineClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
    const { sub, kind, pid, cid } = payload;
    if (typeof sub !== 'string' || typeof pid !== 'string') return null;
    if (kind !== 'visitor' && kind !== 'agent') return null;
    if (kind === 'visitor' && typeof cid !== 'string') return null;
    return { sub, kind, projectId: pid, conversationId: typeof cid === 'string' ? cid : undefined };
  } catch {
    return null;
  }
}
