// GET /healthz: Postgres and Redis, each checked with a real round trip.
import { Hono } from 'hono';
import { ConfigError, readConfig } from '../../core/platform/config.ts';
import { connectDb } from '../../core/platform/db.ts';
import { createRedis } from '../../core/platform/redis.ts';
import type { AppEnv } from '../app-env.ts';
import { withTimeout } from '../lib/timeout.ts';

interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(what: string, fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await withTimeout(fn(), 3000, what);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // The message names what failed (refused, timeout); it never contains the URL or credentials.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message.slice(0, 200) };
  }
}

export const health = new Hono<AppEnv>().get('/healthz', async (c) => {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(c.env);
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : 'configuration invalid';
    return c.json({ status: 'misconfigured', error: message }, 503);
  }
  const [postgres, redis] = await Promise.all([
    timed('postgres', async () => {
      const conn = await connectDb(config);
      try {
        await conn.client.query('select 1');
      } finally {
        await conn.close();
      }
    }),
    timed('redis', async () => {
      const pong = await createRedis(config).ping();
      if (pong !== 'PONG') throw new Error(`unexpected PING reply ${pong}`);
    }),
  ]);
  const ok = postgres.ok && redis.ok;
  return c.json({ status: ok ? 'ok' : 'degraded', postgres, redis }, ok ? 200 : 503);
});
