// Recovery evicts an intruder (issue 15, item 3). Someone registers the owner's address without
// proving it (pre-hijacking), mints an API token, enrols 2FA and invites an accomplice as Manager.
// When the owner takes the account back — by signing in with a provider that verified the address,
// or by a password reset — the token dies, 2FA is reset (and the owner is told by mail), pending
// invitations from before verification are revoked and accepted ones are flagged for review.
import { describe, expect, it } from 'vitest';
import { login, mailToken, signUp, type TestUser, uniqueEmail } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { oauthSignIn, profileOf } from './helpers/oauth.ts';
import { memberOf } from './helpers/tenant.ts';
import { enableMfa } from './helpers/totp.ts';

interface AuditEvent {
  type: string;
  actor: { id: string } | null;
  target: { id: string } | null;
  data: Record<string, unknown>;
}

/** A Manager invites `email` with `role`; returns the emailed token. */
async function invite(manager: TestUser, email: string, role: 'manager' | 'agent') {
  const res = await httpJson<{ id: string }>('POST', `/api/projects/${manager.projectId}/invitations`, {
    token: manager.accessToken,
    json: { email, role },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, token: await mailToken(email, /invited/) };
}

/** A new account joining by the invitation: the accomplice. */
async function acceptBySigningUp(email: string, invitationToken: string): Promise<string> {
  const res = await httpJson<{ user: { id: string } }>('POST', '/api/auth/signup', {
    json: { email, password: `pw-${crypto.randomUUID()}`, name: 'Accomplice', invitationToken },
  });
  expect(res.status).toBe(201);
  return res.body.user.id;
}

/** The intruder, signed up (unverified) on the owner's address, plants everything a takeover must undo. */
async function intruderMovesIn() {
  const intruder = await signUp();
  const minted = await httpJson<{ token: string }>('POST', `/api/projects/${intruder.projectId}/tokens`, {
    token: intruder.accessToken,
    json: { name: 'backdoor', role: 'manager', expiresInDays: 30 },
  });
  expect(minted.status).toBe(201);
  await enableMfa(intruder);
  const accompliceEmail = uniqueEmail('accomplice');
  const accepted = await invite(intruder, accompliceEmail, 'manager');
  const accompliceId = await acceptBySigningUp(accompliceEmail, accepted.token);
  const pending = await invite(intruder, uniqueEmail('pending'), 'agent');
  // A member raised to Manager by the intruder.
  const promoted = await memberOf({ projectId: intruder.projectId }, 'agent');
  const change = await http('PATCH', `/api/projects/${intruder.projectId}/members/${promoted.userId}`, {
    token: intruder.accessToken,
    json: { role: 'manager' },
  });
  expect(change.status).toBe(200);
  // Before recovery, all of it works.
  expect((await http('GET', `/api/projects/${intruder.projectId}/members`, { token: minted.body.token })).status).toBe(
    200,
  );
  return { intruder, apiToken: minted.body.token, accompliceId, pendingInvitationId: pending.id, promoted };
}

async function auditOf(projectId: string, token: string, type?: string): Promise<AuditEvent[]> {
  const res = await httpJson<{ events: AuditEvent[] }>('GET', `/api/projects/${projectId}/audit`, { token });
  expect(res.status).toBe(200);
  return type ? res.body.events.filter((e) => e.type === type) : res.body.events;
}

async function mailTo(email: string, subject: RegExp) {
  return eventually(
    async () => {
      const { body } = await httpJson<{ mails: { subject: string; text: string }[] }>(
        'GET',
        `/dev/mail?to=${encodeURIComponent(email)}`,
      );
      return body.mails.find((m) => subject.test(m.subject));
    },
    5_000,
    50,
  );
}

/** What every recovery must leave: the token dead, 2FA off and mailed about, grants undone or flagged. */
async function expectIntruderEvicted(
  planted: Awaited<ReturnType<typeof intruderMovesIn>>,
  ownerToken: string,
  reason: string,
) {
  const { intruder, apiToken, accompliceId, pendingInvitationId, promoted } = planted;
  const projectId = intruder.projectId;
  await expectError(http('GET', `/api/projects/${projectId}/members`, { token: apiToken }), 401, 'invalid_token');
  const [token] = await sql<{ revoked_at: Date | null }>('select revoked_at from api_tokens where user_id = $1', [
    intruder.userId,
  ]);
  expect(token?.revoked_at).not.toBeNull();

  const mfa = await httpJson<{ status: string; recoveryCodesRemaining: number }>('GET', '/api/auth/2fa', {
    token: ownerToken,
  });
  expect(mfa.body).toEqual({ status: 'disabled', recoveryCodesRemaining: 0 });
  const mail = await mailTo(intruder.email, /secured/);
  expect(mail.text).toMatch(/two-factor authentication was turned off/i);
  expect(mail.text).toMatch(/1 API token/);

  // The Manager lists what needs review with the audit log's type filter, and can undo each.
  const review = await httpJson<{ events: AuditEvent[] }>(
    'GET',
    `/api/projects/${projectId}/audit?type=grant.needs_review`,
    { token: ownerToken },
  );
  expect(review.status).toBe(200);
  expect(review.body.events.every((e) => e.type === 'grant.needs_review')).toBe(true);
  const flagged = review.body.events.map((e) => ({ target: e.target?.id, grant: e.data.grant, role: e.data.role }));
  expect(flagged).toEqual(
    expect.arrayContaining([
      { target: accompliceId, grant: 'invitation', role: 'manager' },
      { target: promoted.userId, grant: 'role_change', role: 'manager' },
    ]),
  );
  expect(flagged).toHaveLength(2);
  expect(review.body.events.every((e) => e.data.reason === reason && e.actor?.id === intruder.userId)).toBe(true);
  const undo = await http('DELETE', `/api/projects/${projectId}/members/${accompliceId}`, { token: ownerToken });
  expect(undo.status).toBe(200);

  // A pending invitation from before verification is revoked outright.
  const pending = await httpJson<{ invitations: { id: string }[] }>('GET', `/api/projects/${projectId}/invitations`, {
    token: ownerToken,
  });
  expect(pending.body.invitations.map((i) => i.id)).not.toContain(pendingInvitationId);

  const events = await auditOf(projectId, ownerToken);
  const types = events.map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['api_token.revoked', 'mfa.reset', 'member.invitation_revoked']));
  expect(events.find((e) => e.type === 'mfa.reset')?.data).toMatchObject({ reason });
  expect(events.find((e) => e.type === 'api_token.revoked')?.data).toMatchObject({ reason, name: 'backdoor' });
}

