// /api/auth: sign-up, sign-in (the 2FA challenge that may follow is in routes/mfa.ts), refresh,
// sign-out, password change and reset, email verification. The refresh token only ever travels
// in the HttpOnly cookie; the access token is returned in the body for the dashboard to keep in memory.
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { accessToken, passwordChanged, signedOutEverywhere, signedUp, signInResult } from '../../contract/rest/auth.ts';
import { text } from '../../contract/text.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import {
  createProject,
  emailVerifiedNow,
  findUser,
  findUserByEmail,
  insertUser,
  isMfaEnabled,
  projectView,
  userView,
} from '../auth/accounts.ts';
import { clearRefreshCookie, readRefreshCookie, requireCsrfHeader, setRefreshCookie } from '../auth/cookies.ts';
import { consumeEmailToken, issueEmailToken } from '../auth/email-tokens.ts';
import { passwordChangedMail, publicUrl, resetPasswordMail, verifyEmailMail } from '../auth/mails.ts';
import { challengeIfEnrolled } from '../auth/mfa.ts';
import { hashPassword, needsRehash, verifyPassword, verifyPasswordOrDummy } from '../auth/password.ts';
import { enforceRateLimit } from '../auth/rate-limit.ts';
import { evictIntruder, recoveryOf } from '../auth/recovery.ts';
import { AnyPassword, Email, Name, NewPassword } from '../auth/schemas.ts';
import {
  accessTokenBody,
  createSession,
  revokeSessions,
  revokeUserSessions,
  rotateRefreshToken,
} from '../auth/sessions.ts';
import { guardPasswordCheck } from '../auth/sign-in-guard.ts';
import { ApiError, badRequest, conflict, unauthorized } from '../errors.ts';
import { runInBackground } from '../lib/background.ts';
import { createMailSender, sendMailLater } from '../lib/mail.ts';
import { bearerSecurity, cookieSecurity, createRouter, errors, json, jsonBody, Ok } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent } from '../middleware/auth.ts';
import { auditUser } from '../tenancy/audit.ts';
import { acceptInvitation, findPendingInvitation } from '../tenancy/invitations.ts';

export const auth = createRouter();

const tags = ['auth'];

/** Creates the session, sets the refresh cookie and shapes the signed-in body (also after a 2FA challenge). */
export async function signIn(c: Context<AppEnv>, userId: string, method: string) {
  const db = await c.get('db')();
  const info = requestInfo(c);
  const tokens = await createSession(db, c.get('config'), userId, info);
  await auditUser(db, { userId, type: 'auth.signed_in', info, data: { method } });
  setRefreshCookie(c, tokens.refreshToken, tokens.expiresAt);
  const user = await findUser(db, userId);
  if (!user) throw unauthorized();
  return {
    status: 'signed_in' as const,
    ...accessTokenBody(tokens),
    user: userView(user, await isMfaEnabled(db, userId)),
  };
}

const SignUpBody = z
  .object({
    email: Email,
    password: NewPassword,
    name: Name,
    /** The first project's name; defaults to "<name>'s project". Not created when joining by invitation without it. */
    projectName: Name.optional(),
    /** Joins the invited project; the account's email must be the invited one. */
    invitationToken: text().min(10).max(200).optional(),
  })
  .openapi('SignUp');

