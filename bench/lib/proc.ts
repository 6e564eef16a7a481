// Child processes of the bench (servers, runtimes): spawned on this Node, logs to a file, ready when
// a line matches, stopped by pid (SIGTERM, then SIGKILL), never by name.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** The next stdout/stderr line (from now on) that matches, or an error after `timeoutMs`. */
  nextLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

export interface SpawnOptions {
  name: string;
  command?: string;
  args: string[];
  env?: Record<string, string>;
  logFile: string;
  /** Ready when a stdout/stderr line matches (else as soon as spawned). */
  readyLine?: RegExp;
  readyTimeoutMs?: number;
  cwd?: string;
}

/** Calls `fn` with each whole line the child writes to stdout or stderr; returns how to stop. */
function onLines(proc: ChildProcess, fn: (line: string) => void): () => void {
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) fn(line);
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  return () => {
    proc.stdout?.off('data', onData);
    proc.stderr?.off('data', onData);
  };
}

export async function spawnChild(opts: SpawnOptions): Promise<Child & { readyMatch: RegExpMatchArray | null }> {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const proc = spawn(opts.command ?? process.execPath, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    // stdin stays open: its end tells the child that the bench is gone (lib/orphan.ts).
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${opts.name}: spawn failed`);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let readyMatch: RegExpMatchArray | null = null;
  // BENCH_READY_SECONDS: a machine busy with other work can take longer to start eight runtimes.
  const readyMs = opts.readyTimeoutMs ?? Number(process.env.BENCH_READY_SECONDS ?? 60) * 1000;
  const ready = new Promise<void>((resolve, reject) => {
    if (!opts.readyLine) return resolve();
    const timer = setTimeout(
      () => reject(new Error(`${opts.name}: not ready after ${readyMs / 1000}s (log: ${opts.logFile})`)),
      readyMs,
    );
    onLines(proc, (line) => {
      const match = opts.readyLine ? line.match(opts.readyLine) : null;
      if (match && !readyMatch) {
        readyMatch = match;
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name}: exited with ${code} before ready (log: ${opts.logFile})`));
    });
  });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  void exited.then(() => log.end());
  const child: Child = {
    name: opts.name,
    proc,
    pid,
    exited,
    nextLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const stop = onLines(proc, (line) => {
          const match = line.match(pattern);
          if (match) done(() => resolve(match));
        });
        const timer = setTimeout(
          () => done(() => reject(new Error(`${opts.name}: no line like ${pattern} in ${timeoutMs / 1000}s`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          stop();
          settle();
        };
      }),
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      const done = await Promise.race([
        exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), graceMs)),
      ]);
      if (!done) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
  await ready;
  return { ...child, readyMatch };
}
