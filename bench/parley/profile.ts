// CPU profiles of the Worker and its Durable Objects (one workerd isolate) through the V8
// inspector Miniflare exposes (BENCH_INSPECTOR_PORT), and a summary of where the time went.
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import WebSocket from 'ws';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** Maps a position in the bundle to `source/file.ts:line` (0-based line and column in). */
export type Locate = (line: number, column: number) => string | null;

/** A locator from the bundle's source map (wrangler writes index.js.map next to index.js). */
export function sourceMapLocator(mapPath: string): Locate {
  const payload = JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMapPayload;
  const map = new SourceMap(payload);
  return (line, column) => {
    const entry = map.findEntry(line, column);
    if (!('originalSource' in entry) || !entry.originalSource) return null;
    const source = entry.originalSource.replace(/^.*?\/(node_modules\/|worker\/|durable-objects\/|drizzle\/)/, '$1');
    return `${source}:${entry.originalLine + 1}`;
  };
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Starts profiling every inspectable isolate; the returned function stops and returns the profiles. */
export async function startProfiling(inspectorPort: number): Promise<() => Promise<CpuProfile[]>> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    webSocketDebuggerUrl?: string;
  }[];
  const sessions = await Promise.all(
    targets
      .map((t) => t.webSocketDebuggerUrl)
      .filter((u): u is string => Boolean(u))
      .map(async (url) => {
        const ws = new WebSocket(url);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        let id = 0;
        const pending = new Map<number, (result: unknown) => void>();
        ws.on('message', (data: WebSocket.RawData) => {
          const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
          if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
        });
        const call = (method: string, params: Record<string, unknown> = {}) =>
          new Promise<unknown>((resolve) => {
            id++;
            pending.set(id, resolve);
            ws.send(JSON.stringify({ id, method, params }));
          });
        await call('Profiler.enable');
        await call('Profiler.setSamplingInterval', { interval: 200 });
        await call('Profiler.start');
        return { ws, call };
      }),
  );
  return async () => {
    const profiles: CpuProfile[] = [];
    for (const s of sessions) {
      const result = (await s.call('Profiler.stop')) as { profile?: CpuProfile };
      if (result.profile) profiles.push(result.profile);
      s.ws.close();
    }
    return profiles;
  };
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Self time by function, highest first. */
  functions: { name: string; ms: number; share: number }[];
  /** Self time by source (package or file), highest first. */
  sources: { name: string; ms: number; share: number }[];
}

function sourceOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName ? `(${frame.functionName})` : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  return url.split('/').slice(-2).join('/');
}

/** Self time per function and per source over all profiles (bundled code keeps original paths in comments only). */
export function summarizeProfiles(profiles: CpuProfile[], top = 25, locate?: Locate): ProfileSummary {
  const byFn = new Map<string, number>();
  const bySource = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const p of profiles) {
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((sample, i) => {
      const dt = (p.timeDeltas[i] ?? 0) / 1000;
      const node = nodes.get(sample);
      if (!node) return;
      total += dt;
      const fn = node.callFrame.functionName || '(anonymous)';
      if (fn === '(idle)') {
        idle += dt;
        return;
      }
      const where =
        (node.callFrame.url.endsWith('index.js') && locate?.(node.callFrame.lineNumber, node.callFrame.columnNumber)) ||
        `${sourceOf(node.callFrame)}:${node.callFrame.lineNumber + 1}`;
      const key = `${fn} ${where}`;
      byFn.set(key, (byFn.get(key) ?? 0) + dt);
      const src = sourceOf(node.callFrame);
      bySource.set(src, (bySource.get(src) ?? 0) + dt);
    });
  }
  const busy = total - idle || 1;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / busy) * 1000) / 10 }));
  return { totalMs: Math.round(total), idleMs: Math.round(idle), functions: rank(byFn), sources: rank(bySource) };
}
