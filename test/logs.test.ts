// Invariant 10, nothing personal in logs: a sign-up, a duplicate and a failing insert, messages sent by a
// visitor and an agent (through the room, the outbox and the events consumer), Upstash failures, a
// blocked visitor, a sudo re-authentication with a wrong password and webhooks the SSRF guard refuses
// run through the Worker while every console line is captured. Each line must be one JSON object with
// a level, a message and a request id, and none may carry a planted email, password, token, message
// text, URL, Upstash credential, Redis command or SQL parameter. The request id follows a socket
// upgrade, a revocation and a block into the Durable Objects, and a Queue message to the consumer.
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { QueueMessage } from '../contract/events.ts';
import { writeOutbox } from '../core/events/outbox.ts';
import { relayBatch } from '../core/events/relay.ts';
import type { Db } from '../core/platform/db.ts';
import { withLogContext } from '../core/platform/log.ts';
import { webhookDeliveries, webhookEndpoints } from '../drizzle/schema/events.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import { eventSettings } from '../worker/events/settings.ts';
import { attemptDelivery } from '../worker/events/webhooks/deliver.ts';
import worker from '../worker/index.ts';
import { signUp } from './helpers/accounts.ts';
import { config, sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, expectError, http, randomIp } from './helpers/http.ts';
import { upstashDown } from './helpers/outage.ts';
import { joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, openConversation, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : JSON.stringify(a)))
          .join(' '),
      );
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The Worker with some bindings changed, as a deployment with a broken Upstash would see them. */
async function fetchWith(vars: Partial<Record<keyof Env, string>>, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, ...vars } as Env, ctx);
  await res.text();
  await waitOnExecutionContext(ctx);
  return res;
}

function expectCleanLines(planted: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    let parsed: unknown;
    expect(() => {
      parsed = JSON.parse(line);
    }, `not one JSON object: ${line}`).not.toThrow();
    expect(parsed, line).toMatchObject({
      level: expect.stringMatching(/^(info|warn|error)$/),
      message: expect.any(String),
      requestId: expect.stringMatching(/^[\w-]{8,64}$/),
    });
    for (const secret of planted) expect(line, `a log line carries "${secret}"`).not.toContain(secret);
  }
}

describe('logs', () => {
  it('are JSON lines with a request id, and carry no email, password, token, message text or Redis command', async () => {
    const email = `planted-${rand()}@example.test`;
    const password = `Planted-password-${rand()}`;
    const user = await signUp({ email, password });
    // The same address again (a 409), and an insert Postgres refuses (a NUL byte in the name).
    await http('POST', '/api/auth/signup', { json: { email, password, name: 'Again' } });
    const nulEmail = `planted-nul-${rand()}@example.test`;
    await http('POST', '/api/auth/signup', { json: { email: nulEmail, password, name: `Bad\u0000${rand()}` } });

    // Messages through the room, the outbox and the consumer.
    const project = await tenant();
    const agent = await memberOf(project);
    const visitor = await visitorOf(project);
    const visitorText = `planted visitor text ${rand()}`;
    const { conversation } = await openConversation(visitor.token, visitorText);
    const agentText = `planted agent text ${rand()}`;
    const sent = await http('POST', `/api/projects/${project.projectId}/conversations/${conversation.id}/messages`, {
      token: agent.token,
      json: { clientId: `c-${rand()}`, body: agentText },
    });
    expect(sent.status).toBe(201);
    await eventually(async () => {
      const [row] = await sql<{ seq: number }>('select last_message_seq as seq from conversations where id = $1', [
        conversation.id,
      ]);
      return row && row.seq >= 2 ? row : undefined;
    });

    // Upstash refusing the token (an UpstashError naming the command and its keys), then down.
    const upstashToken = `planted-upstash-token-${rand()}`;
    const login = new Request(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp() },
      body: JSON.stringify({ email, password }),
    });
    const refused = await fetchWith({ UPSTASH_REDIS_REST_TOKEN: upstashToken }, login.clone());
    expect(refused.status).toBe(503);
    const down = await fetchWith(upstashDown(), login.clone());
    expect(down.status).toBe(503);
    const me = await fetchWith(
      { UPSTASH_REDIS_REST_TOKEN: upstashToken },
      new Request(`${BASE}/api/me`, { headers: { authorization: `Bearer ${user.accessToken}` } }),
    );
    expect(me.status).toBe(200);

    const refreshToken = user.cookie.split('=')[1] ?? '';
    expectCleanLines([
      email,
      nulEmail,
      email.split('@')[0] ?? email,
      password,
      user.accessToken,
      refreshToken,
      agent.token,
      visitor.token,
      visitorText,
      agentText,
      upstashToken,
      'command was',
      'params:',
      `session:${user.sessionId}`,
    ]);
  });
});

