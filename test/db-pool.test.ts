// The pool a Durable Object keeps its connections in (core/platform/db.ts createDbPool): each
// connection keeps one drizzle instance for its life, and a connection that failed is not lent again.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDbPool } from '../core/platform/db.ts';
import { config } from './helpers/db.ts';

describe('createDbPool', () => {
  it('lends a connection with the same drizzle instance at every use, and a new connection a new one', async () => {
    const pool = createDbPool(config(), { max: 1, idleMs: 100 });
    const first = await pool.use(async (db) => db);
    const again = await pool.use(async (db) => {
      expect((await db.execute(sql`select 1 as one`)).rows).toEqual([{ one: 1 }]);
      return db;
    });
    expect(again).toBe(first);
    expect(pool.opened).toBe(1);

    // Not a Postgres error: the connection is destroyed on release, and the next use opens another.
    await expect(
      pool.use(async () => {
        throw new Error('the socket broke');
      }),
    ).rejects.toThrow('the socket broke');
    const next = await pool.use(async (db) => db);
    expect(next).not.toBe(first);
    expect(pool.opened).toBe(2);
  });
});
