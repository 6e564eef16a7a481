// `npm run dev`: the whole product on one machine. Postgres (DATABASE_URL or embedded), the
// transaction pooler and the Neon WebSocket proxy in front of it, the Upstash REST bridge (REDIS_URL
// or in-memory), migrations and the demo seed, the front-end builds, then wrangler's local runtime
// with the Worker, both DOs, Queue and cron.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFrontEnds } from './build.ts';
import { freePort, lockStateDir } from './dev-guard.ts';
import { migrateDatabase } from './migrate.ts';
import { startWorkerPostgres } from './pooled-postgres.ts';
import { DEMO, seedDemo } from './seed.ts';
import { checkRedisUrl, loadDevSecrets, poolSize, resolveDatabase, SetupError, stateDir } from './services.ts';
import { startUpstashBridge } from './upstash-bridge.ts';
import { launchWranglerDev, type WranglerDev } from './wrangler-dev.ts';

/** What `npm run build` leaves in dist/public: the dashboard's page and the widget's loader. */
const FRONT_ENDS = [join('dist', 'public', 'index.html'), join('dist', 'public', 'widget.js')];

/** Worker values taken from the environment when set (a load test lifts the rate limits with them). */
const PASSED_THROUGH = ['DASHBOARD_ORIGIN', 'ROOM_LIMITS', 'AUTH_RATE_LIMITS'] as const;

const cleanups: (() => Promise<unknown>)[] = [];
let wrangler: WranglerDev | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await wrangler?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const started = performance.now();
  const port = await freePort('PORT', process.env.PORT, 8787);
  const inspectorPort = process.env.INSPECTOR_PORT
    ? await freePort('INSPECTOR_PORT', process.env.INSPECTOR_PORT)
    : undefined;
  await mkdir(stateDir, { recursive: true });
  cleanups.push(await lockStateDir(stateDir, port));
  const redisUrl = process.env.REDIS_URL ? checkRedisUrl(process.env.REDIS_URL) : undefined;
  const secrets = await loadDevSecrets();

  const pooled = poolSize({ embedded: !process.env.DATABASE_URL });
  const db = await resolveDatabase();
  cleanups.push(db.stop);
  // Migrations (a session advisory lock) and the seed go direct; the Worker goes through the pooler.
  await migrateDatabase(db.url);
  await seedDemo(db.url, secrets.demoPassword);

  const postgres = await startWorkerPostgres(db.url, pooled);
  cleanups.push(async () => {
    const stats = postgres.pooler?.stats();
    if (stats?.checkouts) {
      console.log(
        `parley: the pooler lent ${stats.checkouts} transactions a server connection (p99 wait ${stats.waitP99Ms} ms, at most ${stats.peakWaiting} waiting, ${stats.resets} session resets)`,
      );
    }
    await postgres.close();
  });
  const bridge = await startUpstashBridge({ redisUrl, token: secrets.UPSTASH_REDIS_REST_TOKEN, port: 0 }).catch(
    (err: unknown) => {
      throw new SetupError(`REDIS_URL: cannot reach Redis (${err instanceof Error ? err.message : String(err)})`);
    },
  );
  cleanups.push(bridge.close);

  if (process.env.PARLEY_SKIP_BUILD !== '1') await buildFrontEnds();
  else if (!FRONT_ENDS.every((file) => existsSync(file))) {
    console.log('parley: PARLEY_SKIP_BUILD=1, but dist/public has no build yet: building once');
    await buildFrontEnds();
  }

  // Local values reach the Worker as a dotenv file (never committed; .parley/ is git-ignored).
  wrangler = await launchWranglerDev({
    port,
    inspectorPort,
    persistTo: join(stateDir, 'wrangler'),
    varsFile: join(stateDir, 'dev.vars'),
    vars: {
      APP_ENV: 'local',
      DATABASE_URL: postgres.databaseUrl,
      PG_WS_PROXY: postgres.pgWsProxy,
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: secrets.UPSTASH_REDIS_REST_TOKEN,
      AUTH_JWT_KEYS: secrets.AUTH_JWT_KEYS,
      ENCRYPTION_KEYS: secrets.ENCRYPTION_KEYS,
      // DASHBOARD_ORIGIN: a dashboard built for Pages and served elsewhere (docs/SETUP_AND_DEPLOYMENT.md).
      ...Object.fromEntries(PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    },
    output: 'inherit',
    readyTimeoutMs: 60_000,
    onExit: (code) => {
      if (!stopping) {
        console.error(`parley: wrangler exited (${code}); stopping`);
        void stopAll(1);
      }
    },
  });
  await wrangler.ready;
  const base = wrangler.url;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // BENCH_TARGETS=dev (bench/parley/dev-stack.ts) takes its "Worker → Postgres" line as the sign of ready.
  console.log(`
parley: ready in ${seconds}s
  Postgres              ${db.label}
  Worker → Postgres     ${postgres.label}, via the Neon WebSocket proxy ${postgres.pgWsProxy}
  Redis                 ${redisUrl ? 'REDIS_URL' : 'in-memory (ioredis-mock)'} via Upstash REST bridge ${bridge.url}
  Dashboard             ${base}/
  Widget demo           ${base}/dev/demo?plain=1
  CSP/CSS torture test  ${base}/dev/demo?csp=strict
  Health                ${base}/healthz (liveness)   ${base}/readyz (readiness: every dependency)
  Sign in               ${DEMO.email} / ${secrets.demoPassword}   (widget key ${DEMO.widgetKey})
Ctrl-C stops everything.`);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
// The bench's own `npm run dev` (bench/parley/dev-stack.ts) ends with the bench, which holds its stdin.
if (process.env.PARLEY_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => void stopAll(0));
  process.stdin.resume();
}

main().catch(async (err: unknown) => {
  const message =
    err instanceof SetupError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(`parley: ${message}`);
  await stopAll(1);
});
