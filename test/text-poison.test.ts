// Text Postgres refuses (NUL, lone surrogates) and search input Postgres chokes on: refused at the
// edge with a typed error, never a 5xx, never `unavailable` (which tells a client to retry
// forever), and never failing the other messages committed in the same group.

import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Message } from '../contract/frames.ts';
import type { SendResult } from '../core/conversations/room-api.ts';
import { conversations, messages } from '../drizzle/schema/index.ts';
import { withDb } from './helpers/db.ts';
import { http, httpJson } from './helpers/http.ts';
import { joinRoom } from './helpers/socket.ts';
import { rand, scenario, visitorOf } from './helpers/tenant.ts';

const NUL = 'nul\u0000byte';
const SURROGATE = 'lone \ud800 half';

async function storedClientIds(conversationId: string): Promise<string[]> {
  const rows = await withDb(({ db }) =>
    db
      .select({ clientId: messages.clientId })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.seq),
  );
  return rows.map((r) => r.clientId ?? '');
}

/** Runs `fn` while another transaction holds the conversation row: the room's commits queue up behind it. */
async function withRowLocked(conversationId: string, fn: () => Promise<void>): Promise<void> {
  await withDb(async ({ client }) => {
    await client.query('begin');
    await client.query('select 1 from conversations where id = $1 for update', [conversationId]);
    try {
      await fn();
    } finally {
      await client.query('commit');
    }
  });
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('text Postgres refuses, on a room socket', () => {
  it('refuses NUL and lone surrogates as invalid_message; messages queued with them still commit', async () => {
    const { agent, visitor, conversationId } = await scenario();
    const visitorWs = await joinRoom(conversationId, visitor.token);
    const agentWs = await joinRoom(conversationId, agent.token);
    await withRowLocked(conversationId, async () => {
      // The first commit waits on the lock; everything after it gathers into the next group.
      visitorWs.send({ type: 'send', clientId: 'first', body: 'first' });
      await settle(100);
      for (let i = 0; i < 3; i++) agentWs.send({ type: 'send', clientId: `agent-${i}`, body: `answer ${i}` });
      visitorWs.send({ type: 'send', clientId: 'nul', body: NUL });
      visitorWs.send({ type: 'send', clientId: 'surrogate', body: SURROGATE });
      visitorWs.send({ type: 'send', clientId: 'after', body: 'after the bad ones' });
      await settle(100);
    });
    await agentWs.until((f) => f.filter((x) => x.type === 'ack' || x.type === 'error').length === 3, 10_000);
    await visitorWs.until((f) => f.filter((x) => x.type === 'ack' || x.type === 'error').length === 4, 10_000);
    expect(agentWs.of('error')).toEqual([]);
    expect(visitorWs.of('error').map((e) => [e.code, e.clientId, e.retryAfterMs])).toEqual([
      ['invalid_message', 'nul', undefined],
      ['invalid_message', 'surrogate', undefined],
    ]);
    expect(visitorWs.of('ack').map((a) => a.clientId)).toEqual(['first', 'after']);
    const stored = (await storedClientIds(conversationId)).slice(1);
    expect(stored.sort()).toEqual(['after', 'agent-0', 'agent-1', 'agent-2', 'first']);
    visitorWs.close();
    agentWs.close();
  });

  it('a row Postgres refuses fails alone, non-retryably; the rest of its group commits in order', async () => {
    const { project, visitor, conversationId } = await scenario();
    const room = env.CONVERSATION_ROOM.getByName(conversationId);
    const ref = { id: conversationId, projectId: project.projectId };
    const who = { kind: 'visitor' as const, id: visitor.visitor.id, name: null };
    // Text is checked before it is queued; an attachment size beyond Postgres's integer is a data
    // error (22003) only Postgres finds: it stands for whatever else a row could carry.
    const tooBig = { key: `k-${rand()}`, name: 'big.png', contentType: 'image/png', size: 3_000_000_000 };
    let sends: Promise<SendResult>[] = [];
    await withRowLocked(conversationId, async () => {
      const first = room.send(ref, who, { clientId: 'g-first', body: 'first' });
      await settle(100);
      sends = [
        first,
        room.send(ref, who, { clientId: 'g-1', body: 'one' }),
        room.send(ref, who, { clientId: 'g-bad', body: 'attached', attachment: tooBig }),
        room.send(ref, who, { clientId: 'g-2', body: 'two' }),
        room.send(ref, who, { clientId: 'g-3', body: 'three' }),
      ];
      await settle(100);
    });
    const results = await Promise.all(sends);
    const [first, one, bad, two, three] = results;
    expect(bad).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(bad && 'retryAfterMs' in bad ? bad.retryAfterMs : undefined).toBeUndefined();
    const seqs = [first, one, two, three].map((r) => (r?.ok ? r.seq : null));
    expect(seqs).toEqual([2, 3, 4, 5]);
    expect(await storedClientIds(conversationId)).toEqual([
      expect.stringMatching(/^open-/),
      'g-first',
      'g-1',
      'g-2',
      'g-3',
    ]);
  });
});

describe('text Postgres refuses, over REST', () => {
  it('answers 400 to a visitor or agent send with NUL or a lone surrogate, and stores nothing', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    for (const body of [NUL, SURROGATE]) {
      const widget = await httpJson<{ error: { code: string } }>(
        'POST',
        `/api/widget/conversations/${conversationId}/messages`,
        { token: visitor.token, json: { clientId: `w-${rand()}`, body } },
      );
      expect([widget.status, widget.body.error.code]).toEqual([400, 'invalid_request']);
      const agents = await httpJson<{ error: { code: string } }>(
        'POST',
        `/api/projects/${project.projectId}/conversations/${conversationId}/messages`,
        { token: agent.token, json: { clientId: `a-${rand()}`, body } },
      );
      expect([agents.status, agents.body.error.code]).toEqual([400, 'invalid_request']);
    }
    expect(await storedClientIds(conversationId)).toHaveLength(1);
  });

  it('opening a conversation with a bad first body is refused and opens nothing', async () => {
    const { project } = await scenario();
    const visitor = await visitorOf(project);
    for (const body of [NUL, SURROGATE]) {
      const res = await http('POST', '/api/widget/conversations', {
        token: visitor.token,
        json: { clientId: `open-${rand()}`, body },
      });
      expect(res.status).toBe(400);
    }
    const opened = await withDb(({ db }) =>
      db.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, visitor.visitor.id)),
    );
    expect(opened).toEqual([]);
  });
});

