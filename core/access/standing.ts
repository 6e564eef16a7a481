// Does an open socket still hold the authority it was opened with? The checks the Durable Objects
// run on their alarm (the backstop behind the Worker closing sockets at once), against Postgres —
// the source of truth — so a lost close message or a stale cache cannot keep a socket open.
import { and, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { userMfa } from '../../drizzle/schema/auth.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, projects } from '../../drizzle/schema/tenancy.ts';
import type { Db } from '../platform/db.ts';

/**
 * The project's own rule on its members, beyond membership: when it requires 2FA, a member
 * without 2FA enabled may not use it. The Worker's requireMember applies the same rule.
 */
export const meetsProjectRules = (require2fa: boolean, mfaStatus: string | null): boolean =>
  !require2fa || mfaStatus === 'enabled';

/** Of these sessions, the ones neither revoked nor expired. */
export async function liveSessions(db: Db, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(inArray(sessions.id, [...sessionIds]), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return new Set(rows.map((r) => r.id));
}

/** Of these users, the members of the project who meet its rules (2FA when required). */
export async function membersInGoodStanding(
  db: Db,
  projectId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: memberships.userId, require2fa: projects.require2fa, mfa: userMfa.status })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .leftJoin(userMfa, eq(userMfa.userId, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), inArray(memberships.userId, [...userIds])));
  return new Set(rows.filter((r) => meetsProjectRules(r.require2fa, r.mfa)).map((r) => r.userId));
}

/** One visitor as the widget's routes need them: there (`ok`), blocked, or gone (erased). */
export async function visitorStanding(db: Db, visitorId: string): Promise<'ok' | 'blocked' | 'unknown'> {
  const [row] = await db
    .select({ blockedAt: visitors.blockedAt })
    .from(visitors)
    .where(eq(visitors.id, visitorId))
    .limit(1);
  if (!row) return 'unknown';
  return row.blockedAt ? 'blocked' : 'ok';
}

/** Of these visitors, the ones a Manager blocked. */
export async function blockedVisitors(db: Db, visitorIds: readonly string[]): Promise<Set<string>> {
  if (visitorIds.length === 0) return new Set();
  const rows = await db
    .select({ id: visitors.id })
    .from(visitors)
    .where(and(inArray(visitors.id, [...visitorIds]), isNotNull(visitors.blockedAt)));
  return new Set(rows.map((r) => r.id));
}
