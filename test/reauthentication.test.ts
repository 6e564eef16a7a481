// Sudo mode (issue 15, item 4): enrolling 2FA, disabling it, regenerating recovery codes and
// creating an API token need a proof of the user within the last 10 minutes — the sign-in that
// made the session, or POST /api/auth/reauthenticate with the password (or a current TOTP code).
// An access token alone, from a session older than that, is not enough.
import { describe, expect, it } from 'vitest';
import { signUp, type TestUser } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { oauthSignIn, profileOf } from './helpers/oauth.ts';
import { awayFromStepEdge, enableMfa, totpCode } from './helpers/totp.ts';

/** As if the session's last proof were 11 minutes old (the window is 10). */
const ageSession = (sessionId: string) =>
  sql("update sessions set reauthenticated_at = now() - interval '11 minutes' where id = $1", [sessionId]);

const reauthenticate = (user: { accessToken: string }, json: unknown) =>
  http('POST', '/api/auth/reauthenticate', { token: user.accessToken, json });

const createToken = (user: TestUser) =>
  http('POST', `/api/projects/${user.projectId}/tokens`, {
    token: user.accessToken,
    json: { name: 'ci', role: 'agent', expiresInDays: 30 },
  });

describe('sudo mode', () => {
  it('a fresh sign-in counts; an older session is refused the sensitive routes until it re-authenticates', async () => {
    const user = await signUp();
    // Just signed up: the password was proven seconds ago.
    expect((await createToken(user)).status).toBe(201);

    await ageSession(user.sessionId);
    await expectError(createToken(user), 403, 'reauthentication_required');
    await expectError(
      http('POST', '/api/auth/2fa/enrol', { token: user.accessToken }),
      403,
      'reauthentication_required',
    );
    // Refreshing the access token proves nothing.
    const refreshed = await httpJson<{ accessToken: string }>('POST', '/api/auth/refresh', {
      cookie: user.cookie,
      headers: { 'x-parley-csrf': '1' },
    });
    await expectError(
      http('POST', '/api/auth/2fa/enrol', { token: refreshed.body.accessToken }),
      403,
      'reauthentication_required',
    );

    await expectError(reauthenticate(user, { password: 'not the password' }), 400, 'invalid_password');
    await expectError(reauthenticate(user, {}), 400);
    const ok = await httpJson<{ reauthenticatedUntil: string }>('POST', '/api/auth/reauthenticate', {
      token: user.accessToken,
      json: { password: user.password },
    });
    expect(ok.status).toBe(200);
    const until = Date.parse(ok.body.reauthenticatedUntil) - Date.now();
    expect(until).toBeGreaterThan(9 * 60_000);
    expect(until).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    expect((await createToken(user)).status).toBe(201);
    expect((await http('POST', '/api/auth/2fa/enrol', { token: user.accessToken })).status).toBe(200);

    const audit = await sql<{ type: string; data: { with: string } }>(
      "select type, data from audit_events where actor_id = $1 and type = 'auth.reauthenticated'",
      [user.userId],
    );
    expect(audit.map((a) => a.data.with)).toContain('password');
  });

  it('disabling 2FA and regenerating recovery codes need it too', async () => {
    const user = await signUp();
    const { secret, recoveryCodes } = await enableMfa(user);
    await ageSession(user.sessionId);
    await expectError(
      http('POST', '/api/auth/2fa/recovery-codes', {
        token: user.accessToken,
        json: { recoveryCode: recoveryCodes[0] },
      }),
      403,
      'reauthentication_required',
    );
    await expectError(
      http('POST', '/api/auth/2fa/disable', { token: user.accessToken, json: { recoveryCode: recoveryCodes[0] } }),
      403,
      'reauthentication_required',
    );
    // A current TOTP code is a proof too.
    await awayFromStepEdge();
    expect((await reauthenticate(user, { code: await totpCode(secret, 0) })).status).toBe(200);
    expect(
      (
        await http('POST', '/api/auth/2fa/disable', {
          token: user.accessToken,
          json: { recoveryCode: recoveryCodes[0] },
        })
      ).status,
    ).toBe(200);
  });

  it('a TOTP code proves the user once: the same code is refused the next time', async () => {
    const user = await signUp();
    const { secret } = await enableMfa(user);
    await ageSession(user.sessionId);
    await awayFromStepEdge();
    const code = await totpCode(secret, 0);
    expect((await reauthenticate(user, { code })).status).toBe(200);
    await ageSession(user.sessionId);
    await expectError(reauthenticate(user, { code }), 400, 'invalid_code');
  });

  it('a password-less OAuth account proves itself with a TOTP code, or by signing in again', async () => {
    const profile = profileOf();
    const first = await oauthSignIn('google', profile);
    const token = first.accessToken ?? '';
    const me = await httpJson<{ id: string }>('GET', '/api/me', { token });
    const [session] = await sql<{ id: string }>(
      'select id from sessions where user_id = $1 and revoked_at is null order by created_at desc limit 1',
      [me.body.id],
    );
    await ageSession(session?.id ?? '');
    await expectError(http('POST', '/api/auth/2fa/enrol', { token }), 403, 'reauthentication_required');
    // No password to give, and no 2FA yet: only a new sign-in with the provider proves the user.
    await expectError(reauthenticate({ accessToken: token }, { password: 'anything at all' }), 409, 'no_password');
    await expectError(reauthenticate({ accessToken: token }, { code: '123456' }), 409, 'mfa_not_enabled');
    const again = await oauthSignIn('google', profile);
    const { secret } = await enableMfa({ accessToken: again.accessToken ?? '' });

    const [latest] = await sql<{ id: string }>(
      'select id from sessions where user_id = $1 and revoked_at is null order by created_at desc limit 1',
      [me.body.id],
    );
    await ageSession(latest?.id ?? '');
    await awayFromStepEdge();
    // The code in the request is itself the fresh proof of a password-less account.
    expect(
      (
        await http('POST', '/api/auth/2fa/recovery-codes', {
          token: again.accessToken ?? '',
          json: { code: await totpCode(secret, 0) },
        })
      ).status,
    ).toBe(200);
  });

  it('is documented: operationId reauthenticate, and 403 on the guarded routes', async () => {
    const doc = await httpJson<{
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    }>('GET', '/api/openapi.json');
    expect(doc.body.paths['/api/auth/reauthenticate']?.post?.operationId).toBe('reauthenticate');
    for (const [path, method] of [
      ['/api/auth/2fa/enrol', 'post'],
      ['/api/auth/2fa/disable', 'post'],
      ['/api/auth/2fa/recovery-codes', 'post'],
      ['/api/projects/{projectId}/tokens', 'post'],
    ] as const) {
      expect(Object.keys(doc.body.paths[path]?.[method]?.responses ?? {})).toContain('403');
    }
  });
});
