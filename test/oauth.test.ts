// OAuth sign-in end to end against the local fake GitHub/Google (test/fakes/oauth-provider.ts):
// PKCE + state, account creation, linking only through a verified email, 2FA after OAuth.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../core/platform/config.ts';
import { createRedis } from '../core/platform/redis.ts';
import { login, mailToken, signUp, uniqueEmail } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { errorOf, finish, oauthSignIn, profileOf, throughProvider } from './helpers/oauth.ts';
import { awayFromStepEdge, enableMfa, totpCode } from './helpers/totp.ts';

describe('OAuth sign-in', () => {
  it('lists both providers and sends the browser to the provider with PKCE S256 and state', async () => {
    expect((await httpJson('GET', '/api/auth/oauth/providers')).body).toEqual({ providers: ['github', 'google'] });
    const { authorize } = await throughProvider('github', null);
    expect(authorize.searchParams.get('client_id')).toBe('gh-client-id');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://parley.test/api/auth/oauth/github/callback');
  });

  it.each(['github', 'google'] as const)(
    '%s: a new identity gets an account (verified, no password) and a project, then signs in as it again',
    async (provider) => {
      const profile = profileOf();
      const first = await oauthSignIn(provider, profile);
      expect(first.location).toBe('http://parley.test/inbox');
      expect(first.accessToken).toBeTruthy();
      const me = await httpJson<{ id: string; email: string; emailVerified: boolean; hasPassword: boolean }>(
        'GET',
        '/api/me',
        { token: first.accessToken ?? '' },
      );
      expect(me.body).toMatchObject({ email: profile.email, emailVerified: true, hasPassword: false });
      const projects = await httpJson<{ projects: { role: string }[] }>('GET', '/api/projects', {
        token: first.accessToken ?? '',
      });
      expect(projects.body.projects).toEqual([expect.objectContaining({ role: 'manager' })]);
      // Same provider id, even with another email now: the same account.
      const again = await oauthSignIn(provider, { ...profile, email: uniqueEmail('changed') });
      const me2 = await httpJson<{ id: string }>('GET', '/api/me', { token: again.accessToken ?? '' });
      expect(me2.body.id).toBe(me.body.id);
      // A password sign-in of an OAuth-only account fails like any wrong password, and its access
      // token alone cannot plant a password (that goes through the reset email).
      await expectError(
        http('POST', '/api/auth/login', { json: { email: profile.email, password: 'anything at all' } }),
        401,
        'invalid_credentials',
      );
      await expectError(
        http('POST', '/api/auth/password', {
          token: first.accessToken ?? '',
          json: { currentPassword: 'x', newPassword: 'planted password' },
        }),
        409,
        'no_password',
      );
    },
  );

  it('links to an existing account through a provider-verified email it has verified too', async () => {
    const user = await signUp();
    const token = await mailToken(user.email, /Confirm your email/);
    await http('POST', '/api/auth/verify-email/confirm', { json: { token } });
    const signedIn = await oauthSignIn('google', profileOf({ email: user.email.toUpperCase() }));
    const me = await httpJson<{ id: string; hasPassword: boolean }>('GET', '/api/me', {
      token: signedIn.accessToken ?? '',
    });
    expect(me.body).toMatchObject({ id: user.userId, hasPassword: true });
    expect((await login(user.email, user.password)).status).toBe(200);
    expect((await http('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
  });

  it('an unverified local account loses its password and sessions to the provider-verified owner', async () => {
    const squatter = await signUp();
    const signedIn = await oauthSignIn('github', profileOf({ email: squatter.email }));
    const me = await httpJson<{ id: string; hasPassword: boolean; emailVerified: boolean }>('GET', '/api/me', {
      token: signedIn.accessToken ?? '',
    });
    expect(me.body).toEqual(expect.objectContaining({ id: squatter.userId, hasPassword: false, emailVerified: true }));
    await expectError(http('GET', '/api/me', { token: squatter.accessToken }), 401, 'session_revoked');
    expect((await login(squatter.email, squatter.password)).status).toBe(401);
  });

  it('never links or creates anything from an email the provider has not verified', async () => {
    const victim = await signUp();
    for (const provider of ['github', 'google'] as const) {
      const result = await oauthSignIn(provider, profileOf({ email: victim.email, verified: false }));
      expect(errorOf(result.location)).toBe('oauth_email_unverified');
      expect(result.accessToken).toBeNull();
    }
    expect(await sql('select 1 from oauth_accounts where user_id = $1', [victim.userId])).toHaveLength(0);
  });

  it('refuses a callback without the state cookie, a replayed callback, and a provider denial', async () => {
    const profile = profileOf();
    const { callback, stateCookie } = await throughProvider('github', profile);
    const noCookie = await finish(callback, '');
    expect(errorOf(noCookie.headers.get('location') ?? '')).toBe('oauth_invalid_state');
    // The state was consumed by that attempt: even the right browser cannot use it now.
    const replay = await finish(callback, stateCookie);
    expect(errorOf(replay.headers.get('location') ?? '')).toBe('oauth_invalid_state');

    const other = await throughProvider('github', profile);
    const foreign = await finish(other.callback, stateCookie);
    expect(errorOf(foreign.headers.get('location') ?? '')).toBe('oauth_invalid_state');

    const denied = await oauthSignIn('google', null);
    expect(errorOf(denied.location)).toBe('oauth_denied');
    expect(await sql('select 1 from users where lower(email) = lower($1)', [profile.email])).toHaveLength(0);
  });

  it('the provider refuses the code when the PKCE verifier does not match the challenge', async () => {
    const { callback, stateCookie } = await throughProvider('github', profileOf());
    const state = callback.searchParams.get('state') ?? '';
    const redis = createRedis(readConfig(env));
    const pending = await redis.get<{ verifier: string }>(redis.key(`oauth:state:${state}`));
    expect(pending?.verifier).toMatch(/^[\w-]{43}$/);
    await redis.set(redis.key(`oauth:state:${state}`), { ...pending, verifier: 'x'.repeat(43) });
    const res = await finish(callback, stateCookie);
    expect(errorOf(res.headers.get('location') ?? '')).toBe('oauth_exchange_failed');
  });

  it('an account with 2FA gets a challenge after OAuth, not a session', async () => {
    const profile = profileOf();
    const first = await oauthSignIn('github', profile);
    const { secret } = await enableMfa({ accessToken: first.accessToken ?? '' });
    const second = await oauthSignIn('github', profile);
    expect(second.accessToken).toBeNull();
    const challengeToken = second.location.match(/#mfa=([\w-]+)/)?.[1] ?? '';
    expect(second.location.startsWith('http://parley.test/login#mfa=')).toBe(true);
    await awayFromStepEdge();
    const done = await httpJson('POST', '/api/auth/2fa/challenge', {
      json: { challengeToken, code: await totpCode(secret, 0) },
    });
    expect(done.body).toMatchObject({ status: 'signed_in' });
  });

  it('refuses an open redirect and an unknown provider', async () => {
    await expectError(http('GET', '/api/auth/oauth/github/start?returnTo=//evil.example/x'), 400, 'invalid_request');
    await expectError(
      http('GET', '/api/auth/oauth/github/start?returnTo=https://evil.example'),
      400,
      'invalid_request',
    );
    await expectError(http('GET', '/api/auth/oauth/gitlab/start'), 400, 'invalid_request');
  });
});
