// What `npm run dev` checks before it starts anything: one instance per folder (they would share
// `.parley/`), and ports that are really free (wrangler would otherwise fail after another
// instance's /readyz had already answered "ready").
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { portFree } from './reachable.ts';
import { SetupError } from './services.ts';

/** A TCP port from the environment (or its default), refused in one line when malformed or taken. */
export async function freePort(name: string, value: string | undefined, fallback?: number): Promise<number> {
  const port = value === undefined || value === '' ? fallback : Number(value);
  if (port === undefined) throw new SetupError(`${name} is not set`);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new SetupError(`${name} must be a TCP port, got ${value}`);
  if (!(await portFree(port))) {
    throw new SetupError(`${name} ${port} is in use (another npm run dev?): stop it, or set ${name} to a free port`);
  }
  return port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but is someone else's.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/**
 * Takes `<stateDir>/dev.lock` for this process, or refuses in one line while another live
 * instance holds it (a stale lock, from a process that is gone, is taken over). Returns the release.
 */
export async function lockStateDir(stateDir: string, port: number): Promise<() => Promise<void>> {
  const file = join(stateDir, 'dev.lock');
  const held = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as { pid?: unknown; port?: unknown },
    () => undefined,
  );
  if (held && typeof held.pid === 'number' && held.pid !== process.pid && alive(held.pid)) {
    throw new SetupError(
      `another npm run dev (pid ${held.pid}, port ${String(held.port)}) is using ${stateDir}: stop it first, or run the second one from another clone`,
    );
  }
  await writeFile(file, JSON.stringify({ pid: process.pid, port }));
  return () => rm(file, { force: true });
}
