// Erasure is complete (ARCHITECTURE invariant 11): a Manager erases a visitor or one conversation,
// and afterwards nothing of it is left — not in any table of Postgres (every table is searched for
// what was planted), not in R2 (the prefix is listed), not in the conversation rooms' own storage
// (read from inside the Durable Object). Erasure closes the rooms' sockets, is audited without the
// content, reaches webhooks as an event, and answers 404 the second time.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CLOSE_CODES } from '../contract/frames.ts';
import { sql } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { isEmpty, r2Keys, rowsContaining, storageOf, tablesContaining } from './helpers/privacy.ts';
import { isType, joinRoom, type TestSocket } from './helpers/socket.ts';
import { type Member, memberOf, openConversation, rand, type Tenant, tenant, visitorOf } from './helpers/tenant.ts';

const receiver = inject('webhookReceiverUrl');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);

interface Hook {
  body: string;
}
const hooksAt = async (name: string) =>
  ((await (await fetch(`${receiver}/hooks/${name}`)).json()) as Hook[]).map(
    (h) => JSON.parse(h.body) as { type: string; data: Record<string, unknown> },
  );

async function closedWith(ws: TestSocket, ms = 5000): Promise<number> {
  await ws.until(() => ws.closed !== null, ms, 'the socket to close');
  return ws.closed?.code ?? 0;
}

const prefixOf = (projectId: string, conversationId: string) =>
  `projects/${projectId}/conversations/${conversationId}/`;
const roomOf = (conversationId: string) => env.CONVERSATION_ROOM.getByName(conversationId);

/**
 * A visitor with every kind of data a visitor can leave, each carrying `marker`: a browser and a
 * page (visitor context), a name and an email, two conversations with messages from both sides
 * (REST and socket), an attachment in R2, read marks, webhook deliveries of their events, a
 * failed event about them, and the room's SQLite window (a socket sent through it).
 */
async function visitorWithEverything(project: Tenant, agent: Member, marker: string) {
  const visitor = await visitorOf(
    project,
    {},
    { 'user-agent': `Browser/${marker}`, referer: `https://shop.test/${marker}` },
  );
  const token = visitor.token;
  const claims = await http('POST', '/api/widget/visitor', {
    token,
    json: { name: `Ada ${marker}`, email: `${marker}@example.test` },
  });
  expect(claims.status).toBe(200);
  const context = await http('POST', '/api/widget/context', {
    token,
    json: { url: `https://shop.test/cart/${marker}`, title: `Checkout ${marker}` },
  });
  expect(context.status).toBeLessThan(300);
  const first = (await openConversation(token, `Hello ${marker}`)).conversation.id;
  const second = (await openConversation(token, `Again ${marker}`)).conversation.id;

  const agentWs = await joinRoom(first, agent.token);
  const visitorWs = await joinRoom(first, token);
  visitorWs.send({ type: 'send', clientId: `ws-${rand()}`, body: `On the socket ${marker}` });
  await visitorWs.next(isType('ack'));
  const reply = await http('POST', `/api/projects/${project.projectId}/conversations/${first}/messages`, {
    token: agent.token,
    json: { clientId: `a-${rand()}`, body: `Reply ${marker}` },
  });
  expect(reply.status).toBe(201);
  const file = new FormData();
  file.set('file', new File([PNG], `scan-${marker}.png`, { type: 'image/png' }));
  file.set('clientId', `f-${rand()}`);
  file.set('body', `Photo ${marker}`);
  const upload = await http('POST', `/api/widget/conversations/${first}/attachments`, { token, body: file });
  expect(upload.status).toBe(201);

  // Read marks: both sides, flushed to conversation_reads by the room's alarm.
  await http('POST', `/api/projects/${project.projectId}/conversations/${first}/read`, {
    token: agent.token,
    json: { seq: 4 },
  });
  await http('POST', `/api/widget/conversations/${first}/read`, { token, json: { seq: 4 } });
  await eventually(async () => {
    const [row] = await sql<{ n: number }>(
      'select count(*)::int as n from conversation_reads where conversation_id = $1',
      [first],
    );
    return (row?.n ?? 0) >= 2 ? true : undefined;
  });
  // A failed event about the conversation, as the consumer records one.
  const eventId = crypto.randomUUID();
  await sql(
    `insert into failed_events (event_id, project_id, type, event, last_error)
     values ($1, $2, 'message.created', $3, 'Error: receiver down')`,
    [
      eventId,
      project.projectId,
      JSON.stringify({
        id: eventId,
        projectId: project.projectId,
        type: 'message.created',
        aggregateType: 'conversation',
        aggregateId: first,
        payload: { conversationId: first, projectId: project.projectId, message: { body: `Failed ${marker}` } },
        createdAt: new Date().toISOString(),
      }),
    ],
  );
  // A dead-lettered email notification to them about it (its whole Queue message, ids only).
  await sql(
    `insert into failed_events (event_id, project_id, type, event, last_error, dead_lettered_at)
     values ($1, $2, 'notification.due', $3, 'moved to the dead-letter queue', now())`,
    [
      crypto.randomUUID(),
      project.projectId,
      JSON.stringify({
        kind: 'notification.due',
        notification: {
          kind: 'visitor_unseen_replies',
          projectId: project.projectId,
          conversationId: first,
          recipientId: visitor.visitor.id,
        },
      }),
    ],
  );
  // The webhook deliveries of their messages.
  await eventually(async () => {
    const [row] = await sql<{ n: number }>(
      'select count(*)::int as n from webhook_deliveries where project_id = $1 and body like $2',
      [project.projectId, `%${marker}%`],
    );
    return (row?.n ?? 0) >= 4 ? true : undefined;
  });
  return { visitor, conversations: [first, second], sockets: [agentWs, visitorWs] };
}

