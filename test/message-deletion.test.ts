// Message deletion through the ConversationRoom: who may delete what and when (the project's
// window, roles), the tombstone both sides see live and after a reconnect, the erasure in Postgres
// (body, attachment, earlier event payloads), the `message.deleted` event and audit entry, the
// inbox preview, and bad input answered with typed errors that change nothing. Tenants stay apart.

import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { messageCreated, type OutboxEvent, type QueueMessage } from '../contract/events.ts';
import { type ConversationSummary, DELETED_MESSAGE_PREVIEW } from '../contract/frames.ts';
import { processEvents } from '../worker/events/consumer.ts';
import { webhooksHandler } from '../worker/events/handlers/webhooks.ts';
import { eventSettings } from '../worker/events/settings.ts';
import { config, sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { httpJson } from './helpers/http.ts';
import { isType, joinRoom, roomPath, TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, openConversation, rand, scenario, visitorOf } from './helpers/tenant.ts';

const convPath = (projectId: string, conversationId: string) =>
  `/api/projects/${projectId}/conversations/${conversationId}`;
const deletePath = (projectId: string, conversationId: string, messageId: string) =>
  `${convPath(projectId, conversationId)}/messages/${messageId}`;

/** Sends on a socket and returns the committed message's id. */
async function say(ws: TestSocket, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  const clientId = `c-${rand()}`;
  ws.send({ type: 'send', clientId, body, ...extra });
  const ack = await ws.next((f): f is { type: 'ack'; messageId: string; clientId: string } => {
    return f.type === 'ack' && (f as { clientId?: string }).clientId === clientId;
  });
  return ack.messageId;
}

const deletedFrame = (messageId: string) => (f: { type: string; [k: string]: unknown }) =>
  f.type === 'deleted' && (f.deletion as { messageId: string }).messageId === messageId;

const errorFor = (messageId: string) => (f: { type: string; [k: string]: unknown }) =>
  f.type === 'error' && f.messageId === messageId;

async function row(messageId: string) {
  const [r] = await sql<{ body: string; deleted_at: Date | null; attachment_key: string | null }>(
    'select body, deleted_at, attachment_key from messages where id = $1',
    [messageId],
  );
  return r;
}

async function setWindow(projectId: string, minutes: number) {
  const manager = await memberOf({ projectId }, 'manager');
  const path = `/api/projects/${projectId}/conversation-settings`;
  const current = await httpJson<{ settings: Record<string, unknown> }>('GET', path, { token: manager.token });
  const { resolvedRetentionDays: _, ...rest } = current.body.settings;
  const saved = await httpJson<{ settings: { messageDeleteWindowMinutes: number } }>('PUT', path, {
    token: manager.token,
    json: { ...rest, messageDeleteWindowMinutes: minutes },
  });
  expect(saved.status).toBe(200);
  expect(saved.body.settings.messageDeleteWindowMinutes).toBe(minutes);
}

describe('deleting a message', () => {
  it('lets a visitor delete their own message: a tombstone live on both sides, erased in Postgres, event and audit', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    const messageId = await say(visitorWs, 'my card is 4111 1111 1111 1111');
    await agentWs.next(isType('message'));

    visitorWs.send({ type: 'delete', messageId });
    const seen = await visitorWs.next((f): f is { type: 'deleted'; deletion: Record<string, unknown> } =>
      deletedFrame(messageId)(f),
    );
    expect(seen.deletion).toMatchObject({
      conversationId,
      messageId,
      seq: 2,
      by: { kind: 'visitor', id: visitor.visitor.id },
    });
    await agentWs.until((f) => f.some(deletedFrame(messageId)));

    const stored = await row(messageId);
    expect(stored?.body).toBe('');
    expect(stored?.deleted_at).not.toBeNull();
    // The outbox keeps no copy of the text: message.created is scrubbed, message.deleted written.
    const events = await sql<{ type: string; payload: Record<string, unknown> }>(
      `select type, payload from outbox_events where aggregate_id = $1 order by position`,
      [conversationId],
    );
    expect(JSON.stringify(events)).not.toContain('4111 1111');
    const deleted = events.find((e) => e.type === 'message.deleted');
    expect(deleted?.payload).toMatchObject({
      conversationId,
      projectId: project.projectId,
      messageId,
      seq: 2,
      authorKind: 'visitor',
      private: false,
      by: { kind: 'visitor', id: visitor.visitor.id },
    });
    const [audit] = await sql<{ actor_id: string | null; data: Record<string, unknown> }>(
      `select actor_id, data from audit_events where project_id = $1 and type = 'message.deleted'`,
      [project.projectId],
    );
    expect(audit).toMatchObject({
      actor_id: null,
      data: { messageId, byKind: 'visitor', visitorId: visitor.visitor.id },
    });
    expect(JSON.stringify(audit)).not.toContain('4111 1111');

    // After a reconnect the thread has the tombstone, from the room's window and from REST.
    const again = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=0'));
    await again.next(isType('resumed'));
    const replayed = again.of('message').find((f) => f.message.id === messageId)?.message;
    expect(replayed).toMatchObject({ id: messageId, body: '', attachment: null });
    expect(replayed?.deletedAt).toBeTruthy();
    const history = await httpJson<{ messages: { id: string; body: string; deletedAt?: string }[] }>(
      'GET',
      convPath(project.projectId, conversationId),
      { token: agent.token },
    );
    const listed = history.body.messages.find((m) => m.id === messageId);
    expect(listed?.body).toBe('');
    expect(listed?.deletedAt).toBeTruthy();
    // A client that had the message before (resuming after its seq) is told of the deletion.
    const later = await TestSocket.open(roomPath(conversationId, agent.token, '&lastSeq=2'));
    await later.until((f) => f.some(deletedFrame(messageId)));
    for (const ws of [visitorWs, agentWs, again, later]) ws.close();
  });

  it('lets an agent delete any visitor message over REST, however old; the visitor sees it live and the inbox preview changes', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    await setWindow(project.projectId, 0);
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const messageId = await say(visitorWs, 'CVV 123');
    await sql(`update messages set created_at = now() - interval '3 days' where id = $1`, [messageId]);

    const res = await httpJson<{ deletion: { messageId: string; by: unknown } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, messageId),
      { token: agent.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.deletion).toMatchObject({ messageId, by: { kind: 'agent', id: agent.userId } });
    await visitorWs.until((f) => f.some(deletedFrame(messageId)));
    const [audit] = await sql<{ actor_id: string | null }>(
      `select actor_id from audit_events where project_id = $1 and type = 'message.deleted'`,
      [project.projectId],
    );
    expect(audit?.actor_id).toBe(agent.userId);
    // It was the last message: the list shows the tombstone, never the text.
    await eventually(async () => {
      const list = await httpJson<{ conversations: ConversationSummary[] }>(
        'GET',
        `/api/projects/${project.projectId}/conversations`,
        { token: agent.token },
      );
      const preview = list.body.conversations.find((c) => c.id === conversationId)?.lastMessagePreview;
      return preview === DELETED_MESSAGE_PREVIEW ? preview : undefined;
    });
    visitorWs.close();
  });

  it('holds authors to the window: within it yes, after it or with 0 no; the agent rule still applies', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    const old = await say(visitorWs, 'an old one');
    await sql(`update messages set created_at = now() - interval '16 minutes' where id = $1`, [old]);
    visitorWs.send({ type: 'delete', messageId: old });
    const refused = await visitorWs.next((f): f is { type: 'error'; code: string } => errorFor(old)(f));
    expect(refused.code).toBe('delete_window_passed');
    expect((await row(old))?.body).toBe('an old one');

    const mine = await say(agentWs, 'agent reply');
    await setWindow(project.projectId, 0);
    const closed = await httpJson<{ error: { code: string } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, mine),
      { token: agent.token },
    );
    expect([closed.status, closed.body.error.code]).toEqual([403, 'delete_window_passed']);
    expect((await row(mine))?.body).toBe('agent reply');

    await setWindow(project.projectId, 60);
    agentWs.send({ type: 'delete', messageId: mine });
    await visitorWs.until((f) => f.some(deletedFrame(mine)));
    for (const ws of [visitorWs, agentWs]) ws.close();
  });

  it('answers bad deletes with typed errors and changes nothing', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const other = await memberOf(project);
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    const visitorMessage = await say(visitorWs, 'visitor words');
    const agentMessage = await say(agentWs, 'agent words');
    const note = await say(agentWs, 'private note', { private: true });
    // The same visitor's second conversation: its message is not this conversation's.
    const second = await openConversation(visitor.token, 'elsewhere');
    const secondWs = await joinRoom(second.conversation.id, visitor.token);
    const elsewhere = await say(secondWs, 'elsewhere too');

    const cases: [string, string, TestSocket][] = [
      [crypto.randomUUID(), 'not_found', visitorWs],
      ['not-a-uuid', 'not_found', visitorWs],
      [elsewhere, 'not_found', visitorWs],
      [note, 'not_found', visitorWs],
      [agentMessage, 'forbidden', visitorWs],
    ];
    for (const [messageId, code, ws] of cases) {
      ws.send({ type: 'delete', messageId });
      const err = await ws.next((f): f is { type: 'error'; code: string } => errorFor(messageId)(f));
      expect([messageId, err.code]).toEqual([messageId, code]);
    }
    visitorWs.send({ type: 'delete', messageId: 'x'.repeat(200) });
    await visitorWs.next((f): f is { type: 'error'; code: string } => f.type === 'error' && f.code === 'bad_frame');

    // Another agent's message: refused over REST too.
    const forbidden = await httpJson<{ error: { code: string } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, agentMessage),
      { token: other.token },
    );
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
    const bad = await httpJson<{ error: { code: string } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, 'nope'),
      { token: agent.token },
    );
    expect([bad.status, bad.body.error.code]).toEqual([404, 'not_found']);
    const wrongConversation = await httpJson<{ error: { code: string } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, elsewhere),
      { token: agent.token },
    );
    expect([wrongConversation.status, wrongConversation.body.error.code]).toEqual([404, 'not_found']);

    for (const [id, body] of [
      [visitorMessage, 'visitor words'],
      [agentMessage, 'agent words'],
      [note, 'private note'],
      [elsewhere, 'elsewhere too'],
    ] as const) {
      expect((await row(id))?.body).toBe(body);
    }
    expect(visitorWs.frames.some((f) => f.type === 'deleted')).toBe(false);

    // Deleted once; the second time is `already_deleted`.
    agentWs.send({ type: 'delete', messageId: visitorMessage });
    await agentWs.until((f) => f.some(deletedFrame(visitorMessage)));
    const twice = await httpJson<{ error: { code: string } }>(
      'DELETE',
      deletePath(project.projectId, conversationId, visitorMessage),
      { token: agent.token },
    );
    expect([twice.status, twice.body.error.code]).toEqual([409, 'already_deleted']);
    const [{ n } = { n: 0 }] = await sql<{ n: number }>(
      `select count(*)::int as n from outbox_events where aggregate_id = $1 and type = 'message.deleted'`,
      [conversationId],
    );
    expect(n).toBe(1);
    // The socket is still usable.
    await say(visitorWs, 'still here');
    for (const ws of [visitorWs, agentWs, secondWs]) ws.close();
  });

  it('erases an attachment reference and hands its R2 object to the erasure tasks', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
    const data = new FormData();
    data.set('file', new File([png], 'card-photo.png', { type: 'image/png' }));
    data.set('clientId', `file-${rand()}`);
    const uploaded = await httpJson<{ messageId: string }>(
      'POST',
      `/api/widget/conversations/${conversationId}/attachments`,
      { token: visitor.token, body: data },
    );
    expect(uploaded.status).toBe(201);
    const { messageId } = uploaded.body;
    const key = (await row(messageId))?.attachment_key;
    expect(key).toBeTruthy();
    const res = await httpJson('DELETE', deletePath(project.projectId, conversationId, messageId), {
      token: agent.token,
    });
    expect(res.status).toBe(200);
    const [stored] = await sql<Record<string, unknown>>(
      'select body, attachment_key, attachment_name, attachment_content_type, attachment_size from messages where id = $1',
      [messageId],
    );
    expect(stored).toEqual({
      body: '',
      attachment_key: null,
      attachment_name: null,
      attachment_content_type: null,
      attachment_size: null,
    });
    const tasks = await sql<{ prefixes: string[] }>('select prefixes from erasure_tasks where project_id = $1', [
      project.projectId,
    ]);
    expect(tasks.map((t) => t.prefixes)).toContainEqual([key]);
    const events = await sql<{ payload: unknown }>(
      `select payload from outbox_events where aggregate_id = $1 and type = 'message.created'`,
      [conversationId],
    );
    expect(JSON.stringify(events)).not.toContain('card-photo');
    const history = await httpJson<{ messages: { id: string; attachment: unknown }[] }>(
      'GET',
      convPath(project.projectId, conversationId),
      { token: agent.token },
    );
    expect(history.body.messages.find((m) => m.id === messageId)?.attachment).toBeNull();
  });

  it('keeps the text out of the webhook delivery log, even for a message.created still on the Queue', async () => {
    const { project, visitor, conversationId } = await scenario();
    const manager = await memberOf(project, 'manager');
    const hook = await httpJson<{ endpoint: { id: string } }>('POST', `/api/projects/${project.projectId}/webhooks`, {
      token: manager.token,
      json: {
        url: `${inject('webhookReceiverUrl')}/hooks/deletion-${rand()}`,
        eventTypes: ['message.created', 'message.deleted'],
      },
    });
    expect(hook.status).toBe(201);
    const endpointId = hook.body.endpoint.id;
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const messageId = await say(visitorWs, 'PAN 4111 1111 1111 1111');
    visitorWs.send({ type: 'delete', messageId });
    await visitorWs.until((f) => f.some(deletedFrame(messageId)));
    const bodies = () =>
      sql<{ event_type: string; body: string }>(
        'select event_type, body from webhook_deliveries where endpoint_id = $1',
        [endpointId],
      );
    await eventually(async () => ((await bodies()).some((d) => d.event_type === 'message.deleted') ? true : undefined));
    // A copy of message.created the Queue still held (with the text) arrives after the deletion.
    const payload = messageCreated(conversationId, project.projectId, {
      id: messageId,
      seq: 2,
      clientId: 'late',
      author: { kind: 'visitor', id: visitor.visitor.id },
      body: 'PAN 4111 1111 1111 1111',
      private: false,
      attachment: null,
      createdAt: new Date().toISOString(),
    });
    const late: OutboxEvent = {
      id: crypto.randomUUID(),
      projectId: project.projectId,
      type: payload.type,
      aggregateType: 'conversation',
      aggregateId: conversationId,
      payload: payload.payload,
      createdAt: new Date().toISOString(),
    };
    await withDb(({ db }) =>
      processEvents([late], [webhooksHandler], {
        db,
        config: config(),
        env,
        settings: eventSettings(env),
        queue: env.EVENTS as Queue<QueueMessage>,
      }),
    );
    const all = await bodies();
    expect(all.some((d) => d.body.includes(late.id))).toBe(true);
    // The card number, not its first digits: a random uuid may hold "4111" (one in this log did).
    expect(JSON.stringify(all)).not.toContain('4111 1111');
    visitorWs.close();
  });

  it('tells only agents when a private note is deleted', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    const note = await say(agentWs, 'internal', { private: true });
    agentWs.send({ type: 'delete', messageId: note });
    await agentWs.until((f) => f.some(deletedFrame(note)));
    visitorWs.send({ type: 'ping' });
    await visitorWs.next(isType('pong'));
    expect(visitorWs.frames.some((f) => f.type === 'deleted')).toBe(false);
    // Nor on a resume: the visitor never hears of the note.
    const resumed = await TestSocket.open(roomPath(conversationId, visitor.token, '&lastSeq=9'));
    await resumed.next(isType('resumed'));
    expect(resumed.frames.some((f) => f.type === 'deleted')).toBe(false);
    const agentAgain = await TestSocket.open(roomPath(conversationId, agent.token, '&lastSeq=9'));
    await agentAgain.until((f) => f.some(deletedFrame(note)));
    for (const ws of [visitorWs, agentWs, resumed, agentAgain]) ws.close();
  });

  it('keeps tenants apart: another project’s member gets 404 and nothing changes', async () => {
    const a = await scenario();
    const b = await scenario();
    const visitorWs = await joinRoom(a.conversationId, a.visitor.token);
    const messageId = await say(visitorWs, 'tenant A');
    const outsider = await nonMember();
    for (const [projectId, token] of [
      [a.project.projectId, b.agent.token],
      [b.project.projectId, b.agent.token],
      [a.project.projectId, outsider.token],
    ] as const) {
      const res = await httpJson<{ error: { code: string } }>(
        'DELETE',
        deletePath(projectId, a.conversationId, messageId),
        {
          token,
        },
      );
      expect(res.status).toBe(404);
    }
    // Project B's visitor, on B's conversation, cannot reach A's message either.
    const bWs = await joinRoom(b.conversationId, b.visitor.token);
    bWs.send({ type: 'delete', messageId });
    const err = await bWs.next((f): f is { type: 'error'; code: string } => errorFor(messageId)(f));
    expect(err.code).toBe('not_found');
    expect((await row(messageId))?.body).toBe('tenant A');
    // A second visitor of project A cannot delete the first visitor's message in their own conversation.
    const stranger = await visitorOf(a.project);
    const strangerConversation = await openConversation(stranger.token);
    const sWs = await joinRoom(strangerConversation.conversation.id, stranger.token);
    sWs.send({ type: 'delete', messageId });
    expect((await sWs.next((f): f is { type: 'error'; code: string } => errorFor(messageId)(f))).code).toBe(
      'not_found',
    );
    expect((await row(messageId))?.body).toBe('tenant A');
    for (const ws of [visitorWs, bWs, sWs]) ws.close();
  });

  it('keeps the window in the conversation settings: 15 minutes by default, kept when a PUT leaves it out', async () => {
    const { project } = await scenario();
    const manager = await memberOf(project, 'manager');
    const path = `/api/projects/${project.projectId}/conversation-settings`;
    const read = await httpJson<{ settings: Record<string, unknown> }>('GET', path, { token: manager.token });
    expect(read.body.settings.messageDeleteWindowMinutes).toBe(15);
    await setWindow(project.projectId, 5);
    const { messageDeleteWindowMinutes: _, resolvedRetentionDays: __, ...rest } = read.body.settings;
    const kept = await httpJson<{ settings: Record<string, unknown> }>('PUT', path, {
      token: manager.token,
      json: rest,
    });
    expect(kept.body.settings.messageDeleteWindowMinutes).toBe(5);
    const tooLong = await httpJson('PUT', path, {
      token: manager.token,
      json: { ...rest, messageDeleteWindowMinutes: -1 },
    });
    expect(tooLong.status).toBe(400);
    const agent = await memberOf(project);
    const byAgent = await httpJson('PUT', path, {
      token: agent.token,
      json: { ...rest, messageDeleteWindowMinutes: 1 },
    });
    expect(byAgent.status).toBe(403);
  });
});
