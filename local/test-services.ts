// What the test suites (vitest in workerd, and the browser end-to-end run) need before they
// start: a Postgres database of their own, migrated, and the Redis to put a bridge over, with the
// Neon WebSocket proxy, the transaction pooler and the Upstash REST bridge in front. The machine's
// servers when reachable (CI has them), else an embedded Postgres and no Redis.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery } from './admin-query.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrateDatabase } from './migrate.ts';
import { startPooler } from './pg-pooler.ts';
import { startPgWsProxy } from './pg-ws-proxy.ts';
import { DEFAULT_POOL_SIZE } from './pooled-postgres.ts';
import { tcpReachable } from './reachable.ts';
import { startUpstashBridge } from './upstash-bridge.ts';

type Stops = (() => Promise<unknown>)[];

/**
 * A fresh database `parley_<suite>_<runId>` with every migration, dropped by the pushed stop:
 * on TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded server on `embeddedPort`.
 */
export async function runDatabase(opts: {
  suite: string;
  runId: string;
  embeddedPort: number;
  stops: Stops;
}): Promise<URL> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl && (await tcpReachable('127.0.0.1', 5432))) adminUrl = 'postgres://postgres@127.0.0.1:5432/test';
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres(
      join(tmpdir(), `parley-${opts.suite}-pg-${opts.runId}`),
      opts.embeddedPort,
    );
    opts.stops.push(embedded.stop);
    adminUrl = embedded.url;
  }
  const admin = adminUrl;
  const dbName = `parley_${opts.suite}_${opts.runId}`;
  await adminQuery(admin, `create database ${dbName}`);
  const dbUrl = new URL(admin);
  dbUrl.pathname = `/${dbName}`;
  opts.stops.push(() => adminQuery(admin, `drop database if exists ${dbName} with (force)`));
  await migrateDatabase(dbUrl.toString());
  return dbUrl;
}

/** TEST_REDIS_URL, else the machine's Redis when reachable, else none (the bridge keeps keys in memory). */
export async function runRedisUrl(): Promise<string | undefined> {
  return process.env.TEST_REDIS_URL ?? ((await tcpReachable('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined);
}

export interface RunBridges {
  /**
   * PG_WS_PROXY for the Worker: the Neon WebSocket proxy, allowed to reach this run's database only,
   * whose connections it carries to a transaction pooler in front of it (as `npm run dev` does).
   */
  pgWsProxy: string;
  upstashUrl: string;
  upstashToken: string;
  redisBackend: 'redis' | 'memory';
}

/** The Neon proxy in front of `dbUrl` and the Upstash bridge over runRedisUrl(), keys under `parley:<suite>:<runId>:`. */
export async function runBridges(opts: {
  suite: string;
  runId: string;
  dbUrl: URL;
  stops: Stops;
}): Promise<RunBridges> {
  const database = `${opts.dbUrl.hostname}:${opts.dbUrl.port || '5432'}`;
  // The Worker keeps the database's own URL; the proxy takes its connections to the pooler, as
  // Neon's proxy takes a `-pooler` host's to PgBouncer. PARLEY_PG_POOL_SIZE=0: straight through.
  const size = Number(process.env.PARLEY_PG_POOL_SIZE || DEFAULT_POOL_SIZE);
  const pooler =
    size > 0
      ? await startPooler({
          host: opts.dbUrl.hostname,
          port: Number(opts.dbUrl.port || 5432),
          size,
          password: opts.dbUrl.password ? decodeURIComponent(opts.dbUrl.password) : undefined,
        })
      : null;
  if (pooler) opts.stops.push(pooler.close);
  const proxy = await startPgWsProxy({
    allowedTargets: [database],
    routes: pooler ? { [database]: `127.0.0.1:${pooler.port}` } : undefined,
  });
  opts.stops.push(proxy.close);
  const token = randomBytes(16).toString('hex');
  const bridge = await startUpstashBridge({
    redisUrl: await runRedisUrl(),
    token,
    port: 0,
    keyPrefix: `parley:${opts.suite}:${opts.runId}:`,
  });
  opts.stops.push(bridge.close);
  return { pgWsProxy: proxy.hostPort, upstashUrl: bridge.url, upstashToken: token, redisBackend: bridge.backend };
}
