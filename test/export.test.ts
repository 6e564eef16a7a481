// Exports: a Manager asks for a visitor's, a conversation's or the project's data, the Queue
// consumer builds one JSON archive into R2, and it is downloaded through a signed, expiring link.
// The contents are checked: exactly the subject's data, messages in order (private notes marked),
// attachments as links that download the bytes. Erasing what an export contains deletes it too.
import { beforeAll, describe, expect, it } from 'vitest';
import { type DataExport, type ExportArchive, exportArchive } from '../contract/rest/privacy.ts';
import { sql } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { r2Keys } from './helpers/privacy.ts';
import {
  type Member,
  memberOf,
  openConversation,
  rand,
  type Tenant,
  tenant,
  type VisitorSession,
  visitorOf,
} from './helpers/tenant.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 9, 8, 7]);

let project: Tenant;
let manager: Member;
let agent: Member;
let visitor: VisitorSession;
let other: VisitorSession;
let conversations: string[];
let otherConversation: string;

const exportsPath = () => `/api/projects/${project.projectId}/exports`;

async function exportOf(body: unknown): Promise<DataExport> {
  const asked = await httpJson<{ export: DataExport }>('POST', exportsPath(), { token: manager.token, json: body });
  expect(asked.status).toBe(202);
  expect(asked.body.export).toMatchObject({ status: 'pending', downloadUrl: null });
  return eventually(async () => {
    const { body: view } = await httpJson<{ export: DataExport }>('GET', `${exportsPath()}/${asked.body.export.id}`, {
      token: manager.token,
    });
    return view.export.status === 'pending' ? undefined : view.export;
  });
}

async function download(done: DataExport): Promise<ExportArchive> {
  expect(done.status).toBe('ready');
  const url = done.downloadUrl ?? '';
  expect(url).toMatch(/^\/api\/exports\/[0-9a-f-]{36}\?exp=\d+&kid=[^&]+&sig=/);
  const res = await http('GET', url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-export-/);
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  return exportArchive.parse(await res.json());
}

beforeAll(async () => {
  project = await tenant();
  manager = await memberOf(project, 'manager');
  agent = await memberOf(project);
  visitor = await visitorOf(project);
  await http('POST', '/api/widget/visitor', {
    token: visitor.token,
    json: { name: 'Ada Export', email: 'ada@export.test' },
  });
  await http('POST', '/api/widget/context', {
    token: visitor.token,
    json: { url: 'https://shop.test/cart', title: 'Cart' },
  });
  const first = (await openConversation(visitor.token, 'Where is my order?')).conversation.id;
  const second = (await openConversation(visitor.token, 'Another question')).conversation.id;
  conversations = [first, second];
  const send = (body: string, extra: Record<string, unknown> = {}) =>
    http('POST', `/api/projects/${project.projectId}/conversations/${first}/messages`, {
      token: agent.token,
      json: { clientId: `c-${rand()}`, body, ...extra },
    });
  expect((await send('On its way')).status).toBe(201);
  expect((await send('Ask the warehouse', { private: true })).status).toBe(201);
  const file = new FormData();
  file.set('file', new File([PNG], 'receipt.png', { type: 'image/png' }));
  file.set('clientId', `f-${rand()}`);
  file.set('body', 'My receipt');
  expect(
    (await http('POST', `/api/widget/conversations/${first}/attachments`, { token: visitor.token, body: file })).status,
  ).toBe(201);
  other = await visitorOf(project);
  otherConversation = (await openConversation(other.token, 'Someone else entirely')).conversation.id;
});

