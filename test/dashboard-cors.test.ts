// The dashboard on another origin (Cloudflare Pages, DASHBOARD_ORIGIN): the agent API answers
// exactly that origin with CORS and credentials, errors and preflights included, never whatever
// Origin a request names; the refresh route's CSRF check and the sockets accept it; email links
// point to it while OAuth comes back to the API. Without DASHBOARD_ORIGIN nothing changes.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';
import { signUp, uniqueEmail } from './helpers/accounts.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, http, httpJson, randomIp, refreshCookieOf } from './helpers/http.ts';

/** A sibling of the API's host (parley.test), as app.example.com is of api.example.com. */
const DASHBOARD = 'http://app.parley.test';
const pagesEnv = { ...env, DASHBOARD_ORIGIN: DASHBOARD } as unknown as Env;
const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

/** A request to the Worker configured for a Pages-hosted dashboard. */
function pages(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return worker.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { 'cf-connecting-ip': randomIp(), ...headers },
      body,
      redirect: 'manual',
    }),
    pagesEnv,
    ctx,
  );
}

const corsOf = (res: Response) => ({
  origin: res.headers.get('access-control-allow-origin'),
  credentials: res.headers.get('access-control-allow-credentials'),
});

describe('CORS for a dashboard on another origin', () => {
  it('answers exactly DASHBOARD_ORIGIN with credentials on the agent API', async () => {
    const user = await signUp();
    const res = await pages('GET', '/api/me', { origin: DASHBOARD, authorization: `Bearer ${user.accessToken}` });
    expect(res.status).toBe(200);
    expect(corsOf(res)).toEqual({ origin: DASHBOARD, credentials: 'true' });
    expect(res.headers.get('vary')).toMatch(/origin/i);
    const projects = await pages('GET', `/api/projects/${user.projectId}/conversations`, {
      origin: DASHBOARD,
      authorization: `Bearer ${user.accessToken}`,
    });
    expect(projects.status).toBe(200);
    expect(corsOf(projects)).toEqual({ origin: DASHBOARD, credentials: 'true' });
  });

  it('on errors too: the dashboard must read a 401 to know it should refresh', async () => {
    const res = await pages('GET', '/api/me', { origin: DASHBOARD });
    expect(res.status).toBe(401);
    expect(corsOf(res)).toEqual({ origin: DASHBOARD, credentials: 'true' });
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it.each([
    'https://evil.example',
    'http://app.parley.test.evil.example',
    'https://app.parley.test',
    'http://app.parley.test:8080',
    'null',
  ])('gives %s no CORS headers at all, never an echo of its Origin', async (origin) => {
    const user = await signUp();
    const res = await pages('GET', '/api/me', { origin, authorization: `Bearer ${user.accessToken}` });
    expect(corsOf(res)).toEqual({ origin: null, credentials: null });
    const preflight = await pages('OPTIONS', '/api/me', {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization,x-parley-csrf',
    });
    expect(corsOf(preflight)).toEqual({ origin: null, credentials: null });
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it("answers the dashboard's preflight: its methods and headers (bearer, JSON, the CSRF header), cached", async () => {
    const res = await pages('OPTIONS', `/api/projects/${crypto.randomUUID()}/conversations/${crypto.randomUUID()}`, {
      origin: DASHBOARD,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization,content-type,x-parley-csrf',
    });
    expect(res.status).toBe(204);
    expect(corsOf(res)).toEqual({ origin: DASHBOARD, credentials: 'true' });
    const methods = (res.headers.get('access-control-allow-methods') ?? '').split(',');
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const headers = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(headers).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-parley-csrf']));
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('keeps the widget API open without credentials, and attachments open to all', async () => {
    const widget = await pages('OPTIONS', '/api/widget/session', {
      origin: DASHBOARD,
      'access-control-request-method': 'POST',
    });
    expect(widget.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(widget.headers.get('access-control-allow-credentials')).toBeNull();
    const attachment = await pages('GET', `/api/attachments/${crypto.randomUUID()}?exp=1&kid=k&sig=x`, {
      origin: DASHBOARD,
    });
    expect(corsOf(attachment)).toEqual({ origin: '*', credentials: null });
  });

  it('is off without DASHBOARD_ORIGIN: the default dashboard shares the API origin and needs none', async () => {
    const user = await signUp();
    const res = await http('GET', '/api/me', { token: user.accessToken, headers: { origin: DASHBOARD } });
    expect(res.status).toBe(200);
    expect(corsOf(res)).toEqual({ origin: null, credentials: null });
    const refresh = await http('POST', '/api/auth/refresh', {
      cookie: user.cookie,
      headers: { 'x-parley-csrf': '1', origin: DASHBOARD },
    });
    expect(refresh.status).toBe(403);
  });
});

describe('the refresh cookie from the dashboard origin', () => {
  it('refreshes and signs out with the CSRF header and Origin: DASHBOARD_ORIGIN; any other Origin is refused', async () => {
    const user = await signUp();
    const csrf = { 'x-parley-csrf': '1', cookie: user.cookie };
    const foreign = await pages('POST', '/api/auth/refresh', { ...csrf, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const refreshed = await pages('POST', '/api/auth/refresh', { ...csrf, origin: DASHBOARD });
    expect(refreshed.status).toBe(200);
    expect(corsOf(refreshed)).toEqual({ origin: DASHBOARD, credentials: 'true' });
    const rotated = refreshCookieOf(refreshed);
    expect(rotated).toMatch(/^parley_refresh=rt_/);
    // The API's own origin keeps working beside it (the Worker still serves a dashboard too).
    const sameOrigin = await pages('POST', '/api/auth/refresh', {
      'x-parley-csrf': '1',
      cookie: rotated ?? '',
      origin: BASE,
    });
    expect(sameOrigin.status).toBe(200);
    const out = await pages('POST', '/api/auth/logout', {
      'x-parley-csrf': '1',
      cookie: refreshCookieOf(sameOrigin) ?? '',
      origin: DASHBOARD,
      authorization: `Bearer ${((await sameOrigin.json()) as { accessToken: string }).accessToken}`,
    });
    expect(out.status).toBeLessThan(300);
  });

  it('signs in with credentials: the answer may set the cookie cross-origin', async () => {
    const user = await signUp();
    const res = await pages(
      'POST',
      '/api/auth/login',
      { origin: DASHBOARD, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      JSON.stringify({ email: user.email, password: user.password }),
    );
    expect(res.status).toBe(200);
    expect(corsOf(res)).toEqual({ origin: DASHBOARD, credentials: 'true' });
    expect(refreshCookieOf(res)).toMatch(/^parley_refresh=rt_/);
  });
});

describe('links and sockets with a dashboard on another origin', () => {
  it('mails link to the dashboard; OAuth still comes back to the API', async () => {
    const email = uniqueEmail();
    await signUp({ email });
    const requested = await pages(
      'POST',
      '/api/auth/password-reset/request',
      { 'content-type': 'application/json', origin: DASHBOARD },
      JSON.stringify({ email }),
    );
    expect(requested.status).toBe(202);
    const link = await eventually(async () => {
      const { body } = await httpJson<{ mails: { subject: string; text: string }[] }>(
        'GET',
        `/dev/mail?to=${encodeURIComponent(email)}`,
      );
      return body.mails.find((m) => /reset/i.test(m.subject))?.text.match(/https?:\/\/\S+/)?.[0];
    });
    expect(link).toMatch(new RegExp(`^${DASHBOARD}/reset-password#token=`));

    const start = await pages('GET', '/api/auth/oauth/github/start?returnTo=/inbox');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE}/api/auth/oauth/github/callback`);
  });

  it("opens the inbox socket when the upgrade comes from the dashboard's origin (the token is the credential)", async () => {
    const user = await signUp();
    const res = await pages('GET', `/ws/projects/${user.projectId}/inbox?token=${user.accessToken}`, {
      upgrade: 'websocket',
      origin: DASHBOARD,
    });
    expect(res.status).toBe(101);
    const ws = res.webSocket;
    ws?.accept();
    ws?.close(1000, 'bye');
  });
});
