// One statement on its own short-lived connection: creating, migrating and dropping the
// per-run databases of the test suites and the bench, and the rows the end-to-end tests and the
// bench write straight into Postgres (agents, sessions) where the API would be slow or beside the point.
import { createRequire } from 'node:module';
import type { QueryResultRow } from 'pg';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

export async function adminQuery<R extends QueryResultRow = QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
