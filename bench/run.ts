// `npm run bench`: starts the baseline (Socket.IO, two processes) and Parley (workerd through
// Miniflare) against the machine's Postgres and Redis, runs S1–S4 against both on loopback, and
// writes bench/results/<date>.json, docs/benchmarks-latency.svg and the results block of
// docs/BENCHMARKS.md. Bounded: every scenario has a count and a deadline; the whole run stops
// itself. BENCH_QUICK=1 runs tiny versions. Only a full run (no BENCH_QUICK, BENCH_ONLY,
// BENCH_TARGETS or BENCH_PROFILE) writes into docs/ and bench/results/; the others write their
// report under .wrangler/bench/<run>/.
// BENCH_ONLY=s1,s2 and BENCH_TARGETS=parley narrow a run. BENCH_TARGETS=dev (alone or in the list)
// runs S1 against `npm run dev` itself, on its own ports and state, and reports refused sends. BENCH_PROFILE=1 takes CPU profiles
// during S1's timed window (workerd through its inspector, the gateways with --cpu-prof) and adds
// where the time went to the report; profiling slows both targets, so such a run is marked.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tcpReachable } from '../local/reachable.ts';
import { type BaselineStack, startBaseline } from './baseline/stack.ts';
import { baselineTarget } from './baseline/target.ts';
import type { TargetName } from './drivers/types.ts';
import { busyShare } from './lib/busy.ts';
import { deleteKeys } from './lib/redis-keys.ts';
import { refusals } from './lib/refusals.ts';
import { machineInfo } from './machine.ts';
import { QUICK, ROOM_LIMITS, ROOM_LIMITS_ONE_BY_ONE, S1, S1_STEPS, S2, S3, S4 } from './params.ts';
import { startDevStack } from './parley/dev-stack.ts';
import { type CpuProfile, sourceMapLocator, startProfiling, summarizeProfiles } from './parley/profile.ts';
import { type ParleyStack, startParley } from './parley/stack.ts';
import { parleyTarget } from './parley/target.ts';
import type { BenchResults, DevS1Result, MachineInfo, Outcome } from './report/results.ts';
import { writeReport } from './report/write.ts';
import { runS1Steps } from './scenarios/s1-step-load.ts';
import { runS1, type WindowHooks } from './scenarios/s1-support-load.ts';
import { runS2 } from './scenarios/s2-hot-conversation.ts';
import { runS3, type S3Params } from './scenarios/s3-idle-visitors.ts';
import { runS4 } from './scenarios/s4-events.ts';
import type { TargetHandle } from './target.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROFILE = process.env.BENCH_PROFILE === '1';
const OFFICIAL =
  !QUICK &&
  !PROFILE &&
  !process.env.BENCH_ONLY &&
  !process.env.BENCH_TARGETS &&
  !process.env.BENCH_S3_SOCKETS &&
  !process.env.BENCH_PARLEY_SHARDS &&
  !process.env.BENCH_PARLEY_S3_SHARDS &&
  !process.env.BENCH_STEP_RATES &&
  !process.env.BENCH_STEP_SECONDS &&
  !process.env.BENCH_S1_CONVERSATIONS &&
  !process.env.BENCH_S1_SECONDS;
/**
 * BENCH_PORT_OFFSET (or BENCH_PORTS_FROM, the port Parley starts from) shifts every port below: two
 * benches on one machine must not collide.
 */
