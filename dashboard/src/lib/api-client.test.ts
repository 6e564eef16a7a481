// The API client's session handling: the access token stays in memory, a missing or expired one
// is refreshed silently through the cookie (once for concurrent callers, with the CSRF header),
// and a session that really ended is reported instead of retried; every answer is parsed with its
// schema, and one of the wrong shape is an ApiError, not a crash later on.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ApiError, buildUrl, createApiClient, type SessionHint } from './api-client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function client(handler: (call: Call, calls: Call[]) => Response | Promise<Response>, now = () => 1_000_000) {
  const calls: Call[] = [];
  const api = createApiClient({
    fetch: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      return handler(call, calls);
    },
    now,
  });
  return { api, calls };
}

const header = (call: Call | undefined, name: string) => ((call?.init.headers ?? {}) as Record<string, string>)[name];
const SESSION_ID = '5a1f3c2e-8d4b-4c6a-9e7f-0b1c2d3e4f50';
const tokenBody = (n: number) => ({ accessToken: `t${n}`, expiresIn: 900, sessionId: SESSION_ID, tokenType: 'Bearer' });
const anything = z.unknown();
const okBody = z.object({ ok: z.literal(true) });

describe('api client', () => {
  it('refreshes through the cookie with the CSRF header when it holds no token, then sends the Bearer token', async () => {
    const { api, calls } = client((call) => {
      if (call.url === '/api/auth/refresh') return json(200, tokenBody(1));
      return json(200, { ok: true });
    });
    await expect(api.request('/api/me', okBody)).resolves.toEqual({ ok: true });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/refresh', '/api/me']);
    expect(header(calls[0], 'x-parley-csrf')).toBe('1');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(header(calls[1], 'authorization')).toBe('Bearer t1');
  });

  it('shares one refresh among concurrent requests', async () => {
    let refreshes = 0;
    const { api } = client(async (call) => {
      if (call.url === '/api/auth/refresh') {
        refreshes++;
        await new Promise((r) => setTimeout(r, 5));
        return json(200, tokenBody(refreshes));
      }
      return json(200, { url: call.url });
    });
    await Promise.all([api.request('/a', anything), api.request('/b', anything), api.request('/c', anything)]);
    expect(refreshes).toBe(1);
  });

  it('refreshes before the token expires, not after', async () => {
    let time = 0;
    const { api, calls } = client(
      (call) => (call.url === '/api/auth/refresh' ? json(200, tokenBody(calls.length)) : json(200, {})),
      () => time,
    );
    api.setAccessToken({ accessToken: 'old', expiresIn: 60, sessionId: 's' });
    await api.request('/x', anything);
    expect(calls.map((c) => c.url)).toEqual(['/x']);
    time = 45_000; // 15 s left: inside the margin
    await api.request('/y', anything);
    expect(calls.map((c) => c.url)).toEqual(['/x', '/api/auth/refresh', '/y']);
  });

  it('retries once with a fresh token when the server says the token expired', async () => {
    const { api, calls } = client((call) => {
      if (call.url === '/api/auth/refresh') return json(200, tokenBody(2));
      if (header(call, 'authorization') === 'Bearer stale')
        return json(401, { error: { code: 'invalid_token', message: 'expired' } });
      return json(200, { fine: true });
    });
    api.setAccessToken({ accessToken: 'stale', expiresIn: 900, sessionId: 's' });
    await expect(api.request('/api/me', z.object({ fine: z.boolean() }))).resolves.toEqual({ fine: true });
    expect(calls.map((c) => c.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(header(calls[2], 'authorization')).toBe('Bearer t2');
  });

  it('a revoked session is final: no refresh, the signed-out listeners run', async () => {
    const { api, calls } = client(() => json(401, { error: { code: 'session_revoked', message: 'Session ended' } }));
    let signedOut = 0;
    api.onSignedOut(() => signedOut++);
    api.setAccessToken({ accessToken: 't', expiresIn: 900, sessionId: 's' });
    await expect(api.request('/api/me', anything)).rejects.toMatchObject({ status: 401, code: 'session_revoked' });
    expect(calls).toHaveLength(1);
    expect(signedOut).toBe(1);
    expect(api.hasAccessToken()).toBe(false);
  });

  it('a failed refresh ends the session once and the request fails with 401', async () => {
    const { api } = client((call) =>
      call.url === '/api/auth/refresh'
        ? json(401, { error: { code: 'refresh_token_reused', message: 'reused' } })
        : json(401, { error: { code: 'invalid_token', message: 'expired' } }),
    );
    let signedOut = 0;
    api.onSignedOut(() => signedOut++);
    api.setAccessToken({ accessToken: 't', expiresIn: 900, sessionId: 's' });
    await expect(api.request('/api/me', anything)).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toBe(1);
    await expect(api.request('/api/me', anything)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(signedOut).toBe(1);
  });

  it('routes without a token send none and pass their errors through', async () => {
    const { api, calls } = client(() =>
      json(401, { error: { code: 'invalid_credentials', message: 'Email or password is wrong' } }),
    );
    const error = await api
      .request('/api/auth/login', anything, { method: 'POST', body: { a: 1 }, auth: false })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_credentials', message: 'Email or password is wrong' });
    expect(calls).toHaveLength(1);
    expect(header(calls[0], 'authorization')).toBeUndefined();
    expect(header(calls[0], 'content-type')).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"a":1}');
  });

  it('a non-JSON error page becomes a generic ApiError with the status', async () => {
    const { api } = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.request('/x', anything, { auth: false })).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
    });
  });

  it('parses the answer with the schema: unknown fields are dropped, a wrong shape is an ApiError', async () => {
    const { api } = client((call) =>
      call.url === '/good' ? json(200, { ok: true, extra: 1 }) : json(200, { ok: 'yes' }),
    );
    await expect(api.request('/good', okBody, { auth: false })).resolves.toEqual({ ok: true });
    const error = await api.request('/bad', okBody, { auth: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'invalid_response' });
    expect(error.message).toContain('ok:');
  });

  it('a 204 answers undefined; a 200 that is not JSON is an ApiError', async () => {
    const { api } = client((call) =>
      call.url === '/gone' ? new Response(null, { status: 204 }) : new Response('<html>', { status: 200 }),
    );
    await expect(api.request('/gone', z.undefined(), { auth: false })).resolves.toBeUndefined();
    await expect(api.request('/html', anything, { auth: false })).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('a refresh answer of the wrong shape fails the request with an ApiError and keeps no token', async () => {
    const { api } = client((call) =>
      call.url === '/api/auth/refresh' ? json(200, { accessToken: 't1' }) : json(200, { ok: true }),
    );
    await expect(api.request('/api/me', okBody)).rejects.toMatchObject({ code: 'invalid_response' });
    expect(api.hasAccessToken()).toBe(false);
  });

  it('two tabs refreshing at once take turns (Web Locks), so neither presents a rotated token', async () => {
    // The browser's side of two tabs: one cookie jar, one lock manager. The server rotates the
    // refresh token on every use and treats a rotated one presented again as theft.
    let cookie = 'rt_0';
    const rotated = new Set<string>();
    let revoked = false;
    let issued = 0;
    const server = async (url: string) => {
      if (url !== '/api/auth/refresh') return json(200, { ok: true });
      const presented = cookie; // the browser attaches the cookie when the request leaves
      await new Promise((r) => setTimeout(r, 5));
      if (revoked || rotated.has(presented)) {
        revoked = true;
        return json(401, { error: { code: 'refresh_token_reused', message: 'reused' } });
      }
      rotated.add(presented);
      cookie = `rt_${++issued}`;
      return json(200, tokenBody(issued));
    };
    let held: Promise<unknown> = Promise.resolve();
    const locks = {
      request<T>(name: string, callback: () => Promise<T>): Promise<T> {
        expect(name).toBe('parley-refresh');
        const run = held.then(callback, callback);
        held = run.catch(() => undefined);
        return run;
      },
    };
    const tab = () => createApiClient({ fetch: (url) => server(url), now: () => 1_000_000, locks });
    const [a, b] = [tab(), tab()];
    let signedOut = 0;
    a.onSignedOut(() => signedOut++);
    b.onSignedOut(() => signedOut++);
    a.setAccessToken(tokenBody(0));
    b.setAccessToken(tokenBody(0));
    const [ta, tb] = await Promise.all([a.refresh(), b.refresh()]);
    expect(revoked).toBe(false);
    expect(signedOut).toBe(0);
    expect([ta, tb].sort()).toEqual(['t1', 't2']);
  });

  it('without Web Locks (an old browser) it still refreshes, one tab at a time as before', async () => {
    const { api } = client((call) => json(200, call.url === '/api/auth/refresh' ? tokenBody(7) : {}));
    await expect(api.refresh()).resolves.toBe('t7');
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/x', { a: 'b c', n: 2, none: undefined, nil: null, empty: '', t: true })).toBe(
      '/x?a=b+c&n=2&t=true',
    );
    expect(buildUrl('/x', {})).toBe('/x');
  });

  describe('session hint', () => {
    function memoryHint(initial: boolean): SessionHint & { value: boolean } {
      const hint = {
        value: initial,
        get: () => hint.value,
        set: (present: boolean) => {
          hint.value = present;
        },
      };
      return hint;
    }

    it('is set by a token and cleared when the refresh finds no session or the tab signs out', async () => {
      let live = true;
      const hint = memoryHint(false);
      const api = createApiClient({
        fetch: async () => (live ? json(200, tokenBody(1)) : json(401, { error: { code: 'unauthorized' } })),
        now: () => 1_000_000,
        hint,
      });
      expect(api.mayHaveSession()).toBe(false);
      await api.refresh();
      expect(hint.value).toBe(true);
      api.clearAccessToken();
      expect(api.mayHaveSession()).toBe(false);
      api.expectSession();
      expect(api.mayHaveSession()).toBe(true);
      live = false;
      await expect(api.refresh()).resolves.toBeNull();
      expect(hint.value).toBe(false);
    });

    it('says "maybe" without a hint, so a client without storage still refreshes', () => {
      expect(client(() => json(200, {})).api.mayHaveSession()).toBe(true);
    });
  });
});
