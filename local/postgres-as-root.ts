// The embedded PostgreSQL when we are root (containers, CI, a `0700` home): the server refuses to
// run as root, so it runs as the `postgres` OS user, who must be able to reach its binaries and its
// data. When the project sits in a folder that user cannot enter, both move to a root-owned cache
// under /var/tmp that it can (the binaries as a copy, the data in a folder it owns, mode 0700).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface OsUser {
  uid: number;
  gid: number;
  groups: number[];
}

export interface DirMode {
  uid: number;
  gid: number;
  mode: number;
}

/** Whether `user` may search (x) a directory with this owner and mode. */
export function searchable(dir: DirMode, user: OsUser): boolean {
  if (dir.uid === user.uid) return (dir.mode & 0o100) !== 0;
  if (dir.gid === user.gid || user.groups.includes(dir.gid)) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

/** The directories from `/` down to `path` (which must exist), symlinks resolved. */
async function chain(path: string): Promise<string[]> {
  const dirs: string[] = [];
  let dir = await realpath(path);
  for (;;) {
    dirs.unshift(dir);
    const up = dirname(dir);
    if (up === dir) return dirs;
    dir = up;
  }
}

/** Whether `user` can walk from `/` into `dir` (an existing directory). */
export async function canEnter(dir: string, user: OsUser): Promise<boolean> {
  for (const d of await chain(dir)) {
    const s = await stat(d);
    if (!searchable({ uid: s.uid, gid: s.gid, mode: s.mode }, user)) return false;
  }
  return true;
}

async function idOf(flag: '-u' | '-g' | '-G', name: string): Promise<number[]> {
  const { stdout } = await exec('id', [flag, name]);
  return stdout.trim().split(/\s+/).map(Number);
}

async function lookUp(name: string): Promise<OsUser> {
  const [[uid], [gid], groups] = await Promise.all([idOf('-u', name), idOf('-g', name), idOf('-G', name)]);
  if (uid === undefined || gid === undefined) throw new Error(`id ${name}: no answer`);
  return { uid, gid, groups };
}

/** The `postgres` OS user, created (as a system user without a home) when missing. */
async function postgresUser(): Promise<OsUser> {
  try {
    return await lookUp('postgres');
  } catch {
    try {
      await exec('groupadd', ['--system', 'postgres']).catch(() => undefined); // may exist without the user
      await exec('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
      return await lookUp('postgres');
    } catch (err) {
      throw new Error(
        `as root, PostgreSQL must run as a \`postgres\` OS user and it could not be created (${firstLine(err)}): create that user, run as a normal user, or set DATABASE_URL`,
      );
    }
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

/**
 * `/var/tmp/parley-<uid>` (or the OS temp dir): ours, mode 0755, never a symlink or a folder
 * someone else could write into, since the server's binaries are run from there.
 */
export async function cacheDir(base = existsSync('/var/tmp') ? '/var/tmp' : tmpdir()): Promise<string> {
  const uid = process.getuid?.() ?? 0;
  const dir = join(base, `parley-${uid}`);
  await mkdir(dir, { mode: 0o755 }).catch((err: unknown) => {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
  });
  const s = await lstat(dir);
  if (!s.isDirectory() || s.uid !== uid || (s.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not a directory of yours closed to other writers; remove it and run again`);
  }
  await chmod(dir, 0o755);
  return dir;
}

/** Makes every file readable (and every directory and executable enterable) by anyone. */
async function openUp(path: string): Promise<void> {
  const s = await lstat(path);
  if (s.isSymbolicLink()) return;
  const wanted = s.isDirectory() || (s.mode & 0o100) !== 0 ? 0o555 : 0o444;
  if ((s.mode & wanted) !== wanted) await chmod(path, s.mode | wanted);
  if (s.isDirectory()) for (const name of await readdir(path)) await openUp(join(path, name));
}

/**
 * The package's `native` folder (bin, lib, share) where `user` can run it: in place when it can,
 * else a copy in the cache, made once per package version.
 */
export async function reachableBinaries(native: string, version: string, user: OsUser, cache: string): Promise<string> {
  const postgres = await stat(join(native, 'bin', 'postgres'));
  if ((await canEnter(join(native, 'bin'), user)) && (await canEnter(join(native, 'lib'), user))) {
    if ((postgres.mode & 0o005) === 0o005) return native;
  }
  const copy = join(cache, `postgres-${version}-${process.platform}-${process.arch}`);
  if (existsSync(join(copy, 'bin', 'postgres'))) return copy;
  console.log(`parley: copying the PostgreSQL binaries to ${copy} (the postgres user cannot reach node_modules here)`);
  const partial = `${copy}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await openUp(partial);
  // A rename is atomic: a copy under the final name is always complete.
  await rename(partial, copy).catch(async () => rm(partial, { recursive: true, force: true }));
  return copy;
}

/** `dataDir` when `user` can reach its folder, else a folder in the cache named after it. */
export async function reachableDataDir(dataDir: string, user: OsUser, cache: string): Promise<string> {
  const parent = dirname(resolve(dataDir));
  await mkdir(parent, { recursive: true });
  if (await canEnter(parent, user)) return resolve(dataDir);
  const id = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  const home = join(cache, `data-${id}`);
  await mkdir(home, { recursive: true });
  await chmod(home, 0o755);
  // Says which project the folder belongs to, for whoever finds it.
  await writeFile(join(home, 'project'), `${resolve(dataDir)}\n`);
  return join(home, 'postgres');
}

export interface RootServerOptions {
  /** The package's `native` folder and version (the cache copy is named after it). */
  native: string;
  version: string;
  dataDir: string;
  port: number;
  user: string;
  password: string;
  /** Extra server flags, e.g. `['-c', 'max_connections=300']`. */
  flags?: readonly string[];
}

export interface RootServer {
  /** Where the data really is (the cache folder when the project's was out of reach). */
  dataDir: string;
  stop(): Promise<void>;
}

function run(file: string, args: string[], ids: OsUser, cwd: string, logs: string[]): ChildProcess {
  const child = spawn(file, args, {
    uid: ids.uid,
    gid: ids.gid,
    cwd,
    // English messages: start-up is recognised by its log line.
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (logs.length > 40) logs.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

const tail = (logs: string[]) => logs.join('').trim().split('\n').slice(-3).join(' | ');

async function initdb(bin: string, opts: RootServerOptions, dataDir: string, ids: OsUser, cache: string) {
  await mkdir(dataDir, { recursive: true });
  await chown(dataDir, ids.uid, ids.gid);
  await chmod(dataDir, 0o700);
  const pwfile = join(cache, `pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${opts.password}\n`, { mode: 0o600 });
  await chown(pwfile, ids.uid, ids.gid);
  const logs: string[] = [];
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${opts.user}`, `--pwfile=${pwfile}`];
    const child = run(join(bin, 'initdb'), [...args, '--lc-messages=C'], ids, cache, logs);
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', fail);
      child.once('close', done);
    });
    if (code !== 0) throw new Error(`initdb exited with ${code}: ${tail(logs)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

export async function startAsRoot(opts: RootServerOptions): Promise<RootServer> {
  const ids = await postgresUser();
  const cache = await cacheDir();
  const bin = join(await reachableBinaries(opts.native, opts.version, ids, cache), 'bin');
  const dataDir = await reachableDataDir(opts.dataDir, ids, cache);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(bin, opts, dataDir, ids, cache);

  const logs: string[] = [];
  const server = run(
    join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(opts.port), ...(opts.flags ?? [])],
    ids,
    cache,
    logs,
  );
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready after 30 s: ${tail(logs)}`)), 30_000);
    server.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    });
    server.once('error', fail);
    server.once('close', (code) => {
      clearTimeout(timer);
      fail(new Error(`postgres exited (${code}): ${tail(logs)}`));
    });
  });
  // Never leave the server behind when this process ends without stop().
  const orphanGuard = () => server.kill('SIGINT');
  process.once('exit', orphanGuard);
  return {
    dataDir,
    stop: async () => {
      process.off('exit', orphanGuard);
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    },
  };
}
