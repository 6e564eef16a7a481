// The transaction pooler against the real Postgres of the test run: transactions stay on one
// backend, more clients than server connections all get served, and a client that vanishes
// mid-transaction never hands its open transaction to the next one.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Pooler, startPooler } from './pg-pooler.ts';

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

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
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
