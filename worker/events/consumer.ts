// The Queue consumer: each event goes through every handler that takes it, each handler's effect
// committed together with its processed marker (consumer name, event id), so a redelivered or
// duplicated event changes nothing the second time. A failing event is retried with backoff and
// recorded in failed_events; after max_retries the Queue moves it to the dead-letter queue,
// whose consumer marks it dead-lettered for Managers to see and replay.
import { eq, sql } from 'drizzle-orm';
import { failedEvents, processedEvents } from '../../drizzle/schema/events.ts';
import { readConfig } from '../config.ts';
import { connectDb, type Db } from '../lib/db.ts';
import { type OutboxEvent, type QueueMessage, queueMessage } from './catalogue.ts';
import { defaultHandlers } from './handlers/index.ts';
import type { EventHandler, HandlerDeps } from './handlers/types.ts';
import { consumerRetryDelay, eventSettings } from './settings.ts';
import { attemptDelivery } from './webhooks/deliver.ts';

/** Applies the event's effects; returns the after-commit work (HTTP, notifications) still to run. */
export async function processEvent(
  event: OutboxEvent,
  handlers: EventHandler[],
  deps: HandlerDeps,
): Promise<(() => Promise<void>)[]> {
  const afterCommit: (() => Promise<void>)[] = [];
  for (const handler of handlers) {
    if (!handler.handles(event.type)) continue;
    await deps.db.transaction(async (tx) => {
      const fresh = await tx
        .insert(processedEvents)
        .values({ consumer: handler.name, eventId: event.id })
        .onConflictDoNothing()
        .returning({ eventId: processedEvents.eventId });
      if (fresh.length === 0) return;
      const after = await handler.apply(tx, event, deps);
      if (after) afterCommit.push(after);
    });
  }
  return afterCommit;
}

/**
 * After-commit work runs with bounded concurrency once the batch's effects are committed. Its
 * failures do not fail the event: what it does is recorded in Postgres first (a pending webhook
 * delivery) and the sweep finishes it.
 */
async function runAfterCommit(work: (() => Promise<void>)[], concurrency = 8): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < work.length) {
      const job = work[next++];
      await job?.().catch((err: unknown) => console.error(`after-commit work failed: ${String(err)}`));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, lane));
}

async function recordFailure(
  db: Db,
  event: OutboxEvent,
  error: unknown,
  attempts: number,
  dead: boolean,
): Promise<void> {
  const lastError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
  await db
    .insert(failedEvents)
    .values({
      eventId: event.id,
      projectId: event.projectId,
      type: event.type,
      event,
      lastError,
      attempts,
      deadLetteredAt: dead ? sql`now()` : null,
    })
    .onConflictDoUpdate({
      target: failedEvents.eventId,
      set: dead
        ? { deadLetteredAt: sql`now()`, attempts: sql`greatest(${failedEvents.attempts}, ${attempts})` }
        : { lastError, attempts, updatedAt: sql`now()` },
    });
}

export function isDeadLetterQueue(name: string): boolean {
  return name.endsWith('-dlq');
}

export async function consumeBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  handlers: EventHandler[] = defaultHandlers,
): Promise<void> {
  const config = readConfig(env);
  const conn = await connectDb(config);
  const deps: HandlerDeps = {
    db: conn.db,
    config,
    env,
    settings: eventSettings(env),
    queue: env.EVENTS as Queue<QueueMessage>,
  };
  const dead = isDeadLetterQueue(batch.queue);
  const afterCommit: (() => Promise<void>)[] = [];
  try {
    for (const message of batch.messages) {
      const parsed = queueMessage.safeParse(message.body);
      if (!parsed.success) {
        // Not ours or corrupt: retrying cannot fix it. Logged without the body.
        console.error(`queue ${batch.queue}: dropping malformed message ${message.id}`);
        message.ack();
        continue;
      }
      const body: QueueMessage = parsed.data;
      if (dead) {
        if (body.kind === 'event')
          await recordFailure(conn.db, body.event, 'moved to the dead-letter queue', message.attempts, true);
        message.ack();
        continue;
      }
      try {
        if (body.kind === 'event') {
          afterCommit.push(...(await processEvent(body.event, handlers, deps)));
          await conn.db.delete(failedEvents).where(eq(failedEvents.eventId, body.event.id));
        } else {
          await attemptDelivery(deps, body.deliveryId);
        }
        message.ack();
      } catch (err) {
        if (body.kind === 'event') {
          await recordFailure(conn.db, body.event, err, message.attempts, false).catch(() => undefined);
        }
        console.error(`queue ${batch.queue}: message ${message.id} failed (attempt ${message.attempts})`);
        message.retry({ delaySeconds: consumerRetryDelay(message.attempts) });
      }
    }
    await runAfterCommit(afterCommit);
  } finally {
    await conn.close();
  }
}
