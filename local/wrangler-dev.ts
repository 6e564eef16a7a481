// The one launcher of `wrangler dev` (`npm run dev`, the end-to-end tests): the Worker's values in a
// dotenv file, wrangler kept offline, ready once /readyz answers 200 (Postgres, Upstash, the Queue, R2
// and the keys all answer; open without a token locally), stopped with SIGTERM and, five seconds
// later, SIGKILL. Also the offline environment and the readiness wait the bench reuses.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { SetupError } from './services.ts';

/** No Cloudflare account look-ups and no metrics: local runs work without a network. */
export const WRANGLER_OFFLINE_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };

export interface WaitHealthyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Why waiting is pointless (the server process is gone), checked before every probe. */
  gone?: () => string | undefined;
}

/** Polls `${url}/readyz` until it answers 2xx; throws with the last answer after the timeout.
 * (/healthz answers as soon as the Worker runs, whatever its dependencies say.) */
export async function waitHealthy(url: string, opts: WaitHealthyOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const gone = opts.gone?.();
    if (gone) throw new SetupError(gone);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  throw new SetupError(`the Worker at ${url} did not become healthy in ${opts.timeoutMs / 1000}s: ${last}`);
}

export interface WranglerDevOptions {
  port: number;
  /** Default: wrangler's own choice (9229, or the next free port). */
  inspectorPort?: number;
  /** Durable Object, KV and R2 state. */
  persistTo: string;
  /** The Worker's values (secrets included): written to varsFile, mode 600, never committed. */
  vars: Record<string, string>;
  varsFile: string;
  /** `inherit`: wrangler prints to our terminal; `collect`: its last 20 kB go into error messages. */
  output: 'inherit' | 'collect';
  /** With `collect`, also copy wrangler's output to stderr as it comes. */
  echo?: boolean;
  readyTimeoutMs: number;
  /** Wrangler exited without stop() being called (after or while starting). */
  onExit?: (code: number | null) => void;
}

export interface WranglerDev {
  url: string;
  /** Resolves once /readyz answers 200; rejects (with wrangler's output, when collected) otherwise. */
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL after five seconds; safe to call at any time, more than once. */
  stop(): Promise<void>;
}

/**
 * A dotenv value as wrangler reads it: single quotes keep it literally (JSON values such as
 * AUTH_RATE_LIMITS keep their double quotes); double quotes only where it holds a single quote or
 * a newline (dotenv unescapes `\n` there, but not `\"`).
 */
export const dotenvValue = (v: string): string => (/['\n]/.test(v) ? JSON.stringify(v) : `'${v}'`);

function dotenv(vars: Record<string, string>): string {
  return `${Object.entries(vars)
    .map(([k, v]) => `${k}=${dotenvValue(v)}`)
    .join('\n')}\n`;
}

function wranglerArgs(opts: WranglerDevOptions): string[] {
  return [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    ...(opts.inspectorPort ? ['--inspector-port', String(opts.inspectorPort)] : []),
    '--persist-to',
    opts.persistTo,
    '--env-file',
    opts.varsFile,
    // /__scheduled fires the cron handler (the outbox sweep) on demand.
    '--test-scheduled',
    '--show-interactive-dev-session=false',
    '--log-level',
    process.env.WRANGLER_LOG ?? 'warn',
  ];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Starts `wrangler dev`; the handle comes back at once, so a stop during start-up finds it. */
export async function launchWranglerDev(opts: WranglerDevOptions): Promise<WranglerDev> {
  await writeFile(opts.varsFile, dotenv(opts.vars), { mode: 0o600 });
  const stdio = opts.output === 'inherit' ? 'inherit' : 'pipe';
  const child = spawn('wrangler', wranglerArgs(opts), {
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, ...WRANGLER_OFFLINE_ENV },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (opts.echo) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let stopped = false;
  child.on('exit', (code) => {
    if (!stopped) opts.onExit?.(code);
  });

  const url = `http://127.0.0.1:${opts.port}`;
  const ready = waitHealthy(url, {
    timeoutMs: opts.readyTimeoutMs,
    gone: () =>
      child.exitCode !== null || child.signalCode !== null
        ? `wrangler exited (${child.exitCode ?? child.signalCode})`
        : undefined,
  }).catch((err: unknown) => {
    if (err instanceof SetupError && output) throw new SetupError(`${err.message}\n${output}`);
    throw err;
  });
  return {
    url,
    ready,
    stop: () => {
      stopped = true;
      return stopChild(child);
    },
  };
}
