// The outbox relay: claims unpublished rows oldest first (FOR UPDATE SKIP LOCKED, so concurrent
// relays never claim the same row), sends them to the Queue packed several to a message, and marks
// them published, in one transaction per batch. A crash after sendBatch but before commit re-sends: at-least-once, and
// consumers are idempotent by event id.
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { type OutboxEvent, PACK_MAX_EVENTS, type QueueMessage } from '../../contract/events.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import type { Config } from '../platform/config.ts';
import { connectDb, type Db, prepareNamed } from '../platform/db.ts';
import { currentTrace } from '../platform/log.ts';

/** Rows one round claims (and sends in one transaction). */
export const RELAY_BATCH = 500;
/**
 * Cloudflare Queues take at most 100 messages and 256 KB per sendBatch, 128 KB per message, and
 * 5,000 messages a second per queue: the relay packs up to PACK_MAX_EVENTS events into a message
 * (a message per event would meet the per-queue rate at 5,000 events a second). Bytes are kept
 * under the limits with room for the envelope.
 */
const SEND_BATCH_MESSAGES = 100;
const SEND_BATCH_BYTES = 240_000;
const MESSAGE_BYTES = 110_000;

const encoder = new TextEncoder();

/**
 * Packs events, in order, into messages of at most PACK_MAX_EVENTS events and MESSAGE_BYTES, and
 * the messages into sendBatch calls within the Queue's limits. An event is never split: one alone
 * over MESSAGE_BYTES (none is: a message body is capped far below) still travels, alone.
 */
export function packEvents<T>(events: readonly T[]): T[][][] {
  const calls: T[][][] = [];
  let call: T[][] = [];
  let callBytes = 0;
  let pack: T[] = [];
  let packBytes = 0;
  const closeCall = () => {
    if (call.length > 0) calls.push(call);
    call = [];
    callBytes = 0;
  };
  const closePack = () => {
    if (pack.length === 0) return;
    if (call.length === SEND_BATCH_MESSAGES || callBytes + packBytes > SEND_BATCH_BYTES) closeCall();
    call.push(pack);
    callBytes += packBytes;
    pack = [];
    packBytes = 0;
  };
  for (const event of events) {
    const bytes = encoder.encode(JSON.stringify(event)).length + 1;
    if (pack.length === PACK_MAX_EVENTS || (pack.length > 0 && packBytes + bytes > MESSAGE_BYTES)) closePack();
    pack.push(event);
    packBytes += bytes;
  }
  closePack();
  closeCall();
  return calls;
}

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
    // Named (the limit is a parameter: one text): parsed once per backend, not every round.
    const marked = await prepareNamed(claimStatement(tx, limit)).execute();
    // RETURNING has no order: the Queue gets them oldest first, as before.
    const rows = marked.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    if (rows.length === 0) return 0;
    // The relaying invocation's request id: usually the request (or room call) that committed them.
    const { requestId } = currentTrace();
    const events: OutboxEvent[] = rows.map((row) => ({
      id: row.id,
      projectId: row.projectId,
      type: row.type,
      aggregateType: row.aggregateType,
      aggregateId: row.aggregateId,
      payload: row.payload as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
    }));
    // Several calls when the round's bytes need them; any failing rolls every mark back (the
    // calls already made are re-sent later: at-least-once, as after a crash).
    for (const call of packEvents(events)) {
      const messages: MessageSendRequest<QueueMessage>[] = call.map((pack) => ({
        body: { kind: 'events', events: pack, requestId },
        contentType: 'json',
      }));
      await queue.sendBatch(messages);
    }
    return rows.length;
  });
}

/** The claim: the oldest `limit` unpublished rows (SKIP LOCKED), marked published, returned. */
export function claimStatement(db: Pick<Db, 'select' | 'update'>, limit: number) {
  const claimed = db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(isNull(outboxEvents.publishedAt))
    .orderBy(asc(outboxEvents.position))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outboxEvents)
    .set({ publishedAt: sql`now()`, attempts: sql`${outboxEvents.attempts} + 1` })
    .where(inArray(outboxEvents.id, claimed))
    .returning();
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
