// The embedded Postgres of `npm run dev` (and of test runs without a machine Postgres) starts with
// room for a small load test: 300 connections, not Postgres's default 100.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { adminQuery } from './admin-query.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { unusedPort } from './reachable.ts';

it('starts with max_connections = 300', async () => {
  // Not made here: the server runs as its own OS user when the tests run as root, and creates it.
  const dir = join(tmpdir(), `parley-embedded-test-${randomBytes(4).toString('hex')}`);
  const db = await startEmbeddedPostgres(dir, await unusedPort());
  try {
    const [row] = await adminQuery<{ max_connections: string }>(db.url, 'show max_connections');
    expect(row?.max_connections).toBe('300');
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
