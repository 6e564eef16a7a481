// A user deletes their own account (DELETE /api/me, sudo mode). They leave every project first —
// with the same rule as a removal, so the last Manager of a project is refused (409 `last_manager`:
// hand the project over or erase it first) — then the user row goes, and with it (cascades) their
// sessions, 2FA, OAuth identities, API tokens and email tokens. What they did in projects stays as
// the project's record, without them: their messages show no author name, audit rows lose their
// actor and their IP addresses. Their open sockets close and their sessions stop at once.
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { createRedis } from '../../core/platform/redis.ts';
import { auditEvents, invitations } from '../../drizzle/schema/auth.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, users } from '../../drizzle/schema/tenancy.ts';
import { closeMemberSockets } from '../auth/close-sockets.ts';
import { markSessionsRevoked } from '../auth/session-cache.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';
import { removeMember } from '../tenancy/membership.ts';

/** Deletes the account; false when it is gone already. Throws 409 `last_manager` before changing anything. */
export async function deleteAccount(
  db: Db,
  config: Config,
  env: Env,
  input: { userId: string; info: RequestInfo },
): Promise<boolean> {
  const { userId, info } = input;
  const done = await db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return null;
    const rows = await tx
      .select({ projectId: memberships.projectId })
      .from(memberships)
      .where(eq(memberships.userId, userId))
      .orderBy(memberships.projectId);
    const projectIds = rows.map((r) => r.projectId);
    for (const projectId of projectIds) {
      // member.removed (event and audit) as for a removal; refuses the last Manager.
      await removeMember(tx, { projectId, userId, actorId: userId, info });
      await auditProject(tx, { projectId, actorId: userId, type: 'account.deleted', data: { userId } });
    }
    const live = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
    // Invitations to their address hold it: those they accepted, and any still open.
    await tx
      .delete(invitations)
      .where(or(eq(invitations.acceptedBy, userId), sql`lower(${invitations.email}) = lower(${user.email})`));
    // Their own sign-ins and changes stay in the projects' logs, without where they came from.
    await tx.update(auditEvents).set({ ip: null, userAgent: null }).where(eq(auditEvents.actorId, userId));
    await tx.delete(users).where(eq(users.id, userId));
    return { projectIds, sessionIds: live.map((s) => s.id) };
  });
  if (!done) return false;
  // Committed: their access tokens stop at once (the session cache), their sockets close (4403).
  await markSessionsRevoked(createRedis(config), done.sessionIds);
  for (const projectId of done.projectIds) await closeMemberSockets(env, projectId, [userId]);
  return true;
}
