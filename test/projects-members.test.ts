// Tenancy and roles: projects, members, role changes, removal (401 on the next request),
// invitations (expiring, single-use, for one email), and the outbox rows membership changes write.
import { beforeAll, describe, expect, it } from 'vitest';
import { login, mailToken, signUp, signUpMember, type TestUser, uniqueEmail } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';

describe('projects', () => {
  it('a user creates more projects, lists them with roles, and only members see one', async () => {
    const owner = await signUp();
    const created = await httpJson<{ id: string; role: string }>('POST', '/api/projects', {
      token: owner.accessToken,
      json: { name: 'Second' },
    });
    expect(created.status).toBe(201);
    expect(created.body.role).toBe('manager');
    const list = await httpJson<{ projects: { id: string }[] }>('GET', '/api/me/projects', {
      token: owner.accessToken,
    });
    expect(list.body.projects.map((p) => p.id)).toEqual([owner.projectId, created.body.id]);

    const stranger = await signUp();
    await expectError(
      http('GET', `/api/projects/${owner.projectId}`, { token: stranger.accessToken }),
      404,
      'not_found',
    );
    await expectError(http('GET', '/api/projects/not-a-uuid', { token: stranger.accessToken }), 404, 'not_found');
    const renamed = await httpJson('PATCH', `/api/projects/${owner.projectId}`, {
      token: owner.accessToken,
      json: { name: 'Renamed' },
    });
    expect(renamed.body).toMatchObject({ name: 'Renamed' });
  });

  it('an Agent reads the project but gets 403 on Manager routes', async () => {
    const owner = await signUp();
    const agent = await signUpMember(owner, 'agent');
    expect(
      (await httpJson('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken })).body,
    ).toMatchObject({ role: 'agent' });
    await expectError(
      http('GET', `/api/projects/${owner.projectId}/members`, { token: agent.accessToken }),
      403,
      'manager_only',
    );
    await expectError(
      http('PATCH', `/api/projects/${owner.projectId}`, { token: agent.accessToken, json: { name: 'x' } }),
      403,
      'manager_only',
    );
  });
});

describe('members', () => {
  describe('roles, changed by a Manager', () => {
    // The steps share one project (its owner and one Agent) and run in order.
    let owner: TestUser;
    let agent: TestUser;
    let path = '';
    beforeAll(async () => {
      owner = await signUp();
      agent = await signUpMember(owner, 'agent');
      path = `/api/projects/${owner.projectId}/members/${agent.userId}`;
    });

    it('lists the members with their roles', async () => {
      const members = await httpJson<{ members: { userId: string; role: string }[] }>(
        'GET',
        `/api/projects/${owner.projectId}/members`,
        { token: owner.accessToken },
      );
      expect(members.body.members.map((m) => [m.userId, m.role])).toEqual([
        [owner.userId, 'manager'],
        [agent.userId, 'agent'],
      ]);
    });

    it('a role change takes effect on the very next request, both ways', async () => {
      expect((await http('PATCH', path, { token: owner.accessToken, json: { role: 'manager' } })).status).toBe(200);
      expect((await http('GET', `/api/projects/${owner.projectId}/members`, { token: agent.accessToken })).status).toBe(
        200,
      );
      expect((await http('PATCH', path, { token: owner.accessToken, json: { role: 'agent' } })).status).toBe(200);
      await expectError(
        http('GET', `/api/projects/${owner.projectId}/members`, { token: agent.accessToken }),
        403,
        'manager_only',
      );
    });

    it('never demotes or removes the last Manager (409), nor takes an unknown role (400)', async () => {
      await expectError(
        http('PATCH', `/api/projects/${owner.projectId}/members/${owner.userId}`, {
          token: owner.accessToken,
          json: { role: 'agent' },
        }),
        409,
        'last_manager',
      );
      await expectError(
        http('DELETE', `/api/projects/${owner.projectId}/members/${owner.userId}`, { token: owner.accessToken }),
        409,
        'last_manager',
      );
      await expectError(
        http('PATCH', path, { token: owner.accessToken, json: { role: 'owner' } }),
        400,
        'invalid_request',
      );
    });

    it('writes an outbox event for each membership change, none for refused ones', async () => {
      const events = await sql<{
        type: string;
        aggregate_type: string;
        aggregate_id: string;
        payload: { role: string };
      }>(
        `select type, aggregate_type, aggregate_id, payload from outbox_events where project_id = $1 order by position`,
        [owner.projectId],
      );
      expect(events.map((e) => [e.type, e.aggregate_type, e.payload.role])).toEqual([
        ['member.added', 'membership', 'manager'],
        ['member.role_changed', 'membership', 'manager'],
        ['member.role_changed', 'membership', 'agent'],
      ]);
      expect(events[1]?.aggregate_id).toBe(`${owner.projectId}:${agent.userId}`);
    });
  });

  it('removing a member ends their sessions: their very next request is a 401', async () => {
    const owner = await signUp();
    const agent = await signUpMember(owner, 'agent');
    const elsewhere = await httpJson<{ id: string }>('POST', '/api/projects', {
      token: agent.accessToken,
      json: { name: 'Own' },
    });
    expect((await http('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken })).status).toBe(200);
    expect(
      (await http('DELETE', `/api/projects/${owner.projectId}/members/${agent.userId}`, { token: owner.accessToken }))
        .status,
    ).toBe(200);
    await expectError(
      http('GET', `/api/projects/${owner.projectId}`, { token: agent.accessToken }),
      401,
      'session_revoked',
    );
    // Signing in again works for their own project; the removed one is a 404 like any stranger's.
    const again = await login(agent.email, agent.password);
    expect((await http('GET', `/api/projects/${elsewhere.body.id}`, { token: again.body.accessToken })).status).toBe(
      200,
    );
    await expectError(
      http('GET', `/api/projects/${owner.projectId}`, { token: again.body.accessToken }),
      404,
      'not_found',
    );
    await expectError(
      http('DELETE', `/api/projects/${owner.projectId}/members/${agent.userId}`, { token: owner.accessToken }),
      404,
      'not_found',
    );
    const [removed] = await sql<{ type: string }>(
      `select type from outbox_events where project_id = $1 and type = 'member.removed' and payload->>'userId' = $2`,
      [owner.projectId, agent.userId],
    );
    expect(removed?.type).toBe('member.removed');
  });

  it('another project’s member cannot be changed or removed through my project (404)', async () => {
    const a = await signUp();
    const b = await signUp();
    const bAgent = await signUpMember(b, 'agent');
    await expectError(
      http('PATCH', `/api/projects/${a.projectId}/members/${bAgent.userId}`, {
        token: a.accessToken,
        json: { role: 'manager' },
      }),
      404,
      'not_found',
    );
    await expectError(
      http('DELETE', `/api/projects/${b.projectId}/members/${bAgent.userId}`, { token: a.accessToken }),
      404,
      'not_found',
    );
  });
});

describe('invitations', () => {
  it('an existing user accepts an emailed invitation once, with the invited role', async () => {
    const owner = await signUp();
    const invitee = await signUp();
    const invited = await httpJson<{ id: string }>('POST', `/api/projects/${owner.projectId}/invitations`, {
      token: owner.accessToken,
      json: { email: invitee.email.toUpperCase(), role: 'agent' },
    });
    expect(invited.status).toBe(201);
    expect(JSON.stringify(invited.body)).not.toMatch(/inv_/);
    const token = await mailToken(invitee.email.toUpperCase(), /invited to a project on Parley/);
    const preview = await httpJson('POST', '/api/invitations/preview', { json: { token } });
    expect(preview.body).toMatchObject({ projectName: 'Test project', role: 'agent' });

    const stranger = await signUp();
    await expectError(
      http('POST', '/api/invitations/accept', { token: stranger.accessToken, json: { token } }),
      403,
      'invitation_email_mismatch',
    );
    const accepted = await httpJson('POST', '/api/invitations/accept', { token: invitee.accessToken, json: { token } });
    expect(accepted.body).toEqual({ projectId: owner.projectId, role: 'agent' });
    await expectError(
      http('POST', '/api/invitations/accept', { token: invitee.accessToken, json: { token } }),
      404,
      'invitation_not_found',
    );
    await expectError(
      http('POST', `/api/projects/${owner.projectId}/invitations`, {
        token: owner.accessToken,
        json: { email: invitee.email, role: 'manager' },
      }),
      409,
      'already_member',
    );
    expect(
      (await httpJson('GET', `/api/projects/${owner.projectId}`, { token: invitee.accessToken })).body,
    ).toMatchObject({ role: 'agent' });
    const [row] = await sql<{ token_hash: string }>('select token_hash from invitations where id = $1', [
      invited.body.id,
    ]);
    expect(row?.token_hash).not.toContain(token);
  });

  it('a new user signs up with the invitation: joins with its role, email verified, no project of their own', async () => {
    const owner = await signUp();
    const email = uniqueEmail('new');
    await http('POST', `/api/projects/${owner.projectId}/invitations`, {
      token: owner.accessToken,
      json: { email, role: 'manager' },
    });
    const token = await mailToken(email, /invited/);
    const res = await httpJson<{ project: null; user: { emailVerified: boolean }; accessToken: string }>(
      'POST',
      '/api/auth/signup',
      { json: { email, password: 'new user password', name: 'New', invitationToken: token } },
    );
    expect(res.status).toBe(201);
    expect(res.body.project).toBeNull();
    expect(res.body.user.emailVerified).toBe(true);
    const list = await httpJson<{ projects: { id: string; role: string }[] }>('GET', '/api/projects', {
      token: res.body.accessToken,
    });
    expect(list.body.projects).toEqual([expect.objectContaining({ id: owner.projectId, role: 'manager' })]);
  });

  it('revoked and expired invitations are refused; invitations of another project are a 404', async () => {
    const owner = await signUp();
    const email = uniqueEmail('inv');
    const first = await httpJson<{ id: string }>('POST', `/api/projects/${owner.projectId}/invitations`, {
      token: owner.accessToken,
      json: { email, role: 'agent' },
    });
    const stranger = await signUp();
    await expectError(
      http('DELETE', `/api/projects/${owner.projectId}/invitations/${first.body.id}`, { token: stranger.accessToken }),
      404,
    );
    await expectError(
      http('DELETE', `/api/projects/${stranger.projectId}/invitations/${first.body.id}`, {
        token: stranger.accessToken,
      }),
      404,
      'not_found',
    );
    const pending = await httpJson<{ invitations: { id: string }[] }>(
      'GET',
      `/api/projects/${owner.projectId}/invitations`,
      { token: owner.accessToken },
    );
    expect(pending.body.invitations.map((i) => i.id)).toEqual([first.body.id]);
    const revokedToken = await mailToken(email, /invited/);
    expect(
      (
        await http('DELETE', `/api/projects/${owner.projectId}/invitations/${first.body.id}`, {
          token: owner.accessToken,
        })
      ).status,
    ).toBe(200);
    await expectError(
      http('POST', '/api/invitations/preview', { json: { token: revokedToken } }),
      404,
      'invitation_not_found',
    );

    const second = await httpJson<{ id: string }>('POST', `/api/projects/${owner.projectId}/invitations`, {
      token: owner.accessToken,
      json: { email: uniqueEmail('late'), role: 'agent' },
    });
    await sql(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [second.body.id]);
    const [row] = await sql<{ email: string }>('select email from invitations where id = $1', [second.body.id]);
    const lateToken = await mailToken(row?.email ?? '', /invited/);
    await expectError(
      http('POST', '/api/invitations/preview', { json: { token: lateToken } }),
      404,
      'invitation_not_found',
    );
  });
});
