// Erasing a whole project, and a user deleting their own account. A project's erasure needs a
// recent sign-in and a session (not an API token), removes everything in it at once — rows, R2
// objects, every room's and the inbox's storage — keeps its webhook endpoints only until they got
// `project.erased`, and then the cron leaves nothing with the project's id but the audit row that
// says who erased it. An account's deletion is refused to the last Manager of a project.
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { CLOSE_CODES } from '../contract/frames.ts';
import { finalizeErasedProjects } from '../worker/privacy/erasure.ts';
import { sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { isEmpty, r2Keys, rowsContaining, storageOf } from './helpers/privacy.ts';
import { isType, joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, rand, tenant, visitorOf } from './helpers/tenant.ts';

const receiver = inject('webhookReceiverUrl');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);

const hooksAt = async (name: string) =>
  ((await (await fetch(`${receiver}/hooks/${name}`)).json()) as { body: string }[]).map(
    (h) => JSON.parse(h.body) as { type: string; data: Record<string, unknown> },
  );

async function closedWith(ws: TestSocket, ms = 5000): Promise<number> {
  await ws.until(() => ws.closed !== null, ms, 'the socket to close');
  return ws.closed?.code ?? 0;
}

async function openInbox(projectId: string, token: string): Promise<TestSocket> {
  const ws = await TestSocket.open(`/ws/projects/${projectId}/inbox?token=${token}`);
  await ws.until((f) => f.some((x) => x.type === 'welcome'));
  return ws;
}

const staleProof = (sessionId: string) =>
  sql(`update sessions set reauthenticated_at = now() - interval '1 hour' where id = $1`, [sessionId]);

describe('erasing a project', () => {
  it('needs a recent sign-in and a session, then leaves nothing of the project once its webhooks heard', async () => {
    const project = await tenant();
    const { projectId } = project;
    const manager = await memberOf(project, 'manager');
    const agent = await memberOf(project);
    const marker = `proj${rand()}${rand()}`;
    const hook = `project-${projectId}`;
    expect(
      (
        await http('POST', `/api/projects/${projectId}/webhooks`, {
          token: manager.token,
          json: { url: `${receiver}/hooks/${hook}` },
        })
      ).status,
    ).toBe(201);
    const visitor = await visitorOf(project);
    await http('POST', '/api/widget/visitor', { token: visitor.token, json: { name: `Bo ${marker}` } });
    const conversationId = (await openConversation(visitor.token, `Hi ${marker}`)).conversation.id;
    const file = new FormData();
    file.set('file', new File([PNG], `p-${marker}.png`, { type: 'image/png' }));
    file.set('clientId', `f-${rand()}`);
    expect(
      (
        await http('POST', `/api/widget/conversations/${conversationId}/attachments`, {
          token: visitor.token,
          body: file,
        })
      ).status,
    ).toBe(201);
    await http('POST', `/api/projects/${projectId}/canned-responses`, {
      token: manager.token,
      json: { shortcut: `s${rand()}`, title: 'T', body: `Canned ${marker}` },
    });
    const label = await httpJson<{ label: { id: string } }>('POST', `/api/projects/${projectId}/labels`, {
      token: manager.token,
      json: { name: `Label ${marker}`, color: 'red', description: `About ${marker}` },
    });
    expect(label.status).toBe(201);
    const labelled = await http('PUT', `/api/projects/${projectId}/conversations/${conversationId}/labels`, {
      token: manager.token,
      json: { labelIds: [label.body.label.id] },
    });
    expect(labelled.status).toBe(200);
    await http('PUT', `/api/projects/${projectId}/labels/settings`, {
      token: manager.token,
      json: { agentsMayDefine: true },
    });
    const room = await joinRoom(conversationId, agent.token);
    const inbox = await openInbox(projectId, agent.token);
    const created = await httpJson<{ token: string }>('POST', `/api/projects/${projectId}/tokens`, {
      token: manager.token,
      json: { name: 'ci', role: 'manager' },
    });
    expect(created.status).toBe(201);
    await eventually(async () => ((await hooksAt(hook)).length >= 2 ? true : undefined));
    const path = `/api/projects/${projectId}`;

    await expectError(http('DELETE', path, { token: agent.token }), 403, 'manager_only');
    await expectError(http('DELETE', path, { token: created.body.token }), 403, 'api_token_not_allowed');
    await staleProof(manager.sessionId);
    await expectError(http('DELETE', path, { token: manager.token }), 403, 'reauthentication_required');
    await sql('update sessions set reauthenticated_at = now() where id = $1', [manager.sessionId]);

    expect((await http('DELETE', path, { token: manager.token })).status).toBe(204);
    expect(await closedWith(room)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(inbox)).toBe(CLOSE_CODES.notMember);
    // At once: the content is gone everywhere, the project answers 404, its widget key nothing.
    expect(await rowsContaining(marker)).toEqual({});
    await expectError(http('GET', path, { token: manager.token }), 404, 'not_found');
    await expectError(http('DELETE', path, { token: manager.token }), 404, 'not_found');
    await expectError(
      http('POST', '/api/widget/session', { json: { widgetKey: project.widgetKey } }),
      404,
      'unknown_widget_key',
    );
    await expectError(http('GET', '/api/widget/conversations', { token: visitor.token }), 401);
    const audit = await sql<{ actor_id: string; project_id: string | null; data: unknown }>(
      `select actor_id, project_id, data from audit_events where type = 'project.erased' and data->>'projectId' = $1`,
      [projectId],
    );
    expect(audit).toEqual([{ actor_id: manager.userId, project_id: null, data: { projectId } }]);

    // Its endpoints get the last event; R2, the room and the inbox are wiped after the response.
    const erased = await eventually(async () => (await hooksAt(hook)).find((h) => h.type === 'project.erased'));
    expect(erased.data).toMatchObject({ projectId, by: { kind: 'agent', id: manager.userId } });
    await eventually(async () => ((await r2Keys(`projects/${projectId}/`)).length === 0 ? true : undefined));
    await eventually(async () =>
      isEmpty(await storageOf(env.CONVERSATION_ROOM.getByName(conversationId))) ? true : undefined,
    );
    await eventually(async () => (isEmpty(await storageOf(env.PROJECT_INBOX.getByName(projectId))) ? true : undefined));

    // The cron's step then removes the tombstone and its endpoints: only the audit row names the project.
    await eventually(async () => {
      await withDb(({ db }) => finalizeErasedProjects(db, 100));
      const [row] = await sql('select id from projects where id = $1', [projectId]);
      return row ? undefined : true;
    });
    const left = await rowsContaining(projectId);
    expect(Object.keys(left)).toEqual(['audit_events']);
    expect(left.audit_events).toHaveLength(1);
  });
});

