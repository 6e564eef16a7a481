// ProjectInbox: the dashboard socket gets conversation events and unread counts, tracks agents'
// presence, and round-robin assignment uses that presence.

import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../contract/frames.ts';
import { outboxEvents } from '../drizzle/schema/index.ts';
import { withDb } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

type Framed = { type: string; conversation?: ConversationSummary; counts?: unknown; agents?: unknown };

const inboxPath = (projectId: string, token: string) => `/ws/projects/${projectId}/inbox?token=${token}`;

async function dashboard(projectId: string, token: string) {
  const ws = await TestSocket.open(inboxPath(projectId, token));
  await ws.until((f) => f.some((x) => x.type === 'welcome') && f.some((x) => x.type === 'unread'));
  return ws;
}

const last = (ws: TestSocket, type: string) => (ws.frames as Framed[]).filter((f) => f.type === type).at(-1);

describe('ProjectInbox', () => {
  it('pushes conversation.created, then updates with unread counts', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const ws = await dashboard(project.projectId, agent.token);
    expect(last(ws, 'unread')?.counts).toEqual({ mine: 0, unassigned: 0, all: 0 });
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token, 'Where is my order?');
    await ws.until((f) => f.some((x) => x.type === 'conversation.created'));
    const created = last(ws, 'conversation.created');
    expect(created?.conversation).toMatchObject({ id: conversation.id, projectId: project.projectId, status: 'open' });
    // The events consumer pushes the row as committed: the first message's preview and unread
    // count arrive with the created event when both are in one Queue batch, or in an update after.
    await ws.until((f) => (f as Framed[]).some((x) => x.conversation?.lastMessagePreview === 'Where is my order?'));
    const withMessage = (ws.frames as Framed[]).find(
      (x) => x.conversation?.lastMessagePreview === 'Where is my order?',
    );
    expect(withMessage?.conversation).toMatchObject({ lastSeq: 1, unreadByAgent: 1 });
    await ws.until(() => JSON.stringify(last(ws, 'unread')?.counts) === '{"mine":0,"unassigned":1,"all":1}');

    // Assigning by hand: conversation.assigned, and the count moves to "mine".
    const res = await http('POST', `/api/projects/${project.projectId}/conversations/${conversation.id}/assign`, {
      token: agent.token,
      json: { assigneeId: agent.userId },
    });
    expect(res.status).toBe(200);
    await ws.until((f) => f.some((x) => x.type === 'conversation.assigned'));
    expect(last(ws, 'conversation.assigned')?.conversation?.assigneeId).toBe(agent.userId);
    await ws.until(() => JSON.stringify(last(ws, 'unread')?.counts) === '{"mine":1,"unassigned":0,"all":1}');
    ws.close();
  });

  it('drops a push older than one it already made (pushes carry the row revision)', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const ws = await dashboard(project.projectId, agent.token);
    const now = new Date().toISOString();
    const summary = (lastSeq: number): ConversationSummary => ({
      id: crypto.randomUUID(),
      projectId: project.projectId,
      status: 'open',
      snoozedUntil: null,
      assigneeId: null,
      visitor: { id: crypto.randomUUID(), name: null, email: null, verified: false },
      lastActivityAt: now,
      lastMessageAt: now,
      lastMessagePreview: `message ${lastSeq}`,
      lastSeq,
      unreadByAgent: lastSeq,
      unreadByVisitor: 0,
      createdAt: now,
      revision: 1,
    });
    const a = summary(5);
    const inbox = env.PROJECT_INBOX.getByName(project.projectId);
    const push = (conversation: ConversationSummary, revision: number) =>
      inbox.conversationsChanged([{ change: 'updated', conversation, revision }]);
    await push(a, 7);
    await push({ ...a, lastSeq: 3 }, 6); // late: dropped
    await push(a, 7); // the same revision again: harmless
    await inbox.conversationsChanged([
      { change: 'updated', conversation: { ...a, lastSeq: 2 }, revision: 5 }, // late: dropped
      { change: 'updated', conversation: { ...a, lastSeq: 6 }, revision: 8 },
    ]);
    await ws.until((f) => (f as Framed[]).some((x) => x.conversation?.lastSeq === 6));
    const seqs = (ws.frames as Framed[])
      .filter((f) => f.type === 'conversation.updated')
      .map((f) => f.conversation?.lastSeq);
    expect(seqs).toEqual([5, 5, 6]);
    ws.close();
  });

  it('keeps presence and unread counts across an eviction (attachments and storage)', async () => {
    const project = await tenant();
    const ann = await memberOf(project);
    const bob = await memberOf(project);
    const annWs = await dashboard(project.projectId, ann.token);
    annWs.send({ type: 'presence', status: 'away' });
    await annWs.until(() =>
      ((last(annWs, 'presence')?.agents ?? []) as { status: string }[]).some((a) => a.status === 'away'),
    );
    const visitor = await visitorOf(project);
    await openConversation(visitor.token, 'anyone?');
    await annWs.until(() => JSON.stringify(last(annWs, 'unread')?.counts) === '{"mine":0,"unassigned":1,"all":1}');
    await evictDurableObject(env.PROJECT_INBOX.getByName(project.projectId));
    const bobWs = await dashboard(project.projectId, bob.token);
    expect(last(bobWs, 'unread')?.counts).toEqual({ mine: 0, unassigned: 1, all: 1 });
    await bobWs.until(() => ((last(bobWs, 'presence')?.agents ?? []) as unknown[]).length === 2);
    expect(last(bobWs, 'presence')?.agents).toEqual(
      expect.arrayContaining([
        { id: ann.userId, name: ann.name, status: 'away' },
        { id: bob.userId, name: bob.name, status: 'online' },
      ]),
    );
    annWs.close();
    bobWs.close();
  });

  it('refuses non-members (404) and bad tokens (401)', async () => {
    const project = await tenant();
    const outsider = await nonMember();
    expect((await TestSocket.refused(inboxPath(project.projectId, outsider.token))).status).toBe(404);
    expect((await TestSocket.refused(inboxPath(project.projectId, 'nope'))).status).toBe(401);
  });

  it('tracks presence (online / away) and answers bad frames with typed errors', async () => {
    const project = await tenant();
    const ann = await memberOf(project);
    const bob = await memberOf(project);
    const annWs = await dashboard(project.projectId, ann.token);
    const bobWs = await dashboard(project.projectId, bob.token);
    const present = () => (last(annWs, 'presence')?.agents ?? []) as { id: string; status: string }[];
    await annWs.until(() => present().length === 2);
    bobWs.send({ type: 'presence', status: 'away' });
    await annWs.until(() => present().find((a) => a.id === bob.userId)?.status === 'away');
    bobWs.send('{');
    await bobWs.until((f) => f.some((x) => x.type === 'error' && x.code === 'bad_frame'));
    bobWs.close();
    await annWs.until(() => present().length === 1);
    annWs.close();
  });

  it('assigns new conversations round-robin among online agents when enabled', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const ann = await memberOf(project);
    const bob = await memberOf(project);
    const put = await http('PUT', `/api/projects/${project.projectId}/conversation-settings`, {
      token: manager.token,
      json: { autoAssign: 'round_robin', attachmentMaxBytes: 1024 * 1024, attachmentTypes: ['image/png'] },
    });
    expect(put.status).toBe(200);
    const annWs = await dashboard(project.projectId, ann.token);
    const bobWs = await dashboard(project.projectId, bob.token);
    const managerWs = await dashboard(project.projectId, manager.token);
    managerWs.send({ type: 'presence', status: 'away' });
    await annWs.until(() =>
      ((last(annWs, 'presence')?.agents ?? []) as { status: string }[]).some((a) => a.status === 'away'),
    );
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const visitor = await visitorOf(project);
      const { conversation } = await openConversation(visitor.token, `hi ${i}`);
      assignees.push((conversation as unknown as ConversationSummary).assigneeId);
    }
    const [first, second, third, fourth] = assignees;
    expect(new Set([first, second])).toEqual(new Set([ann.userId, bob.userId]));
    expect([third, fourth]).toEqual([first, second]);
    const outbox = await withDb(({ db }) =>
      db
        .select({ type: outboxEvents.type })
        .from(outboxEvents)
        .where(and(eq(outboxEvents.projectId, project.projectId), eq(outboxEvents.type, 'conversation.assigned'))),
    );
    expect(outbox).toHaveLength(4);
    for (const ws of [annWs, bobWs, managerWs]) ws.close();
  });
});
