// The outbox relay: claims unpublished rows oldest first (FOR UPDATE SKIP LOCKED, so concurrent
// relays never claim the same row), sends them to the Queue and marks them published, in one
// transaction per batch. A crash after sendBatch but before commit re-sends: at-least-once, and
// consumers are idempotent by event id.
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import type { Config } from '../platform/config.ts';
import { connectDb, type Db } from '../platform/db.ts';
import { currentTrace } from '../platform/log.ts';

/** Cloudflare Queues accept at most 100 messages per sendBatch. */
export const RELAY_BATCH = 100;

export interface RelayResult {
  published: number;
  batches: number;
  /** Stopped at maxBatches with rows possibly left: call again. */
  full: boolean;
}

/**
 * Claims and marks in one statement: the UPDATE takes the rows (SKIP LOCKED) and sets published_at
 * inside the transaction, the Queue send follows, and the commit makes the mark true — a failed send
 * rolls the mark back. (It was a SELECT … FOR UPDATE and a second UPDATE: a statement more per round.)
 */
export async function relayBatch(db: Db, queue: Queue, limit = RELAY_BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = tx
      .select({ id: outboxEvents.id })
      .from(outboxEvents)
      .where(isNull(outboxEvents.publishedAt))
      .orderBy(asc(outboxEvents.position))
      .limit(limit)
      .for('update', { skipLocked: true });
    const marked = await tx
      .update(outboxEvents)
      .set({ publishedAt: sql`now()`, attempts: sql`${outboxEvents.attempts} + 1` })
      .where(inArray(outboxEvents.id, claimed))
      .returning();
    // RETURNING has no order: the Queue gets them oldest first, as before.
    const rows = marked.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    if (rows.length === 0) return 0;
    // The relaying invocation's request id: usually the request (or room call) that committed them.
    const { requestId } = currentTrace();
    const messages: MessageSendRequest<QueueMessage>[] = rows.map((row) => ({
      body: {
        kind: 'event',
        event: {
          id: row.id,
          projectId: row.projectId,
          type: row.type,
          aggregateType: row.aggregateType,
          aggregateId: row.aggregateId,
          payload: row.payload as Record<string, unknown>,
          createdAt: row.createdAt.toISOString(),
        },
        requestId,
      },
      contentType: 'json',
    }));
    await queue.sendBatch(messages);
    return rows.length;
  });
}

/** Drains what is unpublished now, batch after batch, within a bound so one call cannot run forever. */
export async function relayWith(db: Db, queue: Queue, maxBatches = 20): Promise<RelayResult> {
  let published = 0;
  let batches = 0;
  let full = false;
  while (batches < maxBatches) {
    const n = await relayBatch(db, queue);
    if (n === 0) break;
    published += n;
    batches++;
    full = n === RELAY_BATCH && batches === maxBatches;
    if (n < RELAY_BATCH) break;
  }
  return { published, batches, full };
}

/** relayWith on a connection of its own. */
export async function relayOutbox(config: Config, queue: Queue, maxBatches = 20): Promise<RelayResult> {
  const conn = await connectDb(config);
  try {
    return await relayWith(conn.db, queue, maxBatches);
  } finally {
    await conn.close();
  }
}
