// Open sockets obey revocation: whatever ends an agent's authority (sign-out, a revoked session, a
// password change or reset, removal from the project, a 2FA requirement they do not meet) closes
// their room and inbox sockets at once with a documented close code, and a `send` racing the
// revocation is never stored. The rooms and inboxes also re-check on their alarm (the backstop).
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../contract/frames.ts';
import { sessions } from '../drizzle/schema/sessions.ts';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import type { ProjectInbox } from '../durable-objects/project-inbox.ts';
import { signAccessToken } from '../worker/auth/access-token.ts';
import { signVisitorToken } from '../worker/visitors/token.ts';
import { login, mailToken, signUp, signUpMember, type TestUser } from './helpers/accounts.ts';
import { config, sql, withDb } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { joinRoom, roomPath, TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, rand, tenant, visitorOf } from './helpers/tenant.ts';
import { enableMfa } from './helpers/totp.ts';

const inboxPath = (projectId: string, token: string) => `/ws/projects/${projectId}/inbox?token=${token}`;

async function openInbox(projectId: string, token: string): Promise<TestSocket> {
  const ws = await TestSocket.open(inboxPath(projectId, token));
  await ws.until((f) => f.some((x) => x.type === 'welcome'));
  return ws;
}

/** Waits for the server to close `ws` and returns the code. */
async function closedWith(ws: TestSocket, ms = 3000): Promise<number> {
  await ws.until(() => ws.closed !== null, ms, 'the socket to close');
  return ws.closed?.code ?? 0;
}

/** A conversation of `projectId` with a visitor; its id. */
async function conversationIn(project: { widgetKey: string }): Promise<string> {
  const visitor = await visitorOf(project);
  const { conversation } = await openConversation(visitor.token);
  return conversation.id;
}

/** Another live session of `userId` (as signing in on a second device would make), with its token. */
async function secondSession(userId: string): Promise<{ sessionId: string; token: string }> {
  return withDb(async ({ db }) => {
    const [row] = await db
      .insert(sessions)
      .values({ userId, refreshTokenHash: crypto.randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) })
      .returning({ id: sessions.id });
    if (!row) throw new Error('session insert failed');
    const token = await signAccessToken(config().AUTH_JWT_KEYS, { userId, sessionId: row.id });
    return { sessionId: row.id, token };
  });
}

/** An agent's two sockets: one on a conversation of their project, one on its inbox. */
async function agentSockets(projectId: string, conversationId: string, token: string) {
  const room = await joinRoom(conversationId, token);
  const inbox = await openInbox(projectId, token);
  return { room, inbox };
}

/** A send racing the revocation: it must never become a message. */
async function sendAfterRevocation(ws: TestSocket, conversationId: string): Promise<void> {
  const clientId = `late-${rand()}`;
  try {
    ws.send({ type: 'send', clientId, body: 'sent after my authority ended' });
  } catch {
    // The close already reached the client: nothing could be sent.
  }
  await new Promise((r) => setTimeout(r, 300));
  const rows = await sql('select id from messages where conversation_id = $1 and client_id = $2', [
    conversationId,
    clientId,
  ]);
  expect(rows).toEqual([]);
}

