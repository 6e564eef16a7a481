// `npm run bench:data` in miniature, so a broken harness fails here and not on the lead's quiet
// machine: the same seed (1,000 conversations, bulk mode off: this database is shared) and every
// route the bench would measure, through the Worker, answering 200. And search's two paths (the
// newest messages first, then the GIN index for rare terms) page to exactly what SQL says.
import { beforeAll, describe, expect, it } from 'vitest';
import { dataParams, expectedMessages } from '../bench/data/params.ts';
import { plan } from '../bench/data/routes.ts';
import { orderNumber, type Seeded, seedProject, UNCOMMON_WORD } from '../bench/data/seed.ts';
import { signAccessToken } from '../worker/auth/access-token.ts';
import { SEARCH_RECENT_WINDOW } from '../worker/conversations/queries.ts';
import { config, sql, withDb } from './helpers/db.ts';
import { http } from './helpers/http.ts';

const params = dataParams(1000);
let seeded: Seeded;
let token: string;

async function get<T>(path: string): Promise<T> {
  const res = await http('GET', path, { token });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json<T>();
}

beforeAll(async () => {
  seeded = await withDb(({ client }) =>
    seedProject(async (text, values) => (await client.query(text, values)).rows, params, { bulk: false }),
  );
  token = await signAccessToken(config().AUTH_JWT_KEYS, {
    userId: seeded.managerId,
    sessionId: seeded.managerSessionId,
  });
}, 60_000);

describe('the data-scale bench (tiny)', () => {
  it('seeds the sizes its parameters say', () => {
    expect(seeded.counts).toMatchObject({
      memberships: params.agents,
      visitors: params.conversations,
      conversations: params.conversations,
      messages: expectedMessages(params),
    });
    expect(seeded.counts.messages).toBeGreaterThan(SEARCH_RECENT_WINDOW);
  });

  it('answers 200 on every route it measures, with data behind it', async () => {
    const doc = await get<Parameters<typeof plan>[1]>('/api/openapi.json');
    const { measured } = plan(seeded, doc);
    expect(measured.length).toBeGreaterThanOrEqual(13);
    for (const m of measured) {
      let path = m.path(1);
      for (let page = 0; page < (m.pageDepth ?? 0); page++) {
        const body = await get<{ nextCursor: string | null }>(path);
        if (!body.nextCursor) break;
        path = `${m.path(1)}&cursor=${body.nextCursor}`;
      }
      const body = await get<{
        conversations?: unknown[];
        results?: unknown[];
        messages?: unknown[];
        contacts?: unknown[];
        totals?: { opened: number };
      }>(path);
      // A report: the seeded conversations opened in its range (its rollups came from the recount).
      if (body.totals) {
        expect(body.totals.opened, m.name).toBeGreaterThan(0);
        continue;
      }
      const items = body.conversations ?? body.results ?? body.messages ?? body.contacts ?? [];
      // At this size a rare filter (snoozed: a few of the newest 3 %) may match nothing.
      if (!m.name.includes('(rare)')) expect(items.length, m.name).toBeGreaterThan(0);
    }
  });

  it("finds an order number's one conversation (the GIN path)", async () => {
    const target = seeded.sample[0];
    if (!target) throw new Error('no sample');
    const base = `/api/projects/${seeded.projectId}/conversations`;
    const found = await get<{ results: { conversationId: string }[] }>(`${base}/search?q=${orderNumber(target.i)}`);
    expect(found.results.map((r) => r.conversationId)).toEqual([target.id]);
  });

  it('pages a search through both of its paths to exactly the matches, newest first', async () => {
    const base = `/api/projects/${seeded.projectId}/conversations`;
    const expected = (
      await sql<{ id: string }>(
        `select id from messages where project_id = $1 and to_tsvector('simple', body) @@ to_tsquery('simple', $2)
         order by created_at desc, id desc`,
        [seeded.projectId, UNCOMMON_WORD],
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(100);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { results: { message: { id: string } }[]; nextCursor: string | null } = await get(
        `${base}/search?q=${UNCOMMON_WORD}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.results.map((r) => r.message.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
