// Is this session live? Answered from Upstash when cached, else from Postgres (then cached).
// Revocation writes a tombstone that a racing cache fill cannot overwrite (SET NX), so a revoked
// session is refused on the very next request.
import type { Redis } from '@upstash/redis/cloudflare';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';

const LIVE_TTL_SECONDS = 300;
/** Longer than any access token lives, so a tombstone outlasts every token naming the session. */
const TOMBSTONE_TTL_SECONDS = 3600;

type Cached = { live: true; userId: string } | { live: false };

const key = (sessionId: string) => `session:${sessionId}`;

export async function isSessionLive(
  redis: Redis,
  db: () => Promise<Db>,
  sessionId: string,
  userId: string,
): Promise<boolean> {
  const cached = await redis.get<Cached>(key(sessionId));
  if (cached) return cached.live && cached.userId === userId;
  const rows = await (await db())
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .limit(1);
  const row = rows[0];
  const value: Cached = row ? { live: true, userId: row.userId } : { live: false };
  await redis.set(key(sessionId), value, { ex: row ? LIVE_TTL_SECONDS : TOMBSTONE_TTL_SECONDS, nx: true });
  return row !== undefined && row.userId === userId;
}

/** Call after the revocation is committed in Postgres. */
export async function markSessionsRevoked(redis: Redis, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const pipeline = redis.pipeline();
  for (const id of sessionIds) pipeline.set(key(id), { live: false } satisfies Cached, { ex: TOMBSTONE_TTL_SECONDS });
  await pipeline.exec();
}
