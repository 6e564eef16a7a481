// The conversation's denormalized fields, kept by the events consumer: whatever order, grouping
// or duplication the Queue delivers `message.created` events in, the row ends the same, and right.
// Real Postgres; the outbox rows are written already published, so no relay or other test's
// consumer touches them and this file alone decides the order.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../contract/events.ts';
import { messageCreated, messageDeleted } from '../contract/events.ts';
import { DELETED_MESSAGE_PREVIEW } from '../contract/frames.ts';
import { writeReads } from '../core/conversations/changes.ts';
import { eraseMessage } from '../core/conversations/deletion.ts';
import type { Db } from '../core/platform/db.ts';
import { conversations, visitors } from '../drizzle/schema/conversations.ts';
import { processEvents } from '../worker/events/consumer.ts';
import { conversationsHandler, DENORMALIZE_CHUNK } from '../worker/events/handlers/conversations.ts';
import { sql as sqlRows, withDb } from './helpers/db.ts';
import {
  handlerDeps,
  insertMessages,
  insertPublished,
  type ScriptLine,
  scriptedMessages,
  shuffled,
} from './helpers/events.ts';
import { eventually } from './helpers/eventually.ts';
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

/**
 * The unread counts are exactly the messages up to unread_counted_seq under the row's read marks
 * (and that seq is `counted`, when given): what any later count adds to.
 */
