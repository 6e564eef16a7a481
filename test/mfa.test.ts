// TOTP 2FA end to end with real codes: enrolment, sign-in challenges, replay refusal, recovery
// codes, regeneration, disabling, lockout, and a project that requires 2FA.
import { beforeAll, describe, expect, it } from 'vitest';
import { login, signUp, signUpMember, type TestUser } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { awayFromStepEdge, enableMfa, totpCode } from './helpers/totp.ts';

describe('2FA lifecycle, one account from enrolment to disabling', () => {
  // The steps share one user, its codes and its challenges: each continues where the one before
  // left off, so they run in order, and after a failed step the later ones say nothing.
  let user: TestUser;
  let secret = '';
  /** The previous step's code, spent on confirming enrolment. */
  let previous = '';
  /** The current step's code, spent on the first challenge. */
  let current = '';
  let codes: string[] = [];
  let regenerated: string[] = [];
  let first: Awaited<ReturnType<typeof login>>;

  beforeAll(async () => {
    user = await signUp();
    await awayFromStepEdge();
  });

  it('enrolment hands out a seed, stored encrypted and bound to its user', async () => {
    const enrol = await httpJson<{ secret: string; otpauthUri: string }>('POST', '/api/auth/2fa/enrol', {
      token: user.accessToken,
    });
    expect(enrol.status).toBe(200);
    secret = enrol.body.secret;
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Parley:/);
    expect(enrol.body.otpauthUri).toContain(`secret=${secret}`);
    const [row] = await sql<{ secret: string; status: string }>(
      'select secret, status from user_mfa where user_id = $1',
      [user.userId],
    );
    expect(row?.status).toBe('enrolling');
    expect(row?.secret).toMatch(/^enc1:e1:/);
    expect(row?.secret).not.toContain(secret);
  });

  it('is not on until confirmed: sign-in needs no second factor, and a wrong code confirms nothing', async () => {
    expect((await login(user.email, user.password)).body.status).toBe('signed_in');
    await expectError(
      http('POST', '/api/auth/2fa/confirm', { token: user.accessToken, json: { code: '000000' } }),
      400,
      'invalid_code',
    );
  });

  it('confirming with a real code enables it and gives 10 recovery codes, stored hashed', async () => {
    previous = await totpCode(secret, -1);
    const confirmed = await httpJson<{ recoveryCodes: string[] }>('POST', '/api/auth/2fa/confirm', {
      token: user.accessToken,
      json: { code: previous },
    });
    expect(confirmed.status).toBe(200);
    codes = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await sql<{ code_hash: string }>('select code_hash from mfa_recovery_codes where user_id = $1', [
      user.userId,
    ]);
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash).join()).not.toContain(codes[0]?.replace('-', '') ?? 'x');
    expect((await httpJson('GET', '/api/auth/2fa', { token: user.accessToken })).body).toEqual({
      status: 'enabled',
      recoveryCodesRemaining: 10,
    });
    await expectError(http('POST', '/api/auth/2fa/enrol', { token: user.accessToken }), 409, 'mfa_already_enabled');
  });

  it('sign-in then stops at a challenge: no access token, no refresh cookie', async () => {
    first = await login(user.email, user.password);
    expect(first.body).toMatchObject({ status: 'mfa_required', expiresIn: 300 });
    expect(first.body).not.toHaveProperty('accessToken');
    expect(first.res.headers.getSetCookie().join()).not.toContain('parley_refresh');
  });

  it('the challenge refuses the code spent on confirming, takes the current one, and is then finished', async () => {
    await expectError(
      http('POST', '/api/auth/2fa/challenge', { json: { challengeToken: first.body.challengeToken, code: previous } }),
      401,
      'invalid_code',
    );
    current = await totpCode(secret, 0);
    const signedIn = await httpJson<{ status: string; accessToken: string }>('POST', '/api/auth/2fa/challenge', {
      json: { challengeToken: first.body.challengeToken, code: current },
    });
    expect(signedIn.body.status).toBe('signed_in');
    expect((await http('GET', '/api/me', { token: signedIn.body.accessToken })).status).toBe(200);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', { json: { challengeToken: first.body.challengeToken, code: current } }),
      401,
      'invalid_challenge',
    );
  });

  it('a new challenge refuses the spent code too; a recovery code signs in, once', async () => {
    const second = await login(user.email, user.password);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', { json: { challengeToken: second.body.challengeToken, code: current } }),
      401,
      'invalid_code',
    );
    const recovery = codes[0] ?? '';
    const viaRecovery = await httpJson('POST', '/api/auth/2fa/challenge', {
      json: { challengeToken: second.body.challengeToken, recoveryCode: recovery },
    });
    expect(viaRecovery.body).toMatchObject({ status: 'signed_in' });
    const third = await login(user.email, user.password);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', {
        json: { challengeToken: third.body.challengeToken, recoveryCode: recovery },
      }),
      401,
      'invalid_code',
    );
    expect((await httpJson('GET', '/api/auth/2fa', { token: user.accessToken })).body).toMatchObject({
      recoveryCodesRemaining: 9,
    });
  });

  it('regenerating recovery codes needs a fresh code and voids the old ones', async () => {
    await expectError(
      http('POST', '/api/auth/2fa/recovery-codes', { token: user.accessToken, json: { code: current } }),
      400,
      'invalid_code',
    );
    const fresh = await httpJson<{ recoveryCodes: string[] }>('POST', '/api/auth/2fa/recovery-codes', {
      token: user.accessToken,
      json: { code: await totpCode(secret, 1) },
    });
    regenerated = fresh.body.recoveryCodes;
    expect(regenerated).toHaveLength(10);
    const fourth = await login(user.email, user.password);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', {
        json: { challengeToken: fourth.body.challengeToken, recoveryCode: codes[1] },
      }),
      401,
      'invalid_code',
    );
  });

  it('disabling needs a fresh factor, then sign-in is one step again and no seed or codes are kept', async () => {
    // Every TOTP step of this window is spent: the fresh factor is a new recovery code.
    await expectError(
      http('POST', '/api/auth/2fa/disable', { token: user.accessToken, json: { code: current } }),
      400,
      'invalid_code',
    );
    expect(
      (await http('POST', '/api/auth/2fa/disable', { token: user.accessToken, json: { recoveryCode: regenerated[0] } }))
        .status,
    ).toBe(200);
    expect((await login(user.email, user.password)).body.status).toBe('signed_in');
    const [off] = await sql<{ status: string; secret: string | null }>(
      'select status, secret from user_mfa where user_id = $1',
      [user.userId],
    );
    expect(off).toEqual({ status: 'disabled', secret: null });
    expect(await sql('select 1 from mfa_recovery_codes where user_id = $1', [user.userId])).toHaveLength(0);
  });

  it('the audit log has every 2FA event of the lifecycle, in order', async () => {
    const audit = await sql<{ type: string }>(
      `select type from audit_events where actor_id = $1 and type like 'mfa.%' order by created_at`,
      [user.userId],
    );
    expect(audit.map((a) => a.type)).toEqual([
      'mfa.enabled',
      'mfa.challenge_failed',
      'mfa.challenge_failed',
      'mfa.recovery_code_used',
      'mfa.challenge_failed',
      'mfa.recovery_codes_regenerated',
      'mfa.challenge_failed',
      'mfa.disabled',
    ]);
  });
});

