// ConversationRoom over real sockets and the real Postgres: ordering, durability before ack,
// idempotent retries, resume, restarts and hibernation, private notes.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract/frames.ts';
import { messages, outboxEvents } from '../drizzle/schema/index.ts';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import { withDb } from './helpers/db.ts';
import { isType, roomPath, TestSocket } from './helpers/socket.ts';
import { rand, scenario } from './helpers/tenant.ts';

async function rows(conversationId: string) {
  return withDb(({ db }) =>
    db
      .select({ seq: messages.seq, clientId: messages.clientId, private: messages.private })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.seq),
  );
}

/** Eviction waits for the room's idle Postgres connection to close; make that quick. */
async function fastIdle(stub: DurableObjectStub<ConversationRoom>) {
  await runInDurableObject(stub, (room: ConversationRoom) => {
    room.tune({ idleCloseMs: 1 });
  });
}

const messagesOf = (s: TestSocket) => s.of('message').map((f) => (f as { message: Message }).message);

describe('ConversationRoom: send, ack, broadcast', () => {
  it('welcomes a socket with the committed lastSeq and the conversation', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    const welcome = await ws.next(isType('welcome'));
    expect(welcome).toMatchObject({ conversationId, role: 'visitor', lastSeq: 1 });
    await ws.next(isType('conversation'));
    ws.close();
  });

  it('5 sockets × 50 concurrent sends: gapless seq, same order everywhere, each row once', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const sockets = await Promise.all([
      TestSocket.open(roomPath(conversationId, visitor.token)),
      TestSocket.open(roomPath(conversationId, visitor.token)),
      TestSocket.open(roomPath(conversationId, agent.token)),
      TestSocket.open(roomPath(conversationId, agent.token)),
      TestSocket.open(roomPath(conversationId, agent.token)),
    ]);
    await Promise.all(sockets.map((s) => s.next(isType('welcome'))));
    // The visitor's 100 and the agent's 150 go over their per-sender send limit (60): ordering is under test here.
    await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) => {
      room.tune({ send: { capacity: 1_000, refillPerSecond: 1_000 } });
    });
    const started = Date.now();
    sockets.forEach((s, i) => {
      for (let n = 0; n < 50; n++) s.send({ type: 'send', clientId: `s${i}-${n}`, body: `socket ${i} message ${n}` });
    });
    await Promise.all(sockets.map((s) => s.until((f) => f.filter((x) => x.type === 'ack').length === 50, 15_000)));
    const elapsed = Date.now() - started;
    await Promise.all(sockets.map((s) => s.until((f) => f.filter((x) => x.type === 'message').length === 250, 15_000)));
    const expected = Array.from({ length: 250 }, (_, i) => i + 2);
    const order = messagesOf(sockets[0] as TestSocket).map((m) => m.clientId);
    for (const s of sockets) {
      expect(messagesOf(s).map((m) => m.seq)).toEqual(expected);
      expect(messagesOf(s).map((m) => m.clientId)).toEqual(order);
      expect(s.of('error')).toEqual([]);
    }
    const stored = await rows(conversationId);
    expect(stored.map((r) => r.seq)).toEqual([1, ...expected]);
    expect(new Set(stored.map((r) => r.clientId)).size).toBe(251);
    const outbox = await withDb(({ db }) =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(outboxEvents)
        .where(and(eq(outboxEvents.aggregateId, conversationId), eq(outboxEvents.type, 'message.created'))),
    );
    expect(outbox[0]?.n).toBe(251);
    console.log(`250 concurrent sends acked in ${elapsed} ms`);
    for (const s of sockets) s.close();
  });

  it('acks and broadcasts only after commit (a held row lock holds both back)', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    const watcher = await TestSocket.open(roomPath(conversationId, agent.token));
    await Promise.all([ws.next(isType('welcome')), watcher.next(isType('welcome'))]);
    await withDb(async ({ client }) => {
      // Another transaction holds the conversation row: the room's commit must wait for it.
      await client.query('begin');
      await client.query('select 1 from conversations where id = $1 for update', [conversationId]);
      ws.send({ type: 'send', clientId: 'durable-1', body: 'is this stored?' });
      await new Promise((r) => setTimeout(r, 300));
      expect(ws.of('ack')).toEqual([]);
      expect(ws.of('message')).toEqual([]);
      expect(watcher.of('message')).toEqual([]);
      await client.query('commit');
    });
    const ack = await ws.next(isType('ack'));
    const stored = await withDb(({ db }) =>
      db
        .select({ seq: messages.seq, id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.clientId, 'durable-1'))),
    );
    expect(stored).toEqual([{ seq: ack.seq, id: ack.messageId }]);
    expect((await watcher.next(isType('message'))).message.seq).toBe(ack.seq);
    ws.close();
    watcher.close();
  });

  it('a retried clientId gets the original seq and never a second row (live and after a restart)', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    ws.send({ type: 'send', clientId: 'retry-me', body: 'once' });
    ws.send({ type: 'send', clientId: 'retry-me', body: 'once' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 2);
    ws.send({ type: 'send', clientId: 'retry-me', body: 'once' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 3);
    const acks = ws.of('ack');
    expect(new Set(acks.map((a) => a.seq))).toEqual(new Set([2]));
    expect(new Set(acks.map((a) => a.messageId)).size).toBe(1);
    expect(messagesOf(ws)).toHaveLength(1);

    // After the room restarts (memory gone) the retry still finds the original.
    const stub = env.CONVERSATION_ROOM.getByName(conversationId);
    await fastIdle(stub);
    await evictDurableObject(stub);
    ws.send({ type: 'send', clientId: 'retry-me', body: 'once' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 4);
    expect(ws.of('ack')[3]?.seq).toBe(2);
    expect((await rows(conversationId)).filter((r) => r.clientId === 'retry-me')).toHaveLength(1);
    ws.close();
  });

  it('a retry older than the recent window is answered from Postgres, still one row', async () => {
    const { visitor, conversationId } = await scenario();
    const stub = env.CONVERSATION_ROOM.getByName(conversationId);
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    ws.send({ type: 'send', clientId: 'old-one', body: 'first' });
    await ws.next(isType('ack'));
    // Simulate the window having moved on (or a crash having kept the message out of it).
    await runInDurableObject(stub, (_room, state) => {
      state.storage.sql.exec('delete from recent');
    });
    ws.send({ type: 'send', clientId: 'old-one', body: 'first' });
    ws.send({ type: 'send', clientId: 'new-one', body: 'second' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 3);
    const acks = ws.of('ack');
    expect(acks.find((a) => a.clientId === 'new-one')?.seq).toBe(3);
    expect(acks.filter((a) => a.clientId === 'old-one').map((a) => a.seq)).toEqual([2, 2]);
    expect((await rows(conversationId)).map((r) => r.seq)).toEqual([1, 2, 3]);
    ws.close();
  });
});

describe('ConversationRoom: resume, restarts, hibernation', () => {
  it('resume after a dropped socket delivers exactly the missed messages, in order, then live ones', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const visitorWs = await TestSocket.open(roomPath(conversationId, visitor.token));
    await visitorWs.next(isType('welcome'));
    visitorWs.send({ type: 'send', clientId: 'v1', body: 'before the drop' });
    await visitorWs.next(isType('message'));
    const lastSeen = Math.max(...messagesOf(visitorWs).map((m) => m.seq));
    visitorWs.close();

    const agentWs = await TestSocket.open(roomPath(conversationId, agent.token));
    await agentWs.next(isType('welcome'));
    for (let i = 0; i < 5; i++) agentWs.send({ type: 'send', clientId: `a${i}`, body: `missed ${i}` });
    await agentWs.until((f) => f.filter((x) => x.type === 'ack').length === 5);

    const back = await TestSocket.open(roomPath(conversationId, visitor.token));
    await back.next(isType('welcome'));
    back.send({ type: 'resume', lastSeq: lastSeen });
    const resumed = await back.next(isType('resumed'));
    expect(resumed.lastSeq).toBe(lastSeen + 5);
    expect(messagesOf(back).map((m) => m.body)).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'missed 4']);
    agentWs.send({ type: 'send', clientId: 'a-live', body: 'live' });
    await back.until((f) => f.filter((x) => x.type === 'message').length === 6);
    expect(messagesOf(back).map((m) => m.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    agentWs.close();
    back.close();
  });

  it('resumes on connect with ?lastSeq=, from Postgres when the window cannot serve it', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    for (let i = 0; i < 4; i++) ws.send({ type: 'send', clientId: `m${i}`, body: `m${i}` });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 4);
    ws.close();
    await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (_room, state) => {
      state.storage.sql.exec('delete from recent where seq < 4');
    });
    const back = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=0'));
    await back.next(isType('resumed'));
    expect(messagesOf(back).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    back.close();
  });

  it('an evicted room loses nothing: hibernated sockets keep working and seq continues', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const stub = env.CONVERSATION_ROOM.getByName(conversationId);
    const v = await TestSocket.open(roomPath(conversationId, visitor.token));
    const a = await TestSocket.open(roomPath(conversationId, agent.token));
    await Promise.all([v.next(isType('welcome')), a.next(isType('welcome'))]);
    v.send({ type: 'send', clientId: 'pre', body: 'before eviction' });
    await a.until((f) => f.some((x) => x.type === 'message'));

    await fastIdle(stub);
    await evictDurableObject(stub);
    a.send({ type: 'send', clientId: 'post', body: 'after eviction' });
    const ack = await a.next(isType('ack'));
    expect(ack.seq).toBe(3);
    await v.until((f) => f.filter((x) => x.type === 'message').length === 2);
    expect(messagesOf(v).map((m) => m.seq)).toEqual([2, 3]);

    // Evicted with its sockets closed: the agent writes on, the visitor resumes from seq 3.
    await fastIdle(stub);
    await evictDurableObject(stub, { webSockets: 'close' });
    await Promise.all([v.until(() => v.closed !== null), a.until(() => a.closed !== null)]);
    const again = await TestSocket.open(roomPath(conversationId, agent.token));
    again.send({ type: 'send', clientId: 'while-away-1', body: 'while the visitor was away' });
    again.send({ type: 'send', clientId: 'while-away-2', body: 'still away' });
    await again.until((f) => f.filter((x) => x.type === 'ack').length === 2);
    const back = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=3'));
    await back.next(isType('resumed'));
    expect(messagesOf(back).map((m) => m.seq)).toEqual([4, 5]);
    again.send({ type: 'send', clientId: 'live', body: 'live again' });
    await back.until((f) => f.filter((x) => x.type === 'message').length === 3);
    expect(messagesOf(back).map((m) => m.seq)).toEqual([4, 5, 6]);
    expect((await rows(conversationId)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    back.close();
    again.close();
  });
});

