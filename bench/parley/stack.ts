// Starts Parley's local stack for the bench against the machine's Postgres and Redis: a fresh
// database with the migrations, the services child (pooler, Neon proxy, Upstash bridge), the Worker
// bundle, and the runtime child (Miniflare/workerd). Restarts the runtime and stops all by pid.

import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery } from '../../local/admin-query.ts';
import { newKeyring } from '../../local/keys.ts';
import { migrateDatabase } from '../../local/migrate.ts';
import { liftedVisitorLimits } from '../../local/visitor-limits.ts';
import { WRANGLER_OFFLINE_ENV, waitHealthy } from '../../local/wrangler-dev.ts';
import { enableStatementStats } from '../lib/db-counters.ts';
import { type Child, spawnChild } from '../lib/proc.ts';

/** How long a runtime may take to start (BENCH_READY_SECONDS: a machine busy with other work). */
const READY_MS = Number(process.env.BENCH_READY_SECONDS ?? 60) * 1000;
const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ParleyOptions {
  adminUrl: string;
  redisUrl: string;
  runId: string;
  port: number;
  logDir: string;
  /** Server connections the pooler keeps (the baseline's two pg Pools hold 2 × 10). */
  poolSize: number;
  workDir: string;
  /** Extra Worker vars, e.g. ROOM_LIMITS. */
  vars?: Record<string, string>;
  /**
   * Runtime processes (workerd), on ports port … port + shards − 1. Each conversation's room and
   * sockets live in one of them (shardOf), as Cloudflare places each Durable Object in one
   * location; a single local workerd cannot hold 10,000 sockets (docs/BENCHMARKS.md, S3).
   */
  shards?: number;
  /** Where Miniflare keeps Durable Object storage (SQLite files); default under workDir. */
  persistDir?: string;
}

export interface ParleyStack {
  /** Shard 0: for requests that touch no room (sessions, provisioning, health). */
  url: string;
  /** One per shard, indexed by shardOf. */
  urls: string[];
  /** Direct (not pooled) URL, for provisioning and probes. */
  databaseUrl: string;
  authJwtKeys: string;
  runtimePids(): { label: string; pid: number }[];
  supportPids(): { label: string; pid: number }[];
  poolerStats(): Promise<unknown>;
  /** Stops the runtime (SIGKILL: a crash, or SIGTERM) and starts it again; `vars` replace the extra vars. */
  restart(opts?: { vars?: Record<string, string>; signal?: NodeJS.Signals }): Promise<void>;
  stop(): Promise<void>;
}

