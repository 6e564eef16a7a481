// A visitor who leaves their name and email (the pre-chat form, Parley.identify) is shown by it at
// once: the project's dashboards are pushed the conversation with the new name and email (and its
// rooms reload the visitor they keep). Before, an open conversation kept "Visitor 1a2b / No email"
// in its header until the dashboard loaded it again.
import { describe, expect, it } from 'vitest';
import { identityHash } from '../worker/visitors/identity.ts';
import { sql } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

type Pushed = {
  type: string;
  conversation?: {
    id: string;
    lastMessagePreview?: string | null;
    visitor?: { name: string | null; email: string | null };
  };
};

describe('a visitor identifying themselves', () => {
  it('is pushed to the dashboards with the new name and email, live, with sockets open in the room', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const visitor = await visitorOf(project);
    // The dashboard is open before the conversation is: the consumer's push for its opening message
    // cannot come before the inbox socket does (the inbox's welcome carries no conversations).
    const inbox = await TestSocket.open(`/ws/projects/${project.projectId}/inbox?token=${agent.token}`);
    await inbox.until((f) => f.some((x) => x.type === 'welcome'));
    const { conversation } = await openConversation(visitor.token, 'Is the blue backpack waterproof?');
    const room = await joinRoom(conversation.id, agent.token);
    const visitorRoom = await joinRoom(conversation.id, visitor.token);
    // The conversation's own events reach the dashboard first (the consumer loads the row as it is
    // then): only what comes after the identify can show that it was pushed for it.
    const previewed = (f: Pushed) =>
      f.conversation?.id === conversation.id && f.conversation.lastMessagePreview !== null;
    await inbox.until((frames) => (frames as Pushed[]).some(previewed), 5000, 'the conversation pushed');
    await new Promise((r) => setTimeout(r, 300));
    const before = inbox.frames.length;

    const res = await http('POST', '/api/widget/visitor', {
      token: visitor.token,
      json: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    expect(res.status).toBe(200);
    const named = (f: Pushed) =>
      f.type === 'conversation.updated' &&
      f.conversation?.id === conversation.id &&
      f.conversation.visitor?.name === 'Ada Lovelace';
    await inbox.until((frames) => (frames.slice(before) as Pushed[]).some(named), 5000, 'the pushed name');
    const pushed = (inbox.frames.slice(before) as Pushed[]).find(named);
    expect(pushed?.conversation?.visitor?.email).toBe('ada@example.com');

    for (const s of [inbox, room, visitorRoom]) s.close();
  });

  it('pushes nothing when the same name and email come again (a host page identifying on every view)', async () => {
    const project = await tenant();
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token, 'Hello');
    const claims = { name: 'Ada Lovelace', email: 'ada@example.com' };
    expect((await http('POST', '/api/widget/visitor', { token: visitor.token, json: claims })).status).toBe(200);
    const row = async () =>
      (
        await sql<{ revision: number; preview: string | null }>(
          'select revision, last_message_preview as preview from conversations where id = $1',
          [conversation.id],
        )
      )[0];
    // The consumer's own update for the opening message moves the revision too: wait for it first.
    await expect.poll(async () => (await row())?.preview, { timeout: 5000 }).toBe('Hello');
    const first = (await row())?.revision;
    for (let i = 0; i < 3; i++) {
      expect((await http('POST', '/api/widget/visitor', { token: visitor.token, json: claims })).status).toBe(200);
    }
    expect((await row())?.revision).toBe(first);
  });

  it('signing in on the host site (a proven identity) pushes the conversations that moved, under the new name', async () => {
    const secret = 'identify-live-secret';
    const project = await tenant({ identitySecret: secret });
    const agent = await memberOf(project);
    const anonymous = await visitorOf(project);
    // As above: the inbox socket first, so the opening message's push cannot come before it.
    const inbox = await TestSocket.open(`/ws/projects/${project.projectId}/inbox?token=${agent.token}`);
    await inbox.until((f) => f.some((x) => x.type === 'welcome'));
    const { conversation } = await openConversation(anonymous.token, 'Where is my order?');
    const previewed = (f: Pushed) =>
      f.conversation?.id === conversation.id && f.conversation.lastMessagePreview !== null;
    await inbox.until((frames) => (frames as Pushed[]).some(previewed), 5000, 'the conversation pushed');
    await new Promise((r) => setTimeout(r, 300));
    const before = inbox.frames.length;

    const userId = `user-${crypto.randomUUID()}`;
    const signedIn = await visitorOf(project, {
      visitorToken: anonymous.token,
      identity: { userId, hash: identityHash(secret, userId), name: 'Grace Hopper', email: 'grace@navy.example' },
    });
    expect(signedIn.visitor.verified).toBe(true);
    const named = (f: Pushed) =>
      f.type === 'conversation.updated' &&
      f.conversation?.id === conversation.id &&
      f.conversation.visitor?.name === 'Grace Hopper';
    await inbox.until((frames) => (frames.slice(before) as Pushed[]).some(named), 5000, 'the pushed name');
    expect((inbox.frames.slice(before) as Pushed[]).find(named)?.conversation?.visitor?.email).toBe(
      'grace@navy.example',
    );
    inbox.close();
  });

  it('changes nothing for a visitor with no conversation yet, and still answers', async () => {
    const project = await tenant();
    const visitor = await visitorOf(project);
    const res = await http('POST', '/api/widget/visitor', { token: visitor.token, json: { name: 'Grace' } });
    expect(res.status).toBe(200);
  });
});
