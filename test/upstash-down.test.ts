// Upstash down must not take every agent down: with the REST endpoint answering error pages (or
// refusing the token; test/helpers/outage.ts), session checks fall back to Postgres, the auth
// limits fail closed with 503 `unavailable`, the widget's abuse limits fail open (visitors keep
// chatting), and no Redis error becomes a 500. Every key carries the environment's prefix, so
// staging and production can never share counters.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../core/platform/config.ts';
import { createRedis } from '../core/platform/redis.ts';
import worker from '../worker/index.ts';
import { uniqueEmail } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { BASE, http, randomIp } from './helpers/http.ts';
import { upstashDown, upstashRefusing } from './helpers/outage.ts';
import { memberOf, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

const DEAD = upstashDown();
const REFUSING = upstashRefusing;

interface Call {
  method?: string;
  token?: string;
  json?: unknown;
}

/** A request to the Worker with some bindings changed, as a deployment with Upstash down sees them. */
async function call(vars: Record<string, string>, path: string, opts: Call = {}) {
  const headers = new Headers({ 'cf-connecting-ip': randomIp() });
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  if (opts.json !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(`${BASE}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    redirect: 'manual',
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...vars } as Env, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown>, res };
}

describe('Upstash down', () => {
  it('agents keep working: their sessions are checked in Postgres', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    for (const vars of [DEAD, REFUSING]) {
      expect((await call(vars, '/api/me', { token: manager.token })).status).toBe(200);
      const list = await call(vars, `/api/projects/${project.projectId}/conversations`, { token: manager.token });
      expect(list.status).toBe(200);
    }
  });

  it('a revoked session stays refused, and signing out still works', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const other = await memberOf(project);
    await sql('update sessions set revoked_at = now() where id = $1', [agent.sessionId]);
    const refused = await call(DEAD, '/api/me', { token: agent.token });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'session_revoked' } } });
    // Revocation is committed in Postgres, which answers every check while Upstash is down.
    expect((await call(DEAD, '/api/auth/logout', { method: 'POST', token: other.token })).status).toBe(200);
    expect((await call(DEAD, '/api/me', { token: other.token })).status).toBe(401);
  });

  it('sign-up, sign-in and password reset fail closed: 503 unavailable with Retry-After', async () => {
    const email = uniqueEmail('down');
    const password = `pw-${rand()}-${rand()}`;
    const attempts: [string, unknown][] = [
      ['/api/auth/signup', { email, password, name: 'Down' }],
      ['/api/auth/login', { email, password }],
      ['/api/auth/password-reset/request', { email }],
    ];
    for (const vars of [DEAD, REFUSING]) {
      for (const [path, json] of attempts) {
        const res = await call(vars, path, { method: 'POST', json });
        expect({ path, status: res.status, code: (res.body.error as { code?: string })?.code }).toEqual({
          path,
          status: 503,
          code: 'unavailable',
        });
        expect(Number(res.res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
  });

  it('visitors keep chatting: the widget’s abuse limits fail open, with a logged warning', async () => {
    const { project, visitor, conversationId } = await scenario();
    const again = await visitorOf(project, { visitorToken: visitor.token });
    expect(again.visitor.id).toBe(visitor.visitor.id);
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void warnings.push(String(line)));
    try {
      // A returning visitor's session (per IP and per visitor), a new conversation, a REST send.
      const session = await call(DEAD, '/api/widget/session', {
        method: 'POST',
        json: { widgetKey: project.widgetKey, visitorToken: visitor.token },
      });
      expect(session.status).toBe(200);
      const opened = await call(DEAD, '/api/widget/conversations', {
        method: 'POST',
        token: visitor.token,
        json: { clientId: `down-open-${rand()}`, body: 'hello while Upstash is down' },
      });
      expect(opened.status).toBe(201);
      const sent = await call(DEAD, `/api/widget/conversations/${conversationId}/messages`, {
        method: 'POST',
        token: visitor.token,
        json: { clientId: `down-${rand()}`, body: 'still here' },
      });
      expect(sent.status).toBe(201);
    } finally {
      vi.restoreAllMocks();
    }
    const letThrough = warnings
      .map((w) => JSON.parse(w) as { message: string; limit?: string })
      .filter((w) => w.message === 'rate limit not checked: letting through')
      .map((w) => w.limit);
    expect(letThrough).toEqual([
      'widget_session_ip',
      'widget_session_visitor',
      'conversation_open_ip',
      'conversation_open_visitor',
      'message_send_ip',
    ]);
  });

  it('any other Redis failure is a 503 with a code, never a 500', async () => {
    for (const vars of [DEAD, REFUSING]) {
      const res = await call(vars, '/api/auth/oauth/github/start?returnTo=/');
      expect(res).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    }
  });
});

describe('Redis keys', () => {
  it("carry the environment's prefix (APP_ENV:), so two environments never share a counter or a session", async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    expect((await http('GET', '/api/me', { token: agent.token })).status).toBe(200);
    const redis = createRedis(readConfig(env));
    expect(redis.key('session:x')).toBe('test:session:x');
    expect(await redis.get(`test:session:${agent.sessionId}`)).toMatchObject({ live: true, userId: agent.userId });
    expect(await redis.get(`session:${agent.sessionId}`)).toBeNull();
    // The same session, as staging would look it up: not there.
    const staging = createRedis({ ...readConfig(env), APP_ENV: 'staging' });
    expect(await staging.get(staging.key(`session:${agent.sessionId}`))).toBeNull();
  });
});
