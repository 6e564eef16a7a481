// Agents' REST API over conversations: filters, keyset pagination, messages by seq, status and
// snooze, assignment, sends through the room, full-text search, tenant isolation.

import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, Message } from '../contract/frames.ts';
import { outboxEvents } from '../drizzle/schema/index.ts';
import { sql, withDb } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { isType, joinRoom } from './helpers/socket.ts';
import { memberOf, openConversation, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

type List = { conversations: ConversationSummary[]; nextCursor: string | null };

async function json<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return res.json<T>();
}

async function projectWithConversations(n: number) {
  const project = await tenant();
  const agent = await memberOf(project);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const visitor = await visitorOf(project);
    ids.push((await openConversation(visitor.token, `conversation ${i}`)).conversation.id);
  }
  return { project, agent, ids };
}

/** Every conversation of the project in list order, two a page, following the cursors. */
async function listedPageByPage(projectId: string, token: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page: List = await json(await http('GET', `/api/projects/${projectId}/conversations?limit=2${q}`, { token }));
    expect(page.conversations.length).toBeLessThanOrEqual(2);
    seen.push(...page.conversations.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('listing conversations', () => {
  it('pages newest activity first with a cursor, without gaps or repeats', async () => {
    const { project, agent, ids } = await projectWithConversations(5);
    expect(await listedPageByPage(project.projectId, agent.token)).toEqual([...ids].reverse());
    // Activity moves a conversation to the top.
    const oldest = ids[0] as string;
    await json(
      await http('POST', `/api/projects/${project.projectId}/conversations/${oldest}/messages`, {
        token: agent.token,
        json: { clientId: 'bump', body: 'bump' },
      }),
      201,
    );
    const top: List = await json(
      await http('GET', `/api/projects/${project.projectId}/conversations?limit=1`, { token: agent.token }),
    );
    expect(top.conversations[0]?.id).toBe(oldest);
  });

  it('filters by status, assignee, unassigned and mine; rejects bad filters and cursors', async () => {
    const { project, agent, ids } = await projectWithConversations(3);
    const [a, b, c] = ids as [string, string, string];
    const other = await memberOf(project);
    const base = `/api/projects/${project.projectId}/conversations`;
    await json(await http('POST', `${base}/${a}/assign`, { token: agent.token, json: { assigneeId: agent.userId } }));
    await json(await http('POST', `${base}/${b}/assign`, { token: agent.token, json: { assigneeId: other.userId } }));
    await json(await http('POST', `${base}/${c}/status`, { token: agent.token, json: { status: 'resolved' } }));
    const ids_ = async (q: string) =>
      (await json<List>(await http('GET', `${base}?${q}`, { token: agent.token }))).conversations
        .map((x) => x.id)
        .sort();
    expect(await ids_('mine=true')).toEqual([a]);
    expect(await ids_(`assignee=${other.userId}`)).toEqual([b]);
    expect(await ids_('unassigned=true')).toEqual([c]);
    expect(await ids_('status=resolved')).toEqual([c]);
    expect(await ids_('status=open,pending')).toEqual([a, b].sort());
    expect(await ids_('status=open&unassigned=true')).toEqual([]);
    expect((await http('GET', `${base}?status=closed`, { token: agent.token })).status).toBe(400);
    expect((await http('GET', `${base}?unassigned=true&mine=true`, { token: agent.token })).status).toBe(400);
    const badCursor = await http('GET', `${base}?cursor=abc`, { token: agent.token });
    expect(badCursor.status).toBe(400);
    expect(await badCursor.json()).toMatchObject({ error: { code: 'invalid_cursor' } });
  });
});

describe('one conversation', () => {
  it('reads messages by seq (latest page, then older), private notes for agents only', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const base = `/api/projects/${project.projectId}/conversations/${conversationId}`;
    for (let i = 0; i < 4; i++) {
      await json(
        await http('POST', `${base}/messages`, {
          token: agent.token,
          json: { clientId: `m${i}`, body: `reply ${i}`, private: i === 1 },
        }),
        201,
      );
    }
    const latest = await json<{ conversation: ConversationSummary; messages: Message[]; more: boolean }>(
      await http('GET', `${base}?limit=3`, { token: agent.token }),
    );
    expect(latest.conversation).toMatchObject({ id: conversationId, lastSeq: 5 });
    expect(latest.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(latest.more).toBe(true);
    const older = await json<{ messages: Message[]; more: boolean }>(
      await http('GET', `${base}?limit=3&beforeSeq=3`, { token: agent.token }),
    );
    expect(older.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(older.more).toBe(false);
    expect(older.messages[1]).toMatchObject({
      private: false,
      body: 'reply 0',
      author: { kind: 'agent', name: agent.name },
    });

    const visitorView = await json<{ messages: Message[] }>(
      await http('GET', `/api/widget/conversations/${conversationId}/messages?afterSeq=1`, { token: visitor.token }),
    );
    expect(visitorView.messages.map((m) => m.body)).toEqual(['reply 0', 'reply 2', 'reply 3']);
  });

  it('sends over REST through the room: same seq order, idempotent retry, live delivery', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const ws = await joinRoom(conversationId, visitor.token);
    const send = () =>
      http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/messages`, {
        token: agent.token,
        json: { clientId: 'rest-1', body: 'over REST' },
      });
    const first = await json<{ seq: number; duplicate: boolean }>(await send(), 201);
    const retry = await json<{ seq: number; duplicate: boolean }>(await send(), 200);
    expect(first).toMatchObject({ seq: 2, duplicate: false });
    expect(retry).toMatchObject({ seq: 2, duplicate: true });
    const live = await ws.next(isType('message'));
    expect(live.message).toMatchObject({ seq: 2, body: 'over REST', clientId: 'rest-1' });
    const bad = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/messages`, {
      token: agent.token,
      json: { clientId: '', body: 'x' },
    });
    expect(bad.status).toBe(400);
    ws.close();
  });

  describe('its status, over a life: resolved, reopened, snoozed, woken', () => {
    // The steps share one conversation and run in order; each starts where the one before left it.
    let fixture: Awaited<ReturnType<typeof scenario>>;
    let base = '';
    beforeAll(async () => {
      fixture = await scenario();
      base = `/api/projects/${fixture.project.projectId}/conversations/${fixture.conversationId}`;
    });
    const setStatus = (json: unknown) => http('POST', `${base}/status`, { token: fixture.agent.token, json });
    const read = async () =>
      (await json<{ conversation: ConversationSummary }>(await http('GET', base, { token: fixture.agent.token })))
        .conversation;

    it('an agent resolves it', async () => {
      const resolved = await json<{ conversation: ConversationSummary }>(await setStatus({ status: 'resolved' }));
      expect(resolved.conversation.status).toBe('resolved');
    });

    it('a visitor message reopens it', async () => {
      await json(
        await http('POST', `/api/widget/conversations/${fixture.conversationId}/messages`, {
          token: fixture.visitor.token,
          json: { clientId: 'reopen', body: 'one more thing' },
        }),
        201,
      );
      expect((await read()).status).toBe('open');
    });

    it('snoozing needs a snoozedUntil, in the future (400 otherwise)', async () => {
      expect((await setStatus({ status: 'snoozed' })).status).toBe(400);
      const past = new Date(Date.now() - 1000).toISOString();
      expect((await setStatus({ status: 'snoozed', snoozedUntil: past })).status).toBe(400);
    });

    it('a snoozed conversation wakes, open again, on its alarm', async () => {
      const until = new Date(Date.now() + 300).toISOString();
      const snoozed = await json<{ conversation: ConversationSummary }>(
        await setStatus({ status: 'snoozed', snoozedUntil: until }),
      );
      expect(snoozed.conversation).toMatchObject({ status: 'snoozed', snoozedUntil: until });
      await new Promise((r) => setTimeout(r, 350));
      await runDurableObjectAlarm(env.CONVERSATION_ROOM.getByName(fixture.conversationId));
      expect(await read()).toMatchObject({ status: 'open', snoozedUntil: null });
    });

    it('every change wrote a conversation.status_changed outbox event, in order', async () => {
      const events = await withDb(({ db }) =>
        db
          .select({ payload: outboxEvents.payload })
          .from(outboxEvents)
          .where(
            and(
              eq(outboxEvents.aggregateId, fixture.conversationId),
              eq(outboxEvents.type, 'conversation.status_changed'),
            ),
          )
          .orderBy(outboxEvents.position),
      );
      expect(events.map((e) => (e.payload as { to: string }).to)).toEqual(['resolved', 'open', 'snoozed', 'open']);
    });
  });

  it('assigns only members of the project', async () => {
    const { project, agent, conversationId } = await scenario();
    const outsider = await memberOf(await tenant());
    const res = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/assign`, {
      token: agent.token,
      json: { assigneeId: outsider.userId },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_assignee' } });
  });

  it('keeps tenants apart: another project’s conversation is 404 under either project', async () => {
    const a = await scenario();
    const b = await scenario();
    expect(
      (await http('GET', `/api/projects/${a.project.projectId}/conversations`, { token: b.agent.token })).status,
    ).toBe(404);
    const crossed = await http('GET', `/api/projects/${b.project.projectId}/conversations/${a.conversationId}`, {
      token: b.agent.token,
    });
    expect(crossed.status).toBe(404);
    const post = await http('POST', `/api/projects/${b.project.projectId}/conversations/${a.conversationId}/messages`, {
      token: b.agent.token,
      json: { clientId: 'x', body: 'x' },
    });
    expect(post.status).toBe(404);
  });
});

describe('search', () => {
  it('finds a project’s messages by words, never another project’s', async () => {
    const word = `zebra${rand()}`;
    const a = await scenario();
    const b = await scenario();
    for (const [s, body] of [
      [a, `the ${word} is missing`],
      [b, `another ${word} elsewhere`],
    ] as const) {
      await json(
        await http('POST', `/api/projects/${s.project.projectId}/conversations/${s.conversationId}/messages`, {
          token: s.agent.token,
          json: { clientId: 'w', body, private: true },
        }),
        201,
      );
    }
    const found = await json<{ results: { conversationId: string; message: Message }[] }>(
      await http('GET', `/api/projects/${a.project.projectId}/conversations/search?q=${word}`, {
        token: a.agent.token,
      }),
    );
    expect(found.results.map((r) => [r.conversationId, r.message.body])).toEqual([
      [a.conversationId, `the ${word} is missing`],
    ]);
    expect(
      (await http('GET', `/api/projects/${a.project.projectId}/conversations/search?q=`, { token: a.agent.token }))
        .status,
    ).toBe(400);
  });
});

describe('keyset cursors keep Postgres’s microseconds', () => {
  // Timestamps written by Postgres (now(), one transaction's rows) share a millisecond, or the very
  // same microsecond. A cursor that kept milliseconds only skipped every row of the page's last
  // timestamp after the page's last row.
  const SAME = '2026-01-02 03:04:05.123456+00';

  it('lists conversations sharing one activity time without gaps or repeats', async () => {
    const { project, agent, ids } = await projectWithConversations(5);
    await sql('update conversations set last_activity_at = $1 where id = any($2::uuid[])', [SAME, ids]);
    expect(await listedPageByPage(project.projectId, agent.token)).toEqual([...ids].sort().reverse());
  });

  it('pages search results sharing one time without gaps or repeats', async () => {
    const word = `okapi${rand()}`;
    const s = await scenario();
    for (let i = 0; i < 5; i++) {
      await json(
        await http('POST', `/api/projects/${s.project.projectId}/conversations/${s.conversationId}/messages`, {
          token: s.agent.token,
          json: { clientId: `k${i}`, body: `${word} ${i}`, private: true },
        }),
        201,
      );
    }
    // One message a microsecond earlier: after the tied ones, but within their millisecond.
    const rows = await sql<{ id: string }>(
      `update messages set created_at = $1 where conversation_id = $2 and body like $3 returning id`,
      [SAME, s.conversationId, `${word} %`],
    );
    const earlier = rows[0]?.id;
    await sql(`update messages set created_at = $1::timestamptz - interval '1 microsecond' where id = $2`, [
      SAME,
      earlier,
    ]);
    const tied = rows.map((r) => r.id).filter((id) => id !== earlier);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page: { results: { message: Message }[]; nextCursor: string | null } = await json(
        await http('GET', `/api/projects/${s.project.projectId}/conversations/search?q=${word}&limit=2${q}`, {
          token: s.agent.token,
        }),
      );
      seen.push(...page.results.map((r) => r.message.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...tied.sort().reverse(), earlier]);
  });
});
