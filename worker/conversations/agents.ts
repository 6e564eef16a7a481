// Small lookups about agents shared by the REST and WebSocket routes.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { memberships, users } from '../../drizzle/schema/tenancy.ts';

export async function agentName(db: Db, userId: string): Promise<string> {
  const rows = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return rows[0]?.name ?? 'Agent';
}

export async function isMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .limit(1);
  return rows.length > 0;
}
