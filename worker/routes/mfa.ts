// /api/auth/2fa: every two-factor route. TOTP enrolment (secret + otpauth URI), confirmation,
// disabling, recovery codes for the signed-in user, and the sign-in challenge that follows a
// password or OAuth sign-in when 2FA is on.
import { createRoute, z } from '@hono/zod-openapi';
import { signedIn } from '../../contract/rest/auth.ts';
import { mfaEnrolment, mfaStatus as mfaStatusSchema, recoveryCodes } from '../../contract/rest/mfa.ts';
import { text } from '../../contract/text.ts';
import { findUser } from '../auth/accounts.ts';
import { closeSocketsRequiring2fa } from '../auth/close-sockets.ts';
import {
  answerChallenge,
  confirmEnrolment,
  disableMfa,
  findChallenge,
  mfaStatus,
  regenerateRecoveryCodes,
  type SecondFactor,
  startEnrolment,
} from '../auth/mfa.ts';
import { enforceRateLimit, limitFailures } from '../auth/rate-limit.ts';
import { RecoveryCode, TotpCode } from '../auth/schemas.ts';
import { unauthorized } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent } from '../middleware/auth.ts';
import { requireRecentAuth } from '../middleware/recent-auth.ts';
import { signIn } from './auth.ts';

export const mfa = createRouter();
const tags = ['2fa'];

// Every route but the sign-in challenge acts on the signed-in user.
mfa.use('/', requireAgent());
for (const path of ['enrol', 'confirm', 'disable', 'recovery-codes']) mfa.use(`/${path}`, requireAgent());

const FactorBody = z
  .object({ code: TotpCode.optional(), recoveryCode: RecoveryCode.optional() })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), 'send either code or recoveryCode')
  .openapi('SecondFactor');

const SUDO =
  'Needs a recent proof of the user (403 `reauthentication_required`: see /api/auth/reauthenticate); for an account without a password, the code sent here is that proof.';

const factorOf = (b: { code?: string; recoveryCode?: string }): SecondFactor =>
  b.code !== undefined ? { code: b.code } : { recoveryCode: b.recoveryCode ?? '' };

mfa.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getMfaStatus',
    tags,
    summary: '2FA state of the signed-in user',
    security: bearerSecurity,
    responses: {
      200: json(mfaStatusSchema, '2FA state'),
      ...errors(401),
    },
  }),
  async (c) => c.json(await mfaStatus(await c.get('db')(), c.get('agent').userId), 200),
);

mfa.openapi(
  createRoute({
    method: 'post',
    path: '/enrol',
    operationId: 'startMfaEnrolment',
    tags,
    summary: 'Start (or restart) enrolment: a new TOTP secret and its otpauth:// URI for a QR code',
    description:
      'The secret is shown here only; it is stored encrypted. 2FA is not on until confirmed. Needs a recent proof of the user (403 `reauthentication_required`: see /api/auth/reauthenticate).',
    security: bearerSecurity,
    middleware: [requireRecentAuth()],
    responses: {
      200: json(mfaEnrolment, 'Enrolling'),
      ...errors(401, 403, 409),
    },
  }),
  async (c) => {
    const db = await c.get('db')();
    const user = await findUser(db, c.get('agent').userId);
    if (!user) throw unauthorized();
    return c.json(await startEnrolment(db, c.get('config'), user.id, user.email), 200);
  },
);

mfa.openapi(
  createRoute({
    method: 'post',
    path: '/confirm',
    operationId: 'confirmMfaEnrolment',
    tags,
    summary: 'Confirm enrolment with a code from the app: 2FA is on; returns 10 single-use recovery codes (once)',
    security: bearerSecurity,
    request: { body: jsonBody(z.object({ code: TotpCode }).openapi('MfaConfirm')) },
    responses: { 200: json(recoveryCodes, 'Enabled'), ...errors(400, 401, 409, 429) },
  }),
  async (c) => {
    const { code } = c.req.valid('json');
    const userId = c.get('agent').userId;
    const db = await c.get('db')();
    const codes = await limitFailures(c, 'mfa_user', userId, () =>
      confirmEnrolment(db, c.get('config'), userId, code, requestInfo(c)),
    );
    return c.json({ recoveryCodes: codes }, 200);
  },
);

mfa.openapi(
  createRoute({
    method: 'post',
    path: '/disable',
    operationId: 'disableMfa',
    tags,
    summary: 'Turn 2FA off with a fresh code (or a recovery code)',
    description: SUDO,
    security: bearerSecurity,
    middleware: [requireRecentAuth({ secondFactorInBody: true })],
    request: { body: jsonBody(FactorBody) },
    responses: { 200: json(Ok, 'Disabled'), ...errors(400, 401, 403, 409, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const userId = c.get('agent').userId;
    const db = await c.get('db')();
    await limitFailures(c, 'mfa_user', userId, () =>
      disableMfa(db, c.get('config'), userId, factorOf(body), requestInfo(c)),
    );
    await closeSocketsRequiring2fa(c.env, db, userId);
    return c.json({ ok: true as const }, 200);
  },
);

mfa.openapi(
  createRoute({
    method: 'post',
    path: '/recovery-codes',
    operationId: 'regenerateRecoveryCodes',
    tags,
    summary: 'Replace the recovery codes (a fresh code or a recovery code needed); the old ones stop working',
    description: SUDO,
    security: bearerSecurity,
    middleware: [requireRecentAuth({ secondFactorInBody: true })],
    request: { body: jsonBody(FactorBody) },
    responses: { 200: json(recoveryCodes, 'New recovery codes'), ...errors(400, 401, 403, 409, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const userId = c.get('agent').userId;
    const db = await c.get('db')();
    const codes = await limitFailures(c, 'mfa_user', userId, () =>
      regenerateRecoveryCodes(db, c.get('config'), userId, factorOf(body), requestInfo(c)),
    );
    return c.json({ recoveryCodes: codes }, 200);
  },
);

const ChallengeBody = z
  .object({
    challengeToken: text().min(10).max(200),
    code: TotpCode.optional(),
    recoveryCode: RecoveryCode.optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), 'send either code or recoveryCode')
  .openapi('MfaChallengeAnswer');

mfa.openapi(
  createRoute({
    method: 'post',
    path: '/challenge',
    operationId: 'answerMfaChallenge',
    tags,
    summary: 'Answer a sign-in challenge with a TOTP code or a recovery code',
    description: 'A challenge lives 5 minutes and allows 5 attempts; a TOTP code is never accepted twice.',
    security: [],
    request: { body: jsonBody(ChallengeBody) },
    responses: { 200: json(signedIn, 'Signed in'), ...errors(400, 401, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const info = requestInfo(c);
    await enforceRateLimit(c, 'mfa_ip', info.ip);
    const db = await c.get('db')();
    const challenge = await findChallenge(db, body.challengeToken);
    if (!challenge) throw unauthorized('Unknown or finished sign-in challenge', 'invalid_challenge');
    const userId = await limitFailures(c, 'mfa_user', challenge.userId, () =>
      answerChallenge(db, c.get('config'), challenge, factorOf(body), info),
    );
    return c.json(await signIn(c, userId, challenge.method), 200);
  },
);
