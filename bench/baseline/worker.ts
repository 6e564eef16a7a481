// The classic design's worker process for the baseline: an outbox relay (poll unpublished rows
// with SKIP LOCKED, publish them to a Redis stream, mark them published, one transaction) and an
// idempotent consumer (a stream consumer group; records each event id once and keeps the
// conversation's denormalized last message). BullMQ is not installed; a Redis stream consumer
// group costs the same Redis round trips per batch as a BullMQ queue.
// Environment: DATABASE_URL, REDIS_URL, REDIS_PREFIX.
import { Redis } from 'ioredis';
import pg from 'pg';
import { exitWithParent } from '../lib/orphan.ts';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.REDIS_PREFIX ?? 'baseline:';
if (!databaseUrl) {
  console.error('baseline worker: DATABASE_URL is required');
  process.exit(2);
}
const STREAM = `${prefix}events`;
const GROUP = 'consumers';
const BATCH = 500;
const IDLE_POLL_MS = 50;

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
pool.on('error', (err) => console.error(`baseline worker: pg pool: ${err.message}`));
const redis = new Redis(redisUrl);
const blocking = redis.duplicate();
let stopping = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OutboxRow {
  id: string;
  type: string;
  payload: unknown;
}

async function relayOnce(): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const rows = await client.query<OutboxRow>(
      `select id, type, payload from outbox_events where published_at is null
       order by position limit ${BATCH} for update skip locked`,
    );
    if (rows.rows.length > 0) {
      const pipeline = redis.pipeline();
      for (const row of rows.rows)
        pipeline.xadd(STREAM, '*', 'id', row.id, 'type', row.type, 'payload', JSON.stringify(row.payload));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
      await client.query('update outbox_events set published_at = clock_timestamp() where id = any($1::uuid[])', [
        rows.rows.map((r) => r.id),
      ]);
    }
    await client.query('commit');
    return rows.rows.length;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function relayLoop(): Promise<void> {
  while (!stopping) {
    try {
      const n = await relayOnce();
      if (n < BATCH) await sleep(IDLE_POLL_MS);
    } catch (err) {
      console.error(`baseline worker: relay: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(500);
    }
  }
}

interface EventMessage {
  id: string;
  payload: { conversationId: string; body: string; createdAt: string; seq: number };
}

type StreamReply = [string, [string, string[]][]][] | null;

function parseEntries(reply: StreamReply): { streamIds: string[]; events: EventMessage[] } {
  const streamIds: string[] = [];
  const events: EventMessage[] = [];
  for (const [, entries] of reply ?? []) {
    for (const [streamId, fields] of entries) {
      streamIds.push(streamId);
      const get = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
      events.push({ id: get('id'), payload: JSON.parse(get('payload')) as EventMessage['payload'] });
    }
  }
  return { streamIds, events };
}

async function consume(events: EventMessage[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const fresh = await client.query<{ event_id: string }>(
      `insert into processed_events (event_id, consumed_at) select unnest($1::uuid[]), clock_timestamp()
       on conflict do nothing returning event_id`,
      [events.map((e) => e.id)],
    );
    const freshIds = new Set(fresh.rows.map((r) => r.event_id));
    // Denormalize: the newest message of each conversation in this batch.
    const latest = new Map<string, EventMessage['payload']>();
    for (const e of events) {
      if (!freshIds.has(e.id)) continue;
      const seen = latest.get(e.payload.conversationId);
      if (!seen || seen.seq < e.payload.seq) latest.set(e.payload.conversationId, e.payload);
    }
    for (const p of latest.values()) {
      await client.query(
        `update conversations set last_message_at = $2, last_message_preview = left($3, 140)
         where id = $1 and (last_message_at is null or last_message_at <= $2)`,
        [p.conversationId, p.createdAt, p.body],
      );
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function consumerLoop(): Promise<void> {
  await redis.xgroup('CREATE', STREAM, GROUP, '0', 'MKSTREAM').catch((err: unknown) => {
    if (!(err instanceof Error && err.message.includes('BUSYGROUP'))) throw err;
  });
  while (!stopping) {
    try {
      const reply = (await blocking.xreadgroup(
        'GROUP',
        GROUP,
        'c1',
        'COUNT',
        BATCH,
        'BLOCK',
        1000,
        'STREAMS',
        STREAM,
        '>',
      )) as StreamReply;
      const { streamIds, events } = parseEntries(reply);
      if (events.length === 0) continue;
      await consume(events);
      await redis.xack(STREAM, GROUP, ...streamIds);
    } catch (err) {
      console.error(`baseline worker: consumer: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(500);
    }
  }
}

async function main(): Promise<void> {
  console.log(`baseline worker: relay and consumer running (pid ${process.pid})`);
  await Promise.all([relayLoop(), consumerLoop()]);
  await pool.end().catch(() => undefined);
  redis.disconnect();
  blocking.disconnect();
  finished();
}

let finished: () => void = () => undefined;
const done = new Promise<void>((resolve) => {
  finished = resolve;
});
exitWithParent(async () => {
  stopping = true;
  await done;
});
main().catch((err: unknown) => {
  console.error(`baseline worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
