// The room's protocol edges: typed errors for bad, oversize and too-frequent frames (the socket
// stays usable), back-pressure, tenancy of the upgrade, typing, read receipts and presence.

import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../contract/frames.ts';
import { conversations } from '../drizzle/schema/index.ts';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import type { RoomLimits } from '../durable-objects/room/limits.ts';
import { withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { http } from './helpers/http.ts';
import { isType, joinRoom, roomPath, TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, openConversation, scenario, tenant, visitorOf } from './helpers/tenant.ts';

async function tune(conversationId: string, limits: Partial<RoomLimits>) {
  await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) => {
    room.tune(limits);
  });
}

describe('bad input on a room socket', () => {
  it('answers bad, unknown, binary and invalid frames with typed errors and keeps the socket', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    ws.send('not json');
    ws.send({ type: 'explode' });
    ws.send({ type: 'send', clientId: 'too-long', body: 'x'.repeat(LIMITS.bodyMax + 1) });
    ws.send({ type: 'send', clientId: 'empty', body: '   ' });
    ws.send({ type: 'resume', lastSeq: -4 });
    ws.send(new TextEncoder().encode('{"type":"ping"}').buffer);
    await ws.until((f) => f.filter((x) => x.type === 'error').length === 6);
    expect(ws.of('error').map((e) => [e.code, e.clientId])).toEqual([
      ['bad_frame', undefined],
      ['bad_frame', undefined],
      ['invalid_message', 'too-long'],
      ['invalid_message', 'empty'],
      ['bad_frame', undefined],
      ['bad_frame', undefined],
    ]);
    ws.send({ type: 'send', clientId: 'still-works', body: 'fine' });
    expect((await ws.next(isType('ack'))).clientId).toBe('still-works');
    ws.close();
  });

  it('refuses an oversize frame with frame_too_large and stays open', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    ws.send(JSON.stringify({ type: 'send', clientId: 'big', body: 'é'.repeat(LIMITS.frameMax) }));
    const err = await ws.next(isType('error'));
    expect(err.code).toBe('frame_too_large');
    ws.send({ type: 'ping' });
    await ws.next(isType('pong'));
    expect(ws.closed).toBeNull();
    ws.close();
  });

  it('rate-limits sends per socket with retryAfterMs; other frames and later sends still work', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    await tune(conversationId, { send: { capacity: 3, refillPerSecond: 0.1 } });
    for (let i = 0; i < 5; i++) ws.send({ type: 'send', clientId: `r${i}`, body: `r${i}` });
    await ws.until((f) => f.filter((x) => x.type === 'ack' || x.type === 'error').length === 5);
    const errors = ws.of('error');
    expect(ws.of('ack').map((a) => a.clientId)).toEqual(['r0', 'r1', 'r2']);
    expect(errors.map((e) => [e.code, e.clientId])).toEqual([
      ['rate_limited', 'r3'],
      ['rate_limited', 'r4'],
    ]);
    expect(errors[0]?.retryAfterMs).toBeGreaterThan(0);
    ws.send({ type: 'typing', on: true });
    ws.send({ type: 'ping' });
    await ws.next(isType('pong'));
    await tune(conversationId, { send: { capacity: 10, refillPerSecond: 1000 } });
    await new Promise((r) => setTimeout(r, 20));
    ws.send({ type: 'send', clientId: 'r3', body: 'r3 again' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 4);
    ws.close();
  });

  it('answers slow_down when the pending queue is full; nothing is lost or duplicated', async () => {
    const { visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    await tune(conversationId, { queueMax: 2, batchMax: 2 });
    for (let i = 0; i < 40; i++) ws.send({ type: 'send', clientId: `q${i}`, body: `q${i}` });
    await ws.until((f) => f.filter((x) => x.type === 'ack' || x.type === 'error').length === 40, 10_000);
    const slowed = ws.of('error').filter((e) => e.code === 'slow_down');
    expect(slowed.length).toBeGreaterThan(0);
    expect(slowed[0]?.retryAfterMs).toBeGreaterThan(0);
    const acked = ws.of('ack').map((a) => a.seq);
    expect(acked).toEqual(Array.from({ length: acked.length }, (_, i) => i + 2));
    // Retrying a slowed send later succeeds.
    await tune(conversationId, { queueMax: 500, batchMax: 200 });
    ws.send({ type: 'send', clientId: slowed[0]?.clientId, body: 'retried' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === acked.length + 1);
    ws.close();
  });
});

