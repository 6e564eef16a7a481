// Child process: serves the Worker built by `wrangler deploy --dry-run` with Miniflare directly, so
// workerd itself listens on the port — no `wrangler dev` proxy hop costing a descriptor per socket
// on each side (see docs/BENCHMARKS.md, S3). Bindings, Durable Objects, Queues and R2 come from
// wrangler.toml through wrangler's own converter; the values are passed in BENCH_VARS (JSON).
// Prints `runtime ready <url> workerd=<pid>`, and again whenever workerd died (S3's SIGKILL) and
// Miniflare, its supervisor, started a new one that listens again: `runtime restarted workerd=<pid>`.
// Environment: BENCH_BUILD_DIR, BENCH_PORT, BENCH_PERSIST_DIR, BENCH_VARS, BENCH_CONFIG.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { exitWithParent } from '../lib/orphan.ts';
import { childPids, processName } from '../lib/sample.ts';

const require = createRequire(import.meta.url);
// wrangler's own Miniflare (and workerd), the versions `npm run dev` runs.
const wrangler = require('wrangler') as {
  unstable_getMiniflareWorkerOptions(configPath: string): { workerOptions: Record<string, unknown> };
};
const requireFromWrangler = createRequire(require.resolve('wrangler'));
interface MiniflareInstance {
  ready: Promise<URL>;
  dispose(): Promise<void>;
}
const { Miniflare, convertV4MiniflareOptions } = requireFromWrangler('miniflare') as {
  Miniflare: new (opts: unknown) => MiniflareInstance;
  convertV4MiniflareOptions(opts: Record<string, unknown>): unknown;
};

const buildDir = process.env.BENCH_BUILD_DIR ?? '';
const port = Number(process.env.BENCH_PORT);
const vars = JSON.parse(process.env.BENCH_VARS ?? '{}') as Record<string, string>;
const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(process.env.BENCH_CONFIG ?? 'wrangler.toml');
const existing = (workerOptions.bindings ?? {}) as Record<string, unknown>;
// The bundle is one module: module rules (for unbundled sources) do not apply. No static assets:
// in production Cloudflare's asset router runs outside the Worker, and locally Miniflare would
// put its router and asset workers in front of every request, in the same single-threaded
// process as the rooms; the Worker itself never reads ASSETS.
const { modulesRules: _rules, assets: _assets, ...options } = workerOptions;

const mf = new Miniflare(
  convertV4MiniflareOptions({
    ...options,
    name: 'parley',
    host: '127.0.0.1',
    logRequests: false,
    // The Worker listens on the port itself (a direct socket), not behind Miniflare's entry
    // worker: through the entry worker workerd holds two descriptors per open WebSocket, directly
    // one (docs/BENCHMARKS.md, S3). Miniflare's own entry socket takes a free port.
    port: 0,
    unsafeDirectSockets: [{ host: '127.0.0.1', port }],
    scriptPath: join(buildDir, 'index.js'),
    modules: true,
    modulesRoot: buildDir,
    bindings: { ...existing, ...vars },
    // Durable Object storage (and R2, KV) on disk, so it outlives the SIGKILL of S3's restart as it
    // would in production. This Miniflare ignores the older `durableObjectsPersist` keys: with
    // them the storage was ephemeral and every S3 reconnect met a room that had forgotten its
    // conversation.
    resourcePersistencePath: process.env.BENCH_PERSIST_DIR ?? '',
    // BENCH_INSPECTOR_PORT: the V8 inspector, to take CPU profiles of the Worker and its DOs.
    ...(process.env.BENCH_INSPECTOR_PORT ? { inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT) } : {}),
  }),
);
const url = await mf.ready;
/** The live workerd child (a killed one may linger as a zombie until Miniflare reaps it). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const workerdPid = () => childPids(process.pid).find((pid) => processName(pid) === 'workerd' && alive(pid)) ?? 0;
let workerd = workerdPid();
console.log(`runtime ready ${url.href} workerd=${workerd}`);

/** Whether the Worker's own socket accepts a connection. */
const accepts = () =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

// A crashed workerd is restarted by Miniflare itself (as under `wrangler dev`): the Durable Object
// storage on disk is kept, the bundle and config are the same. The bench says `crash` on stdin just
// before it kills workerd; this host then watches for the new process (polling /proc only then: a
// poll all along cost each host ~1% of the machine) and says when it accepts connections again,
// which is what S3's clients wait for.
const watchRestart = async () => {
  const old = workerd;
  for (;;) {
    const now = workerdPid();
    if (now !== 0 && now !== old && (await accepts())) {
      workerd = now;
      console.log(`runtime restarted workerd=${workerd}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
};
process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.toString().includes('crash')) void watchRestart();
});

exitWithParent(() => mf.dispose().catch(() => undefined));