describe('recovery evicts an intruder', () => {
  it('an OAuth sign-in that takes over an unverified account kills its API tokens, resets 2FA and flags its grants', async () => {
    const planted = await intruderMovesIn();
    const owner = await oauthSignIn('github', profileOf({ email: planted.intruder.email }));
    // Signed in at once: the intruder's 2FA no longer stands between the owner and the account.
    expect(owner.location).toBe('http://parley.test/inbox');
    expect(owner.accessToken).toBeTruthy();
    await expectIntruderEvicted(planted, owner.accessToken ?? '', 'oauth_takeover');
  });

  it('a password reset kills the API tokens, resets 2FA and flags grants made before the address was verified', async () => {
    const planted = await intruderMovesIn();
    const email = planted.intruder.email;
    expect((await http('POST', '/api/auth/password-reset/request', { json: { email } })).status).toBe(202);
    const token = await mailToken(email, /Reset your Parley password/);
    const done = await http('POST', '/api/auth/password-reset/confirm', {
      json: { token, newPassword: 'the owner is back' },
    });
    expect(done.status).toBe(200);
    const signedIn = await login(email, 'the owner is back');
    expect(signedIn.body.status).toBe('signed_in');
    await expectIntruderEvicted(planted, signedIn.body.accessToken, 'password_reset');
  });

  it('a reset of a verified account flags only the grants made before verification', async () => {
    const user = await signUp();
    const beforeEmail = uniqueEmail('before');
    const before = await acceptBySigningUp(beforeEmail, (await invite(user, beforeEmail, 'manager')).token);
    await http('POST', '/api/auth/verify-email/confirm', {
      json: { token: await mailToken(user.email, /Confirm your email/) },
    });
    const afterEmail = uniqueEmail('after');
    const after = await acceptBySigningUp(afterEmail, (await invite(user, afterEmail, 'manager')).token);
    await http('POST', '/api/auth/password-reset/request', { json: { email: user.email } });
    const token = await mailToken(user.email, /Reset your Parley password/);
    expect(
      (await http('POST', '/api/auth/password-reset/confirm', { json: { token, newPassword: 'a new password' } }))
        .status,
    ).toBe(200);
    const signedIn = await login(user.email, 'a new password');
    const flagged = await auditOf(user.projectId, signedIn.body.accessToken, 'grant.needs_review');
    expect(flagged.map((e) => e.target?.id)).toEqual([before]);
    expect(flagged.map((e) => e.target?.id)).not.toContain(after);
  });
});
