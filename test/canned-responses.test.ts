// Canned responses: every member reads them, only Managers change them, shortcuts are unique per
// project, bad input changes nothing, and another project's responses are invisible (404).
import { describe, expect, it } from 'vitest';
import { signUp, signUpMember } from './helpers/accounts.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';

interface Canned {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

const path = (projectId: string) => `/api/projects/${projectId}/canned-responses`;

async function create(token: string, projectId: string, body: Record<string, unknown>) {
  return httpJson<{ cannedResponse: Canned }>('POST', path(projectId), { token, json: body });
}

async function list(token: string, projectId: string) {
  const res = await httpJson<{ cannedResponses: Canned[] }>('GET', path(projectId), { token });
  expect(res.status).toBe(200);
  return res.body.cannedResponses;
}

describe('canned responses', () => {
  it('a Manager creates them and every member, Agents included, reads them by shortcut', async () => {
    const owner = await signUp();
    const agent = await signUpMember(owner, 'agent');
    const refund = await create(owner.accessToken, owner.projectId, {
      shortcut: 'refund',
      title: 'Refund policy',
      body: 'Hi {{visitor.first_name}}, refunds are possible within 30 days.',
    });
    expect(refund.status).toBe(201);
    expect(refund.body.cannedResponse).toMatchObject({ shortcut: 'refund', title: 'Refund policy' });
    await create(owner.accessToken, owner.projectId, { shortcut: 'hello', title: 'Hello', body: 'Hello!' });

    const seen = await list(agent.accessToken, owner.projectId);
    expect(seen.map((r) => r.shortcut)).toEqual(['hello', 'refund']);
    expect(seen[1]?.body).toContain('{{visitor.first_name}}');
  });

  it('an Agent cannot create, change or delete one (403), and nothing changes', async () => {
    const owner = await signUp();
    const agent = await signUpMember(owner, 'agent');
    const { body } = await create(owner.accessToken, owner.projectId, { shortcut: 'hi', title: 'Hi', body: 'Hi!' });
    const id = body.cannedResponse.id;
    await expectError(
      http('POST', path(owner.projectId), { token: agent.accessToken, json: { shortcut: 'x', title: 'X', body: 'X' } }),
      403,
      'manager_only',
    );
    await expectError(
      http('PATCH', `${path(owner.projectId)}/${id}`, { token: agent.accessToken, json: { body: 'Hacked' } }),
      403,
      'manager_only',
    );
    await expectError(
      http('DELETE', `${path(owner.projectId)}/${id}`, { token: agent.accessToken }),
      403,
      'manager_only',
    );
    const after = await list(owner.accessToken, owner.projectId);
    expect(after).toHaveLength(1);
    expect(after[0]?.body).toBe('Hi!');
  });

  it('a shortcut is unique per project (409) but may repeat across projects', async () => {
    const owner = await signUp();
    const other = await signUp();
    await create(owner.accessToken, owner.projectId, { shortcut: 'thanks', title: 'Thanks', body: 'Thank you!' });
    const dup = await http('POST', path(owner.projectId), {
      token: owner.accessToken,
      json: { shortcut: 'thanks', title: 'Another', body: 'Again' },
    });
    await expectError(dup, 409, 'shortcut_taken');
    expect(await list(owner.accessToken, owner.projectId)).toHaveLength(1);
    expect(
      (await create(other.accessToken, other.projectId, { shortcut: 'thanks', title: 'T', body: 'B' })).status,
    ).toBe(201);
  });

  it('bad input is a 400 naming the field, and stores nothing', async () => {
    const owner = await signUp();
    const bad: Record<string, unknown>[] = [
      { shortcut: 'Refund', title: 'T', body: 'B' },
      { shortcut: 'two words', title: 'T', body: 'B' },
      { shortcut: '-dash', title: 'T', body: 'B' },
      { shortcut: 'a'.repeat(33), title: 'T', body: 'B' },
      { shortcut: 'ok', title: '   ', body: 'B' },
      { shortcut: 'ok', title: 'T', body: 'x'.repeat(4001) },
      { shortcut: 'ok', title: 'T' },
      { shortcut: 'ok', title: 'T', body: 'B', projectId: owner.projectId },
    ];
    for (const body of bad) {
      const res = await http('POST', path(owner.projectId), { token: owner.accessToken, json: body });
      await expectError(res, 400, 'invalid_request');
    }
    await expectError(
      http('POST', path(owner.projectId), {
        token: owner.accessToken,
        body: '{nope',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expect(await list(owner.accessToken, owner.projectId)).toEqual([]);
  });

  it('a Manager edits one (shortcut clash → 409, unchanged) and deletes it (then 404)', async () => {
    const owner = await signUp();
    const a = (await create(owner.accessToken, owner.projectId, { shortcut: 'a', title: 'A', body: 'Alpha' })).body
      .cannedResponse;
    await create(owner.accessToken, owner.projectId, { shortcut: 'b', title: 'B', body: 'Beta' });
    const item = `${path(owner.projectId)}/${a.id}`;

    await expectError(
      http('PATCH', item, { token: owner.accessToken, json: { shortcut: 'b' } }),
      409,
      'shortcut_taken',
    );
    await expectError(http('PATCH', item, { token: owner.accessToken, json: {} }), 400, 'invalid_request');
    const edited = await httpJson<{ cannedResponse: Canned }>('PATCH', item, {
      token: owner.accessToken,
      json: { shortcut: 'alpha', body: 'Alpha, edited' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.cannedResponse).toMatchObject({ shortcut: 'alpha', title: 'A', body: 'Alpha, edited' });
    expect(Date.parse(edited.body.cannedResponse.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.updatedAt));

    expect((await httpJson('DELETE', item, { token: owner.accessToken })).status).toBe(200);
    await expectError(http('DELETE', item, { token: owner.accessToken }), 404, 'not_found');
    expect((await list(owner.accessToken, owner.projectId)).map((r) => r.shortcut)).toEqual(['b']);
  });

  it("another project's responses are a 404, even through one's own project", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const secret = (await create(owner.accessToken, owner.projectId, { shortcut: 's', title: 'S', body: 'Secret' }))
      .body.cannedResponse;
    await expectError(http('GET', path(owner.projectId), { token: stranger.accessToken }), 404, 'not_found');
    // The stranger's own project does not reach the owner's row either.
    const through = `${path(stranger.projectId)}/${secret.id}`;
    await expectError(http('PATCH', through, { token: stranger.accessToken, json: { body: 'x' } }), 404, 'not_found');
    await expectError(http('DELETE', through, { token: stranger.accessToken }), 404, 'not_found');
    const rows = await sql<{ body: string }>('select body from canned_responses where id = $1', [secret.id]);
    expect(rows).toEqual([{ body: 'Secret' }]);
  });

  it('needs a signed-in member (401 without a token)', async () => {
    const owner = await signUp();
    await expectError(http('GET', path(owner.projectId)), 401);
  });
});
