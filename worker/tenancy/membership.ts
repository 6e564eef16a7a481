// Membership changes, each with its outbox event in the same transaction (types member.added,
// member.removed, member.role_changed; aggregate 'membership') and an audit row.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Role } from '../../contract/enums.ts';
import { type EventDraft, memberAdded, memberRemoved, memberRoleChanged } from '../../contract/events.ts';
import { type Tx, writeOutbox } from '../../core/events/outbox.ts';
import { memberships } from '../../drizzle/schema/tenancy.ts';
import { conflict } from '../errors.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from './audit.ts';

function membershipEvent(tx: Tx, event: EventDraft<'member.added' | 'member.removed' | 'member.role_changed'>) {
  const { projectId, userId } = event.payload;
  return writeOutbox(tx, [
    {
      projectId,
      aggregateType: 'membership',
      aggregateId: `${projectId}:${userId}`,
      type: event.type,
      payload: event.payload,
    },
  ]);
}

/** Adds a member; an existing member keeps their role (returns false). */
export async function addMember(
  tx: Tx,
  input: { projectId: string; userId: string; role: Role; actorId: string | null; info?: RequestInfo },
): Promise<boolean> {
  const inserted = await tx
    .insert(memberships)
    .values({ projectId: input.projectId, userId: input.userId, role: input.role })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  if (inserted.length === 0) return false;
  await membershipEvent(tx, memberAdded(input.projectId, input.userId, input.role));
  await auditProject(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    targetUserId: input.userId,
    type: 'member.added',
    info: input.info,
    data: { role: input.role },
  });
  return true;
}

/** Locks the project's manager rows, so two concurrent demotions cannot both pass the last-manager check. */
async function otherManagers(tx: Tx, projectId: string, userId: string): Promise<number> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, 'manager'), ne(memberships.userId, userId)))
    .for('update');
  return rows.length;
}

/** Returns the previous role, or null when the user is not a member. */
export async function changeRole(
  tx: Tx,
  input: { projectId: string; userId: string; role: Role; actorId: string; info?: RequestInfo },
): Promise<Role | null> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, input.projectId), eq(memberships.userId, input.userId)))
    .for('update');
  if (!current) return null;
  if (current.role === input.role) return current.role;
  if (current.role === 'manager' && (await otherManagers(tx, input.projectId, input.userId)) === 0) {
    throw conflict('A project needs at least one Manager', 'last_manager');
  }
  await tx
    .update(memberships)
    .set({ role: input.role, updatedAt: sql`now()` })
    .where(and(eq(memberships.projectId, input.projectId), eq(memberships.userId, input.userId)));
  await membershipEvent(tx, memberRoleChanged(input.projectId, input.userId, input.role, current.role));
  await auditProject(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    targetUserId: input.userId,
    type: 'member.role_changed',
    info: input.info,
    data: { role: input.role, previousRole: current.role },
  });
  return current.role;
}

/** Returns false when the user was not a member. */
export async function removeMember(
  tx: Tx,
  input: { projectId: string; userId: string; actorId: string; info?: RequestInfo },
): Promise<boolean> {
  const [current] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, input.projectId), eq(memberships.userId, input.userId)))
    .for('update');
  if (!current) return false;
  if (current.role === 'manager' && (await otherManagers(tx, input.projectId, input.userId)) === 0) {
    throw conflict('A project needs at least one Manager', 'last_manager');
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.projectId, input.projectId), eq(memberships.userId, input.userId)));
  await membershipEvent(tx, memberRemoved(input.projectId, input.userId, current.role));
  await auditProject(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    targetUserId: input.userId,
    type: 'member.removed',
    info: input.info,
    data: { role: current.role },
  });
  return true;
}

export type { Tx };