describe('closing', () => {
  it('answers closes (with a code, and without one: 1005 is never echoed) and the room carries on', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const stay = await joinRoom(conversationId, agent.token);
    const polite = await joinRoom(conversationId, visitor.token);
    const abrupt = await joinRoom(conversationId, visitor.token);
    polite.close(4001);
    abrupt.closeWithoutCode();
    await polite.until(() => polite.closed !== null);
    await abrupt.until(() => abrupt.closed !== null);
    expect(polite.closed?.code).toBe(4001);
    stay.send({ type: 'send', clientId: 'after-closes', body: 'still fine' });
    expect((await stay.next(isType('ack'))).seq).toBe(2);
    stay.close();
  });
});

describe('who may open a conversation socket', () => {
  it('404s a visitor of another project, another visitor, and an agent of another project', async () => {
    const a = await scenario();
    const b = await scenario();
    expect((await TestSocket.refused(roomPath(a.conversationId, b.visitor.token))).status).toBe(404);
    const stranger = await visitorOf(a.project);
    expect((await TestSocket.refused(roomPath(a.conversationId, stranger.token))).status).toBe(404);
    expect((await TestSocket.refused(roomPath(a.conversationId, b.agent.token))).status).toBe(404);
    const outsider = await nonMember();
    expect((await TestSocket.refused(roomPath(a.conversationId, outsider.token))).status).toBe(404);
    // Nor over REST.
    const res = await http('GET', `/api/widget/conversations/${a.conversationId}/messages`, { token: b.visitor.token });
    expect(res.status).toBe(404);
  });

  it('a visitor of another project knocking first on a sleeping room neither gets in nor ties it to their project', async () => {
    const a = await scenario();
    const b = await scenario();
    // A conversation whose room has never woken (opened without a first message).
    const res = await http('POST', '/api/widget/conversations', {
      token: a.visitor.token,
      json: { clientId: `open-${crypto.randomUUID()}` },
    });
    expect(res.status).toBe(201);
    const { conversation } = await res.json<{ conversation: { id: string } }>();
    expect((await TestSocket.refused(roomPath(conversation.id, b.visitor.token))).status).toBe(404);
    expect((await TestSocket.refused(roomPath(conversation.id, b.agent.token))).status).toBe(404);
    // The owner, then the project's agent, still get in, with the visitor's name from Postgres.
    const v = await joinRoom(conversation.id, a.visitor.token);
    const ag = await joinRoom(conversation.id, a.agent.token);
    v.send({ type: 'send', clientId: 'mine', body: 'still my conversation' });
    await ag.until((f) => f.some((x) => x.type === 'message'));
    v.close();
    ag.close();
  });

  it('401s a missing or forged token and 426s a plain GET', async () => {
    const { conversationId, visitor } = await scenario();
    expect((await TestSocket.refused(`/ws/conversations/${conversationId}`)).status).toBe(401);
    expect((await TestSocket.refused(roomPath(conversationId, `${visitor.token}x`))).status).toBe(401);
    const plain = await http('GET', roomPath(conversationId, visitor.token));
    expect(plain.status).toBe(426);
  });

  it('never accepts a visitor token where an agent token is required', async () => {
    const { project, visitor } = await scenario();
    const res = await http('GET', `/api/projects/${project.projectId}/conversations`, { token: visitor.token });
    expect(res.status).toBe(401);
  });
});

