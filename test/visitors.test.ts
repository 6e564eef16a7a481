// The visitor panel's data: the browser and page a widget session starts from, precise pages the
// widget reports as the visitor navigates, earlier conversations — for members of the visitor's
// project only (404 otherwise), and bad reports change nothing.
import { describe, expect, it } from 'vitest';
import { http } from './helpers/http.ts';
import { memberOf, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface VisitorView {
  visitor: {
    id: string;
    currentUrl: string | null;
    pageTitle: string | null;
    userAgent: string | null;
    locale: string | null;
    timezone: string | null;
    referrer: string | null;
  };
  conversations: { id: string }[];
}

async function view(projectId: string, visitorId: string, token: string) {
  const res = await http('GET', `/api/projects/${projectId}/visitors/${visitorId}`, { token });
  return { status: res.status, body: (await res.json()) as VisitorView & { error?: { code: string } } };
}

describe('visitor panel', () => {
  it('knows the browser and page a widget session started from, and the earlier conversations', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const s = await visitorOf(
      project,
      {},
      {
        'user-agent': CHROME,
        referer: 'https://shop.example.com/pricing?plan=pro',
        origin: 'https://shop.example.com',
      },
    );
    const first = await openConversation(s.token, 'First question');
    const second = await openConversation(s.token, 'Second question');
    const { status, body } = await view(project.projectId, s.visitor.id, agent.token);
    expect(status).toBe(200);
    expect(body.visitor).toMatchObject({
      id: s.visitor.id,
      userAgent: CHROME,
      currentUrl: 'https://shop.example.com/pricing?plan=pro',
    });
    expect(body.conversations.map((c) => c.id)).toEqual([second.conversation.id, first.conversation.id]);
  });

  it('takes the precise page the widget reports; a later origin-only Referer does not erase it', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const s = await visitorOf(project, {}, { 'user-agent': CHROME, origin: 'https://shop.example.com' });
    const report = await http('POST', '/api/widget/context', {
      token: s.token,
      headers: { 'user-agent': CHROME },
      json: {
        url: 'https://shop.example.com/checkout',
        title: 'Checkout — Shop',
        referrer: 'https://www.google.com/',
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
      },
    });
    expect(report.status).toBe(200);
    // The visitor comes back; cross-origin, the browser only sends the origin.
    await visitorOf(project, { visitorToken: s.token }, { 'user-agent': CHROME, origin: 'https://shop.example.com' });
    const { body } = await view(project.projectId, s.visitor.id, agent.token);
    expect(body.visitor).toMatchObject({
      currentUrl: 'https://shop.example.com/checkout',
      pageTitle: 'Checkout — Shop',
      referrer: 'https://www.google.com/',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
    });
  });

  it('refuses bad reports with 400 and keeps what it had', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const s = await visitorOf(project, {}, { referer: 'https://shop.example.com/a' });
    const bad = [
      { url: 'javascript:alert(1)' },
      { url: 'https://x.test/'.padEnd(3000, 'a') },
      { title: 'x'.repeat(301) },
      { unknown: true },
    ];
    for (const json of bad) {
      const res = await http('POST', '/api/widget/context', { token: s.token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const noToken = await http('POST', '/api/widget/context', { json: { url: 'https://x.test/' } });
    expect(noToken.status).toBe(401);
    const { body } = await view(project.projectId, s.visitor.id, agent.token);
    expect(body.visitor.currentUrl).toBe('https://shop.example.com/a');
  });

  it("another project's visitor is a 404, as is a malformed id", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const agent = await memberOf(mine);
    const outsider = await memberOf(theirs);
    const s = await visitorOf(mine);
    expect((await view(mine.projectId, s.visitor.id, agent.token)).status).toBe(200);
    const through = await view(theirs.projectId, s.visitor.id, outsider.token);
    expect(through).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await view(mine.projectId, s.visitor.id, outsider.token)).status).toBe(404);
    expect((await view(mine.projectId, 'not-a-uuid', agent.token)).status).toBe(404);
    expect((await http('GET', `/api/projects/${mine.projectId}/visitors/${s.visitor.id}`)).status).toBe(401);
  });
});
