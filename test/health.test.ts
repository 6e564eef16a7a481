// /healthz reports Postgres and Redis from real round trips, and unknown routes answer typed JSON.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index.ts';

describe('GET /healthz', () => {
  it('reports both services healthy with measured latencies', async () => {
    const res = await exports.default.fetch('http://parley.test/healthz');
    expect(res.status).toBe(200);
    const body = await res.json<{
      status: string;
      postgres: { ok: boolean; latencyMs: number };
      redis: { ok: boolean };
    }>();
    expect(body.status).toBe('ok');
    expect(body.postgres.ok).toBe(true);
    expect(body.redis.ok).toBe(true);
    expect(body.postgres.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 naming the failing dependency when Postgres is unreachable', async () => {
    const broken = { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere' };
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const res = await worker.fetch(new Request('http://parley.test/healthz'), broken, ctx);
    expect(res.status).toBe(503);
    const body = await res.json<{ postgres: { ok: boolean; error: string }; redis: { ok: boolean } }>();
    expect(body.postgres.ok).toBe(false);
    expect(body.redis.ok).toBe(true);
    expect(body.postgres.error).not.toContain('nobody');
  });

  it('answers 503 misconfigured, in one line, when a secret is missing', async () => {
    const broken = { ...env, AUTH_JWT_KEYS: '' };
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const res = await worker.fetch(new Request('http://parley.test/healthz'), broken, ctx);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'misconfigured', error: 'configuration: AUTH_JWT_KEYS is missing' });
  });
});

describe('routing', () => {
  it('answers unknown API routes with a typed 404', async () => {
    const res = await exports.default.fetch('http://parley.test/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nope' } });
  });
});
