// Sign-up, sign-in, refresh rotation and reuse, sign-out (one and everywhere), password change:
// the hybrid token–session model against the real Postgres and Redis.
import { describe, expect, it } from 'vitest';
import { login, mailToken, signUp, uniqueEmail } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson, randomIp, refreshCookieOf } from './helpers/http.ts';

const csrf = { 'x-parley-csrf': '1' };

describe('sign-up', () => {
  it('creates the user, a first project they manage, a session and an HttpOnly Strict refresh cookie', async () => {
    const email = uniqueEmail();
    const res = await http('POST', '/api/auth/signup', {
      json: { email, password: 'long enough password', name: 'Ada', projectName: 'Acme support' },
    });
    expect(res.status).toBe(201);
    const body = await res.json<{
      status: string;
      accessToken: string;
      user: { email: string; emailVerified: boolean };
      project: { id: string; name: string; role: string; widgetKey: string };
    }>();
    expect(body).toMatchObject({
      status: 'signed_in',
      user: { email, emailVerified: false },
      project: { name: 'Acme support', role: 'manager' },
    });
    expect(body.project.widgetKey).toMatch(/^pk_/);
    expect(JSON.stringify(body)).not.toContain('rt_');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('parley_refresh='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await httpJson('GET', '/api/me', { token: body.accessToken });
    expect(me.body).toMatchObject({ email, hasPassword: true, mfaEnabled: false });
    const projects = await httpJson<{ projects: { id: string; role: string }[] }>('GET', '/api/projects', {
      token: body.accessToken,
    });
    expect(projects.body.projects).toEqual([expect.objectContaining({ id: body.project.id, role: 'manager' })]);
    const [stored] = await sql<{ password_hash: string }>(
      'select password_hash from users where lower(email) = lower($1)',
      [email],
    );
    expect(stored?.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(stored?.password_hash).not.toContain('long enough password');
  });

  it('refuses a taken email (any case) with 409 and a short password with 400', async () => {
    const user = await signUp();
    await expectError(
      http('POST', '/api/auth/signup', {
        json: { email: user.email.toUpperCase(), password: 'another password', name: 'X' },
      }),
      409,
      'email_taken',
    );
    await expectError(
      http('POST', '/api/auth/signup', { json: { email: uniqueEmail(), password: 'short', name: 'X' } }),
      400,
      'invalid_request',
    );
  });

  it('sends a verification mail whose single-use token verifies the address', async () => {
    const user = await signUp();
    const token = await mailToken(user.email, /Confirm your email/);
    expect((await http('POST', '/api/auth/verify-email/confirm', { json: { token } })).status).toBe(200);
    await expectError(http('POST', '/api/auth/verify-email/confirm', { json: { token } }), 400, 'invalid_token');
    expect((await httpJson('GET', '/api/me', { token: user.accessToken })).body).toMatchObject({ emailVerified: true });
  });
});

describe('sign-in', () => {
  it('signs in with the right password, and answers a wrong password and an unknown email identically', async () => {
    const user = await signUp();
    const ok = await login(user.email, user.password);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('signed_in');
    expect(refreshCookieOf(ok.res)).toMatch(/^parley_refresh=rt_/);

    const wrong = await httpJson('POST', '/api/auth/login', {
      json: { email: user.email, password: 'wrong password' },
    });
    const unknown = await httpJson('POST', '/api/auth/login', {
      json: { email: uniqueEmail('nobody'), password: 'wrong password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: 'invalid_credentials', message: 'Email or password is wrong' } });
  });

  it('takes as long for an unknown email as for a wrong password (a dummy hash is verified)', async () => {
    const user = await signUp();
    const time = async (email: string) => {
      const started = performance.now();
      await http('POST', '/api/auth/login', { json: { email, password: 'wrong password' } });
      return performance.now() - started;
    };
    // Median of 3 each: an unknown email without hashing would be ~100x faster than one with.
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1] ?? 0;
    const known = median([await time(user.email), await time(user.email), await time(user.email)]);
    const unknown = median([await time(uniqueEmail()), await time(uniqueEmail()), await time(uniqueEmail())]);
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect(unknown).toBeLessThan(known * 2);
  });
});

describe('refresh tokens', () => {
  it('rotates on every use; the old token presented again revokes the session', async () => {
    const user = await signUp();
    const first = await http('POST', '/api/auth/refresh', { cookie: user.cookie, headers: csrf });
    expect(first.status).toBe(200);
    const body = await first.json<{ accessToken: string; sessionId: string }>();
    expect(body.sessionId).toBe(user.sessionId);
    const rotated = refreshCookieOf(first);
    expect(rotated).not.toBe(user.cookie);
    expect((await http('GET', '/api/me', { token: body.accessToken })).status).toBe(200);

    // The first token again: reuse. The session dies, with every token naming it.
    await expectError(
      http('POST', '/api/auth/refresh', { cookie: user.cookie, headers: csrf }),
      401,
      'refresh_token_reused',
    );
    await expectError(http('GET', '/api/me', { token: body.accessToken }), 401, 'session_revoked');
    await expectError(http('GET', '/api/me', { token: user.accessToken }), 401, 'session_revoked');
    await expectError(
      http('POST', '/api/auth/refresh', { cookie: rotated ?? '', headers: csrf }),
      401,
      'invalid_refresh_token',
    );
  });

  it('needs the CSRF header and a same-origin Origin', async () => {
    const user = await signUp();
    await expectError(http('POST', '/api/auth/refresh', { cookie: user.cookie }), 403, 'csrf');
    await expectError(
      http('POST', '/api/auth/refresh', { cookie: user.cookie, headers: { ...csrf, origin: 'https://evil.example' } }),
      403,
      'csrf',
    );
    const sameOrigin = await http('POST', '/api/auth/refresh', {
      cookie: user.cookie,
      headers: { ...csrf, origin: 'http://parley.test' },
    });
    expect(sameOrigin.status).toBe(200);
    await expectError(http('POST', '/api/auth/refresh', { headers: csrf }), 401, 'invalid_refresh_token');
    await expectError(
      http('POST', '/api/auth/refresh', { cookie: 'parley_refresh=rt_forged', headers: csrf }),
      401,
      'invalid_refresh_token',
    );
  });
});

describe('revocation is seen on the very next request', () => {
  it('logout ends this session only', async () => {
    const user = await signUp();
    const other = await login(user.email, user.password);
    // Warm the session cache, so the revocation must beat a cached "live".
    expect((await http('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
    const out = await http('POST', '/api/auth/logout', { token: user.accessToken });
    expect(out.status).toBe(200);
    expect(refreshCookieOf(out)).toBe('parley_refresh=');
    await expectError(http('GET', '/api/me', { token: user.accessToken }), 401, 'session_revoked');
    await expectError(
      http('POST', '/api/auth/refresh', { cookie: user.cookie, headers: csrf }),
      401,
      'invalid_refresh_token',
    );
    expect((await http('GET', '/api/me', { token: other.body.accessToken })).status).toBe(200);
  });

  it('logout everywhere ends every session', async () => {
    const user = await signUp();
    const other = await login(user.email, user.password);
    expect((await http('GET', '/api/me', { token: other.body.accessToken })).status).toBe(200);
    const res = await httpJson('POST', '/api/auth/logout-everywhere', { token: user.accessToken });
    expect(res.body).toEqual({ revoked: 2 });
    await expectError(http('GET', '/api/me', { token: user.accessToken }), 401, 'session_revoked');
    await expectError(http('GET', '/api/me', { token: other.body.accessToken }), 401, 'session_revoked');
  });

  it('a password change ends every other session and needs the current password', async () => {
    const user = await signUp();
    const other = await login(user.email, user.password);
    expect((await http('GET', '/api/me', { token: other.body.accessToken })).status).toBe(200);
    await expectError(
      http('POST', '/api/auth/password', {
        token: user.accessToken,
        json: { currentPassword: 'not it', newPassword: 'a new password' },
      }),
      400,
      'invalid_password',
    );
    const changed = await httpJson('POST', '/api/auth/password', {
      token: user.accessToken,
      json: { currentPassword: user.password, newPassword: 'a new password' },
    });
    expect(changed.body).toEqual({ revokedSessions: 1 });
    await expectError(http('GET', '/api/me', { token: other.body.accessToken }), 401, 'session_revoked');
    expect((await http('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'a new password')).status).toBe(200);
  });

  it('lists live sessions and revokes one by id; another user’s session is a 404', async () => {
    const user = await signUp();
    const other = await login(user.email, user.password);
    const list = await httpJson<{ sessions: { id: string; current: boolean }[] }>('GET', '/api/me/sessions', {
      token: user.accessToken,
    });
    expect(list.body.sessions.map((s) => [s.id, s.current]).sort()).toEqual(
      [
        [user.sessionId, true],
        [other.body.sessionId, false],
      ].sort(),
    );
    const stranger = await signUp();
    await expectError(
      http('DELETE', `/api/me/sessions/${other.body.sessionId}`, { token: stranger.accessToken }),
      404,
      'not_found',
    );
    expect((await http('DELETE', `/api/me/sessions/${other.body.sessionId}`, { token: user.accessToken })).status).toBe(
      200,
    );
    await expectError(http('GET', '/api/me', { token: other.body.accessToken }), 401, 'session_revoked');
  });
});

describe('password reset', () => {
  it('answers 202 for any email, mails a single-use token, and the reset ends every session', async () => {
    const user = await signUp();
    const ip = randomIp();
    expect(
      (await http('POST', '/api/auth/password-reset/request', { ip, json: { email: uniqueEmail() } })).status,
    ).toBe(202);
    expect((await http('POST', '/api/auth/password-reset/request', { ip, json: { email: user.email } })).status).toBe(
      202,
    );
    const token = await mailToken(user.email, /Reset your Parley password/);
    const done = await http('POST', '/api/auth/password-reset/confirm', {
      ip,
      json: { token, newPassword: 'brand new password' },
    });
    expect(done.status).toBe(200);
    await expectError(
      http('POST', '/api/auth/password-reset/confirm', { ip, json: { token, newPassword: 'another new password' } }),
      400,
      'invalid_token',
    );
    await expectError(http('GET', '/api/me', { token: user.accessToken }), 401, 'session_revoked');
    expect((await login(user.email, 'brand new password')).status).toBe(200);
    const [row] = await sql<{ token_hash: string }>(
      'select token_hash from email_tokens where user_id = $1 and purpose = $2',
      [user.userId, 'reset_password'],
    );
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.token_hash).not.toBe(token);
  });
});
