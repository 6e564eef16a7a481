// Closes the open sockets of an agent whose authority just ended, at once (docs/AUTHENTICATION.md,
// "Open sockets"). Each project's ProjectInbox closes its own dashboard sockets and reaches the
// ConversationRooms where the agent has a socket (it keeps that registry). A failed delivery
// never fails the request that revoked: the rooms and inboxes re-check on their alarm (backstop).
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { CLOSE_CODES } from '../../contract/frames.ts';
import type { AgentSocketsTarget } from '../../core/conversations/room-api.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { userMfa } from '../../drizzle/schema/auth.ts';
import { memberships, projects } from '../../drizzle/schema/tenancy.ts';
import { inboxFor } from '../conversations/rooms.ts';

async function closeInProjects(env: Env, projectIds: readonly string[], target: AgentSocketsTarget): Promise<void> {
  const results = await Promise.allSettled(
    [...new Set(projectIds)].map((p) => inboxFor(env, p).closeAgentSockets(target)),
  );
  for (const r of results) {
    if (r.status === 'rejected')
      log.error('closing sockets failed', { userId: target.userId, ...errorFields(r.reason) });
  }
}

/** These sessions of `userId` ended: their sockets, in every project of the user, close with 4401. */
export async function closeSessionSockets(
  env: Env,
  db: Db,
  userId: string,
  sessionIds: readonly string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  const rows = await db
    .select({ projectId: memberships.projectId })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  await closeInProjects(
    env,
    rows.map((r) => r.projectId),
    { userId, sessionIds: [...sessionIds], code: CLOSE_CODES.authorityRevoked, reason: 'session ended' },
  );
}

/** These users may no longer use the project (removed, or lacking its 2FA): their sockets there close with 4403. */
export async function closeMemberSockets(env: Env, projectId: string, userIds: readonly string[]): Promise<void> {
  await Promise.all(
    userIds.map((userId) =>
      closeInProjects(env, [projectId], { userId, code: CLOSE_CODES.notMember, reason: 'no longer a member' }),
    ),
  );
}

/** The project now requires 2FA: its members without it lose their sockets there. */
export async function closeSocketsLacking2fa(env: Env, db: Db, projectId: string): Promise<void> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .leftJoin(userMfa, eq(userMfa.userId, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), or(isNull(userMfa.status), ne(userMfa.status, 'enabled'))));
  await closeMemberSockets(
    env,
    projectId,
    rows.map((r) => r.userId),
  );
}

/** The user turned 2FA off: their sockets close in every project that requires it. */
export async function closeSocketsRequiring2fa(env: Env, db: Db, userId: string): Promise<void> {
  const rows = await db
    .select({ projectId: memberships.projectId })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(and(eq(memberships.userId, userId), eq(projects.require2fa, true)));
  await Promise.all(rows.map((r) => closeMemberSockets(env, r.projectId, [userId])));
}
