// The Queue consumer works per batch (one transaction per handler and project): a batch holding a
// conversation's events shuffled and duplicated must leave exactly what delivering them one by one
// leaves — the same denormalized fields, the same notification marks, one delayed message per
// mark, and in the end one email per recipient. All handlers, real Postgres; the outbox rows are
// written already published, so no relay or other test's consumer touches them.
import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, gt, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  assigned,
  conversationCreated,
  messageCreated,
  type OutboxEvent,
  type QueueMessage,
} from '../contract/events.ts';
import type { NotificationKey } from '../contract/notifications.ts';
import type { RoomMessage } from '../core/conversations/message.ts';
import type { Db } from '../core/platform/db.ts';
import { createRedis } from '../core/platform/redis.ts';
import { conversations, messages, visitors } from '../drizzle/schema/conversations.ts';
import { webhookEndpoints } from '../drizzle/schema/events.ts';
import { consumeBatch, processEvents } from '../worker/events/consumer.ts';
import { defaultHandlers } from '../worker/events/handlers/index.ts';
import type { EventHandler, HandlerDeps } from '../worker/events/handlers/types.ts';
import { readMailSink } from '../worker/lib/mail.ts';
import { config, withDb } from './helpers/db.ts';
import {
  handlerDeps,
  insertMessages,
  insertPublished,
  type ScriptLine,
  scriptedMessages,
  shuffled,
} from './helpers/events.ts';
import { memberOf, rand, tenant } from './helpers/tenant.ts';

/** Visitor messages, a private note, replies and a system line: every kind of mark and count. */
const SCRIPT: ScriptLine[] = [
  ['visitor', 'Hi'],
  ['visitor', 'My parcel never came'],
  ['agent', 'customer since 2019', true],
  ['agent', 'Sorry to hear that, let me check'],
  ['system', 'Conversation assigned'],
  ['visitor', 'Order 1234'],
  ['agent', 'It left the warehouse today'],
  ['agent', 'You will get a tracking link'],
];
const T0 = Date.parse('2026-12-06T09:00:00.000Z');
const at = (seq: number) => new Date(T0 + seq * 1000).toISOString();

interface Seeded {
  conversationId: string;
  visitorId: string;
  visitorEmail: string;
  agentId: string;
  agentEmail: string;
  events: OutboxEvent[];
}

/** A conversation assigned to an agent, its visitor reachable by email, its messages and events. */
async function seeded(db: Db, projectId: string, agentId: string, managerId: string): Promise<Seeded> {
  const visitorEmail = `visitor-${rand()}${rand()}@example.test`;
  return db.transaction(async (tx) => {
    const [visitor] = await tx
      .insert(visitors)
      .values({ projectId, email: visitorEmail })
      .returning({ id: visitors.id });
    const visitorId = visitor?.id ?? '';
    const [conv] = await tx
      .insert(conversations)
      .values({ projectId, visitorId, assigneeId: agentId, lastSeq: SCRIPT.length })
      .returning({ id: conversations.id });
    const conversationId = conv?.id ?? '';
    const roomMessages = scriptedMessages(SCRIPT, { visitorId, agentId }, at);
    await insertMessages(tx, projectId, conversationId, roomMessages);
    const events = await insertPublished(tx, projectId, conversationId, [
      conversationCreated(conversationId, projectId, visitorId, null, new Date(T0)),
      assigned(conversationId, projectId, null, agentId, { kind: 'agent', id: managerId }),
      ...roomMessages.map((m) => messageCreated(conversationId, projectId, m)),
    ]);
    const agentEmail = (await tx.execute<{ email: string }>(sql`select email from users where id = ${agentId}`)).rows[0]
      ?.email;
    return { conversationId, visitorId, visitorEmail, agentId, agentEmail: agentEmail ?? '', events };
  });
}

