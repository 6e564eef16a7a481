// Child process: the local stand-ins Parley's Worker talks to, kept out of the load generator's
// event loop — the transaction pooler in front of Postgres (Neon's pooled endpoint), the Neon
// WebSocket proxy (local/pg-ws-proxy.ts) in front of the pooler, and the Upstash REST bridge
// (local/upstash-bridge.ts) over the machine's Redis. Prints one `services ready {json}` line.
// Environment: PG_HOST, PG_PORT, POOL_SIZE, REDIS_URL, UPSTASH_TOKEN, REDIS_PREFIX.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPooler } from '../../local/pg-pooler.ts';
import { startPgWsProxy } from '../../local/pg-ws-proxy.ts';
import { startUpstashBridge } from '../../local/upstash-bridge.ts';
import { exitWithParent } from '../lib/orphan.ts';

const pooler = await startPooler({
  host: process.env.PG_HOST ?? '127.0.0.1',
  port: Number(process.env.PG_PORT ?? 5432),
  size: Number(process.env.POOL_SIZE ?? 20),
});
const proxy = await startPgWsProxy({ allowedTargets: [`127.0.0.1:${pooler.port}`] });
const bridge = await startUpstashBridge({
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  token: process.env.UPSTASH_TOKEN ?? '',
  port: 0,
  keyPrefix: process.env.REDIS_PREFIX ?? 'parley-bench:',
});
// The pooler's counters, for the report (how often a room waited for a server connection).
const stats = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pooler.stats()));
});
await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', () => resolve()));

console.log(
  `services ready ${JSON.stringify({
    poolerPort: pooler.port,
    pgWsProxy: proxy.hostPort,
    upstashUrl: bridge.url,
    statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/`,
  })}`,
);

exitWithParent(async () => {
  await Promise.allSettled([proxy.close(), bridge.close(), pooler.close()]);
  stats.close();
});
