// The conversation's denormalized fields, kept by the events consumer: whatever order, grouping
// or duplication the Queue delivers `message.created` events in, the row ends the same, and right.
// Real Postgres; the outbox rows are written already published, so no relay or other test's
// consumer touches them and this file alone decides the order.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../contract/events.ts';
import { messageCreated } from '../contract/events.ts';
import type { Db } from '../core/platform/db.ts';
import { conversations, visitors } from '../drizzle/schema/conversations.ts';
import { processEvents } from '../worker/events/consumer.ts';
import { conversationsHandler } from '../worker/events/handlers/conversations.ts';
import { withDb } from './helpers/db.ts';
import {
  handlerDeps,
  insertMessages,
  insertPublished,
  type ScriptLine,
  scriptedMessages,
  shuffled,
} from './helpers/events.ts';
import { tenant } from './helpers/tenant.ts';

/** Ten messages: two visitor, an agent note, the first reply (seq 4), …, two agent replies last. */
const SCRIPT: ScriptLine[] = [
  ['visitor', 'Hi'],
  ['visitor', 'Anyone there?'],
  ['agent', 'checking the order system', true],
  ['agent', 'Hello! How can I help?'],
  ['visitor', 'My order is late'],
  ['agent', 'Let me look'],
  ['agent', 'escalated to shipping', true],
  ['visitor', 'great'],
  ['agent', "You're welcome"],
  ['agent', 'Anything else?'],
];
const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const at = (seq: number) => new Date(T0 + seq * 1000).toISOString();

/** A conversation with the script's messages and their outbox rows (published), in one transaction. */
async function seeded(db: Db, projectId: string): Promise<{ conversationId: string; events: OutboxEvent[] }> {
  return db.transaction(async (tx) => {
    const [visitor] = await tx.insert(visitors).values({ projectId }).returning({ id: visitors.id });
    const agentId = crypto.randomUUID();
    const [conv] = await tx
      .insert(conversations)
      .values({ projectId, visitorId: visitor?.id ?? '', lastSeq: SCRIPT.length })
      .returning({ id: conversations.id });
    const conversationId = conv?.id ?? '';
    const roomMessages = scriptedMessages(SCRIPT, { visitorId: visitor?.id ?? '', agentId }, at);
    await insertMessages(tx, projectId, conversationId, roomMessages);
    const events = await insertPublished(
      tx,
      projectId,
      conversationId,
      roomMessages.map((m) => messageCreated(conversationId, projectId, m)),
    );
    return { conversationId, events };
  });
}

/** Delivers `events` as Queue batches of the given sizes; throws if any event failed. */
async function deliver(db: Db, events: readonly OutboxEvent[], batchSizes: number[] = [events.length]) {
  let i = 0;
  for (let b = 0; i < events.length; b++) {
    const size = Math.max(1, batchSizes[b % batchSizes.length] ?? 1);
    const outcome = await processEvents(events.slice(i, i + size), [conversationsHandler], handlerDeps(db));
    expect([...outcome.failed.values()]).toEqual([]);
    i += size;
  }
}