describe('2FA challenges', () => {
  it('locks a challenge after 5 wrong codes — even the right code is then refused — and a new sign-in works', async () => {
    const user = await signUp();
    const { secret } = await enableMfa(user);
    const { body } = await login(user.email, user.password);
    const errors: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await httpJson<{ error: { code: string } }>('POST', '/api/auth/2fa/challenge', {
        json: { challengeToken: body.challengeToken, code: String(100000 + i) },
      });
      errors.push(res.body.error.code);
    }
    expect(errors).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'mfa_locked']);
    const right = await totpCode(secret, 0);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', { json: { challengeToken: body.challengeToken, code: right } }),
      401,
      'mfa_locked',
    );
    const again = await login(user.email, user.password);
    const ok = await httpJson('POST', '/api/auth/2fa/challenge', {
      json: { challengeToken: again.body.challengeToken, code: right },
    });
    expect(ok.body).toMatchObject({ status: 'signed_in' });
  });

  it('an expired challenge is refused', async () => {
    const user = await signUp();
    const { secret } = await enableMfa(user);
    const { body } = await login(user.email, user.password);
    await sql(`update mfa_challenges set expires_at = now() - interval '1 second' where user_id = $1`, [user.userId]);
    await expectError(
      http('POST', '/api/auth/2fa/challenge', {
        json: { challengeToken: body.challengeToken, code: await totpCode(secret, 0) },
      }),
      401,
      'mfa_expired',
    );
  });
});

describe('a project that requires 2FA', () => {
  it('refuses its members without 2FA (403 mfa_required) until they enable it', async () => {
    const owner = await signUp();
    await expectError(
      http('PATCH', `/api/projects/${owner.projectId}/settings`, {
        token: owner.accessToken,
        json: { require2fa: true },
      }),
      409,
      'enable_2fa_first',
    );
    await enableMfa(owner);
    const agent = await signUpMember(owner, 'agent');
    expect(
      (
        await http('PATCH', `/api/projects/${owner.projectId}/settings`, {
          token: owner.accessToken,
          json: { require2fa: true },
        })
      ).status,
    ).toBe(200);
    await expectError(
      http('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken }),
      403,
      'mfa_required',
    );
    const listed = await httpJson<{ projects: { id: string; mfaRequired: boolean }[] }>('GET', '/api/projects', {
      token: agent.accessToken,
    });
    expect(listed.body.projects.find((p) => p.id === owner.projectId)?.mfaRequired).toBe(true);
    await enableMfa(agent);
    expect((await http('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken })).status).toBe(200);
  });
});