auth.openapi(
  createRoute({
    method: 'post',
    path: '/signup',
    operationId: 'signUp',
    tags,
    security: [],
    summary: 'Create an account and its first project (the user is its Manager)',
    request: { body: jsonBody(SignUpBody) },
    responses: {
      201: json(signedUp, 'Signed up and signed in'),
      ...errors(400, 403, 404, 409, 429),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const info = requestInfo(c);
    await enforceRateLimit(c, 'signup_ip', info.ip);
    const db = await c.get('db')();
    const invited = body.invitationToken ? await findPendingInvitation(db, body.invitationToken) : null;
    const passwordHash = await hashPassword(body.password);
    const created = await db.transaction(async (tx) => {
      // An invitation token was mailed to the invited address: holding it proves the address.
      const emailVerified = invited !== null && invited.invitation.email.toLowerCase() === body.email.toLowerCase();
      const user = await insertUser(tx, { email: body.email, name: body.name, passwordHash, emailVerified });
      // Sign-up is the one place an address's existence shows (a 409); it is rate-limited per IP.
      if (!user)
        throw conflict('An account with this email already exists: sign in or reset the password', 'email_taken');
      if (body.invitationToken) await acceptInvitation(tx, body.invitationToken, user, info);
      const project =
        invited && !body.projectName
          ? null
          : await createProject(tx, { name: body.projectName ?? `${body.name}'s project`, ownerId: user.id, info });
      await auditUser(tx, { userId: user.id, type: 'auth.signed_up', info });
      return { user, project };
    });
    nudgeRelayFrom(c);
    if (!created.user.emailVerified) {
      const token = await issueEmailToken(db, {
        userId: created.user.id,
        purpose: 'verify_email',
        email: created.user.email,
      });
      sendMailLater(
        c.executionCtx,
        createMailSender(c.get('config')),
        verifyEmailMail(publicUrl(c), created.user.email, token),
      );
    }
    const signedIn = await signIn(c, created.user.id, 'password');
    return c.json(
      { ...signedIn, project: created.project ? projectView(created.project, 'manager', false) : null },
      201,
    );
  },
);

const LoginBody = z
  .object({
    email: Email,
    password: AnyPassword,
    /** From the emailed unlock link (`/login#unlock=…`): lifts the account-wide failure limit. */
    unlockToken: text().min(10).max(200).optional(),
  })
  .openapi('Login');

auth.openapi(
  createRoute({
    method: 'post',
    path: '/login',
    operationId: 'signIn',
    tags,
    security: [],
    summary: 'Sign in with email and password',
    description:
      'Signed in (session created, refresh cookie set), or `mfa_required` with a challenge token to answer at /api/auth/2fa/challenge. Wrong email and wrong password answer alike, in the same time. Failures are limited per email and IP (429 `rate_limited`) and per email (429 `account_locked`: the owner is emailed a link whose token, sent as `unlockToken`, lifts it).',
    request: { body: jsonBody(LoginBody) },
    responses: {
      200: json(signInResult, 'Signed in, or a second factor is needed'),
      ...errors(400, 401, 429),
    },
  }),
  async (c) => {
    const { email, password, unlockToken } = c.req.valid('json');
    const info = requestInfo(c);
    await enforceRateLimit(c, 'login_ip', info.ip);
    const db = await c.get('db')();
    const user = await guardPasswordCheck(c, { email, unlockToken }, async () => {
      const found = await findUserByEmail(db, email);
      // Unknown emails and password-less (OAuth-only) accounts verify against a dummy hash: same time.
      const ok = await verifyPasswordOrDummy(password, found?.passwordHash);
      if (!found || !ok) {
        await auditUser(db, {
          userId: found?.id ?? null,
          type: 'auth.sign_in_failed',
          info,
          data: { method: 'password' },
        });
        throw unauthorized('Email or password is wrong', 'invalid_credentials');
      }
      return found;
    });
    if (user.passwordHash && needsRehash(user.passwordHash)) {
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(password) })
        .where(eq(users.id, user.id));
    }
    const challenge = await challengeIfEnrolled(db, c.get('config'), user.id, 'password');
    if (challenge) return c.json({ status: 'mfa_required' as const, ...challenge }, 200);
    return c.json(await signIn(c, user.id, 'password'), 200);
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/refresh',
    operationId: 'refreshAccessToken',
    tags,
    summary: 'New access token from the refresh cookie (the refresh token rotates)',
    description:
      'Needs the `x-parley-csrf: 1` header. Presenting a refresh token that was already rotated revokes its session (401 `refresh_token_reused`).',
    security: cookieSecurity,
    middleware: [requireCsrfHeader()],
    responses: {
      200: json(accessToken, 'A new access token; the cookie holds the new refresh token'),
      ...errors(401, 403),
    },
  }),
  async (c) => {
    const presented = readRefreshCookie(c);
    if (!presented) throw unauthorized('No refresh token', 'invalid_refresh_token');
    const db = await c.get('db')();
    const outcome = await rotateRefreshToken(db, c.get('config'), c.env, presented, requestInfo(c));
    if (outcome.kind === 'rotated') {
      setRefreshCookie(c, outcome.tokens.refreshToken, outcome.tokens.expiresAt);
      return c.json(accessTokenBody(outcome.tokens), 200);
    }
    clearRefreshCookie(c);
    if (outcome.kind === 'reused') {
      await auditUser(db, { userId: outcome.userId, type: 'auth.refresh_token_reused', info: requestInfo(c) });
      throw unauthorized('Refresh token reused: the session is revoked', 'refresh_token_reused');
    }
    throw unauthorized('Invalid or expired refresh token', 'invalid_refresh_token');
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/logout',
    operationId: 'signOut',
    tags,
    summary: 'Sign out this session',
    description:
      'With the Bearer access token; clears the refresh cookie. The next request with the token answers 401.',
    security: bearerSecurity,
    middleware: [requireAgent()],
    responses: { 200: json(Ok, 'Signed out'), ...errors(401) },
  }),
  async (c) => {
    const agent = c.get('agent');
    const db = await c.get('db')();
    await revokeSessions(db, c.get('config'), c.env, [agent.sessionId]);
    await auditUser(db, { userId: agent.userId, type: 'auth.signed_out', info: requestInfo(c) });
    clearRefreshCookie(c);
    return c.json({ ok: true as const }, 200);
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/logout-everywhere',
    operationId: 'signOutEverywhere',
    tags,
    summary: 'Sign out every session of this account',
    security: bearerSecurity,
    middleware: [requireAgent()],
    responses: { 200: json(signedOutEverywhere, 'Signed out everywhere'), ...errors(401) },
  }),
  async (c) => {
    const agent = c.get('agent');
    const db = await c.get('db')();
    const revoked = await revokeUserSessions(db, c.get('config'), c.env, agent.userId);
    await auditUser(db, { userId: agent.userId, type: 'auth.signed_out_everywhere', info: requestInfo(c) });
    clearRefreshCookie(c);
    return c.json({ revoked: revoked.length }, 200);
  },
);

