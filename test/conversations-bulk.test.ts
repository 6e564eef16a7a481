// POST …/conversations/bulk (worker/routes/conversations-bulk.ts): one change to many conversations.
// Resolve and reopen, snooze, assign and label several at once, each as its own route would (the
// same events); the request is refused whole, with nothing changed, when it names a conversation,
// an assignee or a label that is not the project's, or is malformed; a conversation that cannot
// take the change (too many labels) fails alone while the others change.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../contract/frames.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { memberOf, nonMember, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

type Result = {
  results: { conversationId: string; ok: boolean; error?: { code: string; message: string } }[];
  conversations: ConversationSummary[];
};

const bulkPath = (projectId: string) => `/api/projects/${projectId}/conversations/bulk`;

/** A project with a Manager, an Agent and `n` open conversations (each its own visitor). */
async function inbox(n: number) {
  const project = await tenant();
  const manager = await memberOf(project, 'manager');
  const agent = await memberOf(project);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const visitor = await visitorOf(project);
    ids.push((await openConversation(visitor.token, `Help ${i}`)).conversation.id);
  }
  return { project, manager, agent, ids };
}

const bulk = (token: string, projectId: string, json: unknown) =>
  httpJson<Result>('POST', bulkPath(projectId), { token, json });

const rowsOf = (ids: string[]) =>
  sql<{ id: string; status: string; assignee_id: string | null; label_ids: string[] }>(
    'select id, status, assignee_id, label_ids from conversations where id = any($1::uuid[]) order by id',
    [ids],
  );

const eventsOf = (ids: string[], type: string) =>
  sql<{ aggregate_id: string; payload: { by?: { id?: string } } }>(
    'select aggregate_id, payload from outbox_events where aggregate_id = any($1::text[]) and type = $2',
    [ids, type],
  );