/** A webhook endpoint of a new project (registered at the local receiver), its URL then set to `url`. */
async function endpointAt(url: string) {
  const { projectId } = await tenant();
  const manager = await memberOf({ projectId }, 'manager');
  const res = await http('POST', `/api/projects/${projectId}/webhooks`, {
    token: manager.token,
    json: { url: `${inject('webhookReceiverUrl')}/hooks/logs-${projectId}` },
  });
  expect(res.status).toBe(201);
  const { endpoint } = await res.json<{ endpoint: { id: string } }>();
  await withDb(({ db }) => db.update(webhookEndpoints).set({ url }).where(eq(webhookEndpoints.id, endpoint.id)));
  return { projectId, endpointId: endpoint.id, token: manager.token };
}

describe('logs of the abuse and revocation paths', () => {
  it('a blocked visitor, a wrong sudo password and webhooks the SSRF guard refuses leave nothing personal', async () => {
    // A Manager blocks a visitor while their socket is open; the visitor tries again.
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const visitor = await visitorOf(project);
    const visitorText = `planted visitor text ${rand()}`;
    const { conversation } = await openConversation(visitor.token, visitorText);
    const ws = await joinRoom(conversation.id, visitor.token);
    const blocked = await http('POST', `/api/projects/${project.projectId}/visitors/${visitor.visitor.id}/block`, {
      token: manager.token,
    });
    expect(blocked.status).toBe(200);
    await ws.until(() => ws.closed !== null, 3000, 'the blocked visitor’s socket to close');
    const lateText = `planted text after the block ${rand()}`;
    await expectError(
      http('POST', `/api/widget/conversations/${conversation.id}/messages`, {
        token: visitor.token,
        json: { clientId: `c-${rand()}`, body: lateText },
      }),
      403,
      'visitor_blocked',
    );
    const refusedSocket = await TestSocket.refused(`/ws/conversations/${conversation.id}?token=${visitor.token}`);
    expect(refusedSocket.status).toBe(403);

    // Sudo mode: a re-authentication with a wrong password (and the right one's owner's email).
    const email = `planted-sudo-${rand()}@example.test`;
    const user = await signUp({ email });
    const wrongPassword = `Planted-wrong-password-${rand()}`;
    await expectError(
      http('POST', '/api/auth/reauthenticate', { token: user.accessToken, json: { password: wrongPassword } }),
      400,
      'invalid_password',
    );

    // A webhook URL the guard refuses at registration (private address, credentials, a query key)…
    const credential = `planted-hook-cred-${rand()}`;
    const queryKey = `planted-hook-key-${rand()}`;
    const privateUrl = `https://hook-user:${credential}@10.20.30.40:8443/in?key=${queryKey}`;
    const registration = await fetchWith(
      { WEBHOOK_ALLOW_PRIVATE: 'false' },
      new Request(`${BASE}/api/projects/${project.projectId}/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${manager.token}`,
          'cf-connecting-ip': randomIp(),
        },
        body: JSON.stringify({ url: privateUrl }),
      }),
    );
    expect(registration.status).toBe(400);
    // …and at delivery, where a registered name now resolves to the metadata address.
    const hostname = `planted-rebind-${rand()}.example.com`;
    const rebinding = `https://hook-user:${credential}@${hostname}/in?key=${queryKey}`;
    const { projectId, endpointId } = await endpointAt(rebinding);
    const [delivery] = await withDb(({ db }) =>
      db
        .insert(webhookDeliveries)
        .values({ projectId, endpointId, eventId: crypto.randomUUID(), eventType: 'message.created', body: '{}' })
        .returning({ id: webhookDeliveries.id }),
    );
    if (!delivery) throw new Error('delivery insert failed');
    const settings = {
      ...eventSettings(env),
      webhookAllowPrivate: false,
      webhookRetrySchedule: [0, 0, 0],
      resolveHost: async () => ['169.254.169.254'],
    };
    const fetched: string[] = [];
    const neverCalled = (async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      return new Response('ok');
    }) as typeof fetch;
    const queue = { send: async () => {} } as unknown as Queue<QueueMessage>;
    const outcome = await withLogContext({ requestId: 'webhook-attempt-1' }, () =>
      withDb(({ db }) => attemptDelivery({ db, config: config(), settings, queue, fetch: neverCalled }, delivery.id)),
    );
    expect(outcome).toBe('retrying');
    expect(fetched).toEqual([]);
    expect(parsedLines()).toContainEqual(
      expect.objectContaining({ message: 'webhook attempt failed', errorCode: 'refused_address' }),
    );

    expectCleanLines([
      visitor.token,
      visitorText,
      lateText,
      email,
      email.split('@')[0] ?? email,
      wrongPassword,
      user.password,
      user.accessToken,
      manager.token,
      credential,
      queryKey,
      hostname,
      '10.20.30.40',
      '169.254.169.254',
    ]);
  });
});

