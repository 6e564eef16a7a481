// Writes security events to audit_events. A user's own events are copied into every project the
// user belongs to (so each project's Managers read them, and the record stays when the user
// leaves); with no project, one row without a project is kept.
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../core/platform/db.ts';
import { type AuditEventType, auditEvents } from '../../drizzle/schema/auth.ts';
import { type RequestInfo, requestInfo } from '../lib/request-info.ts';

type Data = Record<string, string | number | boolean | null>;

/** Anything with `insert`/`execute`: the db or a transaction. */
type Writer = Pick<Db, 'insert' | 'execute'>;

export async function auditProject(
  db: Writer,
  event: {
    projectId: string;
    actorId: string | null;
    type: AuditEventType;
    targetUserId?: string | null;
    info?: RequestInfo;
    data?: Data;
  },
): Promise<void> {
  await db.insert(auditEvents).values({
    projectId: event.projectId,
    actorId: event.actorId,
    targetUserId: event.targetUserId ?? null,
    type: event.type,
    ip: event.info?.ip ?? null,
    userAgent: event.info?.userAgent ?? null,
    data: event.data ?? {},
  });
}

/**
 * A definition (a label, a contact attribute) created, changed or deleted by the calling agent in
 * the project of the route: after requireMember, so the membership and agent are on `c`.
 */
export async function auditDefinition(db: Writer, c: Context, type: AuditEventType, data: Data): Promise<void> {
  await auditProject(db, {
    projectId: c.get('membership').projectId,
    actorId: c.get('agent').userId,
    type,
    info: requestInfo(c),
    data,
  });
}

export async function auditUser(
  db: Writer,
  event: { userId: string | null; type: AuditEventType; info?: RequestInfo; data?: Data },
): Promise<void> {
  const ip = event.info?.ip ?? null;
  const ua = event.info?.userAgent ?? null;
  const data = JSON.stringify(event.data ?? {});
  if (!event.userId) {
    await db
      .insert(auditEvents)
      .values({ projectId: null, actorId: null, type: event.type, ip, userAgent: ua, data: event.data ?? {} });
    return;
  }
  await db.execute(sql`
    insert into audit_events (project_id, actor_id, type, ip, user_agent, data)
    select m.project_id, ${event.userId}::uuid, ${event.type}::text, ${ip}::text, ${ua}::text, ${data}::jsonb
      from memberships m where m.user_id = ${event.userId}::uuid
    union all
    select null::uuid, ${event.userId}::uuid, ${event.type}::text, ${ip}::text, ${ua}::text, ${data}::jsonb
     where not exists (select 1 from memberships m where m.user_id = ${event.userId}::uuid)`);
}
