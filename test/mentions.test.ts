// @mentions in private notes (contract/frames.ts `mentions`): the room keeps the mentioned ids that
// are members of the project when it commits, and the note carries them everywhere (frame, history,
// row, event); a public message, a visitor or a malformed list is refused and nothing is committed;
// the Mentions list (`?mentioned=true`) is the caller's own; the inbox tells only the mentioned
// agent's sockets; deleting the note takes its mentions (and its place in the list) away.
import { describe, expect, it } from 'vitest';
import { sql, withDb } from './helpers/db.ts';
import { http, httpJson } from './helpers/http.ts';
import { isType, joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, rand, scenario } from './helpers/tenant.ts';

type Frame = { type: string; [key: string]: unknown };
type MessageFrame = { type: 'message'; message: { seq: number; body: string; private: boolean; mentions?: string[] } };

const isMessage =
  (body: string) =>
  (f: Frame): f is MessageFrame =>
    f.type === 'message' && (f as MessageFrame).message.body === body;

const answered =
  (clientId: string) =>
  (f: Frame): f is Frame =>
    (f.type === 'ack' || f.type === 'error') && f.clientId === clientId;

const rowsOf = (conversationId: string) =>
  sql<{ seq: number; body: string; mentions: string[] | null }>(
    'select seq, body, mentions from messages where conversation_id = $1 order by seq',
    [conversationId],
  );

const inboxPath = (projectId: string, token: string) => `/ws/projects/${projectId}/inbox?token=${token}`;

const mentionsList = (projectId: string, token: string) =>
  httpJson<{ conversations: { id: string }[] }>('GET', `/api/projects/${projectId}/conversations?mentioned=true`, {
    token,
  });

