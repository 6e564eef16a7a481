// Sudo mode: sensitive account changes (2FA enrolment and removal, recovery codes, API tokens) need
// the user proven on this session within the last few minutes — by the sign-in that made the
// session, or by POST /api/auth/reauthenticate with the password or a current TOTP code. A stolen
// access token (15 minutes) alone is not enough. Times are the database's, on both sides.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';

/** How long a proof lasts (GitHub's sudo mode: a few hours; Parley's sensitive routes are few). */
export const REAUTH_WINDOW_MINUTES = 10;

const window = sql.raw(`interval '${REAUTH_WINDOW_MINUTES} minutes'`);

/** Whether the live session `sessionId` proved its user within the window. */
export async function isRecentlyAuthenticated(db: Db, sessionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.revokedAt),
        sql`${sessions.reauthenticatedAt} > now() - ${window}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Records a proof on the session; returns when it stops counting. */
export async function markReauthenticated(db: Db, sessionId: string): Promise<Date> {
  const [row] = await db
    .update(sessions)
    .set({ reauthenticatedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ until: sql<string>`${sessions.reauthenticatedAt} + ${window}` });
  if (!row) throw new Error('re-authenticated session not found');
  return new Date(row.until);
}