describe('revocation closes sockets at once', () => {
  it('sign-out closes the session’s room and inbox sockets with 4401; a late send is not stored', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const conversationId = await conversationIn(project);
    const { room, inbox } = await agentSockets(project.projectId, conversationId, agent.token);
    const other = await secondSession(agent.userId);
    const otherRoom = await joinRoom(conversationId, other.token);

    expect((await http('POST', '/api/auth/logout', { token: agent.token })).status).toBe(200);
    await sendAfterRevocation(room, conversationId);
    expect(await closedWith(room)).toBe(CLOSE_CODES.authorityRevoked);
    expect(await closedWith(inbox)).toBe(CLOSE_CODES.authorityRevoked);
    // Only that session: the agent's other device keeps its socket.
    expect(otherRoom.closed).toBeNull();
    otherRoom.close();
  });

  it('sign-out everywhere closes every session’s sockets', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const conversationId = await conversationIn(project);
    const other = await secondSession(agent.userId);
    const first = await agentSockets(project.projectId, conversationId, agent.token);
    const second = await agentSockets(project.projectId, conversationId, other.token);

    expect((await http('POST', '/api/auth/logout-everywhere', { token: agent.token })).status).toBe(200);
    for (const ws of [first.room, first.inbox, second.room, second.inbox]) {
      expect(await closedWith(ws)).toBe(CLOSE_CODES.authorityRevoked);
    }
  });

  it('revoking a session (DELETE /api/me/sessions/:id) closes that session’s sockets in every project', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const elsewhere = await tenant();
    await sql('insert into memberships (project_id, user_id, role) values ($1, $2, $3)', [
      elsewhere.projectId,
      agent.userId,
      'agent',
    ]);
    const conversationId = await conversationIn(project);
    const otherConversationId = await conversationIn(elsewhere);
    const phone = await secondSession(agent.userId);
    const here = await agentSockets(project.projectId, conversationId, phone.token);
    const there = await agentSockets(elsewhere.projectId, otherConversationId, phone.token);
    const mine = await joinRoom(conversationId, agent.token);

    const res = await http('DELETE', `/api/me/sessions/${phone.sessionId}`, { token: agent.token });
    expect(res.status).toBe(200);
    await sendAfterRevocation(here.room, conversationId);
    for (const ws of [here.room, here.inbox, there.room, there.inbox]) {
      expect(await closedWith(ws)).toBe(CLOSE_CODES.authorityRevoked);
    }
    expect(mine.closed).toBeNull();
    mine.close();
  });

  it('a password change closes the other sessions’ sockets and keeps the caller’s', async () => {
    const user = await signUp();
    const conversationId = await conversationIn(await projectOf(user));
    const phone = await login(user.email, user.password);
    const theirs = await agentSockets(user.projectId, conversationId, phone.body.accessToken);
    const mine = await joinRoom(conversationId, user.accessToken);

    const res = await http('POST', '/api/auth/password', {
      token: user.accessToken,
      json: { currentPassword: user.password, newPassword: `new-${crypto.randomUUID()}` },
    });
    expect(res.status).toBe(200);
    await sendAfterRevocation(theirs.room, conversationId);
    expect(await closedWith(theirs.room)).toBe(CLOSE_CODES.authorityRevoked);
    expect(await closedWith(theirs.inbox)).toBe(CLOSE_CODES.authorityRevoked);
    expect(mine.closed).toBeNull();
    mine.close();
  });

  it('a password reset closes every socket of the account', async () => {
    const user = await signUp();
    const conversationId = await conversationIn(await projectOf(user));
    const { room, inbox } = await agentSockets(user.projectId, conversationId, user.accessToken);

    await http('POST', '/api/auth/password-reset/request', { json: { email: user.email } });
    const token = await mailToken(user.email, /reset/i);
    const res = await http('POST', '/api/auth/password-reset/confirm', {
      json: { token, newPassword: `reset-${crypto.randomUUID()}` },
    });
    expect(res.status).toBe(200);
    await sendAfterRevocation(room, conversationId);
    expect(await closedWith(room)).toBe(CLOSE_CODES.authorityRevoked);
    expect(await closedWith(inbox)).toBe(CLOSE_CODES.authorityRevoked);
  });

  it('removal from the project closes the member’s sockets there with 4403', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const agent = await memberOf(project);
    const conversationId = await conversationIn(project);
    const { room, inbox } = await agentSockets(project.projectId, conversationId, agent.token);

    const res = await http('DELETE', `/api/projects/${project.projectId}/members/${agent.userId}`, {
      token: manager.token,
    });
    expect(res.status).toBe(200);
    await sendAfterRevocation(room, conversationId);
    expect(await closedWith(room)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(inbox)).toBe(CLOSE_CODES.notMember);
  });

  it('turning on require2fa closes the sockets of members without 2FA with 4403, not the others', async () => {
    const manager = await signUp();
    await enableMfa(manager);
    const agent = await signUpMember(manager, 'agent');
    const conversationId = await conversationIn(await projectOf(manager));
    const theirs = await agentSockets(manager.projectId, conversationId, agent.accessToken);
    const mine = await agentSockets(manager.projectId, conversationId, manager.accessToken);

    const res = await http('PATCH', `/api/projects/${manager.projectId}/settings`, {
      token: manager.accessToken,
      json: { require2fa: true },
    });
    expect(res.status).toBe(200);
    await sendAfterRevocation(theirs.room, conversationId);
    expect(await closedWith(theirs.room)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(theirs.inbox)).toBe(CLOSE_CODES.notMember);
    expect(mine.room.closed).toBeNull();
    expect(mine.inbox.closed).toBeNull();
    mine.room.close();
    mine.inbox.close();
  });

  it('turning 2FA off in a project that requires it closes that member’s sockets there with 4403', async () => {
    const manager = await signUp();
    const { recoveryCodes } = await enableMfa(manager);
    const agent = await signUpMember(manager, 'agent');
    await enableMfa(agent);
    const settings = await http('PATCH', `/api/projects/${manager.projectId}/settings`, {
      token: manager.accessToken,
      json: { require2fa: true },
    });
    expect(settings.status).toBe(200);
    const conversationId = await conversationIn(await projectOf(manager));
    const mine = await agentSockets(manager.projectId, conversationId, manager.accessToken);
    const theirs = await agentSockets(manager.projectId, conversationId, agent.accessToken);

    const res = await http('POST', '/api/auth/2fa/disable', {
      token: manager.accessToken,
      json: { recoveryCode: recoveryCodes[0] },
    });
    expect(res.status).toBe(200);
    await sendAfterRevocation(mine.room, conversationId);
    expect(await closedWith(mine.room)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(mine.inbox)).toBe(CLOSE_CODES.notMember);
    expect(theirs.room.closed).toBeNull();
    theirs.room.close();
    theirs.inbox.close();
  });
});