const PORT_OFFSET = Number(
  process.env.BENCH_PORT_OFFSET ?? (process.env.BENCH_PORTS_FROM ? Number(process.env.BENCH_PORTS_FROM) - 8840 : 0),
);
const INSPECTOR_PORT = 8849 + PORT_OFFSET;
/** `s1k` is S1 in steps (the knee). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 's1,s1k,s2,s3,s4').split(','));
const TARGETS = new Set((process.env.BENCH_TARGETS ?? 'baseline,parley').split(','));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The whole run must stay under 10 minutes; scenarios that would not fit are skipped. */
const BUDGET_MS = 9.5 * 60_000;
/** `dev`: wrangler dev's port; its embedded Postgres takes the next one. */
const PORTS = {
  parley: 8840 + PORT_OFFSET,
  baseline: [8860 + PORT_OFFSET, 8861 + PORT_OFFSET],
  dev: 8870 + PORT_OFFSET,
};
/**
 * Parley's runtime processes: as many as the baseline has gateway processes (2, one per core) for
 * the load scenarios, and 8 for S3. workerd holds two descriptors per open WebSocket and three per
 * awake room (its SQLite files, for ~10 s after the last event), and a process may open 20,000:
 * 10,000 visitors and their reconnect storm need the sockets spread (docs/BENCHMARKS.md, S3).
 * Under load, every extra single-threaded process on the two cores is one more relay, Queue broker
 * and event loop to schedule (docs/BENCHMARKS.md, "Runtimes per core").
 * BENCH_PARLEY_SHARDS / BENCH_PARLEY_S3_SHARDS change them (not an official run).
 */
const PARLEY_SHARDS = Number(process.env.BENCH_PARLEY_SHARDS ?? 2);
const PARLEY_S3_SHARDS = Number(process.env.BENCH_PARLEY_S3_SHARDS ?? 8);
const PARLEY_DESCRIPTION = `the Worker bundle from \`wrangler deploy --dry-run\` served by ${PARLEY_SHARDS} workerd processes (${PARLEY_S3_SHARDS} for S3) through Miniflare (the Worker on its own socket: no wrangler-dev proxy hop, no Miniflare entry worker), each conversation's room and sockets in one of them; ConversationRoom DOs with group commit; Postgres through the Neon driver, the local Neon WebSocket proxy and a 20-connection transaction pooler (the stand-in for Neon's pooled endpoint); Upstash through the local REST bridge`;
const BASELINE_DESCRIPTION =
  'Socket.IO 4 with @socket.io/redis-adapter in 2 Node processes (clients spread over both), a pg Pool of 10 per process, one statement per message (seq from the conversation row, message + outbox row, committed before broadcast, idempotent on clientId), and a worker process relaying the outbox to a Redis stream and consuming it idempotently';

const startedAt = new Date();
/** The machine's load when each scenario started: other work on the 2 cores skews everything. */
const loadNotes: string[] = [];
const t0 = performance.now();
const elapsed = () => performance.now() - t0;
const log = (msg: string) => console.log(`[bench ${(elapsed() / 1000).toFixed(0).padStart(3)}s] ${msg}`);

/**
 * Waits (up to 20 s) until the machine is quiet: what the previous scenario left running
 * (Postgres checkpoints and autovacuum, rooms going to sleep) must not be measured in the next.
 */
async function settle(name: string): Promise<number> {
  const start = performance.now();
  let busy = await busyShare();
  while (busy > 0.15 && performance.now() - start < 20_000) busy = await busyShare();
  const waited = (performance.now() - start) / 1000;
  if (waited > 1.5)
    log(`${name}: waited ${waited.toFixed(0)} s for a quiet machine (busy ${(busy * 100).toFixed(0)}%)`);
  return busy;
}

async function attempt<T>(name: string, estimateMs: number, fn: () => Promise<T>): Promise<Outcome<T> | undefined> {
  if (elapsed() + estimateMs > BUDGET_MS) {
    log(`${name}: skipped, it would not fit in the 10-minute budget`);
    return { ok: false, error: 'skipped: not enough time left in the 10-minute budget' };
  }
  const busy = `${Math.round((await settle(name)) * 100)}%`;
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  log(`${name}… (CPUs ${busy} busy in the last second, load average ${load})`);
  loadNotes.push(`${name}: CPUs ${busy} busy in the second before it (load average ${load}, which trails by minutes)`);
  try {
    const result = await fn();
    log(`${name}: done`);
    return { ok: true, result };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(`${name}: FAILED ${error}`);
    return { ok: false, error };
  }
}

