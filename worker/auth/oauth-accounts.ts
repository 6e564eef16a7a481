// Which Parley user an OAuth identity signs in as: the linked one; else the account with the
// provider-verified email (linked now); else a new account with a first project. A provider email
// that is not verified never links or creates anything.
import { and, eq } from 'drizzle-orm';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { oauthAccounts } from '../../drizzle/schema/auth.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import type { Mail } from '../lib/mail.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditUser } from '../tenancy/audit.ts';
import { createProject, emailVerifiedNow, findUserByEmail, insertUser } from './accounts.ts';
import { OAuthError, type OAuthProfile, type ProviderId } from './oauth.ts';
import { evictIntruder } from './recovery.ts';

export async function resolveOAuthUser(
  db: Db,
  config: Config,
  env: Env,
  provider: ProviderId,
  profile: OAuthProfile,
  info: RequestInfo,
  /** Sends a mail after the response (the owner is told what a takeover took away). */
  notify: (mail: Mail) => void,
): Promise<string> {
  const [linked] = await db
    .select({ userId: oauthAccounts.userId })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, profile.subject)))
    .limit(1);
  if (linked) return linked.userId;

  const email = profile.verifiedEmail;
  if (!email) throw new OAuthError('oauth_email_unverified', 'the provider has no verified email for this account');

  const existing = await findUserByEmail(db, email);
  if (existing) {
    const takeover = !existing.emailVerified;
    await db.transaction(async (tx) => {
      await tx.insert(oauthAccounts).values({ provider, providerUserId: profile.subject, userId: existing.id, email });
      if (takeover) {
        // Nobody had proven this address; the provider just did. A password set by whoever
        // registered it unproven could be an attacker's (pre-hijacking): it goes, with its sessions.
        await tx
          .update(users)
          .set({ ...emailVerifiedNow(), passwordHash: null })
          .where(eq(users.id, existing.id));
      }
      await auditUser(tx, {
        userId: existing.id,
        type: 'auth.oauth_linked',
        info,
        data: { provider, replacedUnverified: takeover },
      });
    });
    // And so does everything else that holder may have left: API tokens, 2FA, grants (recovery.ts).
    if (takeover) {
      await evictIntruder(
        db,
        config,
        env,
        { userId: existing.id, email, verifiedAt: null, reason: 'oauth_takeover', info },
        notify,
      );
    }
    return existing.id;
  }

  return db.transaction(async (tx) => {
    const user = await insertUser(tx, {
      email,
      name: profile.name.slice(0, 100),
      passwordHash: null,
      emailVerified: true,
    });
    if (!user)
      throw new OAuthError('oauth_conflict', 'an account with this email was created at the same time; try again');
    await tx.insert(oauthAccounts).values({ provider, providerUserId: profile.subject, userId: user.id, email });
    await createProject(tx, { name: `${user.name}'s project`.slice(0, 100), ownerId: user.id, info });
    await auditUser(tx, { userId: user.id, type: 'auth.signed_up', info, data: { provider } });
    return user.id;
  });
}
