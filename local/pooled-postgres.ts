// The local stack's Postgres path for the Worker, as in production: the Neon driver speaks over a
// WebSocket (local/pg-ws-proxy.ts, where Neon's proxy sits) to a transaction pooler
// (local/pg-pooler.ts, where Neon's pooled endpoint sits) in front of the real server. Every awake
// ConversationRoom and every request holds a client connection; the pooler lends them a few
// server connections, so the server's max_connections is never what runs out.
import { type Pooler, startPooler } from './pg-pooler.ts';
import { type PgWsProxy, startPgWsProxy } from './pg-ws-proxy.ts';

/** Server connections the pooler keeps by default (what the bench's Parley uses too). */
export const DEFAULT_POOL_SIZE = 20;

export interface WorkerPostgres {
  /** The Worker's DATABASE_URL: the pooler's address (the direct one when poolSize is 0). */
  databaseUrl: string;
  /** The Worker's PG_WS_PROXY. */
  pgWsProxy: string;
  pooler: Pooler | null;
  /** For the ready message, e.g. "transaction pooler 127.0.0.1:40123 (20 server connections)". */
  label: string;
  close(): Promise<void>;
}

/** The pooler (unless `poolSize` is 0) in front of `directUrl`, and the Neon proxy in front of that. */
export async function startWorkerPostgres(directUrl: string, poolSize: number): Promise<WorkerPostgres> {
  const url = new URL(directUrl);
  let pooler: Pooler | null = null;
  if (poolSize > 0) {
    pooler = await startPooler({
      host: url.hostname,
      port: Number(url.port || 5432),
      size: poolSize,
      // The server's password: the pooler answers the server with it and asks clients for it.
      password: url.password ? decodeURIComponent(url.password) : undefined,
    });
    url.hostname = '127.0.0.1';
    url.port = String(pooler.port);
  }
  let proxy: PgWsProxy;
  try {
    proxy = await startPgWsProxy({ allowedTargets: [`${url.hostname}:${url.port || '5432'}`] });
  } catch (err) {
    await pooler?.close();
    throw err;
  }
  return {
    databaseUrl: url.toString(),
    pgWsProxy: proxy.hostPort,
    pooler,
    label: pooler
      ? `transaction pooler 127.0.0.1:${pooler.port} (${poolSize} server connections)`
      : 'direct (PARLEY_PG_POOL_SIZE=0: one server connection per client)',
    close: async () => {
      await proxy.close();
      await pooler?.close();
    },
  };
}
