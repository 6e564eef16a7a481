// POST /api/auth/reauthenticate: sudo mode's proof. The signed-in user gives the password (or a
// current TOTP code) again; the session may then make sensitive account changes for a few minutes
// (worker/auth/reauthentication.ts, worker/middleware/recent-auth.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { reauthenticated } from '../../contract/rest/auth.ts';
import { findUser, isMfaEnabled } from '../auth/accounts.ts';
import { proveWithTotp } from '../auth/mfa.ts';
import { verifyPassword } from '../auth/password.ts';
import { limitFailures } from '../auth/rate-limit.ts';
import { markReauthenticated, REAUTH_WINDOW_MINUTES } from '../auth/reauthentication.ts';
import { AnyPassword, TotpCode } from '../auth/schemas.ts';
import { guardPasswordCheck } from '../auth/sign-in-guard.ts';
import { ApiError, conflict, unauthorized } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent } from '../middleware/auth.ts';
import { auditUser } from '../tenancy/audit.ts';

export const reauthenticate = createRouter();

const ReauthenticateBody = z
  .object({ password: AnyPassword.optional(), code: TotpCode.optional() })
  .refine((b) => (b.password === undefined) !== (b.code === undefined), 'send either password or code')
  .openapi('Reauthenticate');

reauthenticate.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'reauthenticate',
    tags: ['auth'],
    summary: 'Prove the signed-in user again (sudo mode) before a sensitive account change',
    description: `With the password, or a current TOTP code when 2FA is on (an account made with OAuth has no password: without 2FA, it signs in again with its provider, which counts too). For ${REAUTH_WINDOW_MINUTES} minutes this session may then enrol or disable 2FA, regenerate recovery codes and create API tokens, which otherwise answer 403 \`reauthentication_required\`. Wrong passwords count as failed sign-ins, wrong codes as failed 2FA attempts.`,
    security: bearerSecurity,
    middleware: [requireAgent()],
    request: { body: jsonBody(ReauthenticateBody) },
    responses: {
      200: json(reauthenticated, 'Proven: sensitive changes are open to this session until then'),
      ...errors(400, 401, 409, 429),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const agent = c.get('agent');
    const db = await c.get('db')();
    const user = await findUser(db, agent.userId);
    if (!user) throw unauthorized();
    if (body.password !== undefined) {
      const { password } = body;
      const stored = user.passwordHash;
      if (!stored) {
        throw conflict(
          'This account has no password: confirm with a code from your authenticator app, or sign in again',
          'no_password',
        );
      }
      // The same limits as a sign-in's password: a stolen access token is no password oracle.
      await guardPasswordCheck(c, { email: user.email }, async () => {
        if (!(await verifyPassword(password, stored)))
          throw new ApiError(400, 'invalid_password', 'The password is wrong');
      });
    } else {
      const code = body.code ?? '';
      if (!(await isMfaEnabled(db, user.id))) {
        throw conflict('Two-factor authentication is not enabled: confirm with your password', 'mfa_not_enabled');
      }
      await limitFailures(c, 'mfa_user', user.id, () => proveWithTotp(db, c.get('config'), user.id, code));
    }
    const until = await markReauthenticated(db, agent.sessionId);
    await auditUser(db, {
      userId: user.id,
      type: 'auth.reauthenticated',
      info: requestInfo(c),
      data: { with: body.password !== undefined ? 'password' : 'totp' },
    });
    return c.json({ reauthenticatedUntil: until.toISOString() }, 200);
  },
);