describe('bulk changes of conversations', () => {
  it('resolve, reopen, snooze and assign several at once, each with its own event', async () => {
    const { project, agent, ids } = await inbox(3);
    const two = ids.slice(0, 2);
    const resolved = await bulk(agent.token, project.projectId, {
      conversationIds: [...two, two[0]],
      action: { kind: 'status', status: 'resolved' },
    });
    expect(resolved.status).toBe(200);
    // A repeated id is changed once and answered once, in the order named.
    expect(resolved.body.results).toEqual(two.map((conversationId) => ({ conversationId, ok: true })));
    expect(resolved.body.conversations.map((c) => [c.id, c.status])).toEqual(two.map((id) => [id, 'resolved']));
    expect((await rowsOf(ids)).map((r) => [r.id, r.status])).toEqual(
      [...ids].sort().map((id) => [id, two.includes(id) ? 'resolved' : 'open']),
    );
    const statusEvents = await eventsOf(ids, 'conversation.status_changed');
    expect(statusEvents.map((e) => e.aggregate_id).sort()).toEqual([...two].sort());
    expect(statusEvents.every((e) => e.payload.by?.id === agent.userId)).toBe(true);

    const reopened = await bulk(agent.token, project.projectId, {
      conversationIds: two,
      action: { kind: 'status', status: 'open' },
    });
    expect(reopened.body.conversations.map((c) => c.status)).toEqual(['open', 'open']);

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await bulk(agent.token, project.projectId, {
      conversationIds: [ids[2]],
      action: { kind: 'status', status: 'snoozed', snoozedUntil: until },
    });
    expect(snoozed.body.conversations[0]?.status).toBe('snoozed');
    expect(new Date(snoozed.body.conversations[0]?.snoozedUntil ?? 0).toISOString()).toBe(until);

    const manager = await memberOf(project, 'manager');
    const assigned = await bulk(agent.token, project.projectId, {
      conversationIds: ids,
      action: { kind: 'assign', assigneeId: manager.userId },
    });
    expect(assigned.body.results.every((r) => r.ok)).toBe(true);
    expect((await rowsOf(ids)).every((r) => r.assignee_id === manager.userId)).toBe(true);
    expect(await eventsOf(ids, 'conversation.assigned')).toHaveLength(3);
    const unassigned = await bulk(agent.token, project.projectId, {
      conversationIds: ids,
      action: { kind: 'assign', assigneeId: null },
    });
    expect(unassigned.body.conversations.every((c) => c.assigneeId === null)).toBe(true);
  });

  it('label several at once; one that cannot take another label fails alone', async () => {
    const { project, manager, agent, ids } = await inbox(2);
    const define = async (name: string) => {
      const res = await httpJson<{ label: { id: string } }>('POST', `/api/projects/${project.projectId}/labels`, {
        token: manager.token,
        json: { name, color: 'blue' },
      });
      expect(res.status).toBe(201);
      return res.body.label.id;
    };
    const vip = await define('VIP');
    // The second conversation already carries the most labels a conversation may.
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => define(`L${i}`)));
    const full = await http('PUT', `/api/projects/${project.projectId}/conversations/${ids[1]}/labels`, {
      token: agent.token,
      json: { labelIds: many },
    });
    expect(full.status).toBe(200);

    const added = await bulk(agent.token, project.projectId, {
      conversationIds: ids,
      action: { kind: 'labels', op: 'add', labelIds: [vip] },
    });
    expect(added.status).toBe(200);
    expect(added.body.results[0]).toEqual({ conversationId: ids[0], ok: true });
    expect(added.body.results[1]).toMatchObject({
      conversationId: ids[1],
      ok: false,
      error: { code: 'too_many_labels' },
    });
    expect(added.body.conversations[0]?.labelIds).toEqual([vip]);
    expect(added.body.conversations[1]?.labelIds).toHaveLength(20);

    const removed = await bulk(agent.token, project.projectId, {
      conversationIds: ids,
      action: { kind: 'labels', op: 'remove', labelIds: [vip, many[0]] },
    });
    expect(removed.body.results.every((r) => r.ok)).toBe(true);
    expect(removed.body.conversations[0]?.labelIds).toEqual([]);
    expect(removed.body.conversations[1]?.labelIds).toEqual(many.slice(1));
  });

  it('is refused whole, with nothing changed, for anything not the project’s or malformed', async () => {
    const { project, agent, ids } = await inbox(2);
    const other = await inbox(1);
    const outsider = await nonMember();
    const before = await rowsOf(ids);
    const cases: [unknown, number, string][] = [
      [{ conversationIds: [ids[0], other.ids[0]], action: { kind: 'status', status: 'resolved' } }, 404, 'not_found'],
      [{ conversationIds: ids, action: { kind: 'assign', assigneeId: outsider.userId } }, 400, 'invalid_assignee'],
      [
        { conversationIds: ids, action: { kind: 'labels', op: 'add', labelIds: [crypto.randomUUID()] } },
        404,
        'not_found',
      ],
      [{ conversationIds: [], action: { kind: 'status', status: 'resolved' } }, 400, 'invalid_request'],
      [
        {
          conversationIds: Array.from({ length: 101 }, () => crypto.randomUUID()),
          action: { kind: 'status', status: 'resolved' },
        },
        400,
        'invalid_request',
      ],
      [{ conversationIds: ids, action: { kind: 'status', status: 'snoozed' } }, 400, 'invalid_request'],
      [
        {
          conversationIds: ids,
          action: { kind: 'status', status: 'snoozed', snoozedUntil: '2020-01-01T00:00:00Z' },
        },
        400,
        'invalid_request',
      ],
      [{ conversationIds: ids, action: { kind: 'close' } }, 400, 'invalid_request'],
      [{ conversationIds: ['nope'], action: { kind: 'status', status: 'resolved' } }, 400, 'invalid_request'],
    ];
    for (const [json, status, code] of cases) {
      const res = await http('POST', bulkPath(project.projectId), { token: agent.token, json });
      const body = await res.json<{ error?: { code: string } }>();
      expect({ status: res.status, code: body.error?.code }, JSON.stringify(json).slice(0, 120)).toEqual({
        status,
        code,
      });
    }
    // Another project's member, and nobody at all.
    const stranger = await memberOf(other.project);
    await expectError(
      await http('POST', bulkPath(project.projectId), {
        token: stranger.token,
        json: { conversationIds: ids, action: { kind: 'status', status: 'resolved' } },
      }),
      404,
      'not_found',
    );
    const anonymous = await http('POST', bulkPath(project.projectId), {
      json: { conversationIds: ids, action: { kind: 'status', status: 'resolved' } },
    });
    expect(anonymous.status).toBe(401);
    expect(await rowsOf(ids)).toEqual(before);
    expect(await eventsOf(ids, 'conversation.status_changed')).toHaveLength(0);
  });
});