describe('mentions in private notes', () => {
  it('keep the members, in order, on the frame, the row, the history and the event', async () => {
    const { project, agent, conversationId } = await scenario();
    const manager = await memberOf(project, 'manager');
    const teammate = await memberOf(project);
    const outsider = await nonMember();
    const ws = await joinRoom(conversationId, agent.token);
    const managerWs = await joinRoom(conversationId, manager.token);
    const clientId = `c-${rand()}`;
    ws.send({
      type: 'send',
      clientId,
      body: 'Can you check the refund?',
      private: true,
      // An outsider and the author are dropped, a repeat kept once, upper case read as the same id.
      mentions: [teammate.userId, outsider.userId, agent.userId, manager.userId.toUpperCase(), teammate.userId],
    });
    expect(await ws.next(answered(clientId))).toMatchObject({ type: 'ack' });
    const frame = await managerWs.next(isMessage('Can you check the refund?'));
    expect(frame.message.mentions).toEqual([teammate.userId, manager.userId]);
    const row = (await rowsOf(conversationId)).at(-1);
    expect(row?.mentions).toEqual([teammate.userId, manager.userId]);
    const history = await httpJson<{ messages: { seq: number; mentions?: string[] }[] }>(
      'GET',
      `/api/projects/${project.projectId}/conversations/${conversationId}`,
      { token: manager.token },
    );
    expect(history.body.messages.at(-1)?.mentions).toEqual([teammate.userId, manager.userId]);
    // A message that mentions nobody carries no `mentions` at all.
    expect(history.body.messages[0]?.mentions).toBeUndefined();
    const [event] = await sql<{ payload: { message: { mentions?: string[] } } }>(
      `select payload from outbox_events where aggregate_id = $1 and type = 'message.created'
         and payload->'message'->>'private' = 'true'`,
      [conversationId],
    );
    expect(event?.payload.message.mentions).toEqual([teammate.userId, manager.userId]);
    ws.close();
    managerWs.close();
  });

  it('are refused on a public message, from a visitor, and when malformed: nothing is committed', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const manager = await memberOf(project, 'manager');
    const ws = await joinRoom(conversationId, agent.token);
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const before = (await rowsOf(conversationId)).length;
    const refusals: [TestSocket, Record<string, unknown>, string][] = [
      [ws, { body: 'Public', mentions: [manager.userId] }, 'invalid_message'],
      [ws, { body: 'Not ids', private: true, mentions: ['manager'] }, 'invalid_message'],
      [
        ws,
        { body: 'Too many', private: true, mentions: Array.from({ length: 21 }, () => crypto.randomUUID()) },
        'invalid_message',
      ],
      [visitorWs, { body: 'Hey @agent', mentions: [agent.userId] }, 'forbidden'],
    ];
    for (const [socket, extra, code] of refusals) {
      const clientId = `c-${rand()}`;
      socket.send({ type: 'send', clientId, ...extra });
      expect(await socket.next(answered(clientId))).toMatchObject({ type: 'error', code, clientId });
    }
    // Over REST: the same answers, typed.
    const rest = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/messages`, {
      token: agent.token,
      json: { clientId: `c-${rand()}`, body: 'Public', mentions: [manager.userId] },
    });
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('invalid_message');
    const malformed = await http(
      'POST',
      `/api/projects/${project.projectId}/conversations/${conversationId}/messages`,
      {
        token: agent.token,
        json: { clientId: `c-${rand()}`, body: 'Note', private: true, mentions: 'everyone' },
      },
    );
    expect(malformed.status).toBe(400);
    expect((await rowsOf(conversationId)).length).toBe(before);
    // The sockets are still open and usable.
    const clientId = `c-${rand()}`;
    ws.send({ type: 'send', clientId, body: 'Still here', private: true, mentions: [manager.userId] });
    expect(await ws.next(answered(clientId))).toMatchObject({ type: 'ack' });
    ws.close();
    visitorWs.close();
  });

  it('list the conversation under the mentioned agent’s Mentions only, until the note is deleted', async () => {
    const { project, agent, conversationId } = await scenario();
    const manager = await memberOf(project, 'manager');
    const other = await memberOf(project);
    const managerInbox = await TestSocket.open(inboxPath(project.projectId, manager.token));
    const otherInbox = await TestSocket.open(inboxPath(project.projectId, other.token));
    await managerInbox.next(isType('welcome'));
    await otherInbox.next(isType('welcome'));
    const sent = await httpJson<{ seq: number; messageId: string }>(
      'POST',
      `/api/projects/${project.projectId}/conversations/${conversationId}/messages`,
      {
        token: agent.token,
        json: {
          clientId: `c-${rand()}`,
          body: '@Manager  can you\n approve this?',
          private: true,
          mentions: [manager.userId],
        },
      },
    );
    expect(sent.status).toBe(201);
    // The inbox tells the mentioned manager, with the note's preview; the other agent hears nothing of it.
    const told = await managerInbox.next((f): f is Frame => f.type === 'mention', 0, 10_000);
    expect(told).toEqual({
      type: 'mention',
      conversationId,
      messageId: sent.body.messageId,
      seq: sent.body.seq,
      by: { id: agent.userId, name: agent.name },
      preview: '@Manager can you approve this?',
    });
    // The conversation's own update reaches both; by then the other would have had its mention too.
    await otherInbox.until((frames) => frames.some((f) => f.type.startsWith('conversation.')), 10_000);
    expect(otherInbox.of('mention' as never)).toHaveLength(0);

    const mine = await mentionsList(project.projectId, manager.token);
    expect(mine.status).toBe(200);
    expect(mine.body.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect((await mentionsList(project.projectId, other.token)).body.conversations).toEqual([]);
    expect((await mentionsList(project.projectId, agent.token)).body.conversations).toEqual([]);
    const bad = await http('GET', `/api/projects/${project.projectId}/conversations?mentioned=yes`, {
      token: manager.token,
    });
    expect(bad.status).toBe(400);

    const deleted = await http(
      'DELETE',
      `/api/projects/${project.projectId}/conversations/${conversationId}/messages/${sent.body.messageId}`,
      { token: agent.token },
    );
    expect(deleted.status).toBe(200);
    expect((await rowsOf(conversationId)).at(-1)?.mentions).toBeNull();
    expect((await mentionsList(project.projectId, manager.token)).body.conversations).toEqual([]);
    managerInbox.close();
    otherInbox.close();
  });

  it('the Mentions list finds the notes through messages_mentions_idx, not by reading every message', async () => {
    const plan = await withDb(async ({ client }) => {
      await client.query('begin');
      try {
        // A test database of a few rows: with sequential scans off, the plan is the one a large one takes.
        await client.query('set local enable_seqscan = off');
        const { rows } = await client.query(
          `explain select m.conversation_id from messages m
           where m.project_id = $1 and m.mentions @> array[$2]::uuid[]`,
          [crypto.randomUUID(), crypto.randomUUID()],
        );
        return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('rollback');
      }
    });
    expect(plan).toContain('messages_mentions_idx');
  });
});
