// How busy the machine's CPUs are, from /proc/stat: other work on a shared machine skews every
// latency measured on it, so the bench records this beside its figures.
import { readFileSync } from 'node:fs';

/** The machine's busy share (0–1) over the next `ms` milliseconds, all CPUs. */
export async function busyShare(ms = 1000): Promise<number> {
  const read = () => {
    const [, ...f] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const n = f.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return { idle, total: n.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}
