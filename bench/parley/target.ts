// Parley as a benchmark target: its driver, provisioner, processes and outbox probe.
import pg from 'pg';
import { ParleyDriver } from '../drivers/parley.ts';
import type { OutboxProbe, TargetHandle } from '../target.ts';
import { ParleyProvisioner } from './provision.ts';
import type { ParleyStack } from './stack.ts';

async function query<R extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * S4's events are all `message.created`, which both of the consumer's handlers take
 * (`conversations` and `webhooks`, worker/events/handlers/index.ts).
 */
const HANDLERS_PER_EVENT = 2;

/**
 * Reads progress from outbox_events.published_at (the relay) and processed_events (the Queue
 * consumer's idempotency markers, one per handler and event: an event counts as consumed when the
 * last of its handlers has committed).
 */
function outboxProbe(databaseUrl: string): OutboxProbe {
  const consumedSql = `(select case when count(*) >= ${HANDLERS_PER_EVENT} then max(processed_at) end
    from processed_events p where p.event_id = o.id)`;
  return {
    async unavailable() {
      const [row] = await query<{ exists: boolean }>(
        databaseUrl,
        `select to_regclass('public.processed_events') is not null as exists`,
        [],
      );
      return row?.exists
        ? null
        : 'the outbox relay and Queue consumer (events issue) are not in this build: no processed_events table';
    },
    async counts(since) {
      const [r] = await query<{ total: string; published: string; consumed: string }>(
        databaseUrl,
        `select count(*) as total, count(published_at) as published, count(${consumedSql}) as consumed
         from outbox_events o where created_at >= $1`,
        [since],
      );
      return { total: Number(r?.total ?? 0), published: Number(r?.published ?? 0), consumed: Number(r?.consumed ?? 0) };
    },
    async lags(since) {
      const rows = await query<{ created: string; published: string | null; consumed: string | null }>(
        databaseUrl,
        `select extract(epoch from created_at) * 1000 as created, extract(epoch from published_at) * 1000 as published,
           extract(epoch from ${consumedSql}) * 1000 as consumed
         from outbox_events o where created_at >= $1`,
        [since],
      );
      const published: number[] = [];
      const consumed: number[] = [];
      let firstCreated = Number.POSITIVE_INFINITY;
      let lastPublished = 0;
      let lastConsumed = 0;
      for (const r of rows) {
        const created = Number(r.created);
        firstCreated = Math.min(firstCreated, created);
        if (r.published !== null) {
          published.push(Number(r.published) - created);
          lastPublished = Math.max(lastPublished, Number(r.published));
        }
        if (r.consumed !== null) {
          consumed.push(Number(r.consumed) - created);
          lastConsumed = Math.max(lastConsumed, Number(r.consumed));
        }
      }
      return { published, consumed, firstCreated, lastPublished, lastConsumed };
    },
  };
}

export function parleyTarget(stack: ParleyStack, description: string): TargetHandle {
  return {
    name: 'parley',
    description,
    driver: new ParleyDriver(stack.urls),
    provisioner: new ParleyProvisioner(stack.url, stack.databaseUrl, stack.authJwtKeys),
    runtimePids: () => stack.runtimePids(),
    supportPids: () => stack.supportPids(),
    restart: () => stack.restart(),
    outbox: outboxProbe(stack.databaseUrl),
  };
}