describe('the backstop: sockets re-check their authority', () => {
  /** Shortens the re-check interval on the conversation's room and the project's inbox (before sockets open). */
  async function shorten(conversationId: string, projectId: string, ms: number) {
    await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) =>
      room.tune({ authorityCheckMs: ms }),
    );
    await runInDurableObject(env.PROJECT_INBOX.getByName(projectId), (inbox: ProjectInbox) =>
      inbox.tune({ authorityCheckMs: ms }),
    );
  }

  it('is due within 60 s of an agent socket opening, on the room and on the inbox', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const conversationId = await conversationIn(project);
    const { room, inbox } = await agentSockets(project.projectId, conversationId, agent.token);
    for (const stub of [
      env.CONVERSATION_ROOM.getByName(conversationId),
      env.PROJECT_INBOX.getByName(project.projectId),
    ]) {
      const alarm = await runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
      expect(alarm).not.toBeNull();
      expect(alarm ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    room.close();
    inbox.close();
  });

  it('closes sockets whose session ended without anyone telling the room or inbox (4401)', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const conversationId = await conversationIn(project);
    await shorten(conversationId, project.projectId, 300);
    const { room, inbox } = await agentSockets(project.projectId, conversationId, agent.token);
    // Revoked behind the sockets' back, as if every close message had been lost.
    await sql('update sessions set revoked_at = now() where id = $1', [agent.sessionId]);
    expect(await closedWith(room, 5000)).toBe(CLOSE_CODES.authorityRevoked);
    expect(await closedWith(inbox, 5000)).toBe(CLOSE_CODES.authorityRevoked);
  });

  it('closes sockets of an agent who is no longer a member (4403), and a blocked visitor’s with them', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const stays = await memberOf(project);
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    await shorten(conversation.id, project.projectId, 300);
    const { room, inbox } = await agentSockets(project.projectId, conversation.id, agent.token);
    const staying = await joinRoom(conversation.id, stays.token);
    const visitorWs = await joinRoom(conversation.id, visitor.token);
    await sql('delete from memberships where project_id = $1 and user_id = $2', [project.projectId, agent.userId]);
    await sql('update visitors set blocked_at = now() where id = $1', [visitor.visitor.id]);
    expect(await closedWith(room, 5000)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(inbox, 5000)).toBe(CLOSE_CODES.notMember);
    expect(await closedWith(visitorWs, 5000)).toBe(CLOSE_CODES.notMember);
    expect(staying.closed).toBeNull();
    staying.close();
  });

  it('re-checks a visitor’s send once the interval has passed, even with no agent in the room', async () => {
    const project = await tenant();
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    await shorten(conversation.id, project.projectId, 100);
    const ws = await joinRoom(conversation.id, visitor.token);
    await sql('update visitors set blocked_at = now() where id = $1', [visitor.visitor.id]);
    await new Promise((r) => setTimeout(r, 200));
    await sendAfterRevocation(ws, conversation.id);
    expect(await closedWith(ws)).toBe(CLOSE_CODES.notMember);
  });
});

