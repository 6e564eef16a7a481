// A Durable Object's Postgres connection (durable-objects/shared/idle-db.ts) and the request-scoped
// one (core/platform/db.ts) are only ever ended drained: ending one while a query is still being
// written made the Neon driver write to its closed WebSocket, an uncaught exception in workerd
// ("Can't call WebSocket send() after close()"), which test/setup-faults.ts turns into a failure.
import { describe, expect, it } from 'vitest';
import { connectDb } from '../core/platform/db.ts';
import { IdleDb } from '../durable-objects/shared/idle-db.ts';
import { config } from './helpers/db.ts';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdleDb', () => {
  it('a use failing on a broken step lets the other users finish before the connection closes', async () => {
    const db = new IdleDb(config(), () => 10_000);
    const [query, failed] = await Promise.allSettled([
      db.use(async ({ client }) => (await client.query<{ n: number }>('select 1 as n')).rows[0]?.n),
      // Not a Postgres error: the connection is taken for suspect and must not be handed out again.
      db.use(async () => {
        throw new Error('not a Postgres error');
      }),
    ]);
    expect(query).toEqual({ status: 'fulfilled', value: 1 });
    expect(failed.status).toBe('rejected');
    expect(db.open).toBe(false);
    // A new use opens a new connection.
    expect(await db.use(async ({ client }) => (await client.query('select 2 as n')).rows[0])).toEqual({ n: 2 });
    db.drop();
    await settle(50);
  });

  it('dropping while a query is on its way closes the connection only once that query is answered', async () => {
    const db = new IdleDb(config(), () => 10_000);
    const slow = db.use(async ({ client }) => (await client.query('select pg_sleep(0.05), 3 as n')).rows[0]?.n);
    await settle(0);
    db.drop();
    expect(db.open).toBe(false);
    expect(await slow).toBe(3);
    await settle(50);
  });

  it('closes after the idle time, and a use after that reconnects', async () => {
    const db = new IdleDb(config(), () => 20);
    await db.use(async ({ client }) => client.query('select 1'));
    expect(db.open).toBe(true);
    await settle(100);
    expect(db.open).toBe(false);
    expect(await db.use(async ({ client }) => (await client.query('select 4 as n')).rows[0])).toEqual({ n: 4 });
    db.drop();
    await settle(50);
  });
});

describe('a request-scoped connection', () => {
  it('closing it right after a query was sent neither throws in workerd nor hangs', async () => {
    const conn = await connectDb(config());
    const query = conn.client.query('select 1').then(
      () => 'answered',
      () => 'cut off',
    );
    await conn.close();
    expect(['answered', 'cut off']).toContain(await query);
    await settle(50);
  });
});