describe('ConversationRoom: idle connection', () => {
  it('closes its Postgres connection when idle (so it can hibernate) and reopens it on demand', async () => {
    const { visitor, conversationId } = await scenario();
    const stub = env.CONVERSATION_ROOM.getByName(conversationId);
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    expect(await runInDurableObject(stub, (room: ConversationRoom) => room.postgresOpen)).toBe(true);
    await runInDurableObject(stub, (room: ConversationRoom) => room.tune({ idleCloseMs: 20 }));
    await new Promise((r) => setTimeout(r, 100));
    expect(await runInDurableObject(stub, (room: ConversationRoom) => room.postgresOpen)).toBe(false);
    ws.send({ type: 'send', clientId: 'wake', body: 'still here' });
    expect((await ws.next(isType('ack'))).seq).toBe(2);
    ws.close();
  });
});

describe('ConversationRoom: private notes', () => {
  it('delivers private notes to agents only, live and on resume', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const v = await TestSocket.open(roomPath(conversationId, visitor.token));
    const a = await TestSocket.open(roomPath(conversationId, agent.token));
    await Promise.all([v.next(isType('welcome')), a.next(isType('welcome'))]);
    a.send({ type: 'send', clientId: 'note', body: 'secret note', private: true });
    a.send({ type: 'send', clientId: 'reply', body: 'public reply' });
    await a.until((f) => f.filter((x) => x.type === 'message').length === 2);
    await v.until((f) => f.some((x) => x.type === 'message'));
    expect(messagesOf(a).map((m) => [m.body, m.private])).toEqual([
      ['secret note', true],
      ['public reply', false],
    ]);
    expect(messagesOf(v).map((m) => m.body)).toEqual(['public reply']);

    const replay = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=0'));
    await replay.next(isType('resumed'));
    expect(messagesOf(replay).map((m) => m.body)).toEqual(['Hello', 'public reply']);

    // A visitor cannot write one.
    v.send({ type: 'send', clientId: `sneaky-${rand()}`, body: 'x', private: true });
    const err = await v.next(isType('error'));
    expect(err.code).toBe('forbidden');
    for (const s of [v, a, replay]) s.close();
  });
});