/** The delayed messages the handlers sent, kept instead of sent (the test delivers them itself). */
class RecordingQueue implements Queue<QueueMessage> {
  readonly sent: { body: QueueMessage; delaySeconds: number | undefined }[] = [];
  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: 0, backlogBytes: 0 };
  }
  async send(body: QueueMessage, options?: QueueSendOptions): Promise<QueueSendResponse> {
    this.sent.push({ body, delaySeconds: options?.delaySeconds });
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }
  async sendBatch(batch: Iterable<MessageSendRequest<QueueMessage>>): Promise<QueueSendBatchResponse> {
    for (const m of batch) this.sent.push({ body: m.body, delaySeconds: m.delaySeconds });
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }
  /** The notification keys scheduled, as `kind:recipient`, sorted. */
  scheduled(conversationId: string): string[] {
    return this.sent
      .flatMap(({ body }) =>
        body.kind === 'notification.due' && body.notification.conversationId === conversationId
          ? [`${body.notification.kind}:${body.notification.recipientId}`]
          : [],
      )
      .sort();
  }
}

async function deliver(
  db: Db,
  queue: Queue<QueueMessage>,
  events: readonly OutboxEvent[],
  lend?: HandlerDeps['lend'],
): Promise<void> {
  const outcome = await processEvents(events, defaultHandlers, {
    ...handlerDeps(db, queue),
    ...(lend ? { lend } : {}),
  });
  expect([...outcome.failed.values()]).toEqual([]);
}

/** Lends each handler a connection of its own, as the EventConsumer's pool does; counts them. */
function lender() {
  let lent = 0;
  const lend: NonNullable<HandlerDeps['lend']> = (fn) => {
    lent += 1;
    return withDb(({ db }) => fn(db));
  };
  return { lend, lent: () => lent };
}

/** What the conversation's row and its notification marks say, without ids or clock times. */
async function stateOf(db: Db, s: Seeded) {
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
    .where(eq(conversations.id, s.conversationId));
  const marks = await db.execute<{
    kind: string;
    recipient: string;
    notified_seq: number;
    due: boolean;
    reasons: string[];
  }>(sql`
    select kind, case when recipient_id = ${s.agentId} then 'agent' when recipient_id = ${s.visitorId} then 'visitor'
      else 'someone else' end as recipient, notified_seq, due_at is not null as due, reasons
    from notification_marks where conversation_id = ${s.conversationId} order by kind`);
  return { row, marks: marks.rows };
}

/** After all eight messages: the agent wrote seq 8, the visitor last wrote seq 6 (7 and 8 unread). */
const FINAL_ROW = {
  unreadByAgent: 0,
  unreadByVisitor: 2,
  agentReadSeq: 8,
  visitorReadSeq: 6,
  lastMessagePreview: 'You will get a tracking link',
  lastMessageSeq: 8,
  lastMessageAt: at(8),
  firstResponseAt: at(4),
};
const FINAL_MARKS = [
  { kind: 'agent_activity', recipient: 'agent', notified_seq: 0, due: true, reasons: ['assigned'] },
  { kind: 'visitor_unseen_replies', recipient: 'visitor', notified_seq: 0, due: true, reasons: [] },
];

/** The delay is over: the consumer gets each scheduled `notification.due` message, twice. */
async function fallDue(db: Db, queue: RecordingQueue): Promise<void> {
  const keys = queue.sent.flatMap(({ body }) => (body.kind === 'notification.due' ? [body.notification] : []));
  for (const key of keys) {
    await db.execute(sql`update notification_marks set due_at = now() - interval '1 second'
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId}
        and due_at is not null`);
  }
  const message = (notification: NotificationKey) => ({
    id: crypto.randomUUID(),
    timestamp: new Date(),
    attempts: 1,
    body: { kind: 'notification.due', notification } satisfies QueueMessage,
  });
  await consumeBatch(createMessageBatch<QueueMessage>('parley-events', [...keys, ...keys].map(message)), env);
}

const mailsTo = (to: string) => readMailSink(createRedis(config()), to);

