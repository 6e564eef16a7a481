// Labels: definitions (validation, unique names whatever their case, the Manager restriction and
// its setting, audit entries), labels on conversations (tenancy, one `conversation.labels_changed`
// per change and none for a change of nothing, the live inbox push) and the inbox filter combined
// with status, assignee and search, keyset pages included.
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../contract/frames.ts';
import { auditEvents, outboxEvents } from '../drizzle/schema/index.ts';
import { sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

interface Label {
  id: string;
  name: string;
  color: string;
  description: string;
}
type Page = { conversations: ConversationSummary[]; nextCursor: string | null };

const labelsPath = (projectId: string) => `/api/projects/${projectId}/labels`;
const convPath = (projectId: string, id: string) => `/api/projects/${projectId}/conversations/${id}`;

async function defineLabel(token: string, projectId: string, name: string, color = 'blue'): Promise<Label> {
  const res = await httpJson<{ label: Label }>('POST', labelsPath(projectId), { token, json: { name, color } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.label;
}

async function setLabels(token: string, projectId: string, conversationId: string, labelIds: string[]) {
  const res = await httpJson<{ labelIds: string[]; changed: boolean }>(
    'PUT',
    `${convPath(projectId, conversationId)}/labels`,
    {
      token,
      json: { labelIds },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function list(token: string, projectId: string, query: string): Promise<Page> {
  const res = await httpJson<Page>('GET', `/api/projects/${projectId}/conversations?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const labelEvents = (conversationId: string) =>
  withDb(({ db }) =>
    db
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.aggregateId, conversationId), eq(outboxEvents.type, 'conversation.labels_changed')))
      .orderBy(asc(outboxEvents.createdAt)),
  );

async function project() {
  const p = await tenant();
  const manager = await memberOf(p, 'manager');
  const agent = await memberOf(p, 'agent');
  return { ...p, manager, agent };
}

async function conversation(p: { widgetKey: string }, body = 'Hello') {
  const visitor = await visitorOf(p);
  return (await openConversation(visitor.token, body)).conversation.id;
}

describe('label definitions', () => {
  it('a Manager defines them; names are unique per project whatever their case (409); bad colours are 400', async () => {
    const p = await project();
    const billing = await defineLabel(p.manager.token, p.projectId, 'Billing', 'green');
    expect(billing).toMatchObject({ name: 'Billing', color: 'green', description: '' });
    await expectError(
      http('POST', labelsPath(p.projectId), { token: p.manager.token, json: { name: 'billing', color: 'red' } }),
      409,
      'label_name_taken',
    );
    await expectError(
      http('POST', labelsPath(p.projectId), { token: p.manager.token, json: { name: 'Bug', color: '#ff0000' } }),
      400,
    );
    await expectError(
      http('POST', labelsPath(p.projectId), { token: p.manager.token, json: { name: ' ', color: 'red' } }),
      400,
    );
    const bug = await defineLabel(p.manager.token, p.projectId, 'Bug', 'red');
    await expectError(
      http('PATCH', `${labelsPath(p.projectId)}/${bug.id}`, { token: p.manager.token, json: { name: 'BILLING' } }),
      409,
      'label_name_taken',
    );
    await expectError(
      http('PATCH', `${labelsPath(p.projectId)}/${bug.id}`, { token: p.manager.token, json: { color: 'rainbow' } }),
      400,
    );
    // Another project may have its own "Billing".
    const other = await project();
    await defineLabel(other.manager.token, other.projectId, 'Billing');

    const listed = await httpJson<{ labels: Label[]; canDefine: boolean; agentsMayDefine: boolean }>(
      'GET',
      labelsPath(p.projectId),
      { token: p.agent.token },
    );
    expect(listed.body.labels.map((l) => l.name)).toEqual(['Billing', 'Bug']);
    expect(listed.body).toMatchObject({ canDefine: false, agentsMayDefine: false });
  });

  it('refuses an Agent by default (403 labels_restricted) and lets one define labels once a Manager allows it', async () => {
    const p = await project();
    const vip = await defineLabel(p.manager.token, p.projectId, 'VIP');
    const asAgent = { token: p.agent.token };
    await expectError(
      http('POST', labelsPath(p.projectId), { ...asAgent, json: { name: 'X', color: 'red' } }),
      403,
      'labels_restricted',
    );
    await expectError(
      http('PATCH', `${labelsPath(p.projectId)}/${vip.id}`, { ...asAgent, json: { name: 'Y' } }),
      403,
      'labels_restricted',
    );
    await expectError(http('DELETE', `${labelsPath(p.projectId)}/${vip.id}`, asAgent), 403, 'labels_restricted');
    await expectError(
      http('PUT', `${labelsPath(p.projectId)}/settings`, { ...asAgent, json: { agentsMayDefine: true } }),
      403,
      'manager_only',
    );

    const set = await httpJson('PUT', `${labelsPath(p.projectId)}/settings`, {
      token: p.manager.token,
      json: { agentsMayDefine: true },
    });
    expect(set.body).toEqual({ agentsMayDefine: true });
    await defineLabel(p.agent.token, p.projectId, 'Agent-made');
    const listed = await httpJson<{ canDefine: boolean }>('GET', labelsPath(p.projectId), asAgent);
    expect(listed.body.canDefine).toBe(true);
  });

  it('audits creation, change and deletion of a definition', async () => {
    const p = await project();
    const label = await defineLabel(p.manager.token, p.projectId, 'Refund', 'amber');
    await http('PATCH', `${labelsPath(p.projectId)}/${label.id}`, {
      token: p.manager.token,
      json: { name: 'Refunds' },
    });
    // A change of nothing is not a change.
    await http('PATCH', `${labelsPath(p.projectId)}/${label.id}`, { token: p.manager.token, json: { color: 'amber' } });
    expect((await http('DELETE', `${labelsPath(p.projectId)}/${label.id}`, { token: p.manager.token })).status).toBe(
      200,
    );
    const audit = await withDb(({ db }) =>
      db
        .select({ type: auditEvents.type, data: auditEvents.data, actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(eq(auditEvents.projectId, p.projectId))
        .orderBy(asc(auditEvents.createdAt)),
    );
    expect(audit.map((a) => a.type)).toEqual(['label.created', 'label.updated', 'label.deleted']);
    expect(audit[1]?.data).toMatchObject({ labelId: label.id, fields: 'name', name: 'Refund → Refunds' });
    expect(audit.every((a) => a.actorId === p.manager.userId)).toBe(true);
  });

  it('every route answers 404 for another project’s label or conversation, and changes nothing', async () => {
    const p = await project();
    const other = await project();
    const theirs = await defineLabel(other.manager.token, other.projectId, 'Theirs');
    const theirConversation = await conversation(other);
    const mine = await conversation(p);
    const m = { token: p.manager.token };
    await expectError(http('PATCH', `${labelsPath(p.projectId)}/${theirs.id}`, { ...m, json: { name: 'Mine' } }), 404);
    await expectError(http('DELETE', `${labelsPath(p.projectId)}/${theirs.id}`, m), 404);
    // Their label on my conversation, my label on their conversation, through my project.
    await expectError(
      http('PUT', `${convPath(p.projectId, mine)}/labels`, { ...m, json: { labelIds: [theirs.id] } }),
      404,
    );
    await expectError(
      http('POST', `${convPath(p.projectId, mine)}/labels`, { ...m, json: { labelIds: [theirs.id] } }),
      404,
    );
    const own = await defineLabel(p.manager.token, p.projectId, 'Own');
    await expectError(
      http('PUT', `${convPath(p.projectId, theirConversation)}/labels`, { ...m, json: { labelIds: [own.id] } }),
      404,
    );
    await expectError(http('DELETE', `${convPath(p.projectId, theirConversation)}/labels/${own.id}`, m), 404);
    await expectError(http('GET', `/api/projects/${p.projectId}/conversations?label=${theirs.id}`, m), 404);
    await expectError(
      http('GET', `/api/projects/${p.projectId}/conversations/search?q=hello&label=${theirs.id}`, m),
      404,
    );
    // Their project's routes, with my token.
    await expectError(http('GET', labelsPath(other.projectId), m), 404);
    await expectError(http('POST', labelsPath(other.projectId), { ...m, json: { name: 'X', color: 'red' } }), 404);
    await expectError(
      http('PUT', `${convPath(other.projectId, theirConversation)}/labels`, { ...m, json: { labelIds: [theirs.id] } }),
      404,
    );
    expect(await labelEvents(mine)).toEqual([]);
    expect(await labelEvents(theirConversation)).toEqual([]);
    const [theirLabel] = await sql<{ name: string }>('select name from labels where id = $1', [theirs.id]);
    expect(theirLabel?.name).toBe('Theirs');
  });
});

describe('labels on conversations', () => {
  it('emits conversation.labels_changed exactly once per change, and nothing for a change of nothing', async () => {
    const p = await project();
    const a = await defineLabel(p.manager.token, p.projectId, 'A');
    const b = await defineLabel(p.manager.token, p.projectId, 'B');
    const id = await conversation(p);
    expect(await setLabels(p.agent.token, p.projectId, id, [a.id])).toEqual({
      conversationId: id,
      labelIds: [a.id],
      changed: true,
    });
    expect((await setLabels(p.agent.token, p.projectId, id, [a.id])).changed).toBe(false);
    const added = await httpJson<{ labelIds: string[]; changed: boolean }>(
      'POST',
      `${convPath(p.projectId, id)}/labels`,
      {
        token: p.agent.token,
        json: { labelIds: [a.id, b.id] },
      },
    );
    expect(added.body).toMatchObject({ labelIds: [a.id, b.id], changed: true });
    const again = await httpJson<{ changed: boolean }>('POST', `${convPath(p.projectId, id)}/labels`, {
      token: p.agent.token,
      json: { labelIds: [b.id] },
    });
    expect(again.body.changed).toBe(false);
    const removed = await httpJson<{ labelIds: string[] }>('DELETE', `${convPath(p.projectId, id)}/labels/${a.id}`, {
      token: p.agent.token,
    });
    expect(removed.body.labelIds).toEqual([b.id]);
    const removedAgain = await httpJson<{ changed: boolean }>('DELETE', `${convPath(p.projectId, id)}/labels/${a.id}`, {
      token: p.agent.token,
    });
    expect(removedAgain.body.changed).toBe(false);

    const events = (await labelEvents(id)).map((e) => e.payload);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      conversationId: id,
      projectId: p.projectId,
      labelIds: [a.id],
      added: [a.id],
      removed: [],
      by: { kind: 'agent', id: p.agent.userId },
    });
    expect(events[1]).toMatchObject({ labelIds: [a.id, b.id], added: [b.id], removed: [] });
    expect(events[2]).toMatchObject({ labelIds: [b.id], added: [], removed: [a.id] });
    // The conversation as agents read it carries its labels.
    const read = await httpJson<{ conversation: ConversationSummary }>('GET', convPath(p.projectId, id), {
      token: p.agent.token,
    });
    expect(read.body.conversation.labelIds).toEqual([b.id]);
  });

  it('an API token applies labels too; deleting a label takes it off its conversations with one event each', async () => {
    const p = await project();
    const created = await httpJson<{ token: string }>('POST', `/api/projects/${p.projectId}/tokens`, {
      token: p.manager.token,
      json: { name: 'triage bot', role: 'agent' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const urgent = await defineLabel(p.manager.token, p.projectId, 'Urgent', 'red');
    const keep = await defineLabel(p.manager.token, p.projectId, 'Keep');
    const one = await conversation(p);
    const two = await conversation(p);
    await setLabels(created.body.token, p.projectId, one, [urgent.id, keep.id]);
    await setLabels(created.body.token, p.projectId, two, [urgent.id]);
    expect((await http('DELETE', `${labelsPath(p.projectId)}/${urgent.id}`, { token: p.manager.token })).status).toBe(
      200,
    );
    const last = async (id: string) => (await labelEvents(id)).at(-1)?.payload;
    expect(await last(one)).toMatchObject({
      labelIds: [keep.id],
      added: [],
      removed: [urgent.id],
      by: { kind: 'agent', id: p.manager.userId },
    });
    expect(await last(two)).toMatchObject({ labelIds: [], removed: [urgent.id] });
    expect(await labelEvents(one)).toHaveLength(2);
    const page = await list(p.agent.token, p.projectId, 'status=open');
    expect(page.conversations.find((c) => c.id === one)?.labelIds).toEqual([keep.id]);
    expect(page.conversations.find((c) => c.id === two)?.labelIds).toEqual([]);
  });

  it('pushes the labelled conversation to the dashboards’ inbox, as an assignment is', async () => {
    const p = await project();
    const label = await defineLabel(p.manager.token, p.projectId, 'Live');
    const id = await conversation(p);
    const ws = await TestSocket.open(`/ws/projects/${p.projectId}/inbox?token=${p.agent.token}`);
    await ws.until((f) => f.some((x) => x.type === 'welcome'));
    await setLabels(p.agent.token, p.projectId, id, [label.id]);
    type Pushed = { type: string; conversation?: ConversationSummary };
    await ws.until((f) =>
      (f as Pushed[]).some((x) => x.conversation?.id === id && x.conversation.labelIds?.includes(label.id)),
    );
    ws.close();
  });

  it('refuses an unknown label, a malformed id and more labels than a conversation may carry', async () => {
    const p = await project();
    const id = await conversation(p);
    const m = { token: p.manager.token };
    await expectError(
      http('PUT', `${convPath(p.projectId, id)}/labels`, { ...m, json: { labelIds: [crypto.randomUUID()] } }),
      404,
    );
    await expectError(http('PUT', `${convPath(p.projectId, id)}/labels`, { ...m, json: { labelIds: ['nope'] } }), 400);
    await expectError(
      http('PUT', `${convPath(p.projectId, crypto.randomUUID())}/labels`, { ...m, json: { labelIds: [] } }),
      404,
    );
    const many = await Promise.all(
      Array.from({ length: 21 }, (_, i) => defineLabel(p.manager.token, p.projectId, `L${i}`)),
    );
    await expectError(
      http('PUT', `${convPath(p.projectId, id)}/labels`, { ...m, json: { labelIds: many.map((l) => l.id) } }),
      400,
    );
    await setLabels(
      p.manager.token,
      p.projectId,
      id,
      many.slice(0, 20).map((l) => l.id),
    );
    await expectError(
      http('POST', `${convPath(p.projectId, id)}/labels`, { ...m, json: { labelIds: [many[20]?.id] } }),
      400,
      'too_many_labels',
    );
  });
});

describe('the inbox filtered by label', () => {
  it('combines the label with status and assignee filters, across keyset pages', async () => {
    const p = await project();
    const billing = await defineLabel(p.manager.token, p.projectId, 'Billing');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await conversation(p, `Question ${i}`));
    const [c0, c1, c2, c3, c4, c5, c6] = ids as [string, string, string, string, string, string, string];
    for (const id of [c0, c1, c2, c3, c4]) await setLabels(p.agent.token, p.projectId, id, [billing.id]);
    // c4 resolved, c3 assigned to the agent; c5 and c6 carry no label.
    await http('POST', `${convPath(p.projectId, c4)}/status`, { token: p.agent.token, json: { status: 'resolved' } });
    await http('POST', `${convPath(p.projectId, c3)}/assign`, {
      token: p.agent.token,
      json: { assigneeId: p.agent.userId },
    });
    await http('POST', `${convPath(p.projectId, c5)}/assign`, {
      token: p.agent.token,
      json: { assigneeId: p.agent.userId },
    });

    const everyOpen = await list(p.agent.token, p.projectId, 'status=open');
    expect(everyOpen.conversations.map((c) => c.id)).toEqual(expect.arrayContaining([c5, c6]));
    const ofLabel = await list(p.agent.token, p.projectId, `label=${billing.id}`);
    expect(new Set(ofLabel.conversations.map((c) => c.id))).toEqual(new Set([c0, c1, c2, c3, c4]));
    const open = await list(p.agent.token, p.projectId, `label=${billing.id}&status=open`);
    expect(new Set(open.conversations.map((c) => c.id))).toEqual(new Set([c0, c1, c2, c3]));
    const mine = await list(p.agent.token, p.projectId, `label=${billing.id}&status=open&mine=true`);
    expect(mine.conversations.map((c) => c.id)).toEqual([c3]);
    const byAssignee = await list(p.agent.token, p.projectId, `label=${billing.id}&assignee=${p.agent.userId}`);
    expect(byAssignee.conversations.map((c) => c.id)).toEqual([c3]);
    const unassigned = await list(p.agent.token, p.projectId, `label=${billing.id}&status=open&unassigned=true`);
    expect(new Set(unassigned.conversations.map((c) => c.id))).toEqual(new Set([c0, c1, c2]));
    expect(unassigned.conversations.every((c) => c.labelIds?.includes(billing.id))).toBe(true);

    // Keyset pages of 2 walk the same four, newest activity first, with no repeat and no gap.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(
        p.agent.token,
        p.projectId,
        `label=${billing.id}&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(open.conversations.map((c) => c.id));
  });

  it('combines the label with search', async () => {
    const p = await project();
    const billing = await defineLabel(p.manager.token, p.projectId, 'Billing');
    const labelled = await conversation(p, 'My invoice is wrong');
    const unlabelled = await conversation(p, 'Another invoice question');
    await setLabels(p.agent.token, p.projectId, labelled, [billing.id]);
    type Results = { results: { conversationId: string }[] };
    const all = await httpJson<Results>('GET', `/api/projects/${p.projectId}/conversations/search?q=invoice`, {
      token: p.agent.token,
    });
    expect(new Set(all.body.results.map((r) => r.conversationId))).toEqual(new Set([labelled, unlabelled]));
    const filtered = await eventually(async () => {
      const res = await httpJson<Results>(
        'GET',
        `/api/projects/${p.projectId}/conversations/search?q=invoice&label=${billing.id}`,
        {
          token: p.agent.token,
        },
      );
      return res.body.results.length > 0 ? res.body : undefined;
    });
    expect(filtered.results.map((r) => r.conversationId)).toEqual([labelled]);
  });
});