describe('typing, read receipts and presence', () => {
  it('relays typing to the others only; agents’ note typing never reaches the visitor', async () => {
    const { agent, visitor, conversationId, project } = await scenario();
    const other = await memberOf(project);
    const v = await joinRoom(conversationId, visitor.token);
    const a = await joinRoom(conversationId, agent.token);
    const a2 = await joinRoom(conversationId, other.token);
    v.send({ type: 'typing', on: true });
    const seen = await a.next(isType('typing'));
    expect(seen).toMatchObject({ on: true, author: { kind: 'visitor', id: visitor.visitor.id } });
    a.send({ type: 'typing', on: true, private: true });
    await a2.next(isType('typing'));
    a.send({ type: 'typing', on: true });
    await v.next(isType('typing'));
    await a2.until((f) => f.filter((x) => x.type === 'typing').length === 3);
    expect(v.of('typing')).toHaveLength(1);
    expect(v.of('typing')[0]).toMatchObject({ author: { kind: 'agent', id: agent.userId, name: agent.name } });
    for (const s of [v, a, a2]) s.close();
  });

  it('shows read marks to the other side at once and writes them to Postgres coalesced', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const v = await joinRoom(conversationId, visitor.token);
    const a = await joinRoom(conversationId, agent.token);
    v.send({ type: 'send', clientId: 'v2', body: 'second' });
    await a.until((f) => f.some((x) => x.type === 'message'));
    // The events consumer keeps the unread count, shortly after the commit.
    await eventually(async () => {
      const [row] = await withDb(({ db }) =>
        db.select().from(conversations).where(eq(conversations.id, conversationId)),
      );
      return row?.unreadByAgent === 2 ? true : undefined;
    });
    a.send({ type: 'read', seq: 1 });
    a.send({ type: 'read', seq: 2 });
    a.send({ type: 'read', seq: 99 });
    await v.until((f) => f.some((x) => x.type === 'read' && x.side === 'agent' && x.seq === 2));
    // Not yet in Postgres: one write per flush, not per read frame.
    const before = await withDb(({ db }) =>
      db.select().from(conversations).where(eq(conversations.id, conversationId)),
    );
    expect(before[0]?.agentReadSeq).toBe(0);
    expect(await runDurableObjectAlarm(env.CONVERSATION_ROOM.getByName(conversationId))).toBe(true);
    const after = await withDb(({ db }) => db.select().from(conversations).where(eq(conversations.id, conversationId)));
    expect(after[0]).toMatchObject({ agentReadSeq: 2, unreadByAgent: 0 });
    v.close();
    a.close();
  });

  it('tells everyone which agents are in the conversation', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const v = await joinRoom(conversationId, visitor.token);
    expect(await v.next(isType('presence'))).toMatchObject({ agents: [] });
    const a = await joinRoom(conversationId, agent.token);
    await v.until(() => v.of('presence').at(-1)?.agents.length === 1);
    expect(v.of('presence').at(-1)).toMatchObject({ agents: [{ id: agent.userId, name: agent.name }] });
    a.close();
    await v.until(() => v.of('presence').at(-1)?.agents.length === 0);
    v.close();
  });
});

describe('opening a conversation', () => {
  it('is idempotent on the opening clientId (one conversation, one first message)', async () => {
    const project = await tenant();
    const session = await visitorOf(project);
    const open = () =>
      http('POST', '/api/widget/conversations', {
        token: session.token,
        json: { clientId: 'open-once', body: 'Hi there' },
      });
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([201, 200]);
    const [one, two] = [
      await first.json<{ conversation: { id: string }; message: { seq: number } }>(),
      await second.json<{ conversation: { id: string }; message: { seq: number; duplicate: boolean } }>(),
    ];
    expect(two.conversation.id).toBe(one.conversation.id);
    expect(two.message).toMatchObject({ seq: 1, duplicate: true });
    const list = await http('GET', '/api/widget/conversations', { token: session.token });
    expect((await list.json<{ conversations: unknown[] }>()).conversations).toHaveLength(1);
    const { conversation } = await openConversation(session.token, 'another');
    expect(conversation.id).not.toBe(one.conversation.id);
  });
});
