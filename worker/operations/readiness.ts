// What /readyz checks, each with a real round trip and a deadline: Postgres (one connection for
// the whole check), Upstash, the Queue binding, R2, and that every key id stored ciphertexts name
// is in ENCRYPTION_KEYS (a missing one fails verified widget sessions, 2FA and webhooks at once).
// A failure is reported by error class and code, never by its text.
import type { Config } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';
import { errorFields } from '../../core/platform/log.ts';
import { createRedis } from '../../core/platform/redis.ts';
import { withTimeout } from '../lib/timeout.ts';
import { ENCRYPTED_COLUMNS, type Queryable } from './key-rotation.ts';

const DEADLINE_MS = 3000;

export interface Check {
  ok: boolean;
  latencyMs: number;
  /** The failure's class (and code): `TimeoutError`, `RedisError redis_unreachable`, `Error 28P01`. */
  error?: string;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: {
    postgres: Check;
    redis: Check;
    queue: Check;
    r2: Check;
    /** `missing`: key ids found in stored ciphertexts that ENCRYPTION_KEYS lacks. */
    keys: Check & { missing: string[] };
  };
}

function describeError(err: unknown): string {
  const { errorClass, errorCode } = errorFields(err);
  return errorCode ? `${errorClass} ${errorCode}` : (errorClass ?? 'Error');
}

async function timed(what: string, fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    await withTimeout(fn(), DEADLINE_MS, what);
    return { ok: true, latencyMs: latency() };
  } catch (err) {
    return { ok: false, latencyMs: latency(), error: describeError(err) };
  }
}

const ident = (name: string) => `"${name.replace(/[^a-z0-9_]/g, '')}"`;

/** Key ids used by stored ciphertexts (`enc1:<kid>:…`) that the keyring does not hold. */
export async function missingKeyIds(db: Queryable, config: Config): Promise<string[]> {
  const used = new Set<string>();
  for (const col of ENCRYPTED_COLUMNS) {
    const column = ident(col.column);
    const { rows } = await db.query(
      `select distinct split_part(${column}, ':', 2) as kid from ${ident(col.table)} where ${column} is not null`,
    );
    for (const row of rows) if (typeof row.kid === 'string') used.add(row.kid);
  }
  return [...used].filter((kid) => !config.ENCRYPTION_KEYS.keys.has(kid)).sort();
}

export async function checkReadiness(env: Env, config: Config): Promise<Readiness> {
  let conn: DbConnection | undefined;
  let missing: string[] = [];
  const postgres = await timed('postgres', async () => {
    conn = await connectDb(config);
    await conn.client.query('select 1');
  });
  const [redis, r2, keys] = await Promise.all([
    timed('redis', async () => {
      const pong = await createRedis(config).ping();
      if (pong !== 'PONG') throw new Error('unexpected PING reply');
    }),
    timed('r2', () => env.ATTACHMENTS.head('readiness-probe')),
    timed('keys', async () => {
      if (!conn) throw new Error('no database');
      missing = await missingKeyIds(conn.client, config);
      if (missing.length > 0) throw new KeyIdsMissing();
    }),
  ]);
  await conn?.close().catch(() => undefined);
  // A binding cannot be probed without sending a message the consumer would have to drop.
  const queue: Check = typeof env.EVENTS?.send === 'function' ? { ok: true, latencyMs: 0 } : notBound();
  const checks = { postgres, redis, queue, r2, keys: { ...keys, missing } };
  const ready = Object.values(checks).every((c) => c.ok);
  return { status: ready ? 'ready' : 'not_ready', checks };
}

class KeyIdsMissing extends Error {
  override name = 'KeyIdsMissing';
}

const notBound = (): Check => ({ ok: false, latencyMs: 0, error: 'NotBound' });
