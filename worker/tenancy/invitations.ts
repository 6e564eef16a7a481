// Invitations: a Manager invites an email address with a role; the emailed token is single-use,
// expires after 7 days, and only the account with that email can accept it.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { invitations } from '../../drizzle/schema/auth.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import type { Role } from '../auth/api-tokens.ts';
import { ApiError, forbidden } from '../errors.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { addMember, type Tx } from './membership.ts';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

const invitationGone = () =>
  new ApiError(404, 'invitation_not_found', 'The invitation is unknown, used, revoked or expired');

export async function createInvitation(
  db: Db,
  input: { projectId: string; email: string; role: Role; invitedBy: string },
) {
  const token = randomToken('inv_');
  const [row] = await db
    .insert(invitations)
    .values({
      ...input,
      tokenHash: await sha256Hex(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_SECONDS * 1000),
    })
    .returning();
  if (!row) throw new Error('invitation insert returned no row');
  return { token, row };
}

/** A pending invitation with its project's name, or a 404. */
export async function findPendingInvitation(db: Db | Tx, token: string) {
  const [row] = await db
    .select({ invitation: invitations, projectName: projects.name })
    .from(invitations)
    .innerJoin(projects, eq(projects.id, invitations.projectId))
    .where(
      and(
        eq(invitations.tokenHash, await sha256Hex(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .limit(1);
  if (!row) throw invitationGone();
  return row;
}

/** Consumes the invitation and adds the user with its role (an existing member keeps theirs). */
export async function acceptInvitation(
  tx: Tx,
  token: string,
  user: { id: string; email: string },
  info: RequestInfo,
): Promise<{ projectId: string; role: Role }> {
  const { invitation } = await findPendingInvitation(tx, token);
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    throw forbidden('This invitation was sent to another email address', 'invitation_email_mismatch');
  }
  const [accepted] = await tx
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedBy: user.id })
    .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  if (!accepted) throw invitationGone();
  await addMember(tx, {
    projectId: invitation.projectId,
    userId: user.id,
    role: invitation.role,
    actorId: user.id,
    info,
  });
  return { projectId: invitation.projectId, role: invitation.role };
}