async function projectWithWebhook() {
  const project = await tenant();
  const manager = await memberOf(project, 'manager');
  const agent = await memberOf(project);
  const hook = `erasure-${project.projectId}`;
  const created = await http('POST', `/api/projects/${project.projectId}/webhooks`, {
    token: manager.token,
    json: { url: `${receiver}/hooks/${hook}` },
  });
  expect(created.status).toBe(201);
  return { project, manager, agent, hook };
}

describe('erasing a visitor', () => {
  let fixture: Awaited<ReturnType<typeof projectWithWebhook>>;
  let seeded: Awaited<ReturnType<typeof visitorWithEverything>>;
  let keep: { conversationId: string; marker: string };
  const marker = `erase${rand()}${rand()}`;

  beforeAll(async () => {
    fixture = await projectWithWebhook();
    seeded = await visitorWithEverything(fixture.project, fixture.agent, marker);
    // Another visitor of the same project, who must keep everything.
    const other = await visitorOf(fixture.project);
    const keepMarker = `keep${rand()}${rand()}`;
    keep = {
      conversationId: (await openConversation(other.token, `Stay ${keepMarker}`)).conversation.id,
      marker: keepMarker,
    };
  }, 60_000);

  it('finds the planted data everywhere before (the search would see it)', async () => {
    const found = await tablesContaining(marker);
    expect(found).toEqual(
      expect.arrayContaining([
        'visitors',
        'visitor_contexts',
        'conversations',
        'messages',
        'outbox_events',
        'webhook_deliveries',
        'failed_events',
      ]),
    );
    const [first] = seeded.conversations;
    if (!first) throw new Error('no conversation');
    expect(await r2Keys(prefixOf(fixture.project.projectId, first))).toHaveLength(1);
    const room = await storageOf(roomOf(first));
    expect(room.rows.recent).toBeGreaterThan(0);
    expect(room.kvKeys).toContain('ref');
  });

  it('is refused to Agents (403) and answers 204 to a Manager, closing the rooms’ sockets', async () => {
    const path = `/api/projects/${fixture.project.projectId}/visitors/${seeded.visitor.visitor.id}`;
    await expectError(http('DELETE', path, { token: fixture.agent.token }), 403, 'manager_only');
    const res = await http('DELETE', path, { token: fixture.manager.token });
    expect(res.status).toBe(204);
    for (const ws of seeded.sockets) expect(await closedWith(ws)).toBe(CLOSE_CODES.notMember);
  });

  it('leaves nothing in any table of Postgres: no content, and their ids only in the erasure’s own records', async () => {
    expect(await rowsContaining(marker)).toEqual({});
    for (const id of [seeded.visitor.visitor.id, ...seeded.conversations]) {
      const found = await rowsContaining(id);
      for (const [table, rows] of Object.entries(found)) {
        expect(table).toMatch(/^(outbox_events|webhook_deliveries|audit_events|processed_events)$/);
        for (const row of rows) expect(row).toMatch(/visitor\.erased/);
      }
    }
  });

  it('leaves nothing in R2 and nothing in the rooms’ storage', async () => {
    for (const id of seeded.conversations) {
      expect(await r2Keys(prefixOf(fixture.project.projectId, id))).toEqual([]);
      const room = await storageOf(roomOf(id));
      expect(room, `room ${id}`).toSatisfy(isEmpty);
    }
  });

  it('is audited by whom and when, never what', async () => {
    const rows = await sql<{ actor_id: string; data: Record<string, unknown> }>(
      `select actor_id, data from audit_events where project_id = $1 and type = 'visitor.erased'`,
      [fixture.project.projectId],
    );
    expect(rows).toEqual([
      {
        actor_id: fixture.manager.userId,
        data: { visitorId: seeded.visitor.visitor.id, conversations: 2 },
      },
    ]);
  });

  it('reaches webhooks as visitor.erased, naming the conversations erased with them', async () => {
    const erased = await eventually(async () => (await hooksAt(fixture.hook)).find((h) => h.type === 'visitor.erased'));
    expect(erased.data).toMatchObject({
      projectId: fixture.project.projectId,
      visitorId: seeded.visitor.visitor.id,
      by: { kind: 'agent', id: fixture.manager.userId },
    });
    expect([...(erased.data.conversationIds as string[])].sort()).toEqual([...seeded.conversations].sort());
  });

  it('answers 404 the second time, and refuses the erased visitor’s token (401)', async () => {
    const path = `/api/projects/${fixture.project.projectId}/visitors/${seeded.visitor.visitor.id}`;
    await expectError(http('DELETE', path, { token: fixture.manager.token }), 404, 'not_found');
    await expectError(http('GET', '/api/widget/conversations', { token: seeded.visitor.token }), 401);
  });

  it('leaves the other visitors of the project as they were', async () => {
    expect(await tablesContaining(keep.marker)).toEqual(expect.arrayContaining(['messages', 'conversations']));
    const { status } = await httpJson(
      'GET',
      `/api/projects/${fixture.project.projectId}/conversations/${keep.conversationId}`,
      {
        token: fixture.agent.token,
      },
    );
    expect(status).toBe(200);
  });
});