describe('the consumer, one batch against one event at a time', () => {
  it('a shuffled batch with duplicates leaves the same row, the same marks and one email per recipient', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    await withDb(async ({ db }) => {
      // One by one, in commit order, each event its own batch.
      const single = await seeded(db, project.projectId, agent.userId, manager.userId);
      const singleQueue = new RecordingQueue();
      for (const event of single.events) await deliver(db, singleQueue, [event]);

      // Everything in one batch, shuffled, a third of it twice; then the whole batch redelivered.
      const batched = await seeded(db, project.projectId, agent.userId, manager.userId);
      const batchQueue = new RecordingQueue();
      const duplicated = [...batched.events, ...batched.events.filter((_, i) => i % 3 === 0)];
      await deliver(db, batchQueue, shuffled(duplicated, 2026));
      await deliver(db, batchQueue, shuffled(duplicated, 7));

      // And the same batch with each handler on a connection of its own, side by side.
      const apart = await seeded(db, project.projectId, agent.userId, manager.userId);
      const apartQueue = new RecordingQueue();
      const lending = lender();
      const apartBatch = [...apart.events, ...apart.events.filter((_, i) => i % 3 === 0)];
      await deliver(db, apartQueue, shuffled(apartBatch, 2026), lending.lend);
      // The conversations, webhooks, notifications and reports handlers had work: one connection each.
      expect(lending.lent()).toBeGreaterThanOrEqual(3);

      const one = await stateOf(db, single);
      const many = await stateOf(db, batched);
      expect(one).toEqual({ row: FINAL_ROW, marks: FINAL_MARKS });
      expect(many).toEqual(one);
      expect(await stateOf(db, apart)).toEqual(one);
      expect(apartQueue.scheduled(apart.conversationId)).toEqual([
        `agent_activity:${agent.userId}`,
        `visitor_unseen_replies:${apart.visitorId}`,
      ]);
      // One delayed message per mark in both, whatever the grouping: the first event of a window
      // sends it, the others ride along.
      const expected = [`agent_activity:${agent.userId}`, `visitor_unseen_replies:${single.visitorId}`];
      expect(singleQueue.scheduled(single.conversationId)).toEqual(expected);
      expect(batchQueue.scheduled(batched.conversationId)).toEqual([
        `agent_activity:${agent.userId}`,
        `visitor_unseen_replies:${batched.visitorId}`,
      ]);

      await fallDue(db, singleQueue);
      await fallDue(db, batchQueue);
      for (const s of [single, batched]) {
        const visitorMails = await mailsTo(s.visitorEmail);
        expect(visitorMails).toHaveLength(1);
        // The replies after the visitor's last message (writing is reading): not the private note.
        expect(visitorMails[0]?.text).toMatch(/2 replies/);
        expect(visitorMails[0]?.text).toContain('You will get a tracking link');
        expect(visitorMails[0]?.text).not.toContain('customer since 2019');
      }
      // The agent has both conversations: one email each, about the assignment and the visitor.
      const agentMails = await mailsTo(single.agentEmail);
      expect(agentMails).toHaveLength(2);
      for (const mail of agentMails) {
        expect(mail.subject).toBe('A conversation was assigned to you on Parley');
        expect(mail.text).toContain('Order 1234');
      }
      const after = await stateOf(db, batched);
      expect(after.marks.map((m) => [m.kind, m.notified_seq, m.due])).toEqual([
        ['agent_activity', 6, false],
        ['visitor_unseen_replies', 8, false],
      ]);
    });
  });

  it('recounts unread messages committed after the last recount (messages arrive over time)', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    await withDb(async ({ db }) => {
      const s = await seeded(db, project.projectId, agent.userId, manager.userId);
      const laterRows = and(eq(messages.conversationId, s.conversationId), gt(messages.seq, 6));
      const later = await db.select().from(messages).where(laterRows);
      await db.delete(messages).where(laterRows);
      const seqOf = (e: OutboxEvent) => (e.payload.message as { seq?: number } | undefined)?.seq ?? 0;
      const queue = new RecordingQueue();
      await deliver(
        db,
        queue,
        s.events.filter((e) => seqOf(e) <= 6),
      );
      // The agent read up to their seq 4 and the visitor wrote 6 after it: one unread for agents.
      expect((await stateOf(db, s)).row).toMatchObject({ unreadByAgent: 1, unreadByVisitor: 0 });
      // The two replies commit now, then their events come: the visitor's count must see them,
      // though the visitor's read mark does not move.
      await db.insert(messages).values(later);
      await deliver(
        db,
        queue,
        s.events.filter((e) => seqOf(e) > 6),
      );
      expect((await stateOf(db, s)).row).toEqual(FINAL_ROW);
      // And a visitor message after them: the agents' count grows, though their mark does not move.
      const visitorId = s.visitorId;
      const m: RoomMessage = {
        id: crypto.randomUUID(),
        seq: 9,
        clientId: 'c9',
        author: { kind: 'visitor', id: visitorId },
        body: 'Thanks!',
        private: false,
        attachment: null,
        createdAt: at(9),
      };
      await db.insert(messages).values({
        id: m.id,
        conversationId: s.conversationId,
        projectId: project.projectId,
        seq: 9,
        clientId: m.clientId,
        authorKind: 'visitor',
        authorId: visitorId,
        body: m.body,
        private: false,
        createdAt: new Date(m.createdAt),
      });
      const draft = messageCreated(s.conversationId, project.projectId, m);
      await deliver(db, queue, [
        {
          id: crypto.randomUUID(),
          projectId: project.projectId,
          type: draft.type,
          aggregateType: 'conversation',
          aggregateId: s.conversationId,
          payload: draft.payload,
          createdAt: at(9),
        },
      ]);
      // (Writing, the visitor read the two replies.)
      expect((await stateOf(db, s)).row).toMatchObject({ unreadByAgent: 1, unreadByVisitor: 0, lastMessageSeq: 9 });
    });
  });

  it('takes no notifications marker for events that call for no email, now or on redelivery', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    await withDb(async ({ db }) => {
      const markers = async (events: readonly OutboxEvent[]) =>
        (
          await db.execute<{ consumer: string; n: number }>(sql`
            select consumer, count(*)::int as n from processed_events
            where event_id = any(${sql.param(events.map((e) => e.id))}::uuid[]) group by consumer order by consumer`)
        ).rows;
      const s = await seeded(db, project.projectId, agent.userId, manager.userId);
      await deliver(db, new RecordingQueue(), s.events);
      // The conversations handler is replay-safe and takes no marker; the webhooks handler takes
      // none in a project without an endpoint; the reports handler takes the creation, the
      // assignment and the three public replies; the notifications handler takes the assignment, the
      // three visitor messages (to the assignee) and the three public replies (to the visitor): not
      // the conversation's creation without an assignee, the private note or the system line.
      expect(await markers(s.events)).toEqual([
        { consumer: 'notifications', n: 7 },
        { consumer: 'reports', n: 5 },
      ]);

      // With an endpoint that takes only assignments, the webhooks handler marks just those.
      await db.insert(webhookEndpoints).values({
        projectId: project.projectId,
        url: 'https://hooks.example.com/parley',
        eventTypes: ['conversation.assigned'],
        secret: 'not-used-here',
      });
      const hooked = await seeded(db, project.projectId, agent.userId, manager.userId);
      await deliver(db, new RecordingQueue(), hooked.events);
      expect((await markers(hooked.events)).find((m) => m.consumer === 'webhooks')).toEqual({
        consumer: 'webhooks',
        n: hooked.events.filter((e) => e.type === 'conversation.assigned').length,
      });
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.projectId, project.projectId));

      // An anonymous visitor in a conversation nobody has: one read, no marker, no mark, no message.
      const quiet = await seeded(db, project.projectId, agent.userId, manager.userId);
      await db.update(conversations).set({ assigneeId: null }).where(eq(conversations.id, quiet.conversationId));
      await db.update(visitors).set({ email: null }).where(eq(visitors.id, quiet.visitorId));
      const messagesOnly = quiet.events.filter((e) => e.type === 'message.created');
      const queue = new RecordingQueue();
      await deliver(db, queue, messagesOnly);
      await deliver(db, queue, messagesOnly);
      expect(await markers(messagesOnly)).toEqual([{ consumer: 'reports', n: 3 }]);
      expect((await stateOf(db, quiet)).marks).toEqual([]);
      expect(queue.sent).toEqual([]);
    });
  });
});