describe('exports', () => {
  it('are for Managers, of this project’s visitors and conversations, with a well-formed request', async () => {
    await expectError(
      http('POST', exportsPath(), { token: agent.token, json: { scope: 'project' } }),
      403,
      'manager_only',
    );
    const stranger = await tenant();
    const theirs = (await openConversation((await visitorOf(stranger)).token)).conversation.id;
    await expectError(
      http('POST', exportsPath(), { token: manager.token, json: { scope: 'conversation', id: theirs } }),
      404,
      'not_found',
    );
    for (const body of [{ scope: 'visitor' }, { scope: 'project', id: visitor.visitor.id }, { scope: 'all' }]) {
      await expectError(http('POST', exportsPath(), { token: manager.token, json: body }), 400, 'invalid_request');
    }
  });

  it('of a visitor: them, their context and every conversation of theirs, nothing of anyone else', async () => {
    const archive = await download(await exportOf({ scope: 'visitor', id: visitor.visitor.id }));
    expect(archive).toMatchObject({
      format: 'parley.export/1',
      scope: 'visitor',
      subjectId: visitor.visitor.id,
      project: { id: project.projectId },
      members: [],
    });
    expect(archive.visitors).toEqual([
      expect.objectContaining({
        id: visitor.visitor.id,
        name: 'Ada Export',
        email: 'ada@export.test',
        context: expect.objectContaining({
          pageUrl: 'https://shop.test/cart',
          pageTitle: 'Cart',
        }),
      }),
    ]);
    expect(archive.conversations.map((c) => c.id).sort()).toEqual([...conversations].sort());
    const first = archive.conversations.find((c) => c.id === conversations[0]);
    expect(first?.messages.map((m) => [m.seq, m.author.kind, m.body, m.private])).toEqual([
      [1, 'visitor', 'Where is my order?', false],
      [2, 'agent', 'On its way', false],
      [3, 'agent', 'Ask the warehouse', true],
      [4, 'visitor', 'My receipt', false],
    ]);
    expect(first?.messages[0]?.author.name).toBe('Ada Export');
    expect(first?.messages[1]?.author.name).toBe(agent.name);
    const attachment = first?.messages[3]?.attachment;
    expect(attachment).toMatchObject({ name: 'receipt.png', contentType: 'image/png', size: PNG.length });
    const file = await http('GET', attachment?.url ?? '');
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    // The attachment link lives as long as the export, not an hour.
    const exp = Number(new URL(attachment?.url ?? '', 'http://x').searchParams.get('exp'));
    expect(exp * 1000).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(JSON.stringify(archive)).not.toContain('Someone else entirely');
    expect(JSON.stringify(archive)).not.toContain(other.visitor.id);
  });

  it('of a visitor: their transcript request and their email choices, not the agents’ notifications', async () => {
    const [first, second] = conversations;
    await sql(
      `insert into transcript_requests (conversation_id, project_id, email, requested_at)
       values ($1, $2, 'ada@export.test', '2026-03-01T10:00:00Z')`,
      [first, project.projectId],
    );
    await sql(`update visitors set email_unsubscribed_at = '2026-03-02T10:00:00Z' where id = $1`, [visitor.visitor.id]);
    await sql(
      `insert into notification_marks (kind, recipient_id, conversation_id, project_id, notified_seq, sent_at)
       values ('visitor_unseen_replies', $1, $2, $3, 2, '2026-03-01T10:05:00Z'),
              ('agent_activity', $4, $2, $3, 4, '2026-03-01T10:06:00Z')
       on conflict (kind, recipient_id, conversation_id)
       do update set notified_seq = excluded.notified_seq, sent_at = excluded.sent_at, due_at = null`,
      [visitor.visitor.id, first, project.projectId, agent.userId],
    );
    try {
      const archive = await download(await exportOf({ scope: 'visitor', id: visitor.visitor.id }));
      expect(archive.visitors[0]?.emailUnsubscribedAt).toBe('2026-03-02T10:00:00.000Z');
      const byId = new Map(archive.conversations.map((c) => [c.id, c]));
      expect(byId.get(first ?? '')?.transcriptRequest).toEqual({
        email: 'ada@export.test',
        requestedAt: '2026-03-01T10:00:00.000Z',
        sentAt: null,
      });
      expect(byId.get(first ?? '')?.visitorEmails).toEqual({
        notifiedSeq: 2,
        dueAt: null,
        sentAt: '2026-03-01T10:05:00.000Z',
      });
      expect(byId.get(second ?? '')).toMatchObject({ transcriptRequest: null, visitorEmails: null });
      expect(JSON.stringify(archive)).not.toContain('2026-03-01T10:06:00');
    } finally {
      await sql('delete from transcript_requests where conversation_id = $1', [first]);
      await sql('delete from notification_marks where conversation_id = $1', [first]);
      await sql('update visitors set email_unsubscribed_at = null where id = $1', [visitor.visitor.id]);
    }
  });

  it('of a visitor: their contact, ratings and labels; of the project: every contact, label and attribute', async () => {
    const [first] = conversations;
    const one = <T>(rows: T[]) => rows[0] as T;
    const stranger = await tenant();
    const contactOf = async (projectId: string, name: string) =>
      one(
        await sql<{ id: string }>(
          `insert into contacts (project_id, name, email, attributes) values ($1, $2, $3, '{"plan": "pro", "seats": 3}') returning id`,
          [projectId, name, `${rand()}@contact.test`],
        ),
      ).id;
    const labelOf = async (projectId: string, name: string) =>
      one(
        await sql<{ id: string }>(`insert into labels (project_id, name, color) values ($1, $2, 'blue') returning id`, [
          projectId,
          name,
        ]),
      ).id;
    const [before] = await sql<{ contact_id: string | null }>('select contact_id from visitors where id = $1', [
      visitor.visitor.id,
    ]);
    const mine = await contactOf(project.projectId, 'Ada Contact');
    const theirs = await contactOf(project.projectId, 'Other Contact');
    const strangers = await contactOf(stranger.projectId, 'Stranger Contact');
    await sql('update visitors set contact_id = $1 where id = $2', [mine, visitor.visitor.id]);
    await sql('update visitors set contact_id = $1 where id = $2', [theirs, other.visitor.id]);
    await sql(
      `insert into contact_attribute_definitions (project_id, key, label, type) values ($1, 'plan', 'Plan', 'text')`,
      [project.projectId],
    );
    const billing = await labelOf(project.projectId, 'Billing');
    const unused = await labelOf(project.projectId, 'Unused label');
    const others = await labelOf(project.projectId, 'Other label');
    await labelOf(stranger.projectId, 'Stranger label');
    await sql(
      `insert into conversation_labels (conversation_id, label_id, project_id) values ($1, $2, $4), ($3, $5, $4)`,
      [first, billing, otherConversation, project.projectId, others],
    );
    await sql(
      `insert into conversation_ratings (project_id, conversation_id, resolved_at, rating, comment)
       values ($1, $2, '2026-03-03T10:00:00Z', 4, 'Kind and quick'), ($1, $3, '2026-03-03T11:00:00Z', 1, 'Other comment')`,
      [project.projectId, first, otherConversation],
    );
    try {
      const archive = await download(await exportOf({ scope: 'visitor', id: visitor.visitor.id }));
      expect(archive.visitors[0]?.contactId).toBe(mine);
      expect(archive.contacts).toEqual([
        expect.objectContaining({
          id: mine,
          name: 'Ada Contact',
          verified: false,
          attributes: { plan: 'pro', seats: 3 },
        }),
      ]);
      expect(archive.labels).toEqual([{ id: billing, name: 'Billing', color: 'blue', description: '' }]);
      expect(archive.attributeDefinitions).toEqual([]);
      const byId = new Map(archive.conversations.map((c) => [c.id, c]));
      expect(byId.get(first ?? '')?.labelIds).toEqual([billing]);
      expect(byId.get(first ?? '')?.ratings).toEqual([
        expect.objectContaining({ resolvedAt: '2026-03-03T10:00:00.000Z', rating: 4, comment: 'Kind and quick' }),
      ]);
      expect(byId.get(conversations[1] ?? '')).toMatchObject({ labelIds: [], ratings: [] });
      for (const elsewhere of ['Other Contact', 'Other label', 'Unused label', 'Other comment', 'Stranger']) {
        expect(JSON.stringify(archive)).not.toContain(elsewhere);
      }

      const whole = await download(await exportOf({ scope: 'project' }));
      const projectContacts = await sql<{ id: string }>('select id from contacts where project_id = $1', [
        project.projectId,
      ]);
      expect(projectContacts.map((c) => c.id)).toEqual(expect.arrayContaining([mine, theirs]));
      expect(whole.contacts.map((c) => c.id).sort()).toEqual(projectContacts.map((c) => c.id).sort());
      expect(whole.labels.map((l) => l.id)).toEqual([billing, others, unused]);
      expect(whole.attributeDefinitions).toEqual([{ key: 'plan', label: 'Plan', type: 'text', options: [] }]);
      expect(whole.conversations.find((c) => c.id === otherConversation)).toMatchObject({
        labelIds: [others],
        ratings: [expect.objectContaining({ rating: 1, comment: 'Other comment' })],
      });
      expect(JSON.stringify(whole)).not.toContain('Stranger');
      expect(JSON.stringify(whole)).not.toContain(strangers);
    } finally {
      await sql('update visitors set contact_id = null where id = $1', [other.visitor.id]);
      await sql('update visitors set contact_id = $1 where id = $2', [before?.contact_id ?? null, visitor.visitor.id]);
      await sql('delete from conversation_ratings where project_id = $1', [project.projectId]);
      await sql('delete from labels where project_id = $1', [project.projectId]);
      await sql('delete from contact_attribute_definitions where project_id = $1', [project.projectId]);
      await sql('delete from contacts where id = any($1)', [[mine, theirs]]);
    }
  });

  it('of a conversation: it and its visitor only', async () => {
    const archive = await download(await exportOf({ scope: 'conversation', id: conversations[1] }));
    expect(archive.conversations.map((c) => c.id)).toEqual([conversations[1]]);
    expect(archive.conversations[0]?.messages.map((m) => m.body)).toEqual(['Another question']);
    expect(archive.visitors.map((v) => v.id)).toEqual([visitor.visitor.id]);
  });

  it('of the project: its members, every visitor and conversation', async () => {
    const archive = await download(await exportOf({ scope: 'project' }));
    expect(archive.members.map((m) => m.userId).sort()).toEqual([manager.userId, agent.userId].sort());
    expect(archive.visitors.map((v) => v.id).sort()).toEqual([visitor.visitor.id, other.visitor.id].sort());
    expect(archive.conversations.map((c) => c.id).sort()).toEqual([...conversations, otherConversation].sort());
    const audit = await sql<{ n: number }>(
      `select count(*)::int as n from audit_events where project_id = $1 and type = 'export.requested'`,
      [project.projectId],
    );
    expect(audit[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it('are built at most three at a time per project (429 exports_pending)', async () => {
    const busy = await tenant();
    const boss = await memberOf(busy, 'manager');
    for (let i = 0; i < 3; i++) {
      await sql(
        `insert into data_exports (project_id, scope, expires_at) values ($1, 'project', now() + interval '7 days')`,
        [busy.projectId],
      );
    }
    const res = await http('POST', `/api/projects/${busy.projectId}/exports`, {
      token: boss.token,
      json: { scope: 'project' },
    });
    expect(res.headers.get('retry-after')).toBe('60');
    await expectError(res, 429, 'exports_pending');
  });

  it('downloads only through an intact, unexpired link', async () => {
    const done = await exportOf({ scope: 'conversation', id: otherConversation });
    const url = done.downloadUrl ?? '';
    expect((await http('GET', url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    expect((await http('GET', url.replace(/exp=\d+/, 'exp=1000'))).status).toBe(403);
    expect((await http('GET', url.replace(done.id, crypto.randomUUID()))).status).toBe(403);
    // An attachment's link does not open an export (each purpose signs with its own key).
    const sig = new URL(url, 'http://x').search;
    expect((await http('GET', `/api/attachments/${done.id}${sig}`)).status).toBe(403);
  });

  it('are deleted with the visitor they contain (row and archive), and project exports too', async () => {
    const mine = await exportOf({ scope: 'visitor', id: other.visitor.id });
    const whole = await exportOf({ scope: 'project' });
    const keys = await r2Keys(`projects/${project.projectId}/exports/`);
    expect(keys).toEqual(expect.arrayContaining([expect.stringContaining(mine.id), expect.stringContaining(whole.id)]));
    expect(
      (
        await http('DELETE', `/api/projects/${project.projectId}/visitors/${other.visitor.id}`, {
          token: manager.token,
        })
      ).status,
    ).toBe(204);
    const left = await r2Keys(`projects/${project.projectId}/exports/`);
    expect(left.some((k) => k.includes(mine.id) || k.includes(whole.id))).toBe(false);
    await expectError(http('GET', `${exportsPath()}/${mine.id}`, { token: manager.token }), 404);
    expect((await http('GET', whole.downloadUrl ?? '')).status).toBe(404);
  });
});
