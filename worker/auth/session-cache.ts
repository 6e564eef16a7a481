// Is this session live? Answered from Upstash when cached, else from Postgres (then cached).
// Revocation writes a tombstone that a racing cache fill cannot overwrite (SET NX), so a revoked
// session is refused on the very next request. Upstash is only a cache here: when it fails, the
// answer comes from Postgres, where the sessions are, and agents keep working.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { type ParleyRedis, RedisError } from '../../core/platform/redis.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';

const LIVE_TTL_SECONDS = 300;
/** Longer than any access token lives, so a tombstone outlasts every token naming the session. */
const TOMBSTONE_TTL_SECONDS = 3600;

type Cached = { live: true; userId: string } | { live: false };

const key = (redis: ParleyRedis, sessionId: string) => redis.key(`session:${sessionId}`);

/** `work` against Upstash; undefined (logged) when Upstash fails, so the caller falls back. */
async function cacheStep<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof RedisError)) throw err;
    const fields = { task: what, dependency: 'redis', ...errorFields(err) };
    // A missed tombstone leaves a cached "live" entry to expire on its own: worth an alert.
    if (what === 'session tombstone') log.error('session tombstone not written', fields);
    else log.warn('session cache unavailable; using Postgres', fields);
    return undefined;
  }
}

export async function isSessionLive(
  redis: ParleyRedis,
  db: () => Promise<Db>,
  sessionId: string,
  userId: string,
): Promise<boolean> {
  const cached = await cacheStep('session read', () => redis.get<Cached>(key(redis, sessionId)));
  if (cached) return cached.live && cached.userId === userId;
  const rows = await (await db())
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .limit(1);
  const row = rows[0];
  const value: Cached = row ? { live: true, userId: row.userId } : { live: false };
  await cacheStep('session fill', () =>
    redis.set(key(redis, sessionId), value, { ex: row ? LIVE_TTL_SECONDS : TOMBSTONE_TTL_SECONDS, nx: true }),
  );
  return row !== undefined && row.userId === userId;
}

/**
 * Call after the revocation is committed in Postgres. When Upstash fails, the revocation still
 * stands: Postgres answers every session check while Upstash is down, and a "live" entry cached
 * before the outage expires within LIVE_TTL_SECONDS (docs/AUTHENTICATION.md).
 */
export async function markSessionsRevoked(redis: ParleyRedis, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await cacheStep('session tombstone', async () => {
    const pipeline = redis.pipeline();
    for (const id of sessionIds) {
      pipeline.set(key(redis, id), { live: false } satisfies Cached, { ex: TOMBSTONE_TTL_SECONDS });
    }
    await pipeline.exec();
  });
}
