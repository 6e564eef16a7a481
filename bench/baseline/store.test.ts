// The baseline's message write against the real Postgres: gapless seqs when two pools (the two
// gateway processes) write one conversation at once, one outbox row per message, idempotent
// retries that burn no seq, and tenancy on the conversation row.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBaselineDatabase, dropDatabase } from './schema.ts';
import { appendMessage, type MessageInput } from './store.ts';

const name = `parley_test_base_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
let pools: pg.Pool[] = [];
const projectId = randomUUID();
const conversationId = randomUUID();

beforeAll(async () => {
  const url = await createBaselineDatabase(inject('databaseUrl'), name);
  pools = [new pg.Pool({ connectionString: url, max: 4 }), new pg.Pool({ connectionString: url, max: 4 })];
  // The forced drop in afterAll may still find an idle client closing: its 57P01 is expected, not a
  // failure (unhandled, it failed the whole run once).
  for (const pool of pools) pool.on('error', () => {});
  await pools[0]?.query('insert into conversations (id, project_id) values ($1, $2)', [conversationId, projectId]);
});
afterAll(async () => {
  // pg's Pool.end resolves before its connections have closed, so the forced drop below may still
  // terminate some (57P01): part of the teardown, not a failure of the test.
  for (const p of pools) p.on('error', () => undefined);
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase(inject('databaseUrl'), name);
});

const input = (clientId: string, over: Partial<MessageInput> = {}): MessageInput => ({
  conversationId,
  projectId,
  clientId,
  authorKind: 'visitor',
  authorId: 'v1',
  body: `hello ${clientId}`,
  ...over,
});

describe('appendMessage', () => {
  it('gives 1..n without gaps or repeats when two processes write one conversation concurrently', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendMessage(pools[i % 2] as pg.Pool, input(`c${i}`))),
    );
    const seqs = results.map((r) => (r.kind === 'created' ? r.message.seq : -1)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const outbox = await pools[0]?.query<{ n: string }>(
      `select count(*) as n from outbox_events where aggregate_id = $1 and type = 'message.created'`,
      [conversationId],
    );
    expect(Number(outbox?.rows[0]?.n)).toBe(40);
  });

  it('answers a retry with the original seq and burns no seq', async () => {
    const first = await appendMessage(pools[0] as pg.Pool, input('retry-me'));
    const again = await Promise.all([
      appendMessage(pools[0] as pg.Pool, input('retry-me')),
      appendMessage(pools[1] as pg.Pool, input('retry-me')),
    ]);
    expect(first.kind).toBe('created');
    const seq = first.kind === 'created' ? first.message.seq : 0;
    for (const r of again) expect(r).toMatchObject({ kind: 'duplicate', message: { seq, clientId: 'retry-me' } });
    const next = await appendMessage(pools[1] as pg.Pool, input('after-retry'));
    expect(next.kind === 'created' ? next.message.seq : 0).toBe(seq + 1);
  });

  it('refuses a conversation of another project without writing anything', async () => {
    const r = await appendMessage(pools[0] as pg.Pool, input('other-tenant', { projectId: randomUUID() }));
    expect(r.kind).toBe('not_found');
    const rows = await pools[0]?.query(`select 1 from messages where client_id = 'other-tenant'`);
    expect(rows?.rowCount).toBe(0);
  });
});
