// The shape of one bench run as written to bench/results/<date>.json (raw samples left out).
import type { Refusals } from '../lib/refusals.ts';
import type { ProfileSummary } from '../parley/profile.ts';
import type { S1StepResult } from '../scenarios/s1-step-load.ts';
import type { S1Result } from '../scenarios/s1-support-load.ts';
import type { S2Result } from '../scenarios/s2-hot-conversation.ts';
import type { S3Result } from '../scenarios/s3-idle-visitors.ts';
import type { S4Result } from '../scenarios/s4-events.ts';

export type Outcome<T> = { ok: true; result: T } | { ok: false; error: string };

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  node: string;
  workerd: string;
  wrangler: string;
  postgres: string;
  redis: string;
  openFilesLimit: string;
  os: string;
}

export type WithoutSamples<T> = Omit<T, 'samples'>;

/** BENCH_TARGETS=dev: S1 against `npm run dev` itself (one wrangler dev, embedded Postgres behind the pooler). */
export interface DevS1Result {
  s1: WithoutSamples<S1Result>;
  refusals: Refusals;
  /** How the Worker reached Postgres, from the ready message (the pooler and its size). */
  postgresPath: string;
}

export interface BenchResults {
  command: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  targets: { parley: string; baseline: string };
  s1: { parley?: Outcome<WithoutSamples<S1Result>>; baseline?: Outcome<WithoutSamples<S1Result>> };
  /** S1 in steps: the highest rate each target sustained (p99 ≤ the limit, nothing lost). */
  s1Steps?: { parley?: Outcome<S1StepResult>; baseline?: Outcome<S1StepResult> };
  s2: {
    parley?: Outcome<WithoutSamples<S2Result>>;
    parleyOneByOne?: Outcome<WithoutSamples<S2Result>>;
    baseline?: Outcome<WithoutSamples<S2Result>>;
  };
  s3: { parley?: Outcome<S3Result>; baseline?: Outcome<S3Result> };
  s4: { parley?: Outcome<S4Result>; baseline?: Outcome<S4Result> };
  /** Pooler counters after the run (how often a room waited for a Postgres connection). */
  parleyPooler?: unknown;
  /** BENCH_TARGETS=dev: S1 against `npm run dev`, with the refusals (goal: none). */
  dev?: Outcome<DevS1Result>;
  /** BENCH_PROFILE=1: where workerd's CPU went during S1's timed window. */
  parleyProfile?: ProfileSummary;
  notes: string[];
}
