// Account recovery evicts whoever held the account before: when the owner takes it back (an OAuth
// sign-in proving an address nobody had proven, or a password reset), every session and API token
// of the account ends, 2FA is reset, and what the account granted before its address was proven is
// undone (pending invitations are revoked) or flagged for a Manager to review (accepted invitations,
// promotions to Manager: audit entries `grant.needs_review`). Each step leaves an audit entry.
import { and, eq, gt, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { GRANT_NEEDS_REVIEW } from '../../contract/rest/audit.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import {
  apiTokens,
  auditEvents,
  invitations,
  mfaChallenges,
  mfaRecoveryCodes,
  userMfa,
} from '../../drizzle/schema/auth.ts';
import { memberships } from '../../drizzle/schema/tenancy.ts';
import type { Mail } from '../lib/mail.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject, auditUser } from '../tenancy/audit.ts';
import type { Tx } from '../tenancy/membership.ts';
import { accountSecuredMail } from './mails.ts';
import { revokeUserSessions } from './sessions.ts';

export type RecoveryReason = 'oauth_takeover' | 'password_reset';

export interface Recovery {
  userId: string;
  /** Where the owner is told what changed. */
  email: string;
  /** When the address was first proven, before this recovery; null when never (every grant counts). */
  verifiedAt: Date | null;
  reason: RecoveryReason;
  info: RequestInfo;
}

export interface RecoveryOutcome {
  sessionsRevoked: number;
  apiTokensRevoked: number;
  /** 2FA was on and is now off. */
  mfaReset: boolean;
  invitationsRevoked: number;
  grantsFlagged: number;
}

/** The recovery of `user` as its row was before the recovery proved the address. */
export const recoveryOf = (
  user: { id: string; email: string; emailVerified: boolean; emailVerifiedAt: Date | null },
  reason: RecoveryReason,
  info: RequestInfo,
): Recovery => ({
  userId: user.id,
  email: user.email,
  // Verified before the time was recorded (never, since the migration backfills it): nothing earlier counts.
  verifiedAt: user.emailVerified ? (user.emailVerifiedAt ?? new Date(0)) : null,
  reason,
  info,
});

/** Rows made before the address was proven (all of them when it never was). */
const beforeVerification = (column: Parameters<typeof lt>[0], verifiedAt: Date | null): SQL | undefined =>
  verifiedAt ? lt(column, verifiedAt) : undefined;

async function revokeApiTokens(tx: Tx, { userId, reason, info }: Recovery): Promise<number> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ projectId: apiTokens.projectId, name: apiTokens.name, prefix: apiTokens.prefix });
  for (const token of revoked) {
    await auditProject(tx, {
      projectId: token.projectId,
      actorId: userId,
      type: 'api_token.revoked',
      info,
      data: { name: token.name, prefix: token.prefix, reason },
    });
  }
  return revoked.length;
}

/** Takes 2FA off (seed, recovery codes, pending challenges); true when it had been on. */
async function resetMfa(tx: Tx, { userId, reason, info }: Recovery): Promise<boolean> {
  const [before] = await tx
    .select({ status: userMfa.status })
    .from(userMfa)
    .where(eq(userMfa.userId, userId))
    .for('update');
  if (!before || before.status === 'disabled') return false;
  await tx
    .update(userMfa)
    .set({ status: 'disabled', secret: null, lastUsedStep: null, enabledAt: null })
    .where(eq(userMfa.userId, userId));
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx
    .update(mfaChallenges)
    .set({ consumedAt: new Date() })
    .where(and(eq(mfaChallenges.userId, userId), isNull(mfaChallenges.consumedAt)));
  await auditUser(tx, { userId, type: 'mfa.reset', info, data: { reason, previous: before.status } });
  return before.status === 'enabled';
}

async function revokePendingInvitations(tx: Tx, { userId, verifiedAt, reason, info }: Recovery): Promise<number> {
  const revoked = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.invitedBy, userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
        beforeVerification(invitations.createdAt, verifiedAt),
      ),
    )
    .returning({ projectId: invitations.projectId, email: invitations.email });
  for (const invitation of revoked) {
    await auditProject(tx, {
      projectId: invitation.projectId,
      actorId: userId,
      type: 'member.invitation_revoked',
      info,
      data: { email: invitation.email, reason },
    });
  }
  return revoked.length;
}

/** Accepted invitations and promotions to Manager made before verification, whose member is still in
 * the project: one `grant.needs_review` entry each, for the project's Managers. */
async function flagGrants(tx: Tx, { userId, verifiedAt, reason, info }: Recovery): Promise<number> {
  const accepted = await tx
    .select({
      projectId: invitations.projectId,
      memberId: memberships.userId,
      role: invitations.role,
      email: invitations.email,
      grantedAt: invitations.createdAt,
    })
    .from(invitations)
    .innerJoin(
      memberships,
      and(eq(memberships.projectId, invitations.projectId), eq(memberships.userId, invitations.acceptedBy)),
    )
    .where(
      and(
        eq(invitations.invitedBy, userId),
        isNotNull(invitations.acceptedAt),
        beforeVerification(invitations.createdAt, verifiedAt),
      ),
    );
  const promoted = await tx
    .select({
      projectId: memberships.projectId,
      memberId: memberships.userId,
      previousRole: sql<string>`${auditEvents.data}->>'previousRole'`,
      grantedAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .innerJoin(
      memberships,
      and(eq(memberships.projectId, auditEvents.projectId), eq(memberships.userId, auditEvents.targetUserId)),
    )
    .where(
      and(
        eq(auditEvents.actorId, userId),
        eq(auditEvents.type, 'member.role_changed'),
        sql`${auditEvents.data}->>'role' = 'manager'`,
        beforeVerification(auditEvents.createdAt, verifiedAt),
      ),
    );
  const grants = [
    ...accepted.map((g) => ({
      projectId: g.projectId,
      memberId: g.memberId,
      grantedAt: g.grantedAt,
      data: { grant: 'invitation', role: g.role, email: g.email },
    })),
    ...promoted.map((g) => ({
      projectId: g.projectId,
      memberId: g.memberId,
      grantedAt: g.grantedAt,
      data: { grant: 'role_change', role: 'manager', previousRole: g.previousRole },
    })),
  ];
  for (const grant of grants) {
    await auditProject(tx, {
      projectId: grant.projectId,
      actorId: userId,
      targetUserId: grant.memberId,
      type: GRANT_NEEDS_REVIEW,
      info,
      data: { ...grant.data, grantedAt: grant.grantedAt.toISOString(), reason },
    });
  }
  return grants.length;
}

/** Evicts the account's previous holder; `notify` gets the mail telling the owner what changed. */
export async function evictIntruder(
  db: Db,
  config: Config,
  env: Env,
  recovery: Recovery,
  notify: (mail: Mail) => void,
): Promise<RecoveryOutcome> {
  const changed = await db.transaction(async (tx) => ({
    apiTokensRevoked: await revokeApiTokens(tx, recovery),
    mfaReset: await resetMfa(tx, recovery),
    invitationsRevoked: await revokePendingInvitations(tx, recovery),
    grantsFlagged: await flagGrants(tx, recovery),
  }));
  const sessions = await revokeUserSessions(db, config, env, recovery.userId);
  const outcome = { ...changed, sessionsRevoked: sessions.length };
  if (outcome.mfaReset || outcome.apiTokensRevoked > 0 || outcome.grantsFlagged > 0) {
    notify(accountSecuredMail(recovery.email, recovery.reason, outcome));
  }
  return outcome;
}