async function fields(db: Db, conversationId: string) {
  const [row] = await db
    .select({
      unreadByAgent: conversations.unreadByAgent,
      unreadByVisitor: conversations.unreadByVisitor,
      agentReadSeq: conversations.agentReadSeq,
      visitorReadSeq: conversations.visitorReadSeq,
      lastMessagePreview: conversations.lastMessagePreview,
      lastMessageSeq: conversations.lastMessageSeq,
      lastMessageAt: sql<string>`to_char(${conversations.lastMessageAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      firstResponseAt: sql<string>`to_char(${conversations.firstResponseAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return row;
}

/** After all ten: the visitor last wrote seq 8 and has two replies unread; agents have read it all. */
const FINAL = {
  unreadByAgent: 0,
  unreadByVisitor: 2,
  agentReadSeq: 10,
  visitorReadSeq: 8,
  lastMessagePreview: 'Anything else?',
  lastMessageSeq: 10,
  lastMessageAt: at(10),
  firstResponseAt: at(4),
};

describe('denormalized conversation fields (events consumer)', () => {
  it('in order, one event per batch: the fields a support inbox shows', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const { conversationId, events } = await seeded(db, projectId);
      await deliver(db, events.slice(0, 2), [1]);
      // Unread counts are recounted from the committed messages (all ten are), under the read
      // marks the consumer has seen so far: no agent message yet, so all four visitor messages;
      // the visitor has read up to seq 2, so the four public agent replies after it.
      expect(await fields(db, conversationId)).toMatchObject({
        unreadByAgent: 4,
        unreadByVisitor: 4,
        lastMessagePreview: 'Anyone there?',
        firstResponseAt: null,
      });
      await deliver(db, events.slice(2), [1]);
      expect(await fields(db, conversationId)).toEqual(FINAL);
    });
  });

  it('in reverse, shuffled, in random batches and with duplicates: the same row', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const reversed = await seeded(db, projectId);
      await deliver(db, [...reversed.events].reverse(), [1]);
      expect(await fields(db, reversed.conversationId)).toEqual(FINAL);

      for (const seed of [1, 7, 42, 1234, 99991]) {
        const { conversationId, events } = await seeded(db, projectId);
        const order = shuffled([...events, ...events.slice(0, 4)], seed);
        await deliver(db, order, [1 + (seed % 5), 3, 1]);
        expect(await fields(db, conversationId), `seed ${seed}`).toEqual(FINAL);
      }

      // The first five delivered backwards: their marks, preview and first reply; the visitor
      // messages after the agent's seq 4 (5 and 8) unread.
      const prefix = await seeded(db, projectId);
      await deliver(db, prefix.events.slice(0, 5).reverse(), [2]);
      expect(await fields(db, prefix.conversationId)).toMatchObject({
        unreadByAgent: 2,
        agentReadSeq: 4,
        visitorReadSeq: 5,
        lastMessagePreview: 'My order is late',
        lastMessageSeq: 5,
        firstResponseAt: at(4),
      });
    });
  });

  it('two consumers applying overlapping conversations at once, in opposite orders: no deadlock, the same rows', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const seededAll = await Promise.all(Array.from({ length: 8 }, () => seeded(db, projectId)));
      const all = seededAll.flatMap((x) => x.events);
      // Each pass: one consumer takes every event in one batch (one statement over eight rows),
      // the other the same events backwards in batches of five, on its own connection.
      for (let pass = 0; pass < 3; pass++) {
        await Promise.all([deliver(db, all), withDb(async (other) => deliver(other.db, [...all].reverse(), [5]))]);
      }
      for (const { conversationId } of seededAll) expect(await fields(db, conversationId)).toEqual(FINAL);
    });
  });

  it('applies an event once however often it is delivered (a redelivery bumps nothing)', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const { conversationId, events } = await seeded(db, projectId);
      await deliver(db, events);
      const revision = async () =>
        (
          await db.select({ r: conversations.revision }).from(conversations).where(eq(conversations.id, conversationId))
        )[0]?.r;
      const before = await revision();
      await deliver(db, events, [1]);
      await deliver(db, [...events, ...events]);
      expect(await revision()).toBe(before);
      expect(await fields(db, conversationId)).toEqual(FINAL);
    });
  });

  it("never touches another project's conversation, whatever the event claims", async () => {
    const { projectId } = await tenant();
    const other = await tenant();
    await withDb(async ({ db }) => {
      const { conversationId, events } = await seeded(db, projectId);
      const forged = events.map((e) => ({ ...e, id: crypto.randomUUID(), projectId: other.projectId }));
      await deliver(db, forged);
      expect(await fields(db, conversationId)).toMatchObject({
        unreadByAgent: 0,
        unreadByVisitor: 0,
        lastMessagePreview: null,
        lastMessageSeq: 0,
      });
    });
  });
});
