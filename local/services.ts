// Picks the local stack's services from the environment: DATABASE_URL / REDIS_URL when set
// (checked up front, failing with one line that names the problem), else the embedded ones, and
// the size of the transaction pooler in front of Postgres (PARLEY_PG_POOL_SIZE).

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { newKeyring } from './keys.ts';
import { DEFAULT_POOL_SIZE } from './pooled-postgres.ts';
import { portFree } from './reachable.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

/** `.parley/` in the folder it runs from; PARLEY_STATE_DIR moves it (the bench's own `npm run dev`). */
export const stateDir = process.env.PARLEY_STATE_DIR
  ? resolve(process.env.PARLEY_STATE_DIR)
  : join(process.cwd(), '.parley');

/** A problem with the configuration: printed as one line, without a stack trace. */
export class SetupError extends Error {}

export interface ResolvedDatabase {
  url: string;
  host: string;
  port: number;
  label: string;
  /** The embedded server (not DATABASE_URL). */
  embedded: boolean;
  stop(): Promise<void>;
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

export async function checkPostgres(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SetupError('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new SetupError(`DATABASE_URL must start with postgres://, got ${parsed.protocol}//`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new SetupError(
      `DATABASE_URL: cannot connect to ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname} (${describe(err)})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function resolveDatabase(): Promise<ResolvedDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await checkPostgres(url);
    const parsed = new URL(url);
    return {
      url,
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      label: `DATABASE_URL (${parsed.hostname}:${parsed.port || 5432}${parsed.pathname})`,
      embedded: false,
      stop: async () => undefined,
    };
  }
  const port = Number(process.env.PARLEY_PG_PORT || 54329);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SetupError(`PARLEY_PG_PORT must be a TCP port, got ${process.env.PARLEY_PG_PORT}`);
  }
  if (!(await portFree(port))) {
    throw new SetupError(
      `PARLEY_PG_PORT ${port} is in use (another npm run dev's database?): stop it, or set PARLEY_PG_PORT to a free port`,
    );
  }
  const dataDir = join(stateDir, 'postgres');
  const embedded = await startEmbeddedPostgres(dataDir, port).catch((err: unknown) => {
    throw new SetupError(err instanceof Error ? err.message : String(err));
  });
  return {
    url: embedded.url,
    host: '127.0.0.1',
    port,
    label: `embedded PostgreSQL (${embedded.dataDir})`,
    embedded: true,
    stop: embedded.stop,
  };
}

/**
 * Server connections of the transaction pooler between the Worker and Postgres: PARLEY_PG_POOL_SIZE,
 * else DEFAULT_POOL_SIZE in front of the embedded server and none (0: direct) in front of
 * DATABASE_URL, which may already be a pooler, or ask for SCRAM, which the local pooler does not speak.
 */
export function poolSize(db: Pick<ResolvedDatabase, 'embedded'>, value = process.env.PARLEY_PG_POOL_SIZE): number {
  if (value === undefined || value === '') return db.embedded ? DEFAULT_POOL_SIZE : 0;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0 || size > 1000) {
    throw new SetupError(`PARLEY_PG_POOL_SIZE must be a whole number from 0 (no pooler) to 1000, got ${value}`);
  }
  return size;
}

export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SetupError('REDIS_URL is malformed (expected redis://[user:password@]host:port[/db])');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SetupError(`REDIS_URL must start with redis:// or rediss://, got ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new SetupError('REDIS_URL has no host');
  return url;
}

export interface DevSecrets {
  AUTH_JWT_KEYS: string;
  ENCRYPTION_KEYS: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  demoPassword: string;
}

/** Local keys, made once and kept in .parley/ so that data encrypted yesterday still decrypts. */
export async function loadDevSecrets(): Promise<DevSecrets> {
  const file = join(stateDir, 'dev-secrets.json');
  await mkdir(stateDir, { recursive: true });
  let secrets: DevSecrets;
  if (existsSync(file)) {
    secrets = JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } else {
    secrets = {
      AUTH_JWT_KEYS: newKeyring('dev1'),
      ENCRYPTION_KEYS: newKeyring('dev1'),
      UPSTASH_REDIS_REST_TOKEN: randomBytes(16).toString('hex'),
      demoPassword: `demo-${randomBytes(6).toString('hex')}`,
    };
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  for (const name of ['AUTH_JWT_KEYS', 'ENCRYPTION_KEYS'] as const) {
    const override = process.env[name];
    if (override !== undefined) {
      if (!/^[\w.-]{1,32}:[A-Za-z0-9+/_-]{43}=?(,[\w.-]{1,32}:[A-Za-z0-9+/_-]{43}=?)*$/.test(override)) {
        throw new SetupError(`${name} must be "kid:base64key[,kid:base64key…]" with 32-byte keys`);
      }
      secrets[name] = override;
    }
  }
  return secrets;
}