describe('search input', () => {
  it('never fails, whatever the query, and keeps words, "phrases", -exclusions and or', async () => {
    const { project, agent, conversationId } = await scenario();
    const word = `kiwi${rand()}`;
    for (const [clientId, body] of [
      ['s1', `${word} banana split`],
      ['s2', `${word} cherry pie`],
      ['s3', `cherry ${word} tart`],
    ]) {
      const res = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/messages`, {
        token: agent.token,
        json: { clientId, body },
      });
      expect(res.status).toBe(201);
    }
    const search = async (q: string) => {
      const res = await httpJson<{ results: { message: Message }[] }>(
        'GET',
        `/api/projects/${project.projectId}/conversations/search?q=${encodeURIComponent(q)}`,
        { token: agent.token },
      );
      return {
        status: res.status,
        bodies: res.status === 200 ? res.body.results.map((r) => r.message.body).sort() : [],
      };
    };
    for (const q of [
      '-'.repeat(40),
      '- '.repeat(60),
      '!'.repeat(100),
      '"'.repeat(50),
      '('.repeat(100),
      'a & b | !c <-> d:*',
      'or or or',
      '-"',
      `${word} ${'-x '.repeat(60)}`,
      "'; drop table messages; --",
    ]) {
      expect((await search(q)).status, q).toBe(200);
    }
    expect((await search(`${word} -banana`)).bodies).toEqual([`cherry ${word} tart`, `${word} cherry pie`]);
    expect((await search(`"${word} cherry"`)).bodies).toEqual([`${word} cherry pie`]);
    expect((await search(`${word} banana or tart`)).bodies).toEqual([`cherry ${word} tart`, `${word} banana split`]);
  });
});
