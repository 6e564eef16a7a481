// Reads a process's resident memory, CPU time and open descriptors from /proc (Linux), for the
// runtime figures in the report. Children of a pid are found through /proc/<pid>/task/*/children.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

export interface ProcSample {
  pid: number;
  rssBytes: number;
  cpuSeconds: number;
  fds: number;
}

export function sampleProcess(pid: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    let fds = 0;
    try {
      fds = readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      fds = -1;
    }
    return { pid, rssBytes: rssKb * 1024, cpuSeconds: (utime + stime) / CLOCK_TICKS, fds };
  } catch {
    return null;
  }
}

/** Direct children of a process. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    }
  } catch {
    // gone
  }
  return out;
}

export function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Sums the samples of several processes (e.g. both baseline server processes). */
export function sampleGroup(pids: number[]): ProcSample {
  const total: ProcSample = { pid: 0, rssBytes: 0, cpuSeconds: 0, fds: 0 };
  for (const pid of pids) {
    const s = sampleProcess(pid);
    if (!s) continue;
    total.rssBytes += s.rssBytes;
    total.cpuSeconds += s.cpuSeconds;
    total.fds += s.fds;
  }
  return total;
}

/** CPU seconds (own + reaped children) of a process. */
function cpuWithChildren(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every process whose command name matches (e.g. all Postgres processes),
 * including exited children reaped by a matching parent (Postgres backends that came and went).
 */
export function cpuSecondsByName(pattern: RegExp): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (!pattern.test(processName(pid))) continue;
    total += cpuWithChildren(pid);
  }
  return total;
}
