// OAuth sign-in as a browser does it, against the local fake GitHub/Google
// (test/fakes/oauth-provider.ts): start, consent as a chosen profile, callback, then the refresh
// the dashboard makes for its access token.
import { expect } from 'vitest';
import { uniqueEmail } from './accounts.ts';
import { http, httpJson, refreshCookieOf } from './http.ts';

export type Provider = 'github' | 'google';

export interface Profile {
  id: string;
  email: string;
  verified: boolean;
  name: string;
}

export const profileOf = (over: Partial<Profile> = {}): Profile => ({
  id: String(Math.floor(Math.random() * 1e9)),
  email: uniqueEmail('oauth'),
  verified: true,
  name: 'Octo Cat',
  ...over,
});

function stateCookieOf(res: Response): string {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('parley_oauth_state='));
  if (!line) throw new Error('no state cookie');
  expect(line).toMatch(/HttpOnly/i);
  expect(line).toMatch(/SameSite=Lax/i);
  return line.split(';')[0] ?? '';
}

/** Start → the provider (consenting as `profile`, or denying) → the callback URL it redirects to. */
export async function throughProvider(provider: Provider, profile: Profile | null, returnTo = '/inbox') {
  const start = await http('GET', `/api/auth/oauth/${provider}/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') ?? '');
  const stateCookie = stateCookieOf(start);
  if (profile)
    authorize.searchParams.set(
      'fake_profile',
      btoa(JSON.stringify(profile)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    );
  const consent = await fetch(authorize, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') ?? '');
  return { authorize, callback, stateCookie };
}

export async function finish(callback: URL, cookie: string) {
  return http('GET', `${callback.pathname}${callback.search}`, { cookie });
}

/** The whole browser flow; returns the callback response and, when signed in, an access token. */
export async function oauthSignIn(provider: Provider, profile: Profile | null) {
  const { callback, stateCookie } = await throughProvider(provider, profile);
  const res = await finish(callback, stateCookie);
  const location = res.headers.get('location') ?? '';
  const refresh = refreshCookieOf(res);
  let accessToken: string | null = null;
  if (refresh) {
    const refreshed = await httpJson<{ accessToken: string }>('POST', '/api/auth/refresh', {
      cookie: refresh,
      headers: { 'x-parley-csrf': '1' },
    });
    accessToken = refreshed.body.accessToken;
  }
  return { res, location, accessToken };
}

export const errorOf = (location: string) => location.match(/#error=([\w]+)/)?.[1];
