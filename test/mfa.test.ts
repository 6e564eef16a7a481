// TOTP 2FA end to end with real codes: enrolment, sign-in challenges, replay refusal, recovery
// codes, regeneration, disabling, lockout, and a project that requires 2FA.
import { describe, expect, it } from 'vitest';
import { addMember, call, callJson, expectError, login, signUp, sql } from './helpers/api.ts';
import { awayFromStepEdge, enableMfa, totpCode } from './helpers/totp.ts';

describe('2FA lifecycle', () => {
  it('enrol → confirm → challenge sign-ins → no replay → recovery codes → regenerate → disable', async () => {
    const user = await signUp();
    await awayFromStepEdge();
    const enrol = await callJson<{ secret: string; otpauthUri: string }>('POST', '/api/auth/2fa/enrol', {
      token: user.accessToken,
    });
    expect(enrol.status).toBe(200);
    const { secret } = enrol.body;
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Parley:/);
    expect(enrol.body.otpauthUri).toContain(`secret=${secret}`);
    // The seed is encrypted at rest, bound to its user.
    const [row] = await sql<{ secret: string; status: string }>(
      'select secret, status from user_mfa where user_id = $1',
      [user.userId],
    );
    expect(row?.status).toBe('enrolling');
    expect(row?.secret).toMatch(/^enc1:e1:/);
    expect(row?.secret).not.toContain(secret);

    // Not on until confirmed: sign-in needs no second factor yet.
    expect((await login(user.email, user.password)).body.status).toBe('signed_in');
    await expectError(
      call('POST', '/api/auth/2fa/confirm', { token: user.accessToken, body: { code: '000000' } }),
      400,
      'invalid_code',
    );
    const previous = await totpCode(secret, -1);
    const confirmed = await callJson<{ recoveryCodes: string[] }>('POST', '/api/auth/2fa/confirm', {
      token: user.accessToken,
      body: { code: previous },
    });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await sql<{ code_hash: string }>('select code_hash from mfa_recovery_codes where user_id = $1', [
      user.userId,
    ]);
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash).join()).not.toContain(codes[0]?.replace('-', '') ?? 'x');
    expect((await callJson('GET', '/api/auth/2fa', { token: user.accessToken })).body).toEqual({
      status: 'enabled',
      recoveryCodesRemaining: 10,
    });
    await expectError(call('POST', '/api/auth/2fa/enrol', { token: user.accessToken }), 409, 'mfa_already_enabled');

    // Sign-in now stops at a challenge, not a session.
    const first = await login(user.email, user.password);
    expect(first.body).toMatchObject({ status: 'mfa_required', expiresIn: 300 });
    expect(first.body).not.toHaveProperty('accessToken');
    expect(first.res.headers.getSetCookie().join()).not.toContain('parley_refresh');
    // The code used to confirm is spent: a replay is refused.
    await expectError(
      call('POST', '/api/auth/2fa/challenge', { body: { challengeToken: first.body.challengeToken, code: previous } }),
      401,
      'invalid_code',
    );
    const current = await totpCode(secret, 0);
    const signedIn = await callJson<{ status: string; accessToken: string }>('POST', '/api/auth/2fa/challenge', {
      body: { challengeToken: first.body.challengeToken, code: current },
    });
    expect(signedIn.body.status).toBe('signed_in');
    expect((await call('GET', '/api/me', { token: signedIn.body.accessToken })).status).toBe(200);
    // A finished challenge cannot be answered again.
    await expectError(
      call('POST', '/api/auth/2fa/challenge', { body: { challengeToken: first.body.challengeToken, code: current } }),
      401,
      'invalid_challenge',
    );

    // Same code, new challenge: replay refused. A recovery code works once.
    const second = await login(user.email, user.password);
    await expectError(
      call('POST', '/api/auth/2fa/challenge', { body: { challengeToken: second.body.challengeToken, code: current } }),
      401,
      'invalid_code',
    );
    const recovery = codes[0] ?? '';
    const viaRecovery = await callJson('POST', '/api/auth/2fa/challenge', {
      body: { challengeToken: second.body.challengeToken, recoveryCode: recovery },
    });
    expect(viaRecovery.body).toMatchObject({ status: 'signed_in' });
    const third = await login(user.email, user.password);
    await expectError(
      call('POST', '/api/auth/2fa/challenge', {
        body: { challengeToken: third.body.challengeToken, recoveryCode: recovery },
      }),
      401,
      'invalid_code',
    );
    expect((await callJson('GET', '/api/auth/2fa', { token: user.accessToken })).body).toMatchObject({
      recoveryCodesRemaining: 9,
    });

    // Regenerating needs a fresh code and voids the old recovery codes.
    await expectError(
      call('POST', '/api/auth/2fa/recovery-codes', { token: user.accessToken, body: { code: current } }),
      400,
      'invalid_code',
    );
    const regenerated = await callJson<{ recoveryCodes: string[] }>('POST', '/api/auth/2fa/recovery-codes', {
      token: user.accessToken,
      body: { code: await totpCode(secret, 1) },
    });
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    const fourth = await login(user.email, user.password);
    await expectError(
      call('POST', '/api/auth/2fa/challenge', {
        body: { challengeToken: fourth.body.challengeToken, recoveryCode: codes[1] },
      }),
      401,
      'invalid_code',
    );

    // Disabling needs a fresh factor (every TOTP step of this window is spent: a new recovery code).
    await expectError(
      call('POST', '/api/auth/2fa/disable', { token: user.accessToken, body: { code: current } }),
      400,
      'invalid_code',
    );
    expect(
      (
        await call('POST', '/api/auth/2fa/disable', {
          token: user.accessToken,
          body: { recoveryCode: regenerated.body.recoveryCodes[0] },
        })
      ).status,
    ).toBe(200);
    expect((await login(user.email, user.password)).body.status).toBe('signed_in');
    const [off] = await sql<{ status: string; secret: string | null }>(
      'select status, secret from user_mfa where user_id = $1',
      [user.userId],
    );
    expect(off).toEqual({ status: 'disabled', secret: null });
    expect(await sql('select 1 from mfa_recovery_codes where user_id = $1', [user.userId])).toHaveLength(0);
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

  it('locks a challenge after 5 wrong codes — even the right code is then refused — and a new sign-in works', async () => {
    const user = await signUp();
    const { secret } = await enableMfa(user);
    const { body } = await login(user.email, user.password);
    const errors: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await callJson<{ error: { code: string } }>('POST', '/api/auth/2fa/challenge', {
        body: { challengeToken: body.challengeToken, code: String(100000 + i) },
      });
      errors.push(res.body.error.code);
    }
    expect(errors).toEqual(['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'mfa_locked']);
    const right = await totpCode(secret, 0);
    await expectError(
      call('POST', '/api/auth/2fa/challenge', { body: { challengeToken: body.challengeToken, code: right } }),
      401,
      'mfa_locked',
    );
    const again = await login(user.email, user.password);
    const ok = await callJson('POST', '/api/auth/2fa/challenge', {
      body: { challengeToken: again.body.challengeToken, code: right },
    });
    expect(ok.body).toMatchObject({ status: 'signed_in' });
  });

  it('an expired challenge is refused', async () => {
    const user = await signUp();
    const { secret } = await enableMfa(user);
    const { body } = await login(user.email, user.password);
    await sql(`update mfa_challenges set expires_at = now() - interval '1 second' where user_id = $1`, [user.userId]);
    await expectError(
      call('POST', '/api/auth/2fa/challenge', {
        body: { challengeToken: body.challengeToken, code: await totpCode(secret, 0) },
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
      call('PATCH', `/api/projects/${owner.projectId}/settings`, {
        token: owner.accessToken,
        body: { require2fa: true },
      }),
      409,
      'enable_2fa_first',
    );
    await enableMfa(owner);
    const agent = await addMember(owner, 'agent');
    expect(
      (
        await call('PATCH', `/api/projects/${owner.projectId}/settings`, {
          token: owner.accessToken,
          body: { require2fa: true },
        })
      ).status,
    ).toBe(200);
    await expectError(
      call('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken }),
      403,
      'mfa_required',
    );
    const listed = await callJson<{ projects: { id: string; mfaRequired: boolean }[] }>('GET', '/api/projects', {
      token: agent.accessToken,
    });
    expect(listed.body.projects.find((p) => p.id === owner.projectId)?.mfaRequired).toBe(true);
    await enableMfa(agent);
    expect((await call('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken })).status).toBe(200);
  });
});
