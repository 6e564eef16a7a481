// Assignment by reply (conversation_settings.assign_on_reply, durable-objects/room/assign-on-reply.ts):
// with the setting on, an agent's first public reply to an unassigned conversation assigns it to
// them, as the room's ordinary assignment (a `conversation` frame, a `conversation.assigned` outbox
// row with the agent as actor); a private note, a visitor's message and a conversation someone
// already holds are left alone; with it off (the default) nothing changes. The setting itself goes
// through the conversation settings API: absent keeps it, a change is audited.
import { describe, expect, it } from 'vitest';
import { sql } from './helpers/db.ts';
import { httpJson } from './helpers/http.ts';
import { joinRoom, type TestSocket } from './helpers/socket.ts';
import { memberOf, rand, scenario } from './helpers/tenant.ts';

const settingsPath = (projectId: string) => `/api/projects/${projectId}/conversation-settings`;

async function setAssignOnReply(projectId: string, on: boolean | undefined) {
  const manager = await memberOf({ projectId }, 'manager');
  const current = await httpJson<{ settings: Record<string, unknown> }>('GET', settingsPath(projectId), {
    token: manager.token,
  });
  const { resolvedRetentionDays: _r, assignOnReply: _a, ...rest } = current.body.settings;
  const saved = await httpJson<{ settings: { assignOnReply: boolean } }>('PUT', settingsPath(projectId), {
    token: manager.token,
    json: { ...rest, ...(on === undefined ? {} : { assignOnReply: on }) },
  });
  expect(saved.status).toBe(200);
  return saved.body.settings.assignOnReply;
}

/** Sends and waits for the ack. */
async function say(ws: TestSocket, body: string, extra: Record<string, unknown> = {}) {
  const clientId = `c-${rand()}`;
  ws.send({ type: 'send', clientId, body, ...extra });
  await ws.next((f): f is { type: 'ack' } => f.type === 'ack' && (f as { clientId?: string }).clientId === clientId);
}

const assigneeOf = async (conversationId: string) =>
  (
    await sql<{ assignee_id: string | null }>('select assignee_id from conversations where id = $1', [conversationId])
  )[0]?.assignee_id ?? null;

const assignedEvents = (conversationId: string) =>
  sql<{ payload: { previousAssigneeId: string | null; assigneeId: string | null; by: { kind: string } } }>(
    `select payload from outbox_events where aggregate_id = $1 and type = 'conversation.assigned' order by id`,
    [conversationId],
  );

/** Frames telling the conversation with this assignee. */
const toldAssigned =
  (assigneeId: string) =>
  <F extends { type: string }>(f: F): f is F =>
    f.type === 'conversation' &&
    (f as { conversation?: { assigneeId: string | null } }).conversation?.assigneeId === assigneeId;

describe('assignment by reply', () => {
  it('the setting: off by default, kept when a save leaves it out, audited when it changes', async () => {
    const { project } = await scenario();
    const manager = await memberOf(project, 'manager');
    const read = await httpJson<{ settings: { assignOnReply: boolean } }>('GET', settingsPath(project.projectId), {
      token: manager.token,
    });
    expect(read.body.settings.assignOnReply).toBe(false);
    expect(await setAssignOnReply(project.projectId, true)).toBe(true);
    expect(await setAssignOnReply(project.projectId, undefined)).toBe(true);
    const audit = await sql<{ data: Record<string, string> }>(
      `select data from audit_events where project_id = $1 and type = 'project.settings_changed'`,
      [project.projectId],
    );
    expect(audit.map((a) => a.data.assignOnReply)).toEqual(['false → true']);
  });

  it("on: a private note and the visitor's messages assign nothing; the first agent's reply takes it, a second's does not", async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    await setAssignOnReply(project.projectId, true);
    const other = await memberOf(project);
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    const otherWs = await joinRoom(conversationId, other.token);

    await say(agentWs, 'Checking the order system', { private: true });
    await say(visitorWs, 'Anyone there?');
    // The private note's check ran after its ack; give it the time a reply's assignment takes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(conversationId)).toBeNull();

    await say(agentWs, 'Hi! I am on it.');
    await visitorWs.next(toldAssigned(agent.userId));
    expect(await assigneeOf(conversationId)).toBe(agent.userId);
    const events = await assignedEvents(conversationId);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        previousAssigneeId: null,
        assigneeId: agent.userId,
        by: expect.objectContaining({ kind: 'agent', id: agent.userId }),
      }),
    ]);

    // Already held: a teammate's reply leaves it with the first.
    await say(otherWs, 'I can help too');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(conversationId)).toBe(agent.userId);
    expect(await assignedEvents(conversationId)).toHaveLength(1);
    for (const ws of [visitorWs, agentWs, otherWs]) ws.close();
  });

  it('on: a conversation a teammate was given before the reply stays theirs', async () => {
    const { project, agent, conversationId } = await scenario();
    await setAssignOnReply(project.projectId, true);
    const holder = await memberOf(project);
    const manager = await memberOf(project, 'manager');
    const assigned = await httpJson(
      'POST',
      `/api/projects/${project.projectId}/conversations/${conversationId}/assign`,
      {
        token: manager.token,
        json: { assigneeId: holder.userId },
      },
    );
    expect(assigned.status).toBe(200);
    const agentWs = await joinRoom(conversationId, agent.token);
    await agentWs.next(toldAssigned(holder.userId));
    await say(agentWs, 'Jumping in');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(conversationId)).toBe(holder.userId);
    agentWs.close();
  });

  it('off (the default): replying assigns nothing', async () => {
    const { agent, conversationId } = await scenario();
    const agentWs = await joinRoom(conversationId, agent.token);
    await say(agentWs, 'Hello from the team');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await assigneeOf(conversationId)).toBeNull();
    expect(await assignedEvents(conversationId)).toHaveLength(0);
    expect(agentWs.of('conversation').some(toldAssigned(agent.userId))).toBe(false);
    agentWs.close();
  });
});
