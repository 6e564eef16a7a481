// The root path of the embedded Postgres: who can enter which folder, the cache that must be ours
// alone, and the data folder moved out of a private project folder.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDir, canEnter, type OsUser, reachableDataDir, searchable } from './postgres-as-root.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-root-'));
  dirs.push(dir);
  await chmod(dir, 0o755);
  return dir;
}

/** Nobody who owns anything here, in no group of ours: only "other" permissions apply. */
const stranger: OsUser = { uid: 4_000_001, gid: 4_000_001, groups: [4_000_001] };

describe('searchable', () => {
  it('reads the owner, group or other search bit that applies', () => {
    const user: OsUser = { uid: 101, gid: 104, groups: [104, 103] };
    expect(searchable({ uid: 0, gid: 0, mode: 0o700 }, user)).toBe(false);
    expect(searchable({ uid: 0, gid: 0, mode: 0o711 }, user)).toBe(true);
    expect(searchable({ uid: 101, gid: 0, mode: 0o700 }, user)).toBe(true);
    expect(searchable({ uid: 0, gid: 103, mode: 0o750 }, user)).toBe(true);
    // The owner's bits decide for the owner, even when "other" would allow.
    expect(searchable({ uid: 101, gid: 0, mode: 0o601 }, user)).toBe(false);
  });
});

describe('canEnter', () => {
  it('fails when any folder on the way is private', async () => {
    const root = await tempDir();
    const inner = join(root, 'private', 'project');
    await mkdir(inner, { recursive: true });
    expect(await canEnter(inner, stranger)).toBe(true);
    await chmod(join(root, 'private'), 0o700);
    expect(await canEnter(inner, stranger)).toBe(false);
    expect(await canEnter(root, stranger)).toBe(true);
  });
});

describe('cacheDir', () => {
  it('makes parley-<uid>, open to read and closed to others writing', async () => {
    const base = await tempDir();
    const dir = await cacheDir(base);
    expect(dir).toBe(join(base, `parley-${process.getuid?.() ?? 0}`));
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
    expect(await cacheDir(base)).toBe(dir);
  });

  it('refuses a symlink or a folder others may write into', async () => {
    const base = await tempDir();
    const name = join(base, `parley-${process.getuid?.() ?? 0}`);
    await symlink(base, name);
    await expect(cacheDir(base)).rejects.toThrow(`${name} is not a directory of yours closed to other writers`);
    await rm(name);
    await mkdir(name);
    await chmod(name, 0o777);
    await expect(cacheDir(base)).rejects.toThrow(/closed to other writers/);
  });
});

describe('reachableDataDir', () => {
  it('keeps the data in the project when the server user can reach it', async () => {
    const project = await tempDir();
    const cache = await tempDir();
    const dataDir = join(project, '.parley', 'postgres');
    expect(await reachableDataDir(dataDir, stranger, cache)).toBe(dataDir);
  });

  it('moves it to the cache, named after the project, when the project is private', async () => {
    const root = await tempDir();
    const cache = await tempDir();
    await mkdir(join(root, 'home'), { mode: 0o700 });
    await chmod(join(root, 'home'), 0o700);
    const dataDir = join(root, 'home', 'p', '.parley', 'postgres');
    const moved = await reachableDataDir(dataDir, stranger, cache);
    expect(moved).toMatch(new RegExp(`^${cache}/data-[0-9a-f]{12}/postgres$`));
    expect(await canEnter(join(moved, '..'), stranger)).toBe(true);
    expect(await readFile(join(moved, '..', 'project'), 'utf8')).toBe(`${dataDir}\n`);
    expect(existsSync(moved)).toBe(false); // initdb makes it, owned by the server's user
    expect(await reachableDataDir(dataDir, stranger, cache)).toBe(moved);
  });
});