describe('deleting one’s own account', () => {
  it('is refused to the last Manager of a project (409) and without a recent sign-in (403)', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    await memberOf(project);
    await expectError(http('DELETE', '/api/me', { token: manager.token }), 409, 'last_manager');
    await staleProof(manager.sessionId);
    await expectError(http('DELETE', '/api/me', { token: manager.token }), 403, 'reauthentication_required');
    const [still] = await sql('select role from memberships where user_id = $1', [manager.userId]);
    expect(still).toEqual({ role: 'manager' });
  });

  it('leaves every project, ends sessions and sockets, and keeps the projects’ records without the user', async () => {
    const first = await tenant();
    const second = await tenant();
    await memberOf(second, 'manager');
    const user = await memberOf(first);
    await sql(`insert into memberships (project_id, user_id, role) values ($1, $2, 'manager')`, [
      second.projectId,
      user.userId,
    ]);
    const [{ email } = { email: '' }] = await sql<{ email: string }>('select email from users where id = $1', [
      user.userId,
    ]);
    await sql(
      `insert into invitations (project_id, email, role, token_hash, expires_at)
       values ($1, $2, 'agent', $3, now() + interval '1 day')`,
      [second.projectId, email.toUpperCase(), crypto.randomUUID()],
    );
    // An address of this test's own: rowsContaining scans every table, other tests' rows too.
    const ip = `10.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
    await sql(
      `insert into audit_events (project_id, actor_id, type, ip, user_agent) values ($1, $2, 'auth.signed_in', $3, 'Firefox')`,
      [first.projectId, user.userId, ip],
    );
    const visitor = await visitorOf(first);
    const conversationId = (await openConversation(visitor.token)).conversation.id;
    const room = await joinRoom(conversationId, user.token);
    room.send({ type: 'send', clientId: `u-${rand()}`, body: 'From the agent' });
    await room.next(isType('ack'));

    const deleted = await http('DELETE', '/api/me', { token: user.token });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.getSetCookie().some((c) => /^parley_refresh=;/.test(c))).toBe(true);
    expect(await closedWith(room)).toBe(CLOSE_CODES.notMember);
    await expectError(http('GET', '/api/me', { token: user.token }), 401);
    await expectError(http('DELETE', '/api/me', { token: user.token }), 401);
    expect(await sql('select id from users where id = $1', [user.userId])).toEqual([]);
    expect(await sql('select id from sessions where user_id = $1', [user.userId])).toEqual([]);
    expect(await sql('select 1 from invitations where lower(email) = lower($1)', [email])).toEqual([]);
    expect(await rowsContaining(email)).toEqual({});
    expect(await rowsContaining(ip)).toEqual({});
    // Each project heard: member.removed for webhooks, account.deleted in its log.
    for (const { projectId } of [first, second]) {
      const events = await sql<{ type: string }>(
        `select type from outbox_events where project_id = $1 and type = 'member.removed' and payload->>'userId' = $2`,
        [projectId, user.userId],
      );
      expect(events).toHaveLength(1);
      const audit = await sql<{ data: unknown }>(
        `select data from audit_events where project_id = $1 and type = 'account.deleted'`,
        [projectId],
      );
      expect(audit).toEqual([{ data: { userId: user.userId } }]);
    }
    // Their message stays in the conversation, without a name.
    const manager = await memberOf(first, 'manager');
    const view = await httpJson<{ messages: { body: string; author: { kind: string; name?: string } }[] }>(
      'GET',
      `/api/projects/${first.projectId}/conversations/${conversationId}`,
      { token: manager.token },
    );
    const theirs = view.body.messages.find((m) => m.body === 'From the agent');
    expect(theirs?.author.kind).toBe('agent');
    expect(theirs?.author.name).toBeUndefined();
  });
});