async function expectCountedUpTo(conversationId: string, counted: number | null, label: string) {
  const [row] = await sqlRows<{ a: number; v: number; k: number; a2: string; v2: string }>(
    `select c.unread_by_agent as a, c.unread_by_visitor as v, c.unread_counted_seq as k,
            (select count(*) from messages m where m.conversation_id = c.id and m.seq > c.agent_read_seq
               and m.seq <= c.unread_counted_seq and m.author_kind = 'visitor') as a2,
            (select count(*) from messages m where m.conversation_id = c.id and m.seq > c.visitor_read_seq
               and m.seq <= c.unread_counted_seq and m.author_kind <> 'visitor' and not m.private) as v2
       from conversations c where c.id = $1`,
    [conversationId],
  );
  expect(row && { a: row.a, v: row.v }, label).toEqual(row && { a: Number(row.a2), v: Number(row.v2) });
  if (counted !== null) expect(row?.k, label).toBe(counted);
}

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

  it('applies a batch of many conversations a chunk of rows at a time: a row held elsewhere holds up only its chunk', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const seededAll: Awaited<ReturnType<typeof seeded>>[] = [];
      for (let i = 0; i < DENORMALIZE_CHUNK * 2 + 1; i++) seededAll.push(await seeded(db, projectId));
      const ids = seededAll.map((x) => x.conversationId).sort();
      const firstChunk = ids.slice(0, DENORMALIZE_CHUNK);
      await withDb(async (holder) => {
        // A room's commit in flight on the last conversation (the last chunk's, in id order).
        await holder.client.query('begin');
        await holder.client.query('select 1 from conversations where id = $1 for no key update', [ids.at(-1)]);
        const events = shuffled(
          seededAll.flatMap((x) => x.events),
          3,
        );
        const delivering = deliver(db, events);
        // The first chunk's rows are applied and committed while the last chunk waits; in one
        // statement every row would wait, locked, for that one.
        await eventually(() =>
          withDb(async (reader) => {
            const rows = await Promise.all(firstChunk.map((id) => fields(reader.db, id)));
            return rows.every((row) => row?.lastMessageSeq === 10) ? true : undefined;
          }),
        );
        expect((await fields(holder.db, ids.at(-1) ?? ''))?.lastMessageSeq).toBe(0);
        await holder.client.query('commit');
        await delivering;
      });
      for (const { conversationId } of seededAll) expect(await fields(db, conversationId)).toEqual(FINAL);
    });
  });

  it('never shows the text of a message deleted while its event was being applied, whichever waits for whom', async () => {
    const { projectId } = await tenant();
    const preview = async (db: Db, id: string) => (await fields(db, id))?.lastMessagePreview;
    /** Until some backend waits for a row lock (the statement we started is queued behind one). */
    const waiting = async (n: number) =>
      eventually(async () => {
        const [row] = await sqlRows<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        );
        return (row?.n ?? 0) >= n ? true : undefined;
      }, 10_000);
    await withDb(async ({ db }) => {
      // 1. The deletion commits while the consumer's statement waits for the row: the consumer's
      // snapshot is older than the deletion, yet it must read the message as deleted.
      const first = await seeded(db, projectId);
      await deliver(db, first.events.slice(0, 9));
      let consumer: Promise<void> = Promise.resolve();
      await withDb(({ db: other }) =>
        other.transaction(async (tx) => {
          await tx.execute(sql`select id from conversations where id = ${first.conversationId} for update`);
          await tx.execute(
            sql`update messages set body = '', deleted_at = now() where conversation_id = ${first.conversationId} and seq = 10`,
          );
          consumer = deliver(db, first.events.slice(9));
          await waiting(1);
        }),
      );
      await consumer;
      expect(await preview(db, first.conversationId)).toBe(DELETED_MESSAGE_PREVIEW);

      // 2. The consumer gets the row first and shows the message; the deletion, queued behind it,
      // must see that and replace the preview.
      const second = await seeded(db, projectId);
      await deliver(db, second.events.slice(0, 9));
      const [target] = await sqlRows<{ id: string; created_at: string }>(
        `select id, created_at from messages where conversation_id = $1 and seq = 10`,
        [second.conversationId],
      );
      const [conv] = await sqlRows<{ visitor_id: string }>(`select visitor_id from conversations where id = $1`, [
        second.conversationId,
      ]);
      const now = new Date();
      const by = { kind: 'visitor' as const, id: conv?.visitor_id ?? '' };
      let deletion: Promise<unknown> = Promise.resolve();
      await withDb(({ db: holder }) =>
        holder.transaction(async (tx) => {
          await tx.execute(sql`select id from conversations where id = ${second.conversationId} for update`);
          consumer = deliver(db, second.events.slice(9));
          await waiting(1);
          deletion = withDb(({ db: third }) =>
            eraseMessage(third, {
              conversationId: second.conversationId,
              projectId,
              target: {
                id: target?.id ?? '',
                seq: 10,
                authorKind: 'agent',
                authorId: null,
                private: false,
                createdAt: new Date(target?.created_at ?? now),
                deletedAt: null,
                attachmentKey: null,
                windowMinutes: 0,
              },
              by,
              event: messageDeleted(
                second.conversationId,
                projectId,
                { id: target?.id ?? '', seq: 10, authorKind: 'agent', private: false },
                now,
                by,
              ),
              now,
            }),
          );
          await waiting(2);
        }),
      );
      await Promise.all([consumer, deletion]);
      expect(await preview(db, second.conversationId)).toBe(DELETED_MESSAGE_PREVIEW);
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
  it('counts messages committed while events are still on their way, in any order, as a recount would', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      // Thirty messages committed a few at a time; after each commit some of the pending events
      // are delivered (shuffled, some twice); the agent sometimes reads first, as a room's flush does.
      const kinds: ScriptLine[] = Array.from({ length: 30 }, (_, i) =>
        i % 7 === 3 ? ['agent', `note ${i}`, true] : i % 3 === 2 ? ['agent', `reply ${i}`] : ['visitor', `ask ${i}`],
      );
      for (const seed of [3, 17, 2026]) {
        const [visitor] = await db.insert(visitors).values({ projectId }).returning({ id: visitors.id });
        const [conv] = await db
          .insert(conversations)
          .values({ projectId, visitorId: visitor?.id ?? '', lastSeq: kinds.length })
          .returning({ id: conversations.id });
        const conversationId = conv?.id ?? '';
        const all = scriptedMessages(kinds, { visitorId: visitor?.id ?? '', agentId: crypto.randomUUID() }, at);
        let pending: OutboxEvent[] = [];
        for (let from = 0, step = 0; from < all.length; step++) {
          const slice = all.slice(from, from + 1 + ((seed + step) % 4));
          from += slice.length;
          await insertMessages(db, projectId, conversationId, slice);
          pending.push(
            ...(await insertPublished(
              db,
              projectId,
              conversationId,
              slice.map((m) => messageCreated(conversationId, projectId, m)),
            )),
          );
          // The agent read up to the message before the newest, before the consumer caught up.
          if (step % 4 === 1) {
            await writeReads(db, conversationId, projectId, [
              { kind: 'agent', readerId: crypto.randomUUID(), seq: from - 1 },
            ]);
          }
          const order = shuffled(pending, seed + step);
          const now = order.slice(0, Math.ceil(order.length / 2));
          pending = order.slice(now.length);
          await deliver(db, [...now, ...now.slice(0, 1)], [1 + (step % 3)]);
          await expectCountedUpTo(conversationId, null, `seed ${seed}, step ${step}`);
        }
        await deliver(db, pending, [2]);
        await expectCountedUpTo(conversationId, kinds.length, `seed ${seed}`);
      }
    });
  });

  it('adds to counts only its own marks vouch for; recounts a row changed by anything else, or counted ahead', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const { conversationId, events } = await seeded(db, projectId);
      const counts = async () =>
        (
          await sqlRows<{ a: number; v: number; k: number; marks: string | null }>(
            `select unread_by_agent as a, unread_by_visitor as v, unread_counted_seq as k, unread_counted_marks as marks
               from conversations where id = $1`,
            [conversationId],
          )
        )[0];
      // A new row has no marks: the first event recounts. Every committed message (all ten) is
      // counted, so the counted seq is 10; the visitor has read up to 1.
      await deliver(db, events.slice(0, 1));
      expect(await counts()).toEqual({ a: 4, v: 4, k: 10, marks: '0:1:4:4' });
      // A count the marks vouch for is added to, not recounted: one that was off (40, counted up
      // to 8) stays off by as much, where a recount of every unread message would have fixed it.
      await sqlRows(
        `update conversations set unread_by_agent = 40, unread_counted_seq = 8, unread_counted_marks = '0:1:40:4' where id = $1`,
        [conversationId],
      );
      await deliver(db, events.slice(1, 2));
      // Seq 2 (a visitor message): the agents' side adds the visitor messages after seq 8, none.
      // The visitor's side recounts, as its read mark moved (to 2): replies 4, 6, 9 and 10.
      expect(await counts()).toEqual({ a: 40, v: 4, k: 10, marks: '0:2:40:4' });
      // Not vouched for: no marks (a row from before them), marks that another writer's count
      // no longer matches (the version before them recounts without writing marks), or counted
      // past this snapshot. The agents' side recounts though seq 5 (the visitor's) moves no agent mark.
      for (const [label, change] of [
        ['no marks', 'unread_counted_marks = null'],
        ['changed by another writer', "unread_counted_marks = '0:2:39:4'"],
        ['counted ahead', "unread_counted_seq = 11, unread_counted_marks = '0:5:40:3'"],
      ]) {
        await sqlRows(`update conversations set unread_by_agent = 40, last_message_seq = 0, ${change} where id = $1`, [
          conversationId,
        ]);
        await deliver(db, events.slice(4, 5));
        expect(await counts(), label).toEqual({ a: 4, v: 3, k: 10, marks: '0:5:4:3' });
      }
    });
  });
  it('a read flush keeps a read mark the consumer raised while it waited for the row', async () => {
    const { projectId } = await tenant();
    await withDb(async ({ db }) => {
      const { conversationId } = await seeded(db, projectId);
      await withDb(async (holder) => {
        // A consumer statement in flight: it has raised the agents' mark to 9, not yet committed.
        await holder.client.query('begin');
        await holder.client.query('update conversations set agent_read_seq = 9 where id = $1', [conversationId]);
        // An agent's read up to 3, flushed meanwhile: its statement starts before that commit.
        const flushing = writeReads(db, conversationId, projectId, [
          { kind: 'agent', readerId: crypto.randomUUID(), seq: 3 },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await holder.client.query('commit');
        const row = await flushing;
        // Not set back to 3; the count is of the visitor messages after 9 (none).
        expect(row).toMatchObject({ agent_read_seq: 9, unread_by_agent: 0 });
      });
    });
  });
});
