// The Queue consumer: each event goes through every handler that takes it, each handler's effect
// committed together with its processed marker (consumer name, event id), so a redelivered or
// duplicated event changes nothing the second time. Handlers group a batch's events (all of them by
// project) into one transaction, and skip those they can tell cannot matter. A failing event is
// retried with backoff and recorded in failed_events; after max_retries the Queue moves it to the
// dead-letter queue, whose consumer marks it dead-lettered for Managers to see and replay. Exports
// a Manager asked for are built here too (worker/privacy/export.ts), and delayed email
// notifications fall due here (worker/notifications/): a `notification.due` that fails is recorded
// and dead-lettered the same way (an email never sent is as much a lost effect as a handler's).
import { eq, inArray, sql } from 'drizzle-orm';
import { type OutboxEvent, type QueueMessage, queueMessage } from '../../contract/events.ts';
import type { NotificationKey } from '../../contract/notifications.ts';
import type { Tx } from '../../core/events/outbox.ts';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { currentTrace, errorFields, log, traceFrom, withLogContext } from '../../core/platform/log.ts';
import { metricsOf } from '../../core/platform/metrics.ts';
import { failedEvents } from '../../drizzle/schema/events.ts';
import { notificationDue } from '../notifications/due.ts';
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
 * transaction with its processed markers, so an event already applied by that handler is skipped
 * (a `replaySafe` handler's group runs without either: applying it again changes nothing).
 * A group that throws fails all its events (they are retried; the markers of the handlers that
 * succeeded keep those from running twice).
 *
 * With `deps.lend` the handlers run side by side, each on a connection of its own: they write
 * different tables and read none of what another writes in the same batch, so the batch takes as
 * long as its slowest handler instead of the sum of all (a Queue runs one batch at a time per
 * consumer locally, and the next batch waits for all of them).
 */
export async function processEvents(
  events: readonly OutboxEvent[],
  handlers: readonly EventHandler[],
  deps: HandlerDeps,
): Promise<BatchOutcome> {
  const afterCommit: AfterCommit[] = [];
  const failed = new Map<string, unknown>();
  const fail = (group: readonly OutboxEvent[], err: unknown) => {
    for (const e of group) if (!failed.has(e.id)) failed.set(e.id, err);
  };
  const run = async (handler: EventHandler, groups: readonly OutboxEvent[][], deps: HandlerDeps) => {
    for (const group of groups) {
      try {
        const candidates = handler.narrow ? await handler.narrow(group, deps) : group;
        if (candidates.length === 0) continue;
        // After-commit work is kept only once its effect has committed.
        const after = handler.replaySafe
          ? await handler.apply(deps.db, candidates, deps)
          : await deps.db.transaction(async (tx) => {
              const fresh = await markProcessed(tx, handler.name, candidates);
              const todo = candidates.filter((e) => fresh.has(e.id));
              return todo.length === 0 ? undefined : handler.apply(tx, todo, deps);
            });
        if (after) afterCommit.push(...(Array.isArray(after) ? after : [after]));
      } catch (err) {
        fail(group, err);
      }
    }
  };
  const work = handlers
    .map((handler) => ({ handler, groups: groupsOf(events, handler) }))
    .filter((w) => w.groups.length > 0);
  const { lend } = deps;
  if (!lend || work.length < 2) {
    for (const { handler, groups } of work) await run(handler, groups, deps);
  } else {
    await Promise.all(
      work.map(({ handler, groups }) =>
        // No connection to be had fails this handler's events, as a failing statement would.
        lend((db) => run(handler, groups, { ...deps, db })).catch((err: unknown) => {
          for (const group of groups) fail(group, err);
        }),
      ),
    );
  }
  return { afterCommit, failed };
}

/** The handler's groups of the batch's events: those it takes and that can matter, by its key. */
function groupsOf(events: readonly OutboxEvent[], handler: EventHandler): OutboxEvent[][] {
  const groups = new Map<string, OutboxEvent[]>();
  for (const event of events) {
    if (!handler.handles(event.type) || handler.matters?.(event) === false) continue;
    const key = handler.groupBy?.(event) ?? `event:${event.id}`;
    const group = groups.get(key);
    if (group) {
      if (!group.some((e) => e.id === event.id)) group.push(event);
    } else groups.set(key, [event]);
  }
  return [...groups.values()];
}

/**
 * Writes the handler's markers for `events` in one statement (two array parameters, whatever the
 * batch's size) and returns the ids that had none: the events still to apply.
 */
async function markProcessed(tx: Tx, consumer: string, events: readonly OutboxEvent[]): Promise<Set<string>> {
  const ids = events.map((e) => e.id);
  const marked = await tx.execute<{ event_id: string }>(sql`
    insert into processed_events (consumer, event_id)
    select ${consumer}, unnest(${sql.param(ids)}::uuid[])
    on conflict do nothing
    returning event_id`);
  return new Set(marked.rows.map((m) => m.event_id));
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
      await job?.().catch((err: unknown) => log.warn('after-commit work failed', errorFields(err)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, lane));
}

/** What failed_events keeps of a failed message: enough to list it and to send it again. */
interface Failure {
  eventId: string;
  projectId: string;
  type: string;
  /** The outbox event, or the whole Queue message for one that is not an event. */
  event: unknown;
}

const eventFailure = (event: OutboxEvent): Failure => ({
  eventId: event.id,
  projectId: event.projectId,
  type: event.type,
  event,
});

/**
 * A `notification.due` message has no event id; its notification key names it, so every copy and
 * retry of one notification is one row (a name-based UUID, version 8, of the key).
 */
export async function notificationFailureId(key: NotificationKey): Promise<string> {
  const name = `notification.due:${key.kind}:${key.recipientId}:${key.conversationId}`;
  const b = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name))).slice(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function notificationFailure(message: Extract<QueueMessage, { kind: 'notification.due' }>): Promise<Failure> {
  const { kind, notification } = message;
  return {
    eventId: await notificationFailureId(notification),
    projectId: notification.projectId,
    type: kind,
    event: { kind, notification },
  };
}

async function recordFailure(db: Db, failure: Failure, error: unknown, attempts: number, dead: boolean): Promise<void> {
  const lastError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
  await db
    .insert(failedEvents)
    .values({ ...failure, lastError, attempts, deadLetteredAt: dead ? sql`now()` : null })
    .onConflictDoUpdate({
      target: failedEvents.eventId,
      set: dead
        ? { deadLetteredAt: sql`now()`, attempts: sql`greatest(${failedEvents.attempts}, ${attempts})` }
        : { lastError, attempts, updatedAt: sql`now()` },
    });
}

/** The events a Queue message carries: none, one, or a pack (the relay's shape). */
function eventsOf(body: QueueMessage): readonly OutboxEvent[] {
  if (body.kind === 'event') return [body.event];
  if (body.kind === 'events') return body.events;
  return [];
}

export function isDeadLetterQueue(name: string): boolean {
  return name.endsWith('-dlq');
}

/**
 * Consumes a Queue batch on `db` when given (the EventConsumer object's warm connection:
 * worker/events/forward.ts), else on a connection of its own, closed at the end. With `lend`
 * (the object's pool) the handlers run side by side, each on a connection it lends (processEvents).
 */
export async function consumeBatch(
  batch: Pick<MessageBatch<unknown>, 'queue' | 'messages'>,
  env: Env,
  handlers: EventHandler[] = defaultHandlers,
  db?: Db,
  lend?: HandlerDeps['lend'],
): Promise<void> {
  const config = readConfig(env);
  const conn = db ? { db, close: async () => {} } : await connectDb(config);
  const deps: HandlerDeps = {
    db: conn.db,
    config,
    env,
    settings: eventSettings(env),
    queue: env.EVENTS as Queue<QueueMessage>,
    metrics: metricsOf(env),
    ...(lend ? { lend } : {}),
  };
  const dead = isDeadLetterQueue(batch.queue);
  try {
    const events: {
      message: Message<unknown>;
      event: OutboxEvent;
      requestId: string | undefined;
      /** A redelivery, or one event alone (a replay from Settings): a failed_events row may exist. */
      mayHaveFailed: boolean;
    }[] = [];
    for (const message of batch.messages) {
      const parsed = queueMessage.safeParse(message.body);
      if (!parsed.success) {
        // Not ours or corrupt: retrying cannot fix it. Logged without the body.
        log.error('dropping malformed queue message', { queue: batch.queue, queueMessageId: message.id });
        message.ack();
        continue;
      }
      const body: QueueMessage = parsed.data;
      if (dead) {
        // Exports mark themselves failed and webhook retries their delivery row: only events (one
        // or a pack) and notifications would otherwise vanish here.
        const failures =
          body.kind === 'notification.due' ? [await notificationFailure(body)] : eventsOf(body).map(eventFailure);
        for (const failure of failures) {
          await recordFailure(conn.db, failure, 'moved to the dead-letter queue', message.attempts, true);
          const { eventId, type: eventType, projectId } = failure;
          deps.metrics?.write({ metric: 'dead_letter', projectId, eventType });
          log.error('event dead-lettered', { eventId, eventType, projectId, attempt: message.attempts });
        }
        message.ack();
      } else if (body.kind === 'event' || body.kind === 'events') {
        const mayHaveFailed = message.attempts > 1 || body.kind === 'event';
        for (const event of eventsOf(body)) events.push({ message, event, requestId: body.requestId, mayHaveFailed });
      } else {
        // The retry's log lines carry the request id of the attempt that scheduled it.
        await withLogContext(traceFrom(body), async () => {
          try {
            if (body.kind === 'export') await buildExport({ db: conn.db, env, config }, body.exportId);
            else if (body.kind === 'notification.due') {
              const due = await notificationDue({ db: conn.db, env, config }, body.notification);
              // Came before its time: back on the Queue until then (not counted as a failure).
              if (due.outcome === 'early') {
                message.retry({ delaySeconds: due.retryInSeconds });
                return;
              }
              // Clears what an earlier failed attempt (or a dead letter now replayed) recorded.
              const failed = await notificationFailureId(body.notification);
              await conn.db.delete(failedEvents).where(eq(failedEvents.eventId, failed));
            } else await attemptDelivery(deps, body.deliveryId);
            message.ack();
          } catch (err) {
            const fields = {
              queue: batch.queue,
              queueMessageId: message.id,
              ...(body.kind === 'webhook.retry' ? { deliveryId: body.deliveryId } : {}),
              ...(body.kind === 'notification.due'
                ? { projectId: body.notification.projectId, conversationId: body.notification.conversationId }
                : {}),
              attempt: message.attempts,
              ...errorFields(err),
            };
            if (body.kind === 'export') log.error('export failed', fields);
            else if (body.kind === 'notification.due') {
              log.error('notification failed', fields);
              const failure = await notificationFailure(body);
              await recordFailure(conn.db, failure, err, message.attempts, false).catch(() => undefined);
            } else log.error('webhook retry failed', fields);
            message.retry({ delaySeconds: consumerRetryDelay(message.attempts) });
          }
        });
      }
    }
    if (events.length === 0) return;
    const outcome = await processEvents(
      events.map((e) => e.event),
      handlers,
      deps,
    );
    /** Events that succeeded now and may have a failed_events row from an earlier attempt. */
    const succeeded: string[] = [];
    // A Queue message carries one event or a pack: it is acked when all of them succeeded, and
    // retried whole otherwise (the processed markers skip the ones already applied).
    const retried = new Set<Message<unknown>>();
    for (const { message, event, requestId, mayHaveFailed } of events) {
      const err = outcome.failed.get(event.id);
      if (err === undefined) {
        if (mayHaveFailed) succeeded.push(event.id);
        continue;
      }
      retried.add(message);
      await recordFailure(conn.db, eventFailure(event), err, message.attempts, false).catch(() => undefined);
      log.error('event failed', {
        // The request that published the event, so its line sits with the ones that caused it.
        requestId: traceFrom({ requestId: requestId ?? currentTrace().requestId }).requestId,
        queue: batch.queue,
        queueMessageId: message.id,
        eventId: event.id,
        eventType: event.type,
        projectId: event.projectId,
        attempt: message.attempts,
        ...errorFields(err),
      });
    }
    for (const message of new Set(events.map((e) => e.message))) {
      if (retried.has(message)) message.retry({ delaySeconds: consumerRetryDelay(message.attempts) });
      else message.ack();
    }
    measureLag(deps, batch.queue, events, outcome.failed.size);
    // Clears what earlier failed attempts of these events recorded. A first delivery of a pack has
    // none (failures are recorded before the retry), so the usual batch skips the statement.
    if (succeeded.length > 0) await conn.db.delete(failedEvents).where(inArray(failedEvents.eventId, succeeded));
    await runAfterCommit(outcome.afterCommit);
  } finally {
    await conn.close();
  }
}

/** Queue lag of a batch: from each event's commit (its outbox row's created_at) to now. */
function measureLag(deps: HandlerDeps, queue: string, events: readonly { event: OutboxEvent }[], failed: number): void {
  const now = Date.now();
  let lagMaxMs = 0;
  let lagSumMs = 0;
  for (const { event } of events) {
    const lag = Math.max(0, now - Date.parse(event.createdAt));
    lagMaxMs = Math.max(lagMaxMs, lag);
    lagSumMs += lag;
  }
  deps.metrics?.write({ metric: 'queue_batch', queue, events: events.length, lagMaxMs, lagSumMs, failed });
}
