// A conversation's priority (worker/conversations/priority.ts, PUT …/priority, the bulk change's
// priority action, the list's ?priority filter): set and cleared by any member with one
// `conversation.priority_changed` event (none for a change of nothing), pushed live to the inbox,
// carried by every agents' summary and never by a room frame (absent there: not told); bad values,
// other projects' conversations and strangers change nothing.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../contract/frames.ts';
import { sql } from './helpers/db.ts';
import { http, httpJson } from './helpers/http.ts';
import { isType, joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, openConversation, scenario, visitorOf } from './helpers/tenant.ts';

type Changed = { conversation: ConversationSummary };
type Page = { conversations: ConversationSummary[] };

const priorityPath = (projectId: string, id: string) => `/api/projects/${projectId}/conversations/${id}/priority`;

const setPriority = (token: string, projectId: string, id: string, priority: unknown) =>
  httpJson<Changed>('PUT', priorityPath(projectId, id), { token, json: { priority } });

const priorityEvents = (id: string) =>
  sql<{ payload: { priority: string | null; previousPriority: string | null; by: { kind: string; id: string } } }>(
    `select payload from outbox_events where aggregate_id = $1 and type = 'conversation.priority_changed' order by position`,
    [id],
  );

const listIds = async (token: string, projectId: string, query: string) => {
  const res = await httpJson<Page>('GET', `/api/projects/${projectId}/conversations?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.conversations.map((c) => c.id).sort();
};

describe('conversation priority', () => {
  it('is set and cleared by any member, with one event per change, and pushed to the inbox', async () => {
    const { project, agent, conversationId } = await scenario();
    const manager = await memberOf(project, 'manager');
    const inbox = await TestSocket.open(`/ws/projects/${project.projectId}/inbox?token=${manager.token}`);
    await inbox.next(isType('welcome'));

    const urgent = await setPriority(agent.token, project.projectId, conversationId, 'urgent');
    expect(urgent.status).toBe(200);
    expect(urgent.body.conversation.priority).toBe('urgent');
    const pushed = await inbox.next(
      (f): f is { type: 'conversation.updated'; conversation: ConversationSummary } =>
        f.type === 'conversation.updated' &&
        (f as { conversation?: ConversationSummary }).conversation?.priority === 'urgent',
      0,
      10_000,
    );
    expect(pushed.conversation.id).toBe(conversationId);

    // The same again changes nothing and publishes nothing.
    expect((await setPriority(agent.token, project.projectId, conversationId, 'urgent')).status).toBe(200);
    const low = await setPriority(manager.token, project.projectId, conversationId, 'low');
    expect(low.body.conversation.priority).toBe('low');
    const cleared = await setPriority(agent.token, project.projectId, conversationId, null);
    expect(cleared.body.conversation.priority).toBeNull();
    const events = await priorityEvents(conversationId);
    expect(events.map((e) => [e.payload.previousPriority, e.payload.priority, e.payload.by.id])).toEqual([
      [null, 'urgent', agent.userId],
      ['urgent', 'low', manager.userId],
      ['low', null, agent.userId],
    ]);
    const [row] = await sql<{ priority: string | null }>('select priority from conversations where id = $1', [
      conversationId,
    ]);
    expect(row?.priority).toBeNull();
    inbox.close();
  });

  it('is in every agents’ summary and filter, never in a room frame', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const other = await visitorOf(project);
    const second = (await openConversation(other.token, 'Me too')).conversation.id;
    await setPriority(agent.token, project.projectId, conversationId, 'high');

    const one = await httpJson<Changed>('GET', `/api/projects/${project.projectId}/conversations/${conversationId}`, {
      token: agent.token,
    });
    expect(one.body.conversation.priority).toBe('high');
    expect(await listIds(agent.token, project.projectId, 'priority=high')).toEqual([conversationId]);
    expect(await listIds(agent.token, project.projectId, 'priority=urgent,low')).toEqual([]);
    expect(await listIds(agent.token, project.projectId, 'priority=none')).toEqual([second]);
    expect(await listIds(agent.token, project.projectId, 'priority=high,none')).toEqual(
      [conversationId, second].sort(),
    );
    const bad = await http('GET', `/api/projects/${project.projectId}/conversations?priority=critical`, {
      token: agent.token,
    });
    expect(bad.status).toBe(400);

    // The room's own frames do not carry it (not told), neither to the agent nor to the visitor.
    const agentWs = await joinRoom(conversationId, agent.token);
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const status = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/status`, {
      token: agent.token,
      json: { status: 'pending' },
    });
    expect(status.status).toBe(200);
    for (const ws of [agentWs, visitorWs]) {
      const frame = await ws.next(isType('conversation'));
      expect(frame.conversation).not.toHaveProperty('priority');
      ws.close();
    }
  });

  it('is refused with nothing changed for a bad value, another project’s conversation or a stranger', async () => {
    const { project, agent, conversationId } = await scenario();
    const elsewhere = await scenario();
    const stranger = await nonMember();
    for (const priority of ['critical', 1, undefined]) {
      const res = await http('PUT', priorityPath(project.projectId, conversationId), {
        token: agent.token,
        json: priority === undefined ? {} : { priority },
      });
      expect(res.status).toBe(400);
    }
    const foreign = await http('PUT', priorityPath(project.projectId, elsewhere.conversationId), {
      token: agent.token,
      json: { priority: 'urgent' },
    });
    expect(foreign.status).toBe(404);
    const badId = await http('PUT', priorityPath(project.projectId, 'not-an-id'), {
      token: agent.token,
      json: { priority: 'urgent' },
    });
    expect(badId.status).toBe(404);
    const outsider = await http('PUT', priorityPath(project.projectId, conversationId), {
      token: stranger.token,
      json: { priority: 'urgent' },
    });
    expect([403, 404]).toContain(outsider.status);
    expect(await priorityEvents(conversationId)).toEqual([]);
    expect(await priorityEvents(elsewhere.conversationId)).toEqual([]);
  });

  it('is set on many at once by the bulk change', async () => {
    const { project, agent, conversationId } = await scenario();
    const other = await visitorOf(project);
    const second = (await openConversation(other.token, 'Me too')).conversation.id;
    const res = await httpJson<{ results: { ok: boolean }[]; conversations: ConversationSummary[] }>(
      'POST',
      `/api/projects/${project.projectId}/conversations/bulk`,
      {
        token: agent.token,
        json: { conversationIds: [conversationId, second], action: { kind: 'priority', priority: 'medium' } },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.results.every((r) => r.ok)).toBe(true);
    expect(res.body.conversations.map((c) => c.priority)).toEqual(['medium', 'medium']);
    expect(await listIds(agent.token, project.projectId, 'priority=medium')).toEqual([conversationId, second].sort());
  });
});
