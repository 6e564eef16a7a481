// The test run's Postgres, directly: to arrange what no route makes and to check what a request
// stored. Tests run outside any request, so each use opens (and closes) its own connection.
import { env } from 'cloudflare:workers';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';

/** The Worker's configuration under test (keyrings, URLs). */
export const config = () => readConfig(env);

export async function withDb<T>(fn: (conn: DbConnection) => Promise<T>): Promise<T> {
  const conn = await connectDb(config());
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

/** One SQL statement, its rows. */
export function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return withDb(async ({ client }) => (await client.query(text, params)).rows as T[]);
}
