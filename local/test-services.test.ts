// The test suites' Postgres path goes through the transaction pooler, as `npm run dev`'s does: the
// Worker keeps the database's own URL, and the Neon proxy carries its connections to the pooler.
import { createRequire } from 'node:module';
import { Client, neonConfig } from '@neondatabase/serverless';
import { afterAll, expect, inject, it } from 'vitest';
import { runBridges } from './test-services.ts';

const require = createRequire(import.meta.url);
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

it('carries the Neon driver through a pooler of PARLEY_PG_POOL_SIZE server connections', async () => {
  const dbUrl = new URL(inject('databaseUrl'));
  const before = process.env.PARLEY_PG_POOL_SIZE;
  process.env.PARLEY_PG_POOL_SIZE = '2';
  const bridges = await runBridges({ suite: 'pooltest', runId: String(process.pid), dbUrl, stops }).finally(() => {
    if (before === undefined) delete process.env.PARLEY_PG_POOL_SIZE;
    else process.env.PARLEY_PG_POOL_SIZE = before;
  });
  neonConfig.webSocketConstructor = require('ws');
  neonConfig.wsProxy = (host, port) => `${bridges.pgWsProxy}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  const clients = Array.from({ length: 8 }, () => new Client({ connectionString: dbUrl.toString() }));
  await Promise.all(clients.map((c) => c.connect()));
  const pids = await Promise.all(
    clients.map(async (c) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid),
  );
  await Promise.all(clients.map((c) => c.end()));
  expect(new Set(pids).size).toBeLessThanOrEqual(2);
});
