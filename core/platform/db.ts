// Postgres through the Neon serverless driver (WebSocket), as drizzle clients.
// Workers cannot share a connection across requests, so each request opens its own and closes it
// (drained: see close()).
import { createHash } from 'node:crypto';
import { Client, neonConfig, Pool, type PoolClient, type QueryResult } from '@neondatabase/serverless';
import type { SQL } from 'drizzle-orm';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import type { PreparedQueryConfig } from 'drizzle-orm/pg-core';
import * as schema from '../../drizzle/schema/index.ts';
import type { Config } from './config.ts';
import { pgError } from './pg-errors.ts';

export type Db = NeonDatabase<typeof schema>;

export interface DbConnection {
  db: Db;
  client: Client;
  close(): Promise<void>;
}

/** Whether hot statements run named (PG_NAMED_STATEMENTS); set with the driver, per isolate. */
let namedStatements = true;

function configureDriver(config: Config): void {
  namedStatements = config.PG_NAMED_STATEMENTS !== 'off';
  if (config.PG_WS_PROXY) {
    // Local stack: a plain Postgres behind local/pg-ws-proxy.ts, without TLS.
    const proxy = config.PG_WS_PROXY;
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
}

export async function connectDb(config: Config): Promise<DbConnection> {
  configureDriver(config);
  const client = new Client({ connectionString: config.DATABASE_URL });
  // A dropped connection emits 'error'; without a listener it would crash the isolate.
  client.on('error', () => {});
  let ended = false;
  client.on('end', () => {
    ended = true;
  });
  await client.connect();
  return {
    db: drizzle({ client, schema, casing: 'snake_case' }),
    client,
    close: async () => {
      // The driver batches a tick's writes and sends them from a timer; ending the client under a
      // query cuts its WebSocket first, and that timer then sends on a closed socket: an uncaught
      // exception in workerd. So: let the batch go, and never end a client whose socket is gone.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!ended) await client.end();
    },
  };
}

// ---- A pool, for an object that outlives a request ----

/** Connections kept warm across calls: only a Durable Object can (a Worker's die with its request). */
export interface DbPool {
  /** Runs `fn` on a pooled connection; one `fn` at a time per connection (transactions stay whole). */
  use<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Connections opened since the pool was made (tests, stats). */
  readonly opened: number;
  /** Connections open now: lent and idle. */
  readonly open: number;
}

/**
 * node-postgres's pool (the Neon driver's `Pool`): at most `max` connections, each lent to one use at
 * a time, an idle one ended after `idleMs` (an open socket keeps a Durable Object awake). A connection
 * that failed with anything but a Postgres error is destroyed on release, not lent again.
 */
export function createDbPool(config: Config, opts: { max: number; idleMs: number }): DbPool {
  configureDriver(config);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: opts.max, idleTimeoutMillis: opts.idleMs });
  // An idle connection Postgres or the network dropped: the pool removes it; without a listener the
  // error would take the object down.
  pool.on('error', () => {});
  let opened = 0;
  const broken = new WeakSet<PoolClient>();
  // One drizzle instance per connection, made when the connection is: drizzle() derives the whole
  // schema's relational config each time it is called, which cost the consumer ~5% of the runtime's
  // CPU when it was called at every use (a profile at 100 msg/s, docs/BENCHMARKS.md).
  const dbs = new WeakMap<PoolClient, Db>();
  pool.on('connect', (client: PoolClient) => {
    opened += 1;
    client.on('error', () => broken.add(client));
    client.on('end', () => broken.add(client));
  });
  return {
    async use(fn) {
      const client = await pool.connect();
      let failed = false;
      try {
        let db = dbs.get(client);
        if (!db) {
          db = drizzle({ client, schema, casing: 'snake_case' });
          dbs.set(client, db);
        }
        return await fn(db);
      } catch (err) {
        failed = pgError(err) === undefined;
        throw err;
      } finally {
        client.release(failed || broken.has(client));
      }
    },
    get opened() {
      return opened;
    },
    get open() {
      return pool.totalCount;
    },
  };
}

// ---- Named statements ----
// A hot statement (the room's commit, the relay's claim, the consumer's conversations UPDATE) runs
// as a named prepared statement: Postgres parses and analyses its text once per backend instead of
// at every call (PgBouncer >= 1.21 in transaction mode keeps them per server connection, as
// local/pg-pooler.ts does; node-postgres sends the Parse once per client connection). The name is
// derived from the text, so one name always means one text, across isolates and deploys, and the
// number of names is the number of distinct texts: only statements whose text does not grow with
// their data (values are parameters) belong here.

/** Names already derived: the hot texts are few, and hashing one at every commit is waste. */
const names = new Map<string, string>();

/** The stable name of a statement's text. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= 256) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Raw SQL run as `db.execute(query)` does (same result shape and type parsing), as a named statement. */
export function executeNamed<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<QueryResult<T>> {
  // db.execute builds the statement and runs it only when awaited: here it is only built.
  if (!namedStatements) return db.execute(query) as unknown as Promise<QueryResult<T>>;
  const built = db.execute(query).getQuery();
  return db._.session
    .prepareQuery<PreparedQueryConfig & { execute: QueryResult<T> }>(built, undefined, statementName(built.sql), false)
    .execute();
}

/** A query builder's statement, prepared under its text's name: `.execute()` gives what the builder's would. */
export function prepareNamed<R>(query: {
  toSQL(): { sql: string };
  prepare(name: string): { execute(): Promise<R> };
  execute(): Promise<R>;
}): { execute(): Promise<R> } {
  return namedStatements ? query.prepare(statementName(query.toSQL().sql)) : query;
}