function withoutSamples<T extends { samples: number[] }>(
  o: Outcome<T> | undefined,
): Outcome<Omit<T, 'samples'>> | undefined {
  if (!o?.ok) return o;
  const { samples: _samples, ...rest } = o.result;
  return { ok: true, result: rest };
}

/** Where this run keeps its logs, profiles and (unless official) its report. */
interface Run {
  runId: string;
  workDir: string;
  logDir: string;
  profileDir: string;
  machine: MachineInfo;
}

/** The two running targets; null where BENCH_TARGETS leaves one out. */
interface Targets {
  baselineStack: BaselineStack | null;
  parleyStack: ParleyStack | null;
  baseline: TargetHandle | null;
  parley: TargetHandle | null;
}

/** What the scenario steps fill in. */
interface Tally {
  results: BenchResults;
  samples: Record<string, number[]>;
}

async function prepareRun(): Promise<Run> {
  if (!(await tcpReachable('127.0.0.1', 5432)) || !(await tcpReachable('127.0.0.1', 6379))) {
    throw new Error('the bench needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379');
  }
  const runId = `${startedAt.toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(3).toString('hex')}`;
  const workDir = join(root, '.wrangler/bench', runId);
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  log(`run ${runId}; logs in ${logDir}`);
  const machine = await machineInfo(ADMIN_URL, REDIS_URL);
  const profileDir = join(workDir, 'profiles');
  if (PROFILE) {
    mkdirSync(profileDir, { recursive: true });
    process.env.BENCH_PROFILE_DIR = profileDir;
    process.env.BENCH_INSPECTOR_PORT = String(INSPECTOR_PORT);
  }
  log(`machine: ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')}`);
  return { runId, workDir, logDir, profileDir, machine };
}