describe('erasing one conversation', () => {
  it('removes it, its messages, attachments, deliveries and room, keeps the visitor, and is 404 the second time', async () => {
    const { project, manager, agent, hook } = await projectWithWebhook();
    const marker = `conv${rand()}${rand()}`;
    const seeded = await visitorWithEverything(project, agent, marker);
    const [first, second] = seeded.conversations;
    if (!first || !second) throw new Error('no conversations');
    const path = `/api/projects/${project.projectId}/conversations/${first}`;
    await expectError(http('DELETE', path, { token: agent.token }), 403, 'manager_only');
    expect((await http('DELETE', path, { token: manager.token })).status).toBe(204);
    for (const ws of seeded.sockets) expect(await closedWith(ws)).toBe(CLOSE_CODES.notMember);

    // Only the other conversation's opening message and the visitor's own details (their contact too) remain.
    const left = await rowsContaining(marker);
    expect(left.messages?.map((r) => r.includes(`Again ${marker}`))).toEqual([true]);
    expect(Object.keys(left).sort()).toEqual(
      [
        'contacts',
        'conversations',
        'messages',
        'outbox_events',
        'visitor_contexts',
        'visitors',
        'webhook_deliveries',
      ].sort(),
    );
    for (const row of [...(left.outbox_events ?? []), ...(left.webhook_deliveries ?? [])]) {
      expect(row).not.toContain(first);
    }
    expect(await rowsContaining(`On the socket ${marker}`)).toEqual({});
    expect(await r2Keys(prefixOf(project.projectId, first))).toEqual([]);
    expect(await storageOf(roomOf(first))).toSatisfy(isEmpty);

    const erased = await eventually(async () => (await hooksAt(hook)).find((h) => h.type === 'conversation.erased'));
    expect(erased.data).toMatchObject({
      projectId: project.projectId,
      conversationId: first,
      visitorId: seeded.visitor.visitor.id,
      reason: 'request',
      by: { kind: 'agent', id: manager.userId },
    });
    const audit = await sql<{ data: Record<string, unknown> }>(
      `select data from audit_events where project_id = $1 and type = 'conversation.erased'`,
      [project.projectId],
    );
    expect(audit).toEqual([{ data: { conversationId: first } }]);
    await expectError(http('DELETE', path, { token: manager.token }), 404, 'not_found');
    // The visitor and the other conversation stay.
    const { status } = await httpJson('GET', `/api/projects/${project.projectId}/conversations/${second}`, {
      token: agent.token,
    });
    expect(status).toBe(200);
  });
});

describe('an event still on its way when its conversation is erased', () => {
  it('is not delivered to webhooks (its content is gone); events of live conversations are', async () => {
    const { project, manager, hook } = await projectWithWebhook();
    const visitor = await visitorOf(project);
    const erasedId = (await openConversation(visitor.token, 'first')).conversation.id;
    const liveId = (await openConversation(visitor.token, 'second')).conversation.id;
    expect(
      (await http('DELETE', `/api/projects/${project.projectId}/conversations/${erasedId}`, { token: manager.token }))
        .status,
    ).toBe(204);
    // As if these were committed just before the erasure and relayed just after it.
    const late = (conversationId: string, body: string) => ({
      id: crypto.randomUUID(),
      projectId: project.projectId,
      type: 'message.created',
      aggregateType: 'conversation',
      aggregateId: conversationId,
      payload: { conversationId, projectId: project.projectId, message: { body } },
      createdAt: new Date().toISOString(),
    });
    const stale = late(erasedId, 'stale');
    const fresh = late(liveId, 'fresh');
    await env.EVENTS.sendBatch(
      [stale, fresh].map((event) => ({ body: { kind: 'event', event }, contentType: 'json' })),
    );
    const types = await eventually(async () => {
      const got = await hooksAt(hook);
      return got.some((h) => h.data.message && (h.data.message as { body: string }).body === 'fresh') ? got : undefined;
    });
    expect(types.some((h) => h.data.message && (h.data.message as { body: string }).body === 'stale')).toBe(false);
    const [row] = await sql<{ n: number }>('select count(*)::int as n from webhook_deliveries where event_id = $1', [
      stale.id,
    ]);
    expect(row?.n).toBe(0);
  });
});
