// Reconnects that do not wake Postgres: a room that knows its conversation welcomes and replays a
// reconnecting socket from its own storage (the snapshot of the conversation and the recent
// window), after a restart or hibernation alike — and a revocation still refuses the socket.

import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, type Message } from '../contract/frames.ts';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import { sql, withDb } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { isType, roomPath, TestSocket } from './helpers/socket.ts';
import { memberOf, scenario } from './helpers/tenant.ts';

const roomOf = (conversationId: string) => env.CONVERSATION_ROOM.getByName(conversationId);

/** This room instance's Postgres uses so far. */
const postgresUses = (conversationId: string) =>
  runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.postgresUses);

/** Drops the room's instance and its sockets, as a killed runtime would (its storage stays). */
async function restart(conversationId: string): Promise<void> {
  await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.tune({ idleCloseMs: 1 }));
  await evictDurableObject(roomOf(conversationId), { webSockets: 'close' });
}

const messagesOf = (s: TestSocket) => s.of('message').map((f) => (f as { message: Message }).message);

/** Whether the room's storage holds the snapshot now. */
const snapshotKept = (conversationId: string) =>
  runInDurableObject(roomOf(conversationId), (_room, state) => state.storage.kv.get('snapshot') !== undefined);

/** Waits for the room to save its snapshot (a busy room saves it once quiet: snapshotQuietMs). */
async function untilSnapshotKept(conversationId: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await snapshotKept(conversationId)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the room saved no snapshot within 6 s');
}

/** A conversation with the visitor's hello and three more messages (seq 1–4), its room warm and quiet. */
async function warmRoom() {
  const fixture = await scenario();
  const ws = await TestSocket.open(roomPath(fixture.conversationId, fixture.visitor.token));
  await ws.next(isType('welcome'));
  for (let i = 0; i < 3; i++) ws.send({ type: 'send', clientId: `m${i}`, body: `message ${i}` });
  await ws.until((f) => f.filter((x) => x.type === 'ack').length === 3);
  ws.close();
  await untilSnapshotKept(fixture.conversationId);
  return fixture;
}

