// Health that tells the truth and tells strangers nothing: /healthz is a bare liveness answer;
// /readyz checks Postgres, Upstash, the Queue binding, R2 and the key ids of stored ciphertexts,
// behind a token outside local and test. Unknown routes answer typed JSON.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { encryptSecret } from '../core/platform/secrets.ts';
import worker from '../worker/index.ts';
import { sql } from './helpers/db.ts';
import { upstashDown } from './helpers/outage.ts';
import { tenant } from './helpers/tenant.ts';

async function fetchWith(vars: Record<string, string>, path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`http://parley.test${path}`, { headers });
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** What staging needs besides the test's values, so the configuration itself is valid. */
const STAGING = {
  APP_ENV: 'staging',
  MAIL_API_URL: 'https://mail.example/send',
  MAIL_API_TOKEN: 'mail-token',
  PUBLIC_URL: 'https://support.example.com',
};
const TOKEN = 'readiness-token-0123456789abcdef';

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}
interface Readiness {
  status: string;
  checks: { postgres: Check; redis: Check; queue: Check; r2: Check; keys: Check & { missing: string[] } };
}

describe('GET /healthz (liveness)', () => {
  it('answers 200 {"status":"ok"} and nothing else', async () => {
    const res = await exports.default.fetch('http://parley.test/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('checks no dependency and names no error, even when Postgres is unreachable or a secret missing', async () => {
    const brokens: Record<string, string>[] = [
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere' },
      { AUTH_JWT_KEYS: '' },
    ];
    for (const broken of brokens) {
      const res = await fetchWith(broken, '/healthz');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{"status":"ok"}');
    }
  });
});

describe('GET /readyz (readiness)', () => {
  it('checks Postgres, Upstash, the Queue, R2 and the stored key ids, each with its latency', async () => {
    const res = await exports.default.fetch('http://parley.test/readyz');
    const body = await res.json<Readiness>();
    const { postgres, redis, queue, r2, keys } = body.checks;
    for (const check of [postgres, redis, queue, r2]) expect(check).toMatchObject({ ok: true });
    expect(postgres.latencyMs).toBeGreaterThanOrEqual(0);
    // Other test files may hold a ciphertext under a key only they know, for a moment.
    expect(res.status).toBe(keys.ok ? 200 : 503);
    expect(body.status).toBe(keys.ok ? 'ready' : 'not_ready');
  });

  it('reports a dependency that fails by error class, never its text', async () => {
    // A role the test server does not know: Postgres answers 28000 with the role's name in its text.
    // (The test server, not a closed port: the Neon driver then writes to the socket the proxy just
    // closed, an uncaught exception in workerd that test/setup-faults.ts fails the test on.)
    const role = `nobody_${crypto.randomUUID().slice(0, 8)}`;
    const url = new URL(inject('databaseUrl'));
    url.username = role;
    url.password = '';
    const res = await fetchWith({ DATABASE_URL: url.toString() }, '/readyz');
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text) as Readiness;
    expect(body.status).toBe('not_ready');
    expect(body.checks.postgres.ok).toBe(false);
    expect(body.checks.postgres.error).toMatch(/^[A-Za-z]+( [\w.:-]+)?$/);
    expect(body.checks.redis.ok).toBe(true);
    expect(text).not.toContain(role);
    const redisDown = await fetchWith(upstashDown(), '/readyz');
    const redisBody = await redisDown.json<Readiness>();
    expect(redisDown.status).toBe(503);
    expect(redisBody.checks.redis).toMatchObject({ ok: false, error: 'RedisError redis_bad_reply' });
  });

  it('names a key id that stored ciphertexts use and the keyring lacks (by id only)', async () => {
    const { projectId } = await tenant();
    const kid = `gone${crypto.randomUUID().slice(0, 6)}`;
    const lost = { active: kid, keys: new Map([[kid, crypto.getRandomValues(new Uint8Array(32))]]) };
    await sql('update projects set identity_secret = $1 where id = $2', [
      await encryptSecret(lost, 'identity secret', `projects.identity_secret:${projectId}`),
      projectId,
    ]);
    try {
      const res = await exports.default.fetch('http://parley.test/readyz');
      expect(res.status).toBe(503);
      const body = await res.json<Readiness>();
      expect(body.status).toBe('not_ready');
      expect(body.checks.keys.ok).toBe(false);
      expect(body.checks.keys.missing).toContain(kid);
    } finally {
      await sql('update projects set identity_secret = null where id = $1', [projectId]);
    }
  });

  it('answers 503 misconfigured, in one line naming the variable, when a secret is missing', async () => {
    const res = await fetchWith({ AUTH_JWT_KEYS: '' }, '/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'misconfigured', error: 'configuration: AUTH_JWT_KEYS is missing' });
  });

  it('outside local and test: 404 without READINESS_TOKEN, 401 without the token, the checks with it', async () => {
    expect((await fetchWith(STAGING, '/readyz')).status).toBe(404);
    const staging = { ...STAGING, READINESS_TOKEN: TOKEN };
    const anonymous = await fetchWith(staging, '/readyz');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: 'Authentication required' } });
    expect((await fetchWith(staging, '/readyz', { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(
      401,
    );
    const allowed = await fetchWith(staging, '/readyz', { authorization: `Bearer ${TOKEN}` });
    expect((await allowed.json<Readiness>()).checks.postgres.ok).toBe(true);
    // A broken configuration is named only to whoever holds the token.
    const broken = { ...staging, AUTH_JWT_KEYS: '' };
    expect((await fetchWith(broken, '/readyz')).status).toBe(401);
    expect(await (await fetchWith(broken, '/readyz', { authorization: `Bearer ${TOKEN}` })).json()).toEqual({
      status: 'misconfigured',
      error: 'configuration: AUTH_JWT_KEYS is missing',
    });
  });

  it('refuses a READINESS_TOKEN too short to be a secret', async () => {
    const res = await fetchWith({ ...STAGING, READINESS_TOKEN: 'short' }, '/readyz', { authorization: 'Bearer short' });
    expect(res.status).toBe(404);
  });
});

describe('routing', () => {
  it('answers unknown API routes with a typed 404', async () => {
    const res = await exports.default.fetch('http://parley.test/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nope' } });
  });
});
