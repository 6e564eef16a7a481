// The dev stack's Postgres path holds more clients than the server's max_connections: an embedded
// Postgres limited to 20 connections refuses the 21st direct client (53300), while 160 Neon-driver
// clients (the Worker's and the rooms' driver, over the WebSocket proxy) held open at once through
// startWorkerPostgres — the very path `npm run dev` starts — each commit a transaction.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as NeonClient, neonConfig } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../core/platform/config.ts';
import { connectDb, executeNamed } from '../core/platform/db.ts';
import * as schema from '../drizzle/schema/index.ts';
import { adminQuery } from './admin-query.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres.ts';
import { startWorkerPostgres, type WorkerPostgres } from './pooled-postgres.ts';
import { unusedPort } from './reachable.ts';

const require = createRequire(import.meta.url);
const WebSocket = require('ws') as typeof import('ws').WebSocket;

const MAX_CONNECTIONS = 20;
const POOL_SIZE = 10;
const CLIENTS = 160;

const dir = join(tmpdir(), `parley-pooled-test-${randomBytes(4).toString('hex')}`);
let db: EmbeddedDatabase;
let path: WorkerPostgres;

beforeAll(async () => {
  db = await startEmbeddedPostgres(dir, await unusedPort(), MAX_CONNECTIONS);
  await adminQuery(db.url, 'create table pooled_commits (client int primary key, backend int not null)');
  path = await startWorkerPostgres(db.url, POOL_SIZE);
  // As core/platform/db.ts configures the driver when PG_WS_PROXY is set.
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = (host, port) => `${path.pgWsProxy}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}, 120_000);

afterAll(async () => {
  await path?.close();
  await db?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

it('the server itself refuses clients past max_connections', async () => {
  const direct = Array.from({ length: MAX_CONNECTIONS + 5 }, () => new pg.Client({ connectionString: db.url }));
  for (const c of direct) c.on('error', () => undefined);
  const outcomes = await Promise.allSettled(direct.map((c) => c.connect()));
  const refused = outcomes.filter((o) => o.status === 'rejected');
  expect(refused.length).toBeGreaterThan(0);
  expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/too many clients/);
  await Promise.all(direct.map((c) => c.end().catch(() => undefined)));
});

it(`${CLIENTS} Neon-driver clients held open at once all commit through the pooler`, async () => {
  const clients = Array.from({ length: CLIENTS }, () => new NeonClient({ connectionString: path.databaseUrl }));
  for (const c of clients) c.on('error', () => undefined);
  await Promise.all(clients.map((c) => c.connect()));
  // Every client is connected now: far more than the server would take directly.
  await Promise.all(
    clients.map(async (c, i) => {
      await c.query('begin');
      await c.query('insert into pooled_commits (client, backend) values ($1, pg_backend_pid())', [i]);
      await c.query('select pg_sleep(0.01)');
      await c.query('commit');
    }),
  );
  const [row] = await adminQuery<{ n: string; backends: string }>(
    db.url,
    'select count(*) as n, count(distinct backend) as backends from pooled_commits',
  );
  expect(Number(row?.n)).toBe(CLIENTS);
  expect(Number(row?.backends)).toBeLessThanOrEqual(POOL_SIZE);
  const stats = path.pooler?.stats();
  expect(stats?.clients).toBe(CLIENTS);
  expect(stats?.serverConnections).toBeLessThanOrEqual(POOL_SIZE);
  expect(stats?.resets).toBe(0);
  await Promise.all(clients.map((c) => c.end()));
}, 120_000);

it('refuses a Neon-driver client with the wrong password, as the server would', async () => {
  const wrong = new URL(path.databaseUrl);
  wrong.password = 'not-the-password';
  const c = new NeonClient({ connectionString: wrong.toString() });
  c.on('error', () => undefined);
  await expect(c.connect()).rejects.toThrow(/password authentication failed/);
});

it('named statements through the Neon driver and drizzle: parsed once per backend, not per client or call', async () => {
  const clients = Array.from({ length: 30 }, () => new NeonClient({ connectionString: path.databaseUrl }));
  for (const c of clients) c.on('error', () => undefined);
  await Promise.all(clients.map((c) => c.connect()));
  const before = path.pooler?.stats();
  await Promise.all(
    clients.map(async (c, i) => {
      const db = drizzle({ client: c, schema, casing: 'snake_case' });
      for (let k = 0; k < 4; k++) {
        const r = await executeNamed<{ v: number }>(db, sql`select ${i * 10 + k}::int + 1 as v`);
        expect(r.rows).toEqual([{ v: i * 10 + k + 1 }]);
      }
    }),
  );
  const after = path.pooler?.stats();
  // node-postgres sends the Parse once per client connection; the pooler passes it on once per backend.
  expect((after?.namedParses ?? 0) - (before?.namedParses ?? 0)).toBe(clients.length);
  expect((after?.serverParses ?? 0) - (before?.serverParses ?? 0)).toBeLessThanOrEqual(POOL_SIZE);
  expect(after?.resets).toBe(0);
  await Promise.all(clients.map((c) => c.end()));
}, 120_000);

it('PG_NAMED_STATEMENTS=off: the same calls run unnamed (for a pooler that does not keep them)', async () => {
  const config = (named: 'on' | 'off') =>
    ({ DATABASE_URL: path.databaseUrl, PG_WS_PROXY: path.pgWsProxy, PG_NAMED_STATEMENTS: named }) as Config;
  const off = await connectDb(config('off'));
  try {
    const before = path.pooler?.stats();
    for (let k = 0; k < 3; k++) {
      const r = await executeNamed<{ v: number }>(off.db, sql`select ${k}::int + 1 as v`);
      expect(r.rows).toEqual([{ v: k + 1 }]);
    }
    expect(path.pooler?.stats().namedParses).toBe(before?.namedParses);
  } finally {
    await off.close();
    // The switch is per isolate, set when a connection opens: back to the default for what follows.
    await (await connectDb(config('on'))).close();
  }
}, 60_000);
