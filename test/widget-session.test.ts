// POST /api/widget/session: widget key + allowed origin → visitor token; identity proven by HMAC,
// unproven claims kept as unverified; projects that require a verified identity.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visitors } from '../drizzle/schema/index.ts';
import { identityHash } from '../worker/visitors/identity.ts';
import { withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { http } from './helpers/http.ts';
import { isType, roomPath, TestSocket } from './helpers/socket.ts';
import { openConversation, rand, tenant, visitorOf } from './helpers/tenant.ts';

const session = (json: unknown, origin?: string) =>
  http('POST', '/api/widget/session', { json, headers: origin ? { origin } : {} });

describe('visitor session', () => {
  it('returns a token, the visitor, public widget settings and the visitor’s conversations', async () => {
    const project = await tenant();
    const first = await visitorOf(project);
    expect(first.visitor).toMatchObject({ verified: false, name: null });
    expect(first.conversations).toEqual([]);
    const { conversation } = await openConversation(first.token, 'Hi');
    type Body = {
      visitor: { id: string };
      project: { id: string; widgetSettings: unknown; requireVerifiedIdentity: boolean };
      conversations: { id: string; lastMessagePreview: string | null }[];
      expiresAt: string;
    };
    // The preview is the events consumer's, written shortly after the message commits.
    const body = await eventually(async () => {
      const again = await session({ widgetKey: project.widgetKey, visitorToken: first.token });
      expect(again.status).toBe(200);
      const b = await again.json<Body>();
      return b.conversations[0]?.lastMessagePreview ? b : undefined;
    });
    expect(body.visitor.id).toBe(first.visitor.id);
    expect(body.project).toMatchObject({ id: project.projectId, widgetSettings: {}, requireVerifiedIdentity: false });
    expect(body.conversations.map((c) => [c.id, c.lastMessagePreview])).toEqual([[conversation.id, 'Hi']]);
    expect(JSON.stringify(body)).not.toContain('identity_secret');
  });

  it('refuses origins not on the allowed list (403) and accepts listed ones and wildcards', async () => {
    const project = await tenant({ allowedDomains: ['https://shop.example.com', 'https://*.acme.io'] });
    const refused = await session({ widgetKey: project.widgetKey }, 'https://evil.example.net');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect((await session({ widgetKey: project.widgetKey })).status).toBe(403);
    expect((await session({ widgetKey: project.widgetKey }, 'https://shop.example.com')).status).toBe(200);
    expect((await session({ widgetKey: project.widgetKey }, 'https://eu.acme.io')).status).toBe(200);
  });

  it('answers unknown widget keys with 404 and malformed bodies with 400', async () => {
    const unknown = await session({ widgetKey: `pk_nope_${rand()}` });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_widget_key' } });
    const bad = await session({ widgetKey: 42 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('does not carry a visitor across projects', async () => {
    const a = await tenant();
    const b = await tenant();
    const inA = await visitorOf(a);
    const inB = await visitorOf(b, { visitorToken: inA.token });
    expect(inB.visitor.id).not.toBe(inA.visitor.id);
  });
});

describe('identity verification', () => {
  const secret = 'idsec_for_tests';

  it('verifies a correct HMAC and finds the same visitor from any device', async () => {
    const project = await tenant({ identitySecret: secret });
    const identity = { userId: `u-${rand()}`, hash: '', name: 'Ada', email: 'ada@example.com' };
    identity.hash = identityHash(secret, identity.userId);
    const laptop = await visitorOf(project, { identity });
    expect(laptop.visitor).toMatchObject({ verified: true, name: 'Ada', email: 'ada@example.com' });
    const { conversation } = await openConversation(laptop.token);
    const phone = await visitorOf(project, { identity });
    expect(phone.visitor.id).toBe(laptop.visitor.id);
    expect(phone.conversations.map((c) => c.id)).toEqual([conversation.id]);
  });

  it('stores claims with a wrong hash (or no project secret) as unverified', async () => {
    const project = await tenant({ identitySecret: secret });
    const wrong = await visitorOf(project, {
      identity: { userId: 'u-1', hash: identityHash('not-the-secret', 'u-1'), name: 'Mallory' },
    });
    expect(wrong.visitor).toMatchObject({ verified: false, name: 'Mallory' });
    const noSecret = await tenant();
    const claimed = await visitorOf(noSecret, {
      identity: { userId: 'u-1', hash: identityHash(secret, 'u-1'), name: 'Eve' },
    });
    expect(claimed.visitor).toMatchObject({ verified: false, name: 'Eve' });
  });

  it('moves an anonymous visitor’s conversations to their proven identity; claims never overwrite it', async () => {
    const project = await tenant({ identitySecret: secret });
    const userId = `u-${rand()}`;
    const proven = await visitorOf(project, {
      identity: { userId, hash: identityHash(secret, userId), name: 'Grace' },
    });
    const anonymous = await visitorOf(project);
    const { conversation } = await openConversation(anonymous.token, 'before signing in');
    const signedIn = await visitorOf(project, {
      visitorToken: anonymous.token,
      identity: { userId, hash: identityHash(secret, userId) },
    });
    expect(signedIn.visitor.id).toBe(proven.visitor.id);
    expect(signedIn.conversations.map((c) => c.id)).toContain(conversation.id);
    // The conversation's room follows too: it now names the verified visitor.
    const ws = await TestSocket.open(roomPath(conversation.id, signedIn.token));
    const summary = await ws.next(isType('conversation'));
    expect(summary.conversation.visitor).toMatchObject({ id: proven.visitor.id, verified: true, name: 'Grace' });
    ws.close();
    const spoof = await visitorOf(project, {
      visitorToken: signedIn.token,
      identity: { userId: 'someone-else', hash: 'bad', name: 'Impostor' },
    });
    expect(spoof.visitor).toMatchObject({ id: proven.visitor.id, verified: true, name: 'Grace' });
    const row = await withDb(({ db }) => db.select().from(visitors).where(eq(visitors.id, proven.visitor.id)));
    expect(row[0]).toMatchObject({ externalId: userId, verified: true });
  });

  it('lets only verified visitors open conversations when the project requires it', async () => {
    const project = await tenant({ identitySecret: secret, requireVerifiedIdentity: true });
    const anonymous = await visitorOf(project);
    const refused = await http('POST', '/api/widget/conversations', {
      token: anonymous.token,
      json: { clientId: 'c1', body: 'hello?' },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'identity_required' } });
    const userId = `u-${rand()}`;
    const verified = await visitorOf(project, {
      identity: { userId, hash: identityHash(secret, userId) },
    });
    await openConversation(verified.token, 'hello, verified');
  });
});