const PasswordChangeBody = z
  .object({ currentPassword: AnyPassword, newPassword: NewPassword })
  .openapi('PasswordChange');

auth.openapi(
  createRoute({
    method: 'post',
    path: '/password',
    operationId: 'changePassword',
    tags,
    summary: 'Change the password (signs out every other session)',
    description:
      '`currentPassword` is required when the account has one (accounts made with OAuth may set a first password).',
    security: bearerSecurity,
    middleware: [requireAgent()],
    request: { body: jsonBody(PasswordChangeBody) },
    responses: { 200: json(passwordChanged, 'Changed'), ...errors(400, 401, 409, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const agent = c.get('agent');
    const db = await c.get('db')();
    const info = requestInfo(c);
    const user = await findUser(db, agent.userId);
    if (!user) throw unauthorized();
    // An account without a password (OAuth only) gets one through the reset email instead: a
    // stolen access token alone must not be able to plant a password.
    const stored = user.passwordHash;
    if (!stored)
      throw conflict('This account has no password: set one through the password-reset email', 'no_password');
    const { currentPassword } = body;
    // A stolen access token must not become a password oracle: wrong guesses count as failed sign-ins.
    await guardPasswordCheck(c, { email: user.email }, async () => {
      if (!(await verifyPassword(currentPassword, stored))) {
        throw new ApiError(400, 'invalid_password', 'The current password is wrong');
      }
    });
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(body.newPassword) })
      .where(eq(users.id, user.id));
    const revoked = await revokeUserSessions(db, c.get('config'), c.env, user.id, agent.sessionId);
    await auditUser(db, { userId: user.id, type: 'auth.password_changed', info });
    sendMailLater(c.executionCtx, createMailSender(c.get('config')), passwordChangedMail(user.email));
    return c.json({ revokedSessions: revoked.length }, 200);
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset/request',
    operationId: 'requestPasswordReset',
    tags,
    security: [],
    summary: 'Email a single-use password-reset link',
    description: 'Always answers 202, whether or not an account has this email, in the same time.',
    request: { body: jsonBody(z.object({ email: Email }).openapi('PasswordResetRequest')) },
    responses: { 202: json(Ok, 'Accepted'), ...errors(400, 429) },
  }),
  async (c) => {
    const { email } = c.req.valid('json');
    await enforceRateLimit(c, 'reset_ip', requestInfo(c).ip);
    await enforceRateLimit(c, 'reset_account', email);
    const base = publicUrl(c);
    const sender = createMailSender(c.get('config'));
    // Looking the account up and mailing happen after the response: its timing reveals nothing.
    runInBackground(c, 'password reset mail', async (db) => {
      const user = await findUserByEmail(db, email);
      if (!user) return;
      const token = await issueEmailToken(db, { userId: user.id, purpose: 'reset_password', email: user.email });
      await sender.send(resetPasswordMail(base, user.email, token));
    });
    return c.json({ ok: true as const }, 202);
  },
);

