// `npm run dev` refuses a taken port and a second instance in the same folder, each in one line.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, lockStateDir } from './dev-guard.ts';
import { portFree } from './reachable.ts';
import { SetupError } from './services.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listening(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-guard-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('freePort', () => {
  it('refuses a port something listens on, naming the variable', async () => {
    const port = await listening();
    expect(await portFree(port)).toBe(false);
    await expect(freePort('PORT', String(port))).rejects.toThrow(
      new SetupError(`PORT ${port} is in use (another npm run dev?): stop it, or set PORT to a free port`),
    );
  });

  it('takes the default when unset and refuses what is not a port', async () => {
    const port = await listening();
    await expect(freePort('INSPECTOR_PORT', undefined, port)).rejects.toThrow(/INSPECTOR_PORT \d+ is in use/);
    await expect(freePort('PORT', 'abc', 8787)).rejects.toThrow('PORT must be a TCP port, got abc');
    await expect(freePort('PORT', '70000')).rejects.toThrow('PORT must be a TCP port, got 70000');
  });

  it('answers a free port', async () => {
    const port = await listening();
    await cleanups.splice(0)[0]?.();
    expect(await freePort('PORT', String(port))).toBe(port);
  });
});

describe('lockStateDir', () => {
  it('refuses while a live process holds the folder, and releases on request', async () => {
    const dir = await stateDir();
    // The test runner's parent is alive and is not us.
    await writeFile(join(dir, 'dev.lock'), JSON.stringify({ pid: process.ppid, port: 8787 }));
    await expect(lockStateDir(dir, 8790)).rejects.toThrow(
      `another npm run dev (pid ${process.ppid}, port 8787) is using ${dir}`,
    );
    await rm(join(dir, 'dev.lock'));
    const release = await lockStateDir(dir, 8790);
    expect(JSON.parse(await readFile(join(dir, 'dev.lock'), 'utf8'))).toEqual({ pid: process.pid, port: 8790 });
    await release();
    await expect(readFile(join(dir, 'dev.lock'))).rejects.toThrow(/ENOENT/);
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = await stateDir();
    await writeFile(join(dir, 'dev.lock'), JSON.stringify({ pid: 2 ** 22 + 7, port: 8787 }));
    const release = await lockStateDir(dir, 8788);
    await release();
  });
});
