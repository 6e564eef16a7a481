// How busy the machine's CPUs are, from /proc/stat: other work on a shared machine skews every
// latency measured on it, so the bench records this beside its figures, and a knee step records
// how much of the machine it took.
import { readFileSync } from 'node:fs';

/** The machine's CPU time so far (all CPUs, in clock ticks): idle (with I/O wait) and total. */
export interface CpuTimes {
  idle: number;
  total: number;
}

export function cpuTimes(): CpuTimes {
  const [, ...f] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const n = f.map(Number);
  return { idle: (n[3] ?? 0) + (n[4] ?? 0), total: n.reduce((a, b) => a + b, 0) };
}

/** The busy share (0–1) of all CPUs between two readings. */
export function busyBetween(a: CpuTimes, b: CpuTimes): number {
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

/** The machine's busy share (0–1) over the next `ms` milliseconds, all CPUs. */
export async function busyShare(ms = 1000): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  return busyBetween(a, cpuTimes());
}
