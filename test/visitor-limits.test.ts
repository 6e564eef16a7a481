// Abuse limits on the widget's anonymous endpoints (worker/visitors/rate-limit.ts): per IP and per
// visitor on sessions, conversation opens and REST sends, with small limits set through
// AUTH_RATE_LIMITS; the room's per-visitor send bucket shared by REST and the socket; and a
// database out of connections answered 503 with Retry-After, not 500.
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import type { ConversationRoom } from '../durable-objects/conversation-room.ts';
import worker from '../worker/index.ts';
import { sql } from './helpers/db.ts';
import { BASE, http, randomIp } from './helpers/http.ts';
import { isType, joinRoom } from './helpers/socket.ts';
import { openConversation, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

const withVars = (vars: Record<string, string>) => ({ ...env, ...vars }) as unknown as Env;
const HOUR = { limit: 2, window: '1 h' };

const limited = withVars({
  AUTH_RATE_LIMITS: JSON.stringify({
    widget_session_ip: HOUR,
    widget_session_visitor: HOUR,
    conversation_open_ip: HOUR,
    conversation_open_visitor: HOUR,
    message_send_ip: HOUR,
  }),
});

async function post(path: string, body: unknown, ip: string, token?: string, on: Env = limited) {
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cf-connecting-ip': ip };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    on,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function expectLimited(res: Response) {
  expect(res.status).toBe(429);
  expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('widget sessions', () => {
  it('are limited per IP (an IPv6 client by its /64), other addresses unaffected', async () => {
    const { widgetKey } = await tenant();
    const ip = randomIp();
    for (let i = 0; i < 2; i++) expect((await post('/api/widget/session', { widgetKey }, ip)).status).toBe(200);
    await expectLimited(await post('/api/widget/session', { widgetKey }, ip));
    expect((await post('/api/widget/session', { widgetKey }, randomIp())).status).toBe(200);

    const prefix = `2001:db8:${rand().slice(0, 4)}:1`;
    expect((await post('/api/widget/session', { widgetKey }, `${prefix}::1`)).status).toBe(200);
    expect((await post('/api/widget/session', { widgetKey }, `${prefix}:ffff::2`)).status).toBe(200);
    await expectLimited(await post('/api/widget/session', { widgetKey }, `${prefix}:abcd::3`));
  });

  it('are limited per returning visitor, from any address', async () => {
    const project = await tenant();
    const { token } = await visitorOf(project);
    const again = () => post('/api/widget/session', { widgetKey: project.widgetKey, visitorToken: token }, randomIp());
    for (let i = 0; i < 2; i++) expect((await again()).status).toBe(200);
    await expectLimited(await again());
  });
});

describe('conversation opens', () => {
  it('are limited per visitor, from any address', async () => {
    const { token } = await visitorOf(await tenant());
    const open = () => post('/api/widget/conversations', { clientId: `o-${rand()}` }, randomIp(), token);
    for (let i = 0; i < 2; i++) expect((await open()).status).toBe(201);
    await expectLimited(await open());
  });

  it('are limited per IP, whichever visitor', async () => {
    const project = await tenant();
    const ip = randomIp();
    for (let i = 0; i < 2; i++) {
      const { token } = await visitorOf(project);
      expect((await post('/api/widget/conversations', { clientId: `o-${rand()}` }, ip, token)).status).toBe(201);
    }
    const { token } = await visitorOf(project);
    await expectLimited(await post('/api/widget/conversations', { clientId: `o-${rand()}` }, ip, token));
  });
});

describe('REST sends', () => {
  it('are limited per IP, whichever visitor', async () => {
    const project = await tenant();
    const ip = randomIp();
    const send = async () => {
      const visitor = await visitorOf(project);
      const { conversation } = await openConversation(visitor.token, 'hi');
      const path = `/api/widget/conversations/${conversation.id}/messages`;
      return post(path, { clientId: `m-${rand()}`, body: 'more' }, ip, visitor.token);
    };
    for (let i = 0; i < 2; i++) expect((await send()).status).toBe(201);
    await expectLimited(await send());
  });

  it("take from the same per-visitor bucket as the visitor's socket (429 with Retry-After)", async () => {
    const { agent, visitor, conversationId } = await scenario();
    await runInDurableObject(env.CONVERSATION_ROOM.getByName(conversationId), (room: ConversationRoom) => {
      room.tune({ send: { capacity: 3, refillPerSecond: 0.1 } });
    });
    const rest = (clientId: string) =>
      http('POST', `/api/widget/conversations/${conversationId}/messages`, {
        token: visitor.token,
        json: { clientId, body: clientId },
      });
    expect((await rest('rest-1')).status).toBe(201);
    expect((await rest('rest-2')).status).toBe(201);
    const ws = await joinRoom(conversationId, visitor.token);
    ws.send({ type: 'send', clientId: 'socket-1', body: 'socket-1' });
    expect((await ws.next(isType('ack'))).clientId).toBe('socket-1');
    ws.send({ type: 'send', clientId: 'socket-2', body: 'socket-2' });
    const refused = await ws.next(isType('error'));
    expect([refused.code, refused.clientId]).toEqual(['rate_limited', 'socket-2']);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    await expectLimited(await rest('rest-3'));
    // The agent in the same conversation has a bucket of their own.
    const agentWs = await joinRoom(conversationId, agent.token);
    agentWs.send({ type: 'send', clientId: 'agent-1', body: 'still here' });
    expect((await agentWs.next(isType('ack'))).clientId).toBe('agent-1');
    ws.close();
    agentWs.close();
  });
});

describe('a database out of connections', () => {
  it('answers 503 with Retry-After, not 500', async () => {
    // A role allowed no connection gets what a full server answers: 53300 too_many_connections.
    const role = `parley_full_${rand()}`;
    await sql(`create role ${role} login password 'full' connection limit 0`);
    try {
      const url = new URL(inject('databaseUrl'));
      url.username = role;
      url.password = 'full';
      const { widgetKey } = await tenant();
      const res = await post('/api/widget/session', { widgetKey }, randomIp(), undefined, {
        ...env,
        DATABASE_URL: url.toString(),
      } as unknown as Env);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await sql(`drop role if exists ${role}`);
    }
  });
});
