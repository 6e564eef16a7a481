// The cron sweep: publishes outbox rows a crash left behind (invariant 6), retries webhook
// deliveries that are due (a lost retry message only delays them), and prunes old rows in
// bounded batches.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import { relayOutbox } from '../../core/events/relay.ts';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb } from '../../core/platform/db.ts';
import { metricsOf } from '../../core/platform/metrics.ts';
import { processedEvents, webhookDeliveries } from '../../drizzle/schema/events.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import { eventSettings } from './settings.ts';
import { attemptDelivery } from './webhooks/deliver.ts';

const PRUNE_BATCH = 5000;

export interface SweepResult {
  published: number;
  deliveriesAttempted: number;
  prunedOutbox: number;
  prunedMarkers: number;
}

export async function sweep(env: Env): Promise<SweepResult> {
  const config = readConfig(env);
  const settings = eventSettings(env);
  const queue = env.EVENTS as Queue<QueueMessage>;
  const { published } = await relayOutbox(config, queue, 100);
  const conn = await connectDb(config);
  try {
    const db = conn.db;
    const due = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(50);
    const metrics = metricsOf(env);
    for (const { id } of due) await attemptDelivery({ db, config, settings, queue, metrics }, id);

    const prunedOutbox = await db.execute(sql`
      delete from ${outboxEvents} where id in (
        select id from ${outboxEvents}
        where published_at < now() - make_interval(days => ${settings.outboxRetentionDays})
        limit ${PRUNE_BATCH})`);
    const prunedMarkers = await db.execute(sql`
      delete from ${processedEvents} where (consumer, event_id) in (
        select consumer, event_id from ${processedEvents}
        where processed_at < now() - make_interval(days => ${settings.processedRetentionDays})
        limit ${PRUNE_BATCH})`);
    return {
      published,
      deliveriesAttempted: due.length,
      prunedOutbox: prunedOutbox.rowCount ?? 0,
      prunedMarkers: prunedMarkers.rowCount ?? 0,
    };
  } finally {
    await conn.close();
  }
}