/** The captured lines as objects (every line is JSON once the logger is in place). */
const parsedLines = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a request id', () => {
  it("follows a WebSocket upgrade into the room: the Worker's line and the room's share Cloudflare's ray id", async () => {
    const { agent, conversationId } = await scenario();
    const ray = `${rand()}${rand()}-TEST`;
    const res = await exports.default.fetch(`${BASE}/ws/conversations/${conversationId}?token=${agent.token}`, {
      headers: { upgrade: 'websocket', 'cf-ray': ray },
    });
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close(1000, 'bye');
    expect(res.headers.get('x-request-id')).toBeNull(); // a 101's headers cannot change
    const mine = parsedLines().filter((l) => l.requestId === ray);
    expect(mine).toContainEqual(
      expect.objectContaining({ message: 'request', route: '/ws/conversations/:conversationId', status: 101 }),
    );
    expect(mine).toContainEqual(
      expect.objectContaining({ message: 'socket opened', conversationId, participant: 'agent' }),
    );
    // Nor the query string: the access token stays out.
    expect(lines.join('\n')).not.toContain(agent.token);
  });

  it('reaches the room when a Manager blocks a visitor: the room’s line carries the block’s ray id', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    const ws = await joinRoom(conversation.id, visitor.token);
    const ray = `${rand()}${rand()}-BLOCK`;
    const blocked = await http('POST', `/api/projects/${project.projectId}/visitors/${visitor.visitor.id}/block`, {
      token: manager.token,
      headers: { 'cf-ray': ray },
    });
    expect(blocked.status).toBe(200);
    await ws.until(() => ws.closed !== null, 3000, 'the socket to close');
    expect(parsedLines()).toContainEqual(
      expect.objectContaining({
        message: 'sockets closed',
        requestId: ray,
        conversationId: conversation.id,
        participant: 'visitor',
        count: 1,
        closeCode: 4403,
      }),
    );
  });

  it('travels with a revocation through the inbox into the rooms: sign-out’s ray id is on both lines', async () => {
    const { project, agent, conversationId } = await scenario();
    const room = await joinRoom(conversationId, agent.token);
    const inbox = await TestSocket.open(`/ws/projects/${project.projectId}/inbox?token=${agent.token}`);
    await inbox.until((f) => f.some((x) => x.type === 'welcome'));
    const ray = `${rand()}${rand()}-LOGOUT`;
    expect((await http('POST', '/api/auth/logout', { token: agent.token, headers: { 'cf-ray': ray } })).status).toBe(
      200,
    );
    await room.until(() => room.closed !== null, 3000, 'the room socket to close');
    await inbox.until(() => inbox.closed !== null, 3000, 'the inbox socket to close');
    const closedLines = parsedLines().filter((l) => l.message === 'sockets closed' && l.userId === agent.userId);
    // One from the inbox (its dashboard socket), one from the room it passed the revocation on to.
    expect(closedLines).toEqual([
      expect.objectContaining({ requestId: ray, projectId: project.projectId, closeCode: 4401 }),
      expect.objectContaining({ requestId: ray, conversationId, closeCode: 4401 }),
    ]);
  });

  it('is answered in x-request-id', async () => {
    const res = await http('GET', '/api/nope', { headers: { 'cf-ray': 'abcdef0123456789-AMS' } });
    expect(res.headers.get('x-request-id')).toBe('abcdef0123456789-AMS');
    expect((await http('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rides on the Queue message the relay publishes, and the consumer's lines carry it", async () => {
    const { projectId } = await tenant();
    const aggregateId = crypto.randomUUID();
    const sent: MessageSendRequest<QueueMessage>[] = [];
    const capture = { sendBatch: async (m: Iterable<MessageSendRequest<QueueMessage>>) => void sent.push(...m) };
    // Written and relayed in one transaction, rolled back: no relay of the isolate's (nudged by the
    // consumer or an earlier test's requests) can see the row, let alone claim it first, and rows
    // this relay claims stay unpublished for the real one.
    const rolledBack = new Error('rolled back');
    await withLogContext({ requestId: 'relay-request-1' }, () =>
      withDb(({ db }) =>
        db.transaction(async (tx) => {
          await writeOutbox(tx, [
            { projectId, type: 'member.added', aggregateType: 'membership', aggregateId, payload: { projectId } },
          ]);
          await relayBatch(tx as unknown as Db, capture as unknown as Queue, 1000);
          throw rolledBack;
        }),
      ).catch((err: unknown) => {
        if (err !== rolledBack) throw err;
      }),
    );
    const mine = sent.find(
      (m) => m.body.kind === 'events' && m.body.events.some((e) => e.aggregateId === aggregateId),
    )?.body;
    if (mine?.kind !== 'events') throw new Error('the relay did not publish the event');
    expect(mine.requestId).toBe('relay-request-1');

    // A failing handler: the consumer's line names the event and the request that published it.
    const event = mine.events.find((e) => e.aggregateId === aggregateId);
    if (!event) throw new Error('unreachable');
    const batch = createMessageBatch<QueueMessage>('parley-events', [
      { id: 'm1', timestamp: new Date(), attempts: 1, body: { kind: 'event', event, requestId: 'relay-request-1' } },
    ]);
    const email = `planted-${rand()}@example.test`;
    const failing = {
      name: `fails-${rand()}`,
      handles: () => true,
      apply: async () => {
        throw new Error(`planted failure ${email}`);
      },
    };
    await withLogContext({ requestId: 'consumer-batch-1' }, () => consumeBatch(batch, env, [failing]));
    expect(parsedLines()).toContainEqual(
      expect.objectContaining({ message: 'event failed', requestId: 'relay-request-1', eventId: event.id }),
    );
    expect(lines.join('\n')).not.toContain(email);
  });
});
