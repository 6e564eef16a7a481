// `npm run bench:data`: does Parley stay fast with years of data? Starts the bench's Parley stack
// (bench/parley/stack.ts: the Worker bundle in workerd, the transaction pooler, the Neon proxy, the
// Upstash bridge) on a fresh database, seeds one project through SQL (seed.ts: 100,000
// conversations, 2,000,000 messages, 200 agents, and labels and contacts when their tables exist),
// then times the dashboard's requests through the Worker's HTTP API one at a time (routes.ts):
// warm-up, then p50/p95/p99 per route, with the machine's CPU busy share before each. Prints the
// table; a full run writes it into docs/BENCHMARKS.md ("Data scale") and bench/results/. Every
// process it starts is stopped and its database dropped, also on Ctrl-C.
// BENCH_DATA_CONVERSATIONS=n seeds a smaller project (everything scales from it; the report then
// goes under .wrangler/bench/<run>/ only); BENCH_DATA_SAMPLES=n changes the samples per route.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKeyring } from '../../local/keys.ts';
import { tcpReachable } from '../../local/reachable.ts';
import { signAccessToken } from '../../worker/auth/access-token.ts';
import { busyShare } from '../lib/busy.ts';
import { deleteKeys } from '../lib/redis-keys.ts';
import { summarize } from '../lib/stats.ts';
import { machineInfo } from '../machine.ts';
import { startParley } from '../parley/stack.ts';
import { dataParams, FULL_CONVERSATIONS } from './params.ts';
import { type DataResults, type RouteResult, replaceDataSection, textTable } from './report.ts';
import { type Measured, type OpenApiDoc, plan } from './routes.ts';
import { seedProject } from './seed.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');
const root = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = 8890;
const TARGET_P95_MS = 200;
/** A route whose requests keep failing is reported as failed, not timed for minutes. */
const MAX_ERRORS = 3;

const conversations = Number(process.env.BENCH_DATA_CONVERSATIONS ?? FULL_CONVERSATIONS);
const params = dataParams(conversations);
if (process.env.BENCH_DATA_SAMPLES) params.samples = Number(process.env.BENCH_DATA_SAMPLES);
const OFFICIAL = conversations === FULL_CONVERSATIONS && !process.env.BENCH_DATA_SAMPLES;

const t0 = performance.now();
const log = (msg: string) =>
  console.log(`[bench:data ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${msg}`);

/** One timed GET: milliseconds until the whole body arrived, or the failure. */
async function timedGet(url: string, token: string): Promise<{ ms: number; error?: string; body?: unknown }> {
  const start = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const ms = performance.now() - start;
  if (res.status !== 200) return { ms, error: `${res.status} ${text.slice(0, 200)}` };
  return { ms, body: JSON.parse(text) as unknown };
}

/** Follows `nextCursor` `depth` times from the first page: the path of the page after them. */
async function deepPath(baseUrl: string, path: string, depth: number, token: string): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < depth; i++) {
    const r = await timedGet(`${baseUrl}${path}${cursor ? `&cursor=${cursor}` : ''}`, token);
    if (r.error) throw new Error(`paging ${path}: ${r.error}`);
    cursor = (r.body as { nextCursor: string | null }).nextCursor;
    if (!cursor) throw new Error(`paging ${path}: only ${i + 1} pages`);
  }
  return `${path}&cursor=${cursor}`;
}

async function measure(baseUrl: string, m: Measured, token: string): Promise<RouteResult> {
  const busy = await busyShare();
  let fixed: string | null = null;
  try {
    if (m.pageDepth) fixed = await deepPath(baseUrl, m.path(0), m.pageDepth, token);
  } catch (err) {
    return { name: m.name, path: m.path(0), busy, error: err instanceof Error ? err.message : String(err) };
  }
  const pathOf = (n: number) => fixed ?? m.path(n);
  const samples: number[] = [];
  const errors: string[] = [];
  for (let n = 0; n < params.warmup + params.samples && errors.length < MAX_ERRORS; n++) {
    const r = await timedGet(`${baseUrl}${pathOf(n)}`, token);
    if (r.error) errors.push(r.error);
    else if (n >= params.warmup) samples.push(r.ms);
  }
  if (errors.length >= MAX_ERRORS) return { name: m.name, path: pathOf(0), busy, error: errors[0] ?? 'failed' };
  return { name: m.name, path: pathOf(0), busy, summary: summarize(samples) };
}