const ResetConfirmBody = z
  .object({ token: text().min(10).max(200), newPassword: NewPassword })
  .openapi('PasswordResetConfirm');

auth.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    tags,
    security: [],
    summary: 'Set a new password with a reset token (signs out every session)',
    request: { body: jsonBody(ResetConfirmBody) },
    responses: { 200: json(Ok, 'Password set; sign in with it'), ...errors(400, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const info = requestInfo(c);
    await enforceRateLimit(c, 'reset_ip', info.ip);
    const db = await c.get('db')();
    const passwordHash = await hashPassword(body.newPassword);
    const user = await db.transaction(async (tx) => {
      const consumed = await consumeEmailToken(tx, body.token, 'reset_password');
      if (!consumed) throw badRequest('The reset link is invalid, used or expired', 'invalid_token');
      const [user] = await tx.select().from(users).where(eq(users.id, consumed.userId)).limit(1);
      if (!user) throw badRequest('The reset link is invalid, used or expired', 'invalid_token');
      // The token reached this inbox, so the address is proven (if it is still the account's).
      const verified = user.emailVerified || user.email.toLowerCase() === consumed.email.toLowerCase();
      await tx
        .update(users)
        .set({ passwordHash, ...(verified ? emailVerifiedNow() : {}) })
        .where(eq(users.id, user.id));
      return user;
    });
    const userId = user.id;
    // Sessions, API tokens, 2FA and grants from before verification: whoever knew the old password
    // may have left them (worker/auth/recovery.ts).
    await evictIntruder(db, c.get('config'), c.env, recoveryOf(user, 'password_reset', info), (mail) =>
      sendMailLater(c.executionCtx, createMailSender(c.get('config')), mail),
    );
    await auditUser(db, { userId, type: 'auth.password_reset', info });
    return c.json({ ok: true as const }, 200);
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/verify-email/request',
    operationId: 'requestEmailVerification',
    tags,
    summary: 'Email a new verification link to the signed-in user',
    security: bearerSecurity,
    middleware: [requireAgent()],
    responses: { 202: json(Ok, 'Sent (or already verified)'), ...errors(401, 429) },
  }),
  async (c) => {
    const db = await c.get('db')();
    const user = await findUser(db, c.get('agent').userId);
    if (!user) throw unauthorized();
    if (!user.emailVerified) {
      await enforceRateLimit(c, 'reset_account', user.email);
      const token = await issueEmailToken(db, { userId: user.id, purpose: 'verify_email', email: user.email });
      sendMailLater(
        c.executionCtx,
        createMailSender(c.get('config')),
        verifyEmailMail(publicUrl(c), user.email, token),
      );
    }
    return c.json({ ok: true as const }, 202);
  },
);

auth.openapi(
  createRoute({
    method: 'post',
    path: '/verify-email/confirm',
    operationId: 'confirmEmailVerification',
    tags,
    security: [],
    summary: 'Confirm an email address with the emailed token',
    request: { body: jsonBody(z.object({ token: text().min(10).max(200) }).openapi('VerifyEmail')) },
    responses: { 200: json(Ok, 'Verified'), ...errors(400) },
  }),
  async (c) => {
    const { token } = c.req.valid('json');
    const db = await c.get('db')();
    const consumed = await consumeEmailToken(db, token, 'verify_email');
    if (!consumed) throw badRequest('The link is invalid, used or expired', 'invalid_token');
    const user = await findUser(db, consumed.userId);
    if (!user || user.email.toLowerCase() !== consumed.email.toLowerCase()) {
      throw badRequest('The link is for an address this account no longer has', 'invalid_token');
    }
    await db.update(users).set(emailVerifiedNow()).where(eq(users.id, user.id));
    return c.json({ ok: true as const }, 200);
  },
);