/** `wrangler deploy --dry-run`: the same bundle production gets, without uploading. */
export async function buildWorker(outDir: string, logDir: string): Promise<void> {
  // wrangler insists on the assets directory existing; the bench serves no assets.
  mkdirSync(join(root, 'dist/public'), { recursive: true });
  const child = await spawnChild({
    name: 'wrangler-build',
    args: [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--env', '', '--outdir', outDir],
    env: WRANGLER_OFFLINE_ENV,
    logFile: join(logDir, 'wrangler-build.log'),
    cwd: root,
  });
  const code = await child.exited;
  if (code !== 0) throw new Error(`wrangler build failed (${code}); see ${join(logDir, 'wrangler-build.log')}`);
}

export async function startParley(opts: ParleyOptions): Promise<ParleyStack> {
  const dbName = `parley_bench_${opts.runId}`;
  await adminQuery(opts.adminUrl, `create database ${dbName}`);
  const direct = new URL(opts.adminUrl);
  direct.pathname = `/${dbName}`;
  const databaseUrl = direct.toString();
  await migrateDatabase(databaseUrl);
  await enableStatementStats(databaseUrl);

  const upstashToken = randomBytes(16).toString('hex');
  const redisPrefix = `parley-bench:${opts.runId}:parley:`;
  const services = await spawnChild({
    name: 'parley-services',
    args: [join(here, 'services.ts')],
    env: {
      PG_HOST: direct.hostname,
      PG_PORT: direct.port || '5432',
      POOL_SIZE: String(opts.poolSize),
      REDIS_URL: opts.redisUrl,
      UPSTASH_TOKEN: upstashToken,
      REDIS_PREFIX: redisPrefix,
    },
    logFile: join(opts.logDir, 'parley-services.log'),
    readyLine: /^services ready (.*)$/,
  });
  const info = JSON.parse(services.readyMatch?.[1] ?? '{}') as {
    poolerPort: number;
    pgWsProxy: string;
    upstashUrl: string;
    statsUrl: string;
  };

  const buildDir = join(opts.workDir, 'build');
  await buildWorker(buildDir, opts.logDir);
  const persistDir = opts.persistDir ?? join(opts.workDir, 'state');
  const authJwtKeys = newKeyring('bench');
  const pooled = new URL(databaseUrl);
  pooled.port = String(info.poolerPort);
  pooled.hostname = '127.0.0.1';
  const baseVars: Record<string, string> = {
    APP_ENV: 'local',
    DATABASE_URL: pooled.toString(),
    PG_WS_PROXY: info.pgWsProxy,
    UPSTASH_REDIS_REST_URL: info.upstashUrl,
    UPSTASH_REDIS_REST_TOKEN: upstashToken,
    AUTH_JWT_KEYS: authJwtKeys,
    ENCRYPTION_KEYS: newKeyring('bench'),
    // Every visitor of a run comes from this machine: the widget's per-IP and per-visitor abuse
    // limits (worker/visitors/rate-limit.ts) would stop provisioning and the load itself.
    AUTH_RATE_LIMITS: liftedVisitorLimits(),
  };

  let extraVars = opts.vars ?? {};
  const shards = Math.max(1, opts.shards ?? 1);
  const urls = Array.from({ length: shards }, (_, i) => `http://127.0.0.1:${opts.port + i}`);
  const url = urls[0] ?? '';
  const runtimes: ((Child & { readyMatch: RegExpMatchArray | null }) | null)[] = urls.map(() => null);
  const workerdPids: number[] = urls.map(() => 0);
  let runs = 0;
  /** `healthy`: also wait for /readyz (not after a crash: a reconnect storm may keep it busy). */
  const startRuntime = async (shard: number, vars: Record<string, string>, healthy = true) => {
    const run = ++runs;
    const runtime = await spawnChild({
      name: `parley-runtime-${shard}`,
      args: [join(here, 'runtime.ts')],
      env: {
        BENCH_BUILD_DIR: buildDir,
        BENCH_PORT: String(opts.port + shard),
        BENCH_PERSIST_DIR: join(persistDir, `shard-${shard}`),
        BENCH_VARS: JSON.stringify({ ...baseVars, ...vars }),
        BENCH_CONFIG: join(root, 'wrangler.toml'),
        // Profiles (BENCH_PROFILE) come from shard 0 only: one inspector port.
        BENCH_INSPECTOR_PORT: shard === 0 ? (process.env.BENCH_INSPECTOR_PORT ?? '') : '',
        ...WRANGLER_OFFLINE_ENV,
      },
      logFile: join(opts.logDir, `parley-runtime-${shard}-${run}.log`),
      readyLine: /runtime ready \S+ workerd=(\d+)/,
      cwd: root,
    });
    runtimes[shard] = runtime;
    workerdPids[shard] = Number(runtime.readyMatch?.[1] ?? 0);
    if (healthy) await waitHealthy(urls[shard] ?? url, { timeoutMs: 30_000, intervalMs: 200 });
  };
  const stopRuntime = async (shard: number, signal: NodeJS.Signals) => {
    const r = runtimes[shard];
    runtimes[shard] = null;
    if (!r) return;
    // SIGKILL on the host would orphan workerd: kill workerd by its pid first.
    const pid = workerdPids[shard];
    if (signal === 'SIGKILL' && pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await r.stop(signal);
  };
  const all = (fn: (shard: number) => Promise<void>) => Promise.all(urls.map((_, i) => fn(i)));
  await all((i) => startRuntime(i, extraVars));

  return {
    url,
    urls,
    databaseUrl,
    authJwtKeys,
    runtimePids: () => workerdPids.map((pid, i) => ({ label: shards > 1 ? `workerd ${i + 1}` : 'workerd', pid })),
    supportPids: () => [
      ...runtimes.flatMap((r, i) => (r ? [{ label: `Miniflare host ${i + 1} (node)`, pid: r.pid }] : [])),
      { label: 'pooler + Neon proxy + Upstash bridge (node)', pid: services.pid },
    ],
    async poolerStats() {
      return (await fetch(info.statsUrl)).json();
    },
    async restart({ vars, signal = 'SIGKILL' } = {}) {
      if (vars) extraVars = vars;
      if (signal === 'SIGKILL' && !vars) {
        // A crash: workerd alone is killed, and Miniflare, its supervisor, starts it again on the same
        // bundle and Durable Object storage, as under `wrangler dev`. It counts as back once workerd
        // listens again (what clients see).
        await all(async (i) => {
          const host = runtimes[i];
          if (!host) return startRuntime(i, extraVars, false);
          const back = host.nextLine(/runtime restarted workerd=(\d+)/, READY_MS);
          host.proc.stdin?.write('crash\n');
          process.kill(workerdPids[i] ?? 0, 'SIGKILL');
          workerdPids[i] = Number((await back)[1]);
        });
        return;
      }
      await all((i) => stopRuntime(i, signal));
      await all((i) => startRuntime(i, extraVars, signal !== 'SIGKILL'));
    },
    async stop() {
      await all((i) => stopRuntime(i, 'SIGTERM'));
      await services.stop();
      await adminQuery(opts.adminUrl, `drop database if exists ${dbName} with (force)`).catch(() => undefined);
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