/** Ctrl-C or SIGTERM: stop whatever has been started, then exit. */
function stopOnInterrupt(cleanups: (() => Promise<void>)[]): void {
  const interrupted = () => {
    log('interrupted: stopping everything');
    void Promise.allSettled(cleanups.map((c) => c())).then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
}

function emptyResults(machine: MachineInfo, notes: string[]): BenchResults {
  const env = (name: string) => (process.env[name] ? `${name}=${process.env[name]} ` : '');
  return {
    command: `${QUICK ? 'BENCH_QUICK=1 ' : ''}${PROFILE ? 'BENCH_PROFILE=1 ' : ''}${env('BENCH_ONLY')}${env('BENCH_TARGETS')}npm run bench`,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    durationSeconds: 0,
    machine,
    targets: { parley: '', baseline: '' },
    s1: {},
    s2: {},
    s3: {},
    s4: {},
    notes,
  };
}

/** How many Parley stacks this run started: each gets its own database, state and logs. */
let parleyStacks = 0;

/** Parley's stack on `shards` runtime processes, its stop registered with the cleanups. */
async function startParleyStack(run: Run, shards: number, cleanups: (() => Promise<void>)[]): Promise<ParleyStack> {
  const { runId, workDir } = run;
  const n = ++parleyStacks;
  const logDir = join(run.logDir, `parley-${n}`);
  mkdirSync(logDir, { recursive: true });
  const stack = await startParley({
    adminUrl: ADMIN_URL,
    redisUrl: REDIS_URL,
    // Each stack its own database and state: S3's stack follows the load scenarios' one.
    runId: `${runId}_${n}`,
    port: PORTS.parley,
    logDir,
    poolSize: 20,
    workDir: join(workDir, `parley-${n}`),
    vars: { ROOM_LIMITS },
    shards,
  });
  cleanups.push(() => stack.stop());
  return stack;
}

/** A run of S3 alone starts Parley on S3's runtimes at once. */
const onlyS3 = ONLY.has('s3') && !['s1', 's1k', 's2', 's4'].some((s) => ONLY.has(s));

async function startTargets(run: Run, cleanups: (() => Promise<void>)[]): Promise<Targets> {
  if (TARGETS.has('baseline') || TARGETS.has('parley')) log('starting the baseline and Parley');
  const { runId, logDir } = run;
  const [baselineStack, parleyStack] = await Promise.all([
    TARGETS.has('baseline')
      ? startBaseline({ adminUrl: ADMIN_URL, redisUrl: REDIS_URL, runId, ports: PORTS.baseline, logDir, poolMax: 10 })
      : null,
    TARGETS.has('parley') ? startParleyStack(run, onlyS3 ? PARLEY_S3_SHARDS : PARLEY_SHARDS, cleanups) : null,
  ]);
  if (baselineStack) cleanups.push(() => baselineStack.stop());
  cleanups.push(() => deleteKeys(REDIS_URL, `parley-bench:${runId}`));
  return {
    baselineStack,
    parleyStack,
    baseline: baselineStack ? baselineTarget(baselineStack) : null,
    parley: parleyStack ? parleyTarget(parleyStack, PARLEY_DESCRIPTION) : null,
  };
}

/**
 * S3 needs more runtime processes than the load scenarios (PARLEY_S3_SHARDS): Parley's stack is
 * stopped and started again on that many, with a database and state of its own.
 */
async function parleyForS3(run: Run, targets: Targets, cleanups: (() => Promise<void>)[]): Promise<Targets> {
  if (!targets.parleyStack || targets.parleyStack.urls.length === PARLEY_S3_SHARDS) return targets;
  log(`restarting Parley on ${PARLEY_S3_SHARDS} runtimes for S3`);
  await targets.parleyStack.stop();
  const parleyStack = await startParleyStack(run, PARLEY_S3_SHARDS, cleanups);
  return {
    ...targets,
    parleyStack,
    parley: parleyTarget(parleyStack, PARLEY_DESCRIPTION),
  };
}

/** The targets this run started, in the given order. */
function running(targets: Targets, order: TargetName[]): [TargetName, TargetHandle][] {
  return order.flatMap((name): [TargetName, TargetHandle][] => {
    const target = targets[name];
    return target ? [[name, target]] : [];
  });
}

/** BENCH_PROFILE=1: CPU profiles of workerd over Parley's S1 window, summarised into the results. */
function s1ProfileHooks(run: Run, results: BenchResults): WindowHooks {
  let stopProfile: (() => Promise<CpuProfile[]>) | null = null;
  return {
    start: async () => {
      stopProfile = await startProfiling(INSPECTOR_PORT);
    },
    stop: async () => {
      const profiles = (await stopProfile?.()) ?? [];
      profiles.forEach((p, i) => {
        writeFileSync(join(run.profileDir, `workerd-s1-${i}.cpuprofile`), JSON.stringify(p));
      });
      // Only the Worker's own isolate: Miniflare's helper isolates share workerd's one
      // thread, so their "(program)" time is everyone else's work counted again.
      const own = profiles.filter((p) => p.nodes.some((n) => /(^|\/)index\.js$/.test(n.callFrame.url)));
      results.parleyProfile = summarizeProfiles(
        own,
        20,
        sourceMapLocator(join(run.workDir, 'parley-1/build/index.js.map')),
      );
    },
  };
}

async function runS1Step(run: Run, targets: Targets, { results, samples }: Tally): Promise<void> {
  for (const [name, target] of running(targets, ['baseline', 'parley'])) {
    const hooks = PROFILE && name === 'parley' ? s1ProfileHooks(run, results) : {};
    const o = await attempt(`S1 ${name}`, 75_000, () => runS1(target, S1, hooks));
    if (o?.ok) samples[`s1-${name}`] = o.result.samples;
    results.s1[name] = withoutSamples(o);
  }
}

/** S1 in steps on each target; a target stops at its first step not sustained, so the time is bounded. */
async function runS1StepsStep(targets: Targets, { results }: Tally): Promise<void> {
  results.s1Steps = {};
  const estimate = (S1_STEPS.stepSeconds + S1_STEPS.settleSeconds) * S1_STEPS.rates.length * 1000 + 10_000;
  for (const [name, target] of running(targets, ['baseline', 'parley'])) {
    const o = await attempt(`S1 steps ${name}`, estimate, () => runS1Steps(target, S1_STEPS));
    if (o?.ok) log(`S1 steps ${name}: sustained ${o.result.sustainablePerSecond} msg/s`);
    results.s1Steps[name] = o;
  }
}

/** S2 on the baseline, then on Parley with group commit. */
async function runS2Step(targets: Targets, { results, samples }: Tally): Promise<void> {
  const { baseline, parley, parleyStack } = targets;
  if (baseline) {
    const o = await attempt('S2 baseline', 30_000, () => runS2(baseline, S2, 'baseline'));
    if (o?.ok) samples['s2-baseline'] = o.result.samples;
    results.s2.baseline = withoutSamples(o);
  }
  if (parley && parleyStack) {
    const on = await attempt('S2 Parley (group commit)', 30_000, () => runS2(parley, S2, 'group commit'));
    if (on?.ok) samples['s2-parley'] = on.result.samples;
    results.s2.parley = withoutSamples(on);
  }
}

/**
 * S2 on Parley again, with one message per transaction. It restarts Parley's runtimes twice (with
 * ROOM_LIMITS_ONE_BY_ONE, then back), so it runs after S4: S4 then meets Parley's runtimes as warm
 * as the baseline's worker, which has run since S1. Before it did, Parley's S4 began a moment after
 * that restart and its first Queue batches paid for compiling the consumer's code and opening its
 * connections (700-810 ms a batch: docs/BENCHMARKS.md, "S4 on warm runtimes").
 */
async function runS2OneByOneStep(targets: Targets, { results, samples }: Tally): Promise<void> {
  const { parley, parleyStack } = targets;
  if (!parley || !parleyStack) return;
  const off = await attempt('S2 Parley (one message per transaction)', 60_000, async () => {
    await parleyStack.restart({ vars: { ROOM_LIMITS: ROOM_LIMITS_ONE_BY_ONE }, signal: 'SIGTERM' });
    try {
      return await runS2(parley, S2, 'one message per transaction');
    } finally {
      await parleyStack.restart({ vars: { ROOM_LIMITS }, signal: 'SIGTERM' });
    }
  });
  if (off?.ok) samples['s2-parley-one'] = off.result.samples;
  results.s2.parleyOneByOne = withoutSamples(off);
}

async function runS4Step(targets: Targets, { results }: Tally): Promise<void> {
  for (const [name, target] of running(targets, ['baseline', 'parley'])) {
    results.s4[name] = await attempt(`S4 ${name}`, 60_000, () => runS4(target, S4));
  }
}

/**
 * S3 is the longest scenario: its connect and reconnect phases get what is left of the budget, so
 * the run always ends in time. Parley goes first with the larger share: its sockets each wake a
 * room (a Postgres load), the baseline's only join a Socket.IO room.
 */
async function runS3Step(targets: Targets, { results }: Tally): Promise<void> {
  for (const [name, target] of running(targets, ['parley', 'baseline'])) {
    const left = BUDGET_MS - elapsed() - 30_000;
    const allowance = name === 'parley' && targets.baseline ? left * 0.62 : left;
    const caps: S3Params = {
      ...S3,
      connectTimeoutSeconds: Math.floor(Math.min(S3.connectTimeoutSeconds, (allowance * 0.5) / 1000)),
      // The reconnect phase gets what connecting leaves of the allowance (see runS3).
      endsAt: performance.now() + allowance,
    };
    if (caps.connectTimeoutSeconds < 20 || allowance < 60_000) {
      results.s3[name] = { ok: false, error: 'skipped: not enough time left in the 10-minute budget' };
      log(`S3 ${name}: skipped, not enough time left`);
      continue;
    }
    results.s3[name] = await attempt(`S3 ${name}`, 0, () => runS3(target, caps));
  }
}

const DEV_DESCRIPTION =
  '`npm run dev` itself (local/dev.ts): one `wrangler dev` (its proxy in front of workerd), the embedded Postgres behind the transaction pooler and the Neon WebSocket proxy, the in-memory Upstash bridge; ROOM_LIMITS and AUTH_RATE_LIMITS lifted as for Parley';

/**
 * BENCH_TARGETS=dev: S1 against `npm run dev`, started here on its own ports and state folder and
 * stopped before the other targets start. A refused send (an error ack such as `unavailable: Could
 * not commit`) is what the dev stack did when 200 awake rooms ran Postgres out of connections.
 */
async function runDevStep(run: Run, { results }: Tally, cleanups: (() => Promise<void>)[]): Promise<void> {
  results.dev = await attempt('S1 npm run dev', 120_000, async (): Promise<DevS1Result> => {
    log('starting npm run dev');
    const dev = await startDevStack({
      port: PORTS.dev,
      workDir: run.workDir,
      logDir: run.logDir,
      roomLimits: ROOM_LIMITS,
    });
    cleanups.push(() => dev.stop());
    try {
      log(`npm run dev is ready (Worker → Postgres: ${dev.postgresPath})`);
      // Its start (front-end build, initdb) must not be measured in S1.
      await settle('S1 npm run dev');
      const { samples: _samples, ...s1 } = await runS1(dev.target(DEV_DESCRIPTION), S1);
      const refused = refusals(s1.check);
      log(
        `S1 npm run dev: ${s1.check.acked} of ${s1.check.sent} sends acked, ${refused.refused} refused ${JSON.stringify(refused.byCode)}, ${refused.unanswered} unanswered`,
      );
      return { s1, refusals: refused, postgresPath: dev.postgresPath };
    } finally {
      await dev.stop();
    }
  });
}

/**
 * Starts both targets, runs the chosen scenarios in the order S1, the knee, S2, S4, S2 with one
 * message per transaction, S3, and stops everything.
 */
async function runScenarios(run: Run, tally: Tally, cleanups: (() => Promise<void>)[]): Promise<void> {
  try {
    if (TARGETS.has('dev')) await runDevStep(run, tally, cleanups);
    const targets = await startTargets(run, cleanups);
    tally.results.targets = {
      parley: targets.parley?.description ?? 'not run',
      baseline: targets.baseline ? BASELINE_DESCRIPTION : 'not run',
    };
    if (ONLY.has('s1')) await runS1Step(run, targets, tally);
    if (ONLY.has('s1k')) await runS1StepsStep(targets, tally);
    if (ONLY.has('s2')) await runS2Step(targets, tally);
    if (ONLY.has('s4')) await runS4Step(targets, tally);
    if (ONLY.has('s2')) await runS2OneByOneStep(targets, tally);
    if (targets.parleyStack)
      tally.results.parleyPooler = await targets.parleyStack.poolerStats().catch(() => undefined);
    if (ONLY.has('s3')) await runS3Step(await parleyForS3(run, targets, cleanups), tally);
  } finally {
    log('stopping');
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  }
}

async function main(): Promise<void> {
  const run = await prepareRun();
  const cleanups: (() => Promise<void>)[] = [];
  stopOnInterrupt(cleanups);
  const notes: string[] = [];
  const tally: Tally = { results: emptyResults(run.machine, notes), samples: {} };
  await runScenarios(run, tally, cleanups);

  notes.push(...loadNotes);
  tally.results.finishedAt = new Date().toISOString();
  tally.results.durationSeconds = elapsed() / 1000;
  const { jsonPath, docPath } = writeReport(
    { root, workDir: run.workDir, official: OFFICIAL, startedAt },
    tally.results,
    tally.samples,
    { s1: S1, s2: S2 },
  );
  log(`wrote ${jsonPath}, ${docPath}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
