// A visitor's several conversations (GET/POST /api/widget/conversations): a new one opens while an
// earlier one exists (open or resolved), the list is the visitor's own only, newest activity first
// in keyset pages, bad input is a typed 400, and another visitor's or another project's
// conversation is a 404.
import { describe, expect, it } from 'vitest';
import type { ConversationListResponse } from '../contract/rest/widget.ts';
import { http } from './helpers/http.ts';
import { memberOf, openConversation, rand, tenant, visitorOf } from './helpers/tenant.ts';

const list = async (token: string, query = '') => {
  const res = await http('GET', `/api/widget/conversations${query}`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<ConversationListResponse>();
};

describe("a visitor's conversations", () => {
  it('opens a new conversation while an earlier one is open, and again once it is resolved', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const visitor = await visitorOf(project);
    const first = await openConversation(visitor.token, 'first question');
    const second = await openConversation(visitor.token, 'second question');
    expect(second.conversation.id).not.toBe(first.conversation.id);

    const resolved = await http(
      'POST',
      `/api/projects/${project.projectId}/conversations/${first.conversation.id}/status`,
      {
        token: agent.token,
        json: { status: 'resolved' },
      },
    );
    expect(resolved.status).toBe(200);
    const third = await openConversation(visitor.token, 'third question');

    const page = await list(visitor.token);
    expect(page.nextCursor).toBeNull();
    expect(page.conversations.map((c) => c.id).sort()).toEqual(
      [first, second, third].map((o) => o.conversation.id).sort(),
    );
    expect(page.conversations.find((c) => c.id === first.conversation.id)?.status).toBe('resolved');
    // The agent sees all three, from the same visitor.
    const agentList = await http('GET', `/api/projects/${project.projectId}/conversations?status=open,resolved`, {
      token: agent.token,
    });
    const theirs = (await agentList.json<ConversationListResponse>()).conversations;
    expect(theirs.filter((c) => c.visitor.id === visitor.visitor.id)).toHaveLength(3);
  });

  it('pages newest activity first with a keyset cursor, each conversation once', async () => {
    const project = await tenant();
    const visitor = await visitorOf(project);
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push((await openConversation(visitor.token, `q${i}`)).conversation.id);

    const seen: ConversationListResponse['conversations'] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page: ConversationListResponse = await list(
        visitor.token,
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      sizes.push(page.conversations.length);
      seen.push(...page.conversations);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.map((c) => c.id).sort()).toEqual([...opened].sort());
    const times = seen.map((c) => c.lastActivityAt);
    expect(times).toEqual([...times].sort().reverse());
    // What a list row shows.
    expect(seen[0]).toMatchObject({ status: 'open', lastSeq: 1, visitor: { id: visitor.visitor.id } });
  });

  it('answers bad input with a typed 400', async () => {
    const visitor = await visitorOf(await tenant());
    for (const query of [
      '?limit=0',
      '?limit=51',
      '?limit=many',
      '?cursor=not-a-cursor',
      `?cursor=${'x'.repeat(600)}`,
    ]) {
      const res = await http('GET', `/api/widget/conversations${query}`, { token: visitor.token });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(await res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const noToken = await http('GET', '/api/widget/conversations');
    expect(noToken.status).toBe(401);
    const badOpen = await http('POST', '/api/widget/conversations', { token: visitor.token, json: { body: 'no id' } });
    expect(badOpen.status).toBe(400);
  });

  it("never lists or opens another visitor's conversation, nor another project's", async () => {
    const project = await tenant();
    const alice = await visitorOf(project);
    const bob = await visitorOf(project);
    const other = await visitorOf(await tenant());
    const { conversation } = await openConversation(alice.token, `secret ${rand()}`);
    await openConversation(other.token, 'elsewhere');

    expect((await list(bob.token)).conversations).toEqual([]);
    const others = (await list(other.token)).conversations;
    expect(others).toHaveLength(1);
    expect(others[0]?.id).not.toBe(conversation.id);
    // A cursor made from Alice's page does not widen Bob's list.
    const alicePage = await list(alice.token, '?limit=1');
    expect(alicePage.conversations.map((c) => c.id)).toEqual([conversation.id]);
    const cursor = Buffer.from(
      JSON.stringify({ t: new Date(Date.now() + 60_000).toISOString(), id: conversation.id }),
    ).toString('base64url');
    expect((await list(bob.token, `?cursor=${cursor}`)).conversations).toEqual([]);

    for (const token of [bob.token, other.token]) {
      for (const [method, path, json] of [
        ['GET', `/api/widget/conversations/${conversation.id}`, undefined],
        ['GET', `/api/widget/conversations/${conversation.id}/messages`, undefined],
        ['POST', `/api/widget/conversations/${conversation.id}/messages`, { clientId: `m-${rand()}`, body: 'hi' }],
        ['POST', `/api/widget/conversations/${conversation.id}/read`, { seq: 1 }],
      ] as const) {
        const res = await http(method, path, { token, ...(json ? { json } : {}) });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
    }
    // Alice herself still opens it.
    const mine = await http('GET', `/api/widget/conversations/${conversation.id}`, { token: alice.token });
    expect(mine.status).toBe(200);
  });
});
