// The widget's expected-reply line: the Manager's fixed text, or the measured median first-response
// time of the last 7 days within business hours (core/availability/reply-time.ts), read from the
// conversations' denormalized `first_response_at` and cached in Redis for a few minutes so a widget
// load never runs the query. A Redis outage costs one query per session, not the widget.
import { and, desc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { type BusinessHours, DEFAULT_BUSINESS_HOURS, type ExpectedReply } from '../../contract/availability.ts';
import { medianFirstResponse } from '../../core/availability/reply-time.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { createRedis } from '../../core/platform/redis.ts';
import { conversations } from '../../drizzle/schema/conversations.ts';

/** How long a measured median is served before it is measured again. */
export const REPLY_TIME_TTL_SECONDS = 300;
/** The newest conversations of the 7 days the median is taken over, at most. */
const SAMPLE_MAX = 2000;

export const replyTimeKey = (projectId: string) => `reply-time:${projectId}`;

/** The median first response (seconds) of the last 7 days within the hours, from Postgres. */
export async function measureReplySeconds(db: Db, projectId: string, hours: BusinessHours): Promise<number | null> {
  const rows = await db
    .select({ createdAt: conversations.createdAt, firstResponseAt: conversations.firstResponseAt })
    .from(conversations)
    .where(
      and(
        eq(conversations.projectId, projectId),
        isNotNull(conversations.firstResponseAt),
        gt(conversations.createdAt, sql`now() - interval '7 days'`),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(SAMPLE_MAX);
  return medianFirstResponse(
    hours,
    rows.flatMap((r) =>
      r.firstResponseAt ? [{ createdAt: r.createdAt.getTime(), firstResponseAt: r.firstResponseAt.getTime() }] : [],
    ),
  );
}

/** What the widget shows under the header: fixed text, the cached measure, or nothing yet measured. */
export async function expectedReplyOf(
  db: Db,
  config: Config,
  projectId: string,
  hours: BusinessHours | null,
): Promise<ExpectedReply> {
  const h = hours ?? DEFAULT_BUSINESS_HOURS;
  if (h.replyTime.mode === 'fixed') return { kind: 'fixed', text: h.replyTime.text };
  const redis = createRedis(config);
  const key = redis.key(replyTimeKey(projectId));
  let seconds: number | null;
  try {
    const cached = await redis.get<{ seconds: number | null }>(key);
    if (cached) seconds = cached.seconds;
    else {
      seconds = await measureReplySeconds(db, projectId, h);
      await redis.set(key, { seconds }, { ex: REPLY_TIME_TTL_SECONDS });
    }
  } catch (err) {
    log.warn('reply time cache failed', errorFields(err));
    seconds = await measureReplySeconds(db, projectId, h);
  }
  return seconds === null ? { kind: 'none' } : { kind: 'measured', seconds };
}

/** Saved hours change which conversations count: the next session measures again. */
export async function forgetReplyTime(config: Config, projectId: string): Promise<void> {
  const redis = createRedis(config);
  await redis.del(redis.key(replyTimeKey(projectId))).catch((err: unknown) => {
    log.warn('reply time cache failed', errorFields(err));
  });
}
