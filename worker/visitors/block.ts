// Blocking a visitor (a Manager's call, for abuse): the visitor row is marked, which refuses their
// token on every widget route, their next socket and their next widget session, and every socket
// they hold on one of their conversations closes now (4401). Audited as `visitor.blocked`.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { roomFor } from '../conversations/rooms.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';

/** Blocks the project's visitor; false when the project has no such visitor. Blocking twice is harmless. */
export async function blockVisitor(
  db: Db,
  env: Env,
  input: { projectId: string; visitorId: string; actorId: string; info: RequestInfo },
): Promise<boolean> {
  const { projectId, visitorId } = input;
  const blocked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(visitors)
      .set({ blockedAt: sql`coalesce(${visitors.blockedAt}, now())` })
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .returning({ id: visitors.id });
    if (!row) return false;
    await auditProject(tx, {
      projectId,
      actorId: input.actorId,
      type: 'visitor.blocked',
      info: input.info,
      data: { visitorId },
    });
    return true;
  });
  if (!blocked) return false;
  // Every room of the visitor's conversations: a socket may be open on any of them.
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitorId), eq(conversations.projectId, projectId)));
  const results = await Promise.allSettled(
    rows.map((r) => roomFor(env, r.id).closeVisitorSockets({ id: r.id, projectId }, visitorId)),
  );
  for (const r of results) {
    // The token is refused everywhere already; the rooms re-check a socket's sends on their own.
    if (r.status === 'rejected') log.error('closing visitor sockets failed', errorFields(r.reason));
  }
  return true;
}
