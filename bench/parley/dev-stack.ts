// BENCH_TARGETS=dev: Parley as a user first starts it, `npm run dev` itself (local/dev.ts: one
// `wrangler dev`, the embedded Postgres behind the transaction pooler, the in-memory Upstash
// bridge), on the bench's own ports and in its own state folder (PARLEY_STATE_DIR), so it neither
// meets a developer's running `npm run dev` nor keeps data after the run. Only the rate limits a
// load generator on one machine trips over are lifted (ROOM_LIMITS, AUTH_RATE_LIMITS), as for
// the bench's Parley; everything else is the defaults.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newKeyring } from '../../local/keys.ts';
import { liftedVisitorLimits } from '../../local/visitor-limits.ts';
import { ParleyDriver } from '../drivers/parley.ts';
import { type Child, spawnChild } from '../lib/proc.ts';
import { childPids, processName } from '../lib/sample.ts';
import type { LabelledPid, TargetHandle } from '../target.ts';
import { ParleyProvisioner } from './provision.ts';
import { outboxProbe } from './target.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface DevStackOptions {
  /** wrangler dev's port; the embedded Postgres takes port + 1. */
  port: number;
  workDir: string;
  logDir: string;
  /** ROOM_LIMITS for the Worker. */
  roomLimits: string;
}

export interface DevStack {
  url: string;
  /** The embedded Postgres, direct (provisioning and probes; the Worker goes through the pooler). */
  databaseUrl: string;
  authJwtKeys: string;
  /** The pooler line of the ready message, e.g. "transaction pooler 127.0.0.1:4123 (20 server connections)". */
  postgresPath: string;
  target(description: string): TargetHandle;
  stop(): Promise<void>;
}

/** Every process under `pid`, depth first. */
function descendants(pid: number): number[] {
  return childPids(pid).flatMap((c) => [c, ...descendants(c)]);
}

export async function startDevStack(opts: DevStackOptions): Promise<DevStack> {
  const stateDir = join(opts.workDir, 'dev-state');
  const pgPort = opts.port + 1;
  const authJwtKeys = newKeyring('bench');
  let child: (Child & { readyMatch: RegExpMatchArray | null }) | null = null;
  try {
    child = await spawnChild({
      name: 'npm-run-dev',
      args: [join(root, 'local/dev.ts')],
      cwd: root,
      env: {
        PORT: String(opts.port),
        PARLEY_PG_PORT: String(pgPort),
        PARLEY_STATE_DIR: stateDir,
        // The embedded Postgres and the in-memory Redis: what `npm run dev` starts by default.
        DATABASE_URL: '',
        REDIS_URL: '',
        PARLEY_SKIP_BUILD: '1',
        PARLEY_EXIT_WITH_STDIN: '1',
        AUTH_JWT_KEYS: authJwtKeys,
        ENCRYPTION_KEYS: newKeyring('bench'),
        ROOM_LIMITS: opts.roomLimits,
        AUTH_RATE_LIMITS: liftedVisitorLimits(),
      },
      logFile: join(opts.logDir, 'npm-run-dev.log'),
      readyLine: /Worker → Postgres\s+(.*)$/,
      // A first start builds the front ends when dist/public has none, and runs initdb.
      readyTimeoutMs: 240_000,
    });
  } catch (err) {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  const dev = child;
  const url = `http://127.0.0.1:${opts.port}`;
  // The ready message comes after /readyz answered 200; wait for its last line to be printed too.
  await new Promise((r) => setTimeout(r, 200));
  const databaseUrl = `postgres://parley:parley@127.0.0.1:${pgPort}/parley`;
  const tree = () => descendants(dev.pid);
  const runtimePids = (): LabelledPid[] =>
    tree()
      .filter((pid) => processName(pid) === 'workerd')
      .map((pid) => ({ label: 'workerd (wrangler dev)', pid }));
  const supportPids = (): LabelledPid[] => [
    { label: 'npm run dev: pooler + Neon proxy + Upstash bridge (node)', pid: dev.pid },
    ...tree()
      .filter((pid) => !['workerd', 'postgres'].includes(processName(pid)))
      .map((pid) => ({ label: `${processName(pid)} (under npm run dev)`, pid })),
  ];
  return {
    url,
    databaseUrl,
    authJwtKeys,
    postgresPath: dev.readyMatch?.[1]?.trim() ?? '',
    target: (description) => ({
      name: 'parley',
      description,
      driver: new ParleyDriver([url]),
      provisioner: new ParleyProvisioner(url, databaseUrl, authJwtKeys),
      runtimePids,
      supportPids,
      restart: () => Promise.reject(new Error('BENCH_TARGETS=dev runs S1 only: no restart')),
      outbox: outboxProbe(databaseUrl),
    }),
    async stop() {
      // SIGTERM: local/dev.ts stops wrangler, the pooler, the proxy, the bridge and Postgres.
      await dev.stop('SIGTERM', 30_000);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