describe('a reconnect to a room that knows its conversation', () => {
  it('after a restart: welcome, conversation and replay from storage, with no Postgres use', async () => {
    const { visitor, conversationId } = await warmRoom();
    await restart(conversationId);
    const back = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=1'));
    expect(await back.next(isType('welcome'))).toMatchObject({ conversationId, role: 'visitor', lastSeq: 4 });
    const conversation = await back.next(isType('conversation'));
    expect(conversation.conversation).toMatchObject({ id: conversationId, lastMessagePreview: 'message 2' });
    expect((await back.next(isType('resumed'))).lastSeq).toBe(4);
    expect(messagesOf(back).map((m) => m.body)).toEqual(['message 0', 'message 1', 'message 2']);
    expect(await postgresUses(conversationId)).toBe(0);

    // The snapshot is the committed state: the next send commits at seq 5 on the first try.
    back.send({ type: 'send', clientId: 'after', body: 'after the restart' });
    expect((await back.next(isType('ack'))).seq).toBe(5);
    back.close();
  });

  it('after hibernation: a new socket joins from storage, and the hibernated ones keep working', async () => {
    const { agent, visitor, conversationId } = await warmRoom();
    const stays = await TestSocket.open(roomPath(conversationId, agent.token));
    await stays.next(isType('welcome'));
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.tune({ idleCloseMs: 1 }));
    await evictDurableObject(roomOf(conversationId));
    const joins = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=4'));
    expect(await joins.next(isType('welcome'))).toMatchObject({ lastSeq: 4 });
    await joins.next(isType('resumed'));
    expect(await postgresUses(conversationId)).toBe(0);
    stays.send({ type: 'send', clientId: 'a1', body: 'still here' });
    expect((await joins.next(isType('message'))).message).toMatchObject({ seq: 5, body: 'still here' });
    joins.close();
    stays.close();
  });

  it('reads Postgres again once the snapshot is older than snapshotMaxAgeMs', async () => {
    const { visitor, conversationId } = await warmRoom();
    await restart(conversationId);
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.tune({ snapshotMaxAgeMs: 0 }));
    const back = await TestSocket.open(roomPath(conversationId, visitor.token));
    expect(await back.next(isType('welcome'))).toMatchObject({ lastSeq: 4 });
    expect(await postgresUses(conversationId)).toBe(1);
    back.close();
  });

  it('keeps no snapshot in storage while a commit is in flight (a crash then must read Postgres)', async () => {
    const { visitor, conversationId } = await warmRoom();
    expect(await snapshotKept(conversationId)).toBe(true);
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    await withDb(async ({ client }) => {
      await client.query('begin');
      await client.query('select 1 from conversations where id = $1 for update', [conversationId]);
      ws.send({ type: 'send', clientId: 'held', body: 'held back' });
      await new Promise((r) => setTimeout(r, 300));
      expect(await snapshotKept(conversationId)).toBe(false);
      await client.query('commit');
    });
    expect((await ws.next(isType('ack'))).seq).toBe(5);
    // A quiet room (its last write ended more than snapshotQuietMs ago) saves it with the commit.
    expect(await snapshotKept(conversationId)).toBe(true);
    ws.close();
  });

  it('a busy room keeps the snapshot out of storage until it is quiet (a crash meanwhile reads Postgres)', async () => {
    const { visitor, conversationId } = await warmRoom();
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    // Two commits, the second ending within snapshotQuietMs of the first: the room is busy.
    const acks = (n: number) => ws.until((f) => f.filter((x) => x.type === 'ack').length === n);
    ws.send({ type: 'send', clientId: 'b1', body: 'busy 1' });
    await acks(1);
    expect(await snapshotKept(conversationId)).toBe(true);
    // However slow the machine, the second commit ends within snapshotQuietMs of the first.
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) =>
      room.tune({ snapshotQuietMs: 60_000 }),
    );
    ws.send({ type: 'send', clientId: 'b2', body: 'busy 2' });
    await acks(2);
    expect(ws.of('ack').map((a) => a.seq)).toEqual([5, 6]);
    // Nothing in storage for a crash to find: the next wake would read Postgres.
    expect(await snapshotKept(conversationId)).toBe(false);
    ws.close();
  });

  it('a crash in a busy room loses only its pending window rows: the next wake replays and dedupes from Postgres', async () => {
    const { visitor, conversationId } = await warmRoom();
    // Every write from here on finds the room busy: nothing reaches storage until a minute of quiet.
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) =>
      room.tune({ snapshotQuietMs: 60_000 }),
    );
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    ws.send({ type: 'send', clientId: 'p1', body: 'pending 1' });
    ws.send({ type: 'send', clientId: 'p2', body: 'pending 2' });
    await ws.until((f) => f.filter((x) => x.type === 'ack').length === 2);
    const stored = await runInDurableObject(roomOf(conversationId), (_room, state) => ({
      window: state.storage.sql.exec<{ n: number }>('select count(*) as n from recent').one().n,
      snapshot: state.storage.kv.get('snapshot') !== undefined,
    }));
    expect(stored).toEqual({ window: 4, snapshot: false });
    // The crash: the instance goes, with its timer and what it held in memory.
    await runInDurableObject(roomOf(conversationId), (_room, state) => {
      try {
        state.abort('crash');
      } catch {
        // abort throws in the caller by design
      }
    }).catch(() => undefined);
    const back = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=3'));
    expect(await back.next(isType('welcome'))).toMatchObject({ lastSeq: 6 });
    expect((await back.next(isType('resumed'))).lastSeq).toBe(6);
    expect(messagesOf(back).map((m) => m.body)).toEqual(['message 2', 'pending 1', 'pending 2']);
    // A retry of an acked message the window lost is still answered once, from Postgres.
    back.send({ type: 'send', clientId: 'p2', body: 'pending 2' });
    expect(await back.next(isType('ack'))).toMatchObject({ clientId: 'p2', seq: 6 });
    back.send({ type: 'send', clientId: 'p3', body: 'after the crash' });
    await back.until((f) => f.filter((x) => x.type === 'ack').length === 2);
    expect(back.of('ack')[1]).toMatchObject({ clientId: 'p3', seq: 7 });
    const rows = await sql<{ client_id: string }>(
      "select client_id from messages where conversation_id = $1 and client_id like 'p%' order by seq",
      [conversationId],
    );
    expect(rows.map((r) => r.client_id)).toEqual(['p1', 'p2', 'p3']);
    back.close();
  });

  it('a busy room saves the snapshot once no write has ended for snapshotQuietMs', async () => {
    const { visitor, conversationId } = await warmRoom();
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.tune({ snapshotQuietMs: 3_000 }));
    const ws = await TestSocket.open(roomPath(conversationId, visitor.token));
    await ws.next(isType('welcome'));
    for (let i = 0; i < 3; i++) {
      ws.send({ type: 'send', clientId: `q${i}`, body: `quick ${i}` });
      await ws.until((f) => f.filter((x) => x.type === 'ack').length === i + 1);
    }
    expect(await snapshotKept(conversationId)).toBe(false);
    // Nothing else happens in the room: the quiet save alone brings the snapshot back.
    await untilSnapshotKept(conversationId);
    ws.close();
    await restart(conversationId);
    const back = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=4'));
    expect(await back.next(isType('welcome'))).toMatchObject({ lastSeq: 7 });
    await back.next(isType('resumed'));
    expect(await postgresUses(conversationId)).toBe(0);
    back.send({ type: 'send', clientId: 'after', body: 'after the quiet save' });
    expect((await back.next(isType('ack'))).seq).toBe(8);
    back.close();
  });
});

