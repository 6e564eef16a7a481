// Users and projects: lookups by email, account and project creation, and their API views.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { randomToken } from '../../core/platform/tokens.ts';
import { userMfa } from '../../drizzle/schema/auth.ts';
import { projects, users } from '../../drizzle/schema/tenancy.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';
import { addMember, type Tx } from '../tenancy/membership.ts';

export type UserRow = typeof users.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;

export function userView(user: UserRow, mfaEnabled: boolean) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    hasPassword: user.passwordHash !== null,
    mfaEnabled,
    emailNotifications: user.emailNotifications,
    theme: user.theme,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function findUserByEmail(db: Db | Tx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row;
}

export async function findUser(db: Db | Tx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function isMfaEnabled(db: Db | Tx, userId: string): Promise<boolean> {
  const [row] = await db.select({ status: userMfa.status }).from(userMfa).where(eq(userMfa.userId, userId)).limit(1);
  return row?.status === 'enabled';
}

/** Creates the user, or returns null when the email is taken (unique on lower(email)). */
export async function insertUser(
  tx: Db | Tx,
  input: { email: string; name: string; passwordHash: string | null; emailVerified: boolean },
): Promise<UserRow | null> {
  const [row] = await tx
    .insert(users)
    .values({ ...input, emailVerifiedAt: input.emailVerified ? new Date() : null })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The columns that mark an address proven: the first proof's time is kept. */
export const emailVerifiedNow = () => ({
  emailVerified: true,
  emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
});

/** A new project whose Manager is `ownerId`. */
export async function createProject(
  tx: Tx,
  input: { name: string; ownerId: string; info?: RequestInfo },
): Promise<ProjectRow> {
  const [project] = await tx
    .insert(projects)
    .values({ name: input.name, widgetKey: randomToken('pk_', 18) })
    .returning();
  if (!project) throw new Error('project insert returned no row');
  await auditProject(tx, {
    projectId: project.id,
    actorId: input.ownerId,
    type: 'project.created',
    info: input.info,
    data: { name: input.name },
  });
  await addMember(tx, {
    projectId: project.id,
    userId: input.ownerId,
    role: 'manager',
    actorId: input.ownerId,
    info: input.info,
  });
  return project;
}

export function projectView(project: ProjectRow, role: 'manager' | 'agent', mfaEnabled: boolean) {
  return {
    id: project.id,
    name: project.name,
    widgetKey: project.widgetKey,
    role,
    mfaRequired: project.require2fa && !mfaEnabled,
    createdAt: project.createdAt.toISOString(),
  };
}
