// Starts the baseline: its own database (schema.ts), two Socket.IO gateway processes sharing the
// machine's Redis, and the worker process (relay + consumer); restarts and stops them by pid.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableStatementStats } from '../lib/db-counters.ts';
import { type Child, spawnChild } from '../lib/proc.ts';
import { createBaselineDatabase, dropDatabase } from './schema.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface BaselineStack {
  databaseUrl: string;
  ports: number[];
  tokenKey: Uint8Array;
  redisPrefix: string;
  /** The gateway processes (what "runtime memory" means for the baseline). */
  serverPids(): number[];
  workerPid(): number;
  /** Kills both gateways and starts them again; resolves when both listen. */
  restartServers(): Promise<void>;
  stop(): Promise<void>;
}

export interface BaselineOptions {
  adminUrl: string;
  redisUrl: string;
  runId: string;
  ports: number[];
  logDir: string;
  poolMax: number;
}

export async function startBaseline(opts: BaselineOptions): Promise<BaselineStack> {
  const dbName = `parley_bench_base_${opts.runId}`;
  const databaseUrl = await createBaselineDatabase(opts.adminUrl, dbName);
  await enableStatementStats(databaseUrl);
  const tokenKey = randomBytes(32);
  const redisPrefix = `parley-bench:${opts.runId}:base:`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: opts.redisUrl,
    TOKEN_KEY: tokenKey.toString('base64'),
    REDIS_PREFIX: redisPrefix,
    PG_POOL_MAX: String(opts.poolMax),
  };
  const startServer = (port: number, i: number) =>
    spawnChild({
      name: `baseline-${i}`,
      // BENCH_PROFILE_DIR: V8 CPU profiles of the gateways, to see where their time goes.
      args: [
        ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
        join(here, 'server.ts'),
      ],
      env: { ...env, PORT: String(port) },
      logFile: join(opts.logDir, `baseline-${i}.log`),
      readyLine: /baseline: listening/,
    });
  let servers: Child[] = await Promise.all(opts.ports.map(startServer));
  const worker = await spawnChild({
    name: 'baseline-worker',
    args: [join(here, 'worker.ts')],
    env,
    logFile: join(opts.logDir, 'baseline-worker.log'),
    readyLine: /relay and consumer running/,
  });
  return {
    databaseUrl,
    ports: opts.ports,
    tokenKey,
    redisPrefix,
    serverPids: () => servers.map((s) => s.pid),
    workerPid: () => worker.pid,
    async restartServers() {
      await Promise.all(servers.map((s) => s.stop('SIGKILL')));
      servers = await Promise.all(opts.ports.map(startServer));
    },
    async stop() {
      await Promise.all([...servers, worker].map((s) => s.stop()));
      await dropDatabase(opts.adminUrl, dbName);
    },
  };
}
