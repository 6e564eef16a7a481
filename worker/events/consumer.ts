// The Queue consumer: each event goes through every handler that takes it, each handler's effect
// committed together with its processed marker (consumer name, event id), so a redelivered or
// duplicated event changes nothing the second time. Handlers may group a batch's events (by
// conversation, by project) into one transaction. A failing event is retried with backoff and
// recorded in failed_events; after max_retries the Queue moves it to the dead-letter queue,
// whose consumer marks it dead-lettered for Managers to see and replay. Exports a Manager asked
// for are built here too (worker/privacy/export.ts).
import { inArray, sql } from 'drizzle-orm';
import { type OutboxEvent, type QueueMessage, queueMessage } from '../../contract/events.ts';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { failedEvents, processedEvents } from '../../drizzle/schema/events.ts';
import { buildExport } from '../privacy/export.ts';
import { defaultHandlers } from './handlers/index.ts';
import type { AfterCommit, EventHandler, HandlerDeps } from './handlers/types.ts';
import { consumerRetryDelay, eventSettings } from './settings.ts';
import { attemptDelivery } from './webhooks/deliver.ts';

/** What one batch's events did: after-commit work, and the events that failed (with why). */
export interface BatchOutcome {
  afterCommit: AfterCommit[];
  failed: Map<string, unknown>;
}

/**
 * Applies the events' effects, handler by handler: each group (see EventHandler.groupBy) in one
 * transaction with its processed markers, so an event already applied by that handler is skipped.
 * A group that throws fails all its events (they are retried; the markers of the handlers that
 * succeeded keep those from running twice).
 */
export async function processEvents(
  events: readonly OutboxEvent[],
  handlers: readonly EventHandler[],
  deps: HandlerDeps,
): Promise<BatchOutcome> {
  const afterCommit: AfterCommit[] = [];
  const failed = new Map<string, unknown>();
  for (const handler of handlers) {
    const groups = new Map<string, OutboxEvent[]>();
    for (const event of events) {
      if (!handler.handles(event.type)) continue;
      const key = handler.groupBy?.(event) ?? `event:${event.id}`;
      const group = groups.get(key);
      if (group) {
        if (!group.some((e) => e.id === event.id)) group.push(event);
      } else groups.set(key, [event]);
    }
    for (const group of groups.values()) {
      try {
        await deps.db.transaction(async (tx) => {
          const marked = await tx
            .insert(processedEvents)
            .values(group.map((e) => ({ consumer: handler.name, eventId: e.id })))
            .onConflictDoNothing()
            .returning({ eventId: processedEvents.eventId });
          const fresh = new Set(marked.map((m) => m.eventId));
          const todo = group.filter((e) => fresh.has(e.id));
          if (todo.length === 0) return;
          const after = await handler.apply(tx, todo, deps);
          if (after) afterCommit.push(...(Array.isArray(after) ? after : [after]));
        });
      } catch (err) {
        for (const e of group) if (!failed.has(e.id)) failed.set(e.id, err);
      }
    }
  }
  return { afterCommit, failed };
}

/**
 * After-commit work runs with bounded concurrency once the batch's effects are committed. Its
 * failures do not fail the event: what it does is recorded in Postgres first (a pending webhook
 * delivery) and the sweep finishes it.
 */
async function runAfterCommit(work: AfterCommit[], concurrency = 8): Promise<void> {
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
  try {
    const events: { message: Message<unknown>; event: OutboxEvent }[] = [];
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
      } else if (body.kind === 'event') {
        events.push({ message, event: body.event });
      } else {
        try {
          if (body.kind === 'export') await buildExport({ db: conn.db, env, config }, body.exportId);
          else await attemptDelivery(deps, body.deliveryId);
          message.ack();
        } catch {
          console.error(`queue ${batch.queue}: message ${message.id} failed (attempt ${message.attempts})`);
          message.retry({ delaySeconds: consumerRetryDelay(message.attempts) });
        }
      }
    }
    if (events.length === 0) return;
    const outcome = await processEvents(
      events.map((e) => e.event),
      handlers,
      deps,
    );
    const succeeded: string[] = [];
    for (const { message, event } of events) {
      const err = outcome.failed.get(event.id);
      if (err === undefined) {
        succeeded.push(event.id);
        message.ack();
        continue;
      }
      await recordFailure(conn.db, event, err, message.attempts, false).catch(() => undefined);
      console.error(`queue ${batch.queue}: message ${message.id} failed (attempt ${message.attempts})`);
      message.retry({ delaySeconds: consumerRetryDelay(message.attempts) });
    }
    // Clears what earlier failed attempts of these events recorded (usually nothing).
    if (succeeded.length > 0) await conn.db.delete(failedEvents).where(inArray(failedEvents.eventId, succeeded));
    await runAfterCommit(outcome.afterCommit);
  } finally {
    await conn.close();
  }
}
