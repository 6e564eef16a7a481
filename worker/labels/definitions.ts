// Label definitions: who may define them (a project setting, Managers only by default) and the
// view every route answers with.
import { and, eq } from 'drizzle-orm';
import type { Label, LabelColor } from '../../contract/rest/labels.ts';
import type { Db } from '../../core/platform/db.ts';
import { labelSettings, labels } from '../../drizzle/schema/labels.ts';
import { notFound } from '../errors.ts';
import type { Role } from '../middleware/auth.ts';

export async function agentsMayDefine(db: Db, projectId: string): Promise<boolean> {
  const rows = await db
    .select({ v: labelSettings.agentsMayDefine })
    .from(labelSettings)
    .where(eq(labelSettings.projectId, projectId))
    .limit(1);
  return rows[0]?.v ?? false;
}

/** Managers always; Agents (and Agent-role API tokens) when the project allows it. */
export const mayDefine = (role: Role, agentsAllowed: boolean): boolean => role === 'manager' || agentsAllowed;

export async function saveAgentsMayDefine(db: Db, projectId: string, value: boolean): Promise<void> {
  await db
    .insert(labelSettings)
    .values({ projectId, agentsMayDefine: value })
    .onConflictDoUpdate({ target: labelSettings.projectId, set: { agentsMayDefine: value, updatedAt: new Date() } });
}

type Row = typeof labels.$inferSelect;

export const labelView = (r: Row): Label => ({
  id: r.id,
  name: r.name,
  // Written only through the palette's enum; a stored value outside it would be drawn grey.
  color: r.color as LabelColor,
  description: r.description,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A filter naming another project's label (or none) answers 404, as every cross-project id does. */
export async function requireLabel(db: Db, projectId: string, labelId: string): Promise<void> {
  const rows = await db
    .select({ id: labels.id })
    .from(labels)
    .where(and(eq(labels.id, labelId), eq(labels.projectId, projectId)))
    .limit(1);
  if (rows.length === 0) throw notFound('Label');
}
