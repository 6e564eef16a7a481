// The transaction pooler against the real Postgres of the test run: transactions stay on one
// backend, more clients than server connections all get served, a client that vanishes
// mid-transaction never hands its open transaction to the next one, and no session state (SET,
// named prepared statements, LISTEN, advisory locks, temporary tables) passes from one client to
// the next on a shared backend. (Through the Neon driver and past max_connections:
// local/pooled-postgres.test.ts.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Pooler, SESSION_STATE, startPooler } from './pg-pooler.ts';

let pooler: Pooler;
let url: string;

beforeAll(async () => {
  const target = new URL(inject('databaseUrl'));
  pooler = await startPooler({ host: target.hostname, port: Number(target.port || 5432), size: 3 });
  target.hostname = '127.0.0.1';
  target.port = String(pooler.port);
  url = target.toString();
});
afterAll(() => pooler.close());

async function client(connectionString = url): Promise<pg.Client> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  return c;
}

/** A pooler of one server connection in front of the test database, so every client shares it. */
async function singleBackend(password?: string): Promise<{ pooler: Pooler; url: string }> {
  const target = new URL(inject('databaseUrl'));
  const one = await startPooler({ host: target.hostname, port: Number(target.port || 5432), size: 1, password });
  target.hostname = '127.0.0.1';
  target.port = String(one.port);
  if (password) target.password = password;
  return { pooler: one, url: target.toString() };
}

describe('transaction pooler', () => {
  it('keeps a transaction on one backend while twelve clients share three connections', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, client));
    let moved = 0;
    await Promise.all(
      clients.map(async (c, i) => {
        for (let k = 0; k < 5; k++) {
          await c.query('begin');
          const a = await c.query<{ pid: number }>('select pg_backend_pid() as pid');
          await c.query('select pg_sleep(0.002)');
          const b = await c.query<{ pid: number; i: number }>('select pg_backend_pid() as pid, $1::int as i', [i]);
          if (a.rows[0]?.pid !== b.rows[0]?.pid || b.rows[0]?.i !== i) moved++;
          await c.query('commit');
        }
      }),
    );
    expect(moved).toBe(0);
    const stats = pooler.stats();
    expect(stats.serverConnections).toBeLessThanOrEqual(3);
    expect(stats.peakWaiting).toBeGreaterThan(0);
    await Promise.all(clients.map((c) => c.end()));
  });

  it('lets a client recover from an error inside a transaction', async () => {
    const c = await client();
    await c.query('begin');
    await expect(c.query('select 1/0')).rejects.toThrow(/division by zero/);
    await c.query('rollback');
    expect((await c.query<{ v: number }>('select 42 as v')).rows[0]?.v).toBe(42);
    await c.end();
  });

  it('throws away the backend of a client that disconnects inside a transaction', async () => {
    const a = await client();
    await a.query('begin');
    await a.query('create temporary table pooler_probe (x int) on commit drop');
    const before = pooler.stats().serverConnections;
    await a.end();
    await new Promise((r) => setTimeout(r, 100));
    expect(pooler.stats().serverConnections).toBe(before - 1);
    // The next client finds no transaction left open (the temporary table would still exist).
    const b = await client();
    const r = await b.query<{ status: string }>("select to_regclass('pg_temp.pooler_probe') is null as status");
    expect(r.rows[0]?.status).toBe(true);
    await b.end();
  });
});

describe('session state in transaction mode', () => {
  it('wipes what one client left in the session before the next client gets the backend', async () => {
    const one = await singleBackend();
    try {
      const a = await client(one.url);
      const aPid = (await a.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      await a.query("set statement_timeout = '1234s'");
      await a.query({ name: 'leaky', text: 'select 1 as one' });
      await a.query('listen pooler_channel');
      await a.query('select pg_advisory_lock(727275)');
      await a.query('create temporary table pooler_session_probe (x int)');
      const b = await client(one.url);
      const seen = await b.query<{
        pid: number;
        timeout: string;
        prepared: string;
        channels: string;
        locks: string;
        temp: boolean;
      }>(`select pg_backend_pid() as pid, current_setting('statement_timeout') as timeout,
            (select count(*) from pg_prepared_statements) as prepared,
            (select count(*) from pg_listening_channels()) as channels,
            (select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks,
            to_regclass('pg_temp.pooler_session_probe') is null as temp`);
      const row = seen.rows[0];
      expect(row?.pid).toBe(aPid); // the same backend: what A left would be visible here
      expect(row).toMatchObject({ timeout: '0', prepared: '0', channels: '0', locks: '0', temp: true });
      expect(one.pooler.stats().resets).toBeGreaterThan(0);
      await Promise.all([a.end(), b.end()]);
    } finally {
      await one.pooler.close();
    }
  });

  it('lends a backend without a reset when a client left nothing behind', async () => {
    const one = await singleBackend();
    try {
      const a = await client(one.url);
      await a.query('begin');
      await a.query("set local statement_timeout = '5s'");
      await a.query('select pg_advisory_xact_lock(727276)');
      await a.query('commit');
      await a.query('select $1::text as v', ['set x = 1; listen y']);
      await a.end();
      expect(one.pooler.stats().resets).toBe(0);
    } finally {
      await one.pooler.close();
    }
  });

  it('tells session SQL from transaction-scoped SQL', () => {
    for (const sql of [
      "SET search_path = 'x'",
      'select 1; set session timezone = utc',
      "select set_config('a.b', 'c', false)",
      'LISTEN events',
      'prepare p as select 1',
      'declare c cursor with hold for select 1',
      'create temp table t (x int)',
      'select pg_advisory_lock(1)',
      'select pg_try_advisory_lock_shared(1)',
      'reset all',
    ]) {
      expect(SESSION_STATE.test(sql), sql).toBe(true);
    }
    for (const sql of [
      'update conversations set last_seq = 3 where id = $1',
      "set local statement_timeout = '1s'",
      'set transaction isolation level serializable',
      'select pg_advisory_xact_lock(1)',
      'insert into messages (body) values ($1) returning id',
      'begin',
    ]) {
      expect(SESSION_STATE.test(sql), sql).toBe(false);
    }
  });
});

describe('passwords', () => {
  it('asks clients for the configured password and refuses a wrong one', async () => {
    const one = await singleBackend('s3cret');
    try {
      const ok = await client(one.url);
      expect((await ok.query<{ v: number }>('select 7 as v')).rows[0]?.v).toBe(7);
      await ok.end();
      const wrong = new URL(one.url);
      wrong.password = 'nope';
      const bad = new pg.Client({ connectionString: wrong.toString() });
      await expect(bad.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await one.pooler.close();
    }
  });
});
