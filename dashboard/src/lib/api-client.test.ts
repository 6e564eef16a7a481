// The API client's session handling: the access token stays in memory, a missing or expired one
// is refreshed silently through the cookie (once for concurrent callers, with the CSRF header),
// and a session that really ended is reported instead of retried.
import { describe, expect, it } from 'vitest';
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
const tokenBody = (n: number) => ({ accessToken: `t${n}`, expiresIn: 900, sessionId: 's1', tokenType: 'Bearer' });

describe('api client', () => {
  it('refreshes through the cookie with the CSRF header when it holds no token, then sends the Bearer token', async () => {
    const { api, calls } = client((call) => {
      if (call.url === '/api/auth/refresh') return json(200, tokenBody(1));
      return json(200, { ok: true });
    });
    await expect(api.request('/api/me')).resolves.toEqual({ ok: true });
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
    await Promise.all([api.request('/a'), api.request('/b'), api.request('/c')]);
    expect(refreshes).toBe(1);
  });

  it('refreshes before the token expires, not after', async () => {
    let time = 0;
    const { api, calls } = client(
      (call) => (call.url === '/api/auth/refresh' ? json(200, tokenBody(calls.length)) : json(200, {})),
      () => time,
    );
    api.setAccessToken({ accessToken: 'old', expiresIn: 60, sessionId: 's' });
    await api.request('/x');
    expect(calls.map((c) => c.url)).toEqual(['/x']);
    time = 45_000; // 15 s left: inside the margin
    await api.request('/y');
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
    await expect(api.request('/api/me')).resolves.toEqual({ fine: true });
    expect(calls.map((c) => c.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(header(calls[2], 'authorization')).toBe('Bearer t2');
  });

  it('a revoked session is final: no refresh, the signed-out listeners run', async () => {
    const { api, calls } = client(() => json(401, { error: { code: 'session_revoked', message: 'Session ended' } }));
    let signedOut = 0;
    api.onSignedOut(() => signedOut++);
    api.setAccessToken({ accessToken: 't', expiresIn: 900, sessionId: 's' });
    await expect(api.request('/api/me')).rejects.toMatchObject({ status: 401, code: 'session_revoked' });
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
    await expect(api.request('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toBe(1);
    await expect(api.request('/api/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(signedOut).toBe(1);
  });

  it('routes without a token send none and pass their errors through', async () => {
    const { api, calls } = client(() =>
      json(401, { error: { code: 'invalid_credentials', message: 'Email or password is wrong' } }),
    );
    const error = await api.request('/api/auth/login', { method: 'POST', body: { a: 1 }, auth: false }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_credentials', message: 'Email or password is wrong' });
    expect(calls).toHaveLength(1);
    expect(header(calls[0], 'authorization')).toBeUndefined();
    expect(header(calls[0], 'content-type')).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"a":1}');
  });

  it('a non-JSON error page becomes a generic ApiError with the status', async () => {
    const { api } = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.request('/x', { auth: false })).rejects.toMatchObject({ status: 502, code: 'http_error' });
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