async function main(): Promise<void> {
  if (!(await tcpReachable('127.0.0.1', 5432)) || !(await tcpReachable('127.0.0.1', 6379))) {
    throw new Error('bench:data needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379');
  }
  const startedAt = new Date();
  const runId = `data_${startedAt.toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(3).toString('hex')}`;
  const workDir = join(root, '.wrangler/bench', runId);
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const machine = await machineInfo(ADMIN_URL, REDIS_URL);
  const busyAtStart = await busyShare();
  log(
    `run ${runId}: ${machine.cpus} CPUs, ${Math.round(busyAtStart * 100)}% busy, load ${machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')}; logs in ${logDir}`,
  );

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  };
  const interrupted = () => {
    log('interrupted: stopping everything');
    void stopAll().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log('starting Parley (fresh database, migrations, Worker bundle, workerd)');
    const stack = await startParley({
      adminUrl: ADMIN_URL,
      redisUrl: REDIS_URL,
      runId,
      port: PORT,
      logDir,
      poolSize: 10,
      workDir,
      shards: 1,
    });
    cleanups.push(() => deleteKeys(REDIS_URL, `parley-bench:${runId}:`));
    cleanups.push(() => stack.stop());

    log(
      `seeding ${params.conversations} conversations, ~${params.conversations * params.messagesPerConversation} messages, ${params.agents} agents`,
    );
    const seedStart = performance.now();
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    // Dropping the database on Ctrl-C ends this connection: not a crash.
    client.on('error', () => {});
    await client.connect();
    const seeded = await seedProject(async (text, values) => (await client.query(text, values)).rows, params, {
      bulk: true,
      log,
    }).finally(() => client.end());
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(0)} s: ${JSON.stringify(seeded.counts)}`);

    const keys = parseKeyring(stack.authJwtKeys);
    const token = await signAccessToken(keys, { userId: seeded.managerId, sessionId: seeded.managerSessionId }, 3600);
    const docRes = await fetch(`${stack.url}/api/openapi.json`);
    if (!docRes.ok) throw new Error(`GET /api/openapi.json: ${docRes.status}`);
    const { measured, skipped } = plan(seeded, (await docRes.json()) as OpenApiDoc);
    for (const s of [...seeded.skipped, ...skipped]) log(s);

    const routes: RouteResult[] = [];
    for (const m of measured) {
      const r = await measure(stack.url, m, token);
      routes.push(r);
      log(
        r.summary
          ? `${m.name}: p50 ${r.summary.p50.toFixed(1)} ms, p95 ${r.summary.p95.toFixed(1)} ms (CPUs ${Math.round(r.busy * 100)}% busy before)`
          : `${m.name}: FAILED ${r.error}`,
      );
    }
    const results: DataResults = {
      command: `${OFFICIAL ? '' : `BENCH_DATA_CONVERSATIONS=${conversations} `}npm run bench:data`,
      startedAt: startedAt.toISOString(),
      durationSeconds: (performance.now() - t0) / 1000,
      seedSeconds,
      machine,
      busyAtStart,
      loadAverage: loadavg(),
      params,
      counts: seeded.counts,
      skipped: [...seeded.skipped, ...skipped],
      targetP95Ms: TARGET_P95_MS,
      routes,
    };
    console.log(`\n${textTable(results)}\n`);
    const date = startedAt.toISOString().slice(0, 10);
    const jsonPath = OFFICIAL ? join(root, `bench/results/data-${date}.json`) : join(workDir, 'data-results.json');
    writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    if (OFFICIAL) {
      const docPath = join(root, 'docs/BENCHMARKS.md');
      writeFileSync(docPath, replaceDataSection(readFileSync(docPath, 'utf8'), results));
      log(`wrote ${jsonPath} and the "Data scale" block of ${docPath}`);
    } else log(`wrote ${jsonPath} (not a full run: docs/ untouched)`);
    const misses = routes.filter((r) => !r.summary || r.summary.p95 > TARGET_P95_MS);
    if (misses.length) log(`over the ${TARGET_P95_MS} ms p95 target: ${misses.map((r) => r.name).join('; ')}`);
  } finally {
    log('stopping');
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:data: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