describe('blocking a visitor', () => {
  it('a Manager blocks a visitor: their socket closes (4403, final), their token is refused, it is audited', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const agent = await memberOf(project);
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    const ws = await joinRoom(conversation.id, visitor.token);
    const agentRoom = await joinRoom(conversation.id, agent.token);
    const path = `/api/projects/${project.projectId}/visitors/${visitor.visitor.id}/block`;

    await expectError(http('POST', path, { token: agent.token }), 403, 'manager_only');
    expect((await http('POST', path, { token: manager.token })).status).toBe(200);
    await sendAfterRevocation(ws, conversation.id);
    expect(await closedWith(ws)).toBe(CLOSE_CODES.notMember);
    expect(agentRoom.closed).toBeNull();

    // The token opens nothing any more: REST, a new socket, a new widget session.
    await expectError(
      http('POST', `/api/widget/conversations/${conversation.id}/messages`, {
        token: visitor.token,
        json: { clientId: `c-${rand()}`, body: 'still here?' },
      }),
      403,
      'visitor_blocked',
    );
    const refused = await TestSocket.refused(roomPath(conversation.id, visitor.token));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'visitor_blocked' } } });
    await expectError(
      http('POST', '/api/widget/session', { json: { widgetKey: project.widgetKey, visitorToken: visitor.token } }),
      403,
      'visitor_blocked',
    );
    const audit = await httpJson<{ events: { type: string }[] }>('GET', `/api/projects/${project.projectId}/audit`, {
      token: manager.token,
    });
    expect(audit.body.events.map((e) => e.type)).toContain('visitor.blocked');
    // Another project's visitor id answers 404, like a missing one.
    const stranger = await visitorOf(await tenant());
    await expectError(
      http('POST', `/api/projects/${project.projectId}/visitors/${stranger.visitor.id}/block`, {
        token: manager.token,
      }),
      404,
    );
    agentRoom.close();
  });
});

describe('visitor token renewal', () => {
  it('an expired token names its visitor for a new session up to 30 days after expiry, not later', async () => {
    const project = await tenant();
    const visitor = await visitorOf(project);
    const expiredFor = async (days: number) =>
      (
        await signVisitorToken(
          config().AUTH_JWT_KEYS,
          { visitorId: visitor.visitor.id, projectId: project.projectId },
          -days * 86_400,
        )
      ).token;
    const renewed = await visitorOf(project, { visitorToken: await expiredFor(29) });
    expect(renewed.visitor.id).toBe(visitor.visitor.id);
    const tooOld = await visitorOf(project, { visitorToken: await expiredFor(31) });
    expect(tooOld.visitor.id).not.toBe(visitor.visitor.id);
  });
});

/** The project a signed-up user manages, as `visitorOf` needs it. */
async function projectOf(user: TestUser): Promise<{ widgetKey: string }> {
  const [row] = await sql<{ widget_key: string }>('select widget_key from projects where id = $1', [user.projectId]);
  if (!row) throw new Error('no project');
  return { widgetKey: row.widget_key };
}
