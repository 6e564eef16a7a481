// Sessions of the hybrid token–session model: a session row holds the hash of its current opaque
// refresh token; every refresh rotates it and remembers the old hash, so presenting a rotated
// token again (a stolen copy, or a replay) revokes the whole session.
import { and, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { createRedis } from '../../core/platform/redis.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { rotatedRefreshTokens } from '../../drizzle/schema/auth.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from './access-token.ts';
import { closeSessionSockets } from './close-sockets.ts';
import { markSessionsRevoked } from './session-cache.ts';

/** Absolute lifetime of a session: rotation does not extend it. */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export interface IssuedTokens {
  sessionId: string;
  userId: string;
  accessToken: string;
  /** Goes only into the HttpOnly cookie, never into a JSON body. */
  refreshToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, config: Config, userId: string, info: RequestInfo): Promise<IssuedTokens> {
  const refreshToken = randomToken('rt_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
  const [row] = await db
    .insert(sessions)
    .values({
      userId,
      refreshTokenHash: await sha256Hex(refreshToken),
      ip: info.ip,
      userAgent: info.userAgent,
      expiresAt,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('session insert returned no row');
  const accessToken = await signAccessToken(config.AUTH_JWT_KEYS, { userId, sessionId: row.id });
  return { sessionId: row.id, userId, accessToken, refreshToken, expiresAt };
}

export type RefreshOutcome =
  | { kind: 'rotated'; tokens: IssuedTokens }
  /** A token this session had already rotated away from: the session is now revoked. */
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'invalid' };

export async function rotateRefreshToken(
  db: Db,
  config: Config,
  env: Env,
  presented: string,
  info: RequestInfo,
): Promise<RefreshOutcome> {
  const oldHash = await sha256Hex(presented);
  const refreshToken = randomToken('rt_');
  const newHash = await sha256Hex(refreshToken);
  const rotated = await db.transaction(async (tx) => {
    // Compare-and-swap on the hash: of two concurrent refreshes with one token, one wins and the
    // other sees the token as rotated — and is treated as reuse.
    const [row] = await tx
      .update(sessions)
      .set({ refreshTokenHash: newHash, lastUsedAt: new Date(), ip: info.ip, userAgent: info.userAgent })
      .where(
        and(eq(sessions.refreshTokenHash, oldHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())),
      )
      .returning({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt });
    if (row) await tx.insert(rotatedRefreshTokens).values({ tokenHash: oldHash, sessionId: row.id });
    return row;
  });
  if (rotated) {
    const accessToken = await signAccessToken(config.AUTH_JWT_KEYS, { userId: rotated.userId, sessionId: rotated.id });
    return {
      kind: 'rotated',
      tokens: {
        sessionId: rotated.id,
        userId: rotated.userId,
        accessToken,
        refreshToken,
        expiresAt: rotated.expiresAt,
      },
    };
  }
  const [reused] = await db
    .select({ sessionId: rotatedRefreshTokens.sessionId, userId: sessions.userId })
    .from(rotatedRefreshTokens)
    .innerJoin(sessions, eq(sessions.id, rotatedRefreshTokens.sessionId))
    .where(eq(rotatedRefreshTokens.tokenHash, oldHash))
    .limit(1);
  if (!reused) return { kind: 'invalid' };
  await revokeSessions(db, config, env, [reused.sessionId]);
  return { kind: 'reused', sessionId: reused.sessionId, userId: reused.userId };
}

/**
 * Revokes the given sessions: committed first, then tombstoned in the cache, then their open
 * sockets closed (4401). Returns those it revoked.
 */
export async function revokeSessions(db: Db, config: Config, env: Env, sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(inArray(sessions.id, sessionIds), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id, userId: sessions.userId });
  // Tombstone every id asked for, even ones already revoked: a stale "live" cache entry must go.
  await markSessionsRevoked(createRedis(config), sessionIds);
  const byUser = Map.groupBy(rows, (r) => r.userId);
  await Promise.all(
    [...byUser].map(([userId, revoked]) =>
      closeSessionSockets(
        env,
        db,
        userId,
        revoked.map((r) => r.id),
      ),
    ),
  );
  return rows.map((r) => r.id);
}

/** Revokes every live session of a user, except one (the caller's, on a password change), and closes their sockets. */
export async function revokeUserSessions(
  db: Db,
  config: Config,
  env: Env,
  userId: string,
  except?: string,
): Promise<string[]> {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())];
  if (except) conditions.push(ne(sessions.id, except));
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(...conditions))
    .returning({ id: sessions.id });
  const ids = rows.map((r) => r.id);
  await markSessionsRevoked(createRedis(config), ids);
  await closeSessionSockets(env, db, userId, ids);
  return ids;
}

export const accessTokenBody = (tokens: IssuedTokens) => ({
  accessToken: tokens.accessToken,
  tokenType: 'Bearer' as const,
  expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  sessionId: tokens.sessionId,
});