describe('revocation holds with the snapshot', () => {
  it('a blocked visitor is refused: the block deletes the snapshot', async () => {
    const { project, visitor, conversationId } = await warmRoom();
    const manager = await memberOf(project, 'manager');
    const path = `/api/projects/${project.projectId}/visitors/${visitor.visitor.id}/block`;
    expect((await http('POST', path, { token: manager.token })).status).toBe(200);
    await restart(conversationId);
    const refused = await TestSocket.refused(roomPath(conversationId, visitor.token));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'visitor_blocked' } } });
  });

  it('a block the room never heard of: the first send after a snapshot welcome is re-checked and refused', async () => {
    const { visitor, conversationId } = await warmRoom();
    await sql('update visitors set blocked_at = now() where id = $1', [visitor.visitor.id]);
    await restart(conversationId);
    // The snapshot is older than the interval: the socket counts as checked when it was read.
    await runInDurableObject(roomOf(conversationId), (room: ConversationRoom) => room.tune({ authorityCheckMs: 50 }));
    await new Promise((r) => setTimeout(r, 100));
    const back = await TestSocket.open(roomPath(conversationId, visitor.token));
    await back.next(isType('welcome'));
    back.send({ type: 'send', clientId: 'blocked', body: 'am I still here?' });
    await back.until(() => back.closed !== null, 3000, 'the socket to close');
    expect(back.closed?.code).toBe(CLOSE_CODES.notMember);
    expect(
      await sql('select 1 from messages where conversation_id = $1 and client_id = $2', [conversationId, 'blocked']),
    ).toEqual([]);
  });

  it('an erased visitor is refused: erasure wipes the room', async () => {
    const { project, visitor, conversationId } = await warmRoom();
    const manager = await memberOf(project, 'manager');
    const res = await http('DELETE', `/api/projects/${project.projectId}/visitors/${visitor.visitor.id}`, {
      token: manager.token,
    });
    expect(res.status).toBeLessThan(300);
    const refused = await TestSocket.refused(roomPath(conversationId, visitor.token));
    expect(refused.status).toBe(404);
    expect(
      await runInDurableObject(roomOf(conversationId), (_room, state) => state.storage.kv.get('snapshot')),
    ).toBeUndefined();
  });

  it('an agent whose session was revoked is refused by the Worker, whatever the room keeps', async () => {
    const { agent, conversationId } = await warmRoom();
    const ws = await TestSocket.open(roomPath(conversationId, agent.token));
    await ws.next(isType('welcome'));
    ws.close();
    expect((await http('POST', '/api/auth/logout', { token: agent.token })).status).toBe(200);
    await restart(conversationId);
    expect((await TestSocket.refused(roomPath(conversationId, agent.token))).status).toBe(401);
  });
});