describe('the handlers side by side (deps.lend)', () => {
  const event = (type: string): OutboxEvent => ({
    id: crypto.randomUUID(),
    projectId: crypto.randomUUID(),
    type: type as OutboxEvent['type'],
    aggregateType: 'conversation',
    aggregateId: crypto.randomUUID(),
    payload: {},
    createdAt: new Date().toISOString(),
  });
  /** A replay-safe handler of `type` that runs `apply` (no transaction: the lent "connection" is a stand-in). */
  const handler = (name: string, type: string, apply: (db: Db) => Promise<void>): EventHandler => ({
    name,
    handles: (t) => t === type,
    replaySafe: true,
    apply: async (db) => {
      await apply(db);
      return undefined;
    },
  });
  const deps = (lend: HandlerDeps['lend']): HandlerDeps => ({
    ...handlerDeps({ tag: 'batch' } as unknown as Db),
    ...(lend ? { lend } : {}),
  });
  const within = <T>(ms: number, work: Promise<T>) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

  it('runs each handler on a connection of its own, at the same time', async () => {
    /** Two handlers; the first finishes only once the second has started: one after another, it never would. */
    const pair = () => {
      let secondStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        secondStarted = resolve;
      });
      const used: unknown[] = [];
      const first = handler('first', 'a', async (db) => {
        used.push(db);
        await started;
      });
      const second = handler('second', 'b', async (db) => {
        used.push(db);
        secondStarted();
      });
      return { handlers: [first, second], used };
    };
    let n = 0;
    const lend: NonNullable<HandlerDeps['lend']> = (fn) => fn({ tag: `lent-${++n}` } as unknown as Db);
    const apart = pair();
    const outcome = await within(5_000, processEvents([event('a'), event('b')], apart.handlers, deps(lend)));
    expect(outcome.failed.size).toBe(0);
    expect(apart.used).toEqual([{ tag: 'lent-1' }, { tag: 'lent-2' }]);
    // Without a lender they run one after another on the batch's connection, and so wait here forever.
    const inTurn = pair();
    await expect(
      within(300, processEvents([event('a'), event('b')], inTurn.handlers, deps(undefined))),
    ).rejects.toThrow('timed out');
    expect(inTurn.used).toEqual([{ tag: 'batch' }]);
  });

  it('fails only the events of a handler that could not get a connection', async () => {
    const ran: string[] = [];
    const ok = handler('ok', 'a', async () => {
      ran.push('ok');
    });
    const starved = handler('starved', 'b', async () => {
      ran.push('starved');
    });
    let calls = 0;
    const lend: NonNullable<HandlerDeps['lend']> = (fn) =>
      ++calls === 1 ? Promise.reject(new Error('no connection')) : fn({ tag: 'lent' } as unknown as Db);
    const a = event('a');
    const b = event('b');
    // The first lend (the "ok" handler's) fails; the second handler runs.
    const outcome = await processEvents([a, b], [ok, starved], deps(lend));
    expect([...outcome.failed.keys()]).toEqual([a.id]);
    expect((outcome.failed.get(a.id) as Error).message).toBe('no connection');
    expect(ran).toEqual(['starved']);
  });

  it("does not keep the conversations handler waiting behind another handler's KEY SHARE lock", async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    await withDb(async ({ db }) => {
      const s = await seeded(db, project.projectId, agent.userId, manager.userId);
      const conversationsHandler = defaultHandlers.find((h) => h.name === 'conversations');
      if (!conversationsHandler) throw new Error('no conversations handler');
      // Another handler's open transaction holds the conversation FOR KEY SHARE (as the webhooks
      // handler does until it commits) while the conversations handler applies the messages.
      await withDb(({ db: other }) =>
        other.transaction(async (tx) => {
          await tx.execute(sql`select id from conversations where id = ${s.conversationId} for key share`);
          const outcome = await within(3_000, processEvents(s.events, [conversationsHandler], handlerDeps(db)));
          expect(outcome.failed.size).toBe(0);
        }),
      );
      expect((await stateOf(db, s)).row).toMatchObject({ lastMessageSeq: 8, unreadByVisitor: 2 });
    });
  });
});
