// Postgres through the Neon serverless driver (WebSocket), as drizzle clients.
// Workers cannot share a connection across requests, so each request opens its own and closes it
// (drained: see close()).
import { Client, neonConfig } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../drizzle/schema/index.ts';
import type { Config } from './config.ts';

export type Db = NeonDatabase<typeof schema>;

export interface DbConnection {
  db: Db;
  client: Client;
  close(): Promise<void>;
}

function configureDriver(config: Config): void {
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
