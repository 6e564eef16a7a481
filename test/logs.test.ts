// Invariant 10, nothing personal in logs: a sign-up, a duplicate and a failing insert, messages sent by a
// visitor and an agent (through the room, the outbox and the events consumer), and Upstash failures
// run through the Worker while every console line is captured. Each line must be one JSON object with
// a level, a message and a request id, and none may carry a planted email, password, token, message
// text, Upstash credential, Redis command or SQL parameter.
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueMessage } from '../contract/events.ts';
import { writeOutbox } from '../core/events/outbox.ts';
import { relayBatch } from '../core/events/relay.ts';
import { withLogContext } from '../core/platform/log.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import worker from '../worker/index.ts';
import { signUp } from './helpers/accounts.ts';
import { sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { BASE, http, randomIp } from './helpers/http.ts';
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

    // Upstash refusing the token (an UpstashError naming the command and its keys), then unreachable.
    const upstashToken = `planted-upstash-token-${rand()}`;
    const login = new Request(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': randomIp() },
      body: JSON.stringify({ email, password }),
    });
    const refused = await fetchWith({ UPSTASH_REDIS_REST_TOKEN: upstashToken }, login.clone());
    expect(refused.status).toBe(503);
    const unreachable = await fetchWith({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' }, login.clone());
    expect(unreachable.status).toBe(503);
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

  it('is answered in x-request-id', async () => {
    const res = await http('GET', '/api/nope', { headers: { 'cf-ray': 'abcdef0123456789-AMS' } });
    expect(res.headers.get('x-request-id')).toBe('abcdef0123456789-AMS');
    expect((await http('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rides on the Queue message the relay publishes, and the consumer's lines carry it", async () => {
    const { projectId } = await tenant();
    const aggregateId = crypto.randomUUID();
    await withDb(({ db }) =>
      writeOutbox(db, [
        { projectId, type: 'member.added', aggregateType: 'membership', aggregateId, payload: { projectId } },
      ]),
    );
    const sent: MessageSendRequest<QueueMessage>[] = [];
    const capture = { sendBatch: async (m: Iterable<MessageSendRequest<QueueMessage>>) => void sent.push(...m) };
    await withLogContext({ requestId: 'relay-request-1' }, () =>
      withDb(({ db }) => relayBatch(db, capture as unknown as Queue, 1000)),
    );
    const mine = sent.find((m) => m.body.kind === 'event' && m.body.event.aggregateId === aggregateId)?.body;
    if (mine?.kind !== 'event') throw new Error('the relay did not publish the event');
    expect(mine.requestId).toBe('relay-request-1');

    // A failing handler: the consumer's line names the event and the request that published it.
    const { event } = mine;
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
