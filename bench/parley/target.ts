// Parley as a benchmark target: its driver, provisioner, processes and outbox probe.
import { adminQuery } from '../../local/admin-query.ts';
import { ParleyDriver } from '../drivers/parley.ts';
import { dbCounterSource } from '../lib/db-counters.ts';
import { type OutboxProbe, type OutboxRowTimes, outboxLags, type TargetHandle } from '../target.ts';
import { ParleyProvisioner } from './provision.ts';
import type { ParleyStack } from './stack.ts';

/**
 * S4's events are all `message.created`, which two of the consumer's handlers mark every time
 * (`conversations` and `webhooks`, worker/events/handlers/index.ts); `notifications` marks only
 * those that call for an email, and S4's (anonymous visitors, nobody assigned) call for none.
 */
const HANDLERS_PER_EVENT = 2;

/**
 * Reads progress from outbox_events.published_at (the relay) and processed_events (the Queue
 * consumer's idempotency markers, one per handler and event: an event counts as consumed when the
 * last of its handlers has committed).
 */
export function outboxProbe(databaseUrl: string): OutboxProbe {
  const consumedSql = `(select case when count(*) >= ${HANDLERS_PER_EVENT} then max(processed_at) end
    from processed_events p where p.event_id = o.id)`;
  return {
    async unavailable() {
      const [row] = await adminQuery<{ exists: boolean }>(
        databaseUrl,
        `select to_regclass('public.processed_events') is not null as exists`,
        [],
      );
      return row?.exists
        ? null
        : 'the outbox relay and Queue consumer (events issue) are not in this build: no processed_events table';
    },
    async counts(since) {
      const [r] = await adminQuery<{ total: string; published: string; consumed: string }>(
        databaseUrl,
        `select count(*) as total, count(published_at) as published, count(${consumedSql}) as consumed
         from outbox_events o where created_at >= $1`,
        [since],
      );
      return { total: Number(r?.total ?? 0), published: Number(r?.published ?? 0), consumed: Number(r?.consumed ?? 0) };
    },
    async lags(since) {
      const rows = await adminQuery<OutboxRowTimes>(
        databaseUrl,
        `select extract(epoch from created_at) * 1000 as created, extract(epoch from published_at) * 1000 as published,
           extract(epoch from ${consumedSql}) * 1000 as consumed
         from outbox_events o where created_at >= $1`,
        [since],
      );
      return outboxLags(rows);
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
    dbCounters: dbCounterSource(stack.databaseUrl, async () => {
      const stats = (await stack.poolerStats()) as { statements?: number };
      return typeof stats.statements === 'number' ? stats.statements : null;
    }),
  };
}
