// CPU seconds spent during a scenario by the load generator, the target's runtime and support
// processes, Postgres and Redis, so that the report can say who was using the 2 cores.
import type { LabelledPid, TargetHandle } from '../target.ts';
import { busyBetween, cpuTimes } from './busy.ts';
import { cpuSecondsByName, sampleProcess } from './sample.ts';

export interface CpuUsage {
  wallSeconds: number;
  /** CPU seconds; divide by wallSeconds for cores used. */
  client: number;
  runtime: number;
  support: number;
  postgres: number;
  redis: number;
  /**
   * The whole machine's busy share (0–1, all CPUs, from /proc/stat) over the same window: a knee
   * is where this reaches the top (results from before 2026-12-06, night, lack it).
   */
  machineBusy?: number;
}

function sumCpu(pids: LabelledPid[]): number {
  let total = 0;
  for (const p of pids) total += sampleProcess(p.pid)?.cpuSeconds ?? 0;
  return total;
}

export function startUsage(target: TargetHandle): () => CpuUsage {
  const t0 = performance.now();
  const client0 = process.cpuUsage();
  const runtimePids = target.runtimePids();
  const supportPids = target.supportPids();
  const runtime0 = sumCpu(runtimePids);
  const support0 = sumCpu(supportPids);
  const pg0 = cpuSecondsByName(/^postgres$/);
  const redis0 = cpuSecondsByName(/^redis-server$/);
  const machine0 = cpuTimes();
  return () => {
    const client = process.cpuUsage(client0);
    return {
      wallSeconds: (performance.now() - t0) / 1000,
      client: (client.user + client.system) / 1e6,
      runtime: sumCpu(runtimePids) - runtime0,
      support: sumCpu(supportPids) - support0,
      postgres: cpuSecondsByName(/^postgres$/) - pg0,
      redis: cpuSecondsByName(/^redis-server$/) - redis0,
      machineBusy: busyBetween(machine0, cpuTimes()),
    };
  };
}
