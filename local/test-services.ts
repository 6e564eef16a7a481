// What the test suites (vitest in workerd, and the browser end-to-end run) need before they
// start: a Postgres database of their own, migrated, and the Redis to put a bridge over. The
// machine's servers when reachable (CI has them), else an embedded Postgres and no Redis.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery } from './admin-query.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrateDatabase } from './migrate.ts';
import { tcpReachable } from './reachable.ts';

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
