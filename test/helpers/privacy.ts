// Looking for a person's data everywhere it could be, for the erasure and retention tests: every
// table of the database searched by row text, an R2 prefix listed, a Durable Object's own storage
// (its SQLite tables, key-value pairs and alarm) read from inside it.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from './db.ts';

/** Every table of the application's schema (drizzle's own bookkeeping lives in another schema). */
async function tables(): Promise<string[]> {
  const rows = await sql<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return rows.map((r) => r.name);
}

/** Each table with the rows (as text) that contain `needle` anywhere: a name, an email, a message, an id. */
export async function rowsContaining(needle: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const table of await tables()) {
    const rows = await sql<{ row: string }>(`select x::text as row from "${table}" x where x::text ilike $1`, [
      `%${needle}%`,
    ]);
    if (rows.length > 0) found[table] = rows.map((r) => r.row);
  }
  return found;
}

/** The tables that hold `needle` somewhere. */
export async function tablesContaining(needle: string): Promise<string[]> {
  return Object.keys(await rowsContaining(needle));
}

/** Keys of the attachments bucket under `prefix`. */
export async function r2Keys(prefix: string): Promise<string[]> {
  const listed = await env.ATTACHMENTS.list({ prefix });
  return listed.objects.map((o) => o.key);
}

export interface DurableStorage {
  /** Rows per SQLite table of the object's own (not the runtime's `_cf_` tables). */
  rows: Record<string, number>;
  kvKeys: string[];
  alarm: number | null;
}

/** What a Durable Object keeps, read from inside it. */
export function storageOf(stub: DurableObjectStub): Promise<DurableStorage> {
  return runInDurableObject(stub, async (_instance, state) => {
    const names = state.storage.sql
      .exec<{ name: string }>(
        "select name from sqlite_master where type = 'table' and name not like '\\_cf\\_%' escape '\\' and name not like 'sqlite\\_%' escape '\\'",
      )
      .toArray();
    const rows: Record<string, number> = {};
    for (const { name } of names) {
      rows[name] = state.storage.sql.exec<{ n: number }>(`select count(*) as n from "${name}"`).one().n;
    }
    return {
      rows,
      kvKeys: [...state.storage.kv.list()].map(([key]) => key),
      alarm: await state.storage.getAlarm(),
    };
  });
}

/** True when the object keeps nothing: no rows in any table, no key, no alarm. */
export const isEmpty = (s: DurableStorage) =>
  Object.values(s.rows).every((n) => n === 0) && s.kvKeys.length === 0 && s.alarm === null;
