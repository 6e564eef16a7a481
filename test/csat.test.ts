// CSAT (docs/WIDGET.md "Rating", docs/EMAIL.md "Rating links"): one rating per resolution, given
// through the room (the widget's `rate` frame) or a signed link of the follow-up email; a second
// submit changes it (the same row) for 24 hours, then `rating_closed`; a new resolution is a new
// row; each rating is a `conversation.rated` outbox event; agents hear it live; the Manager's off
// switch (audited) stops the ask, the links and the room; bad input and other tenants change nothing.
import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql as q } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../contract/events.ts';
import { eventPayloads } from '../contract/events.ts';
import type { NotificationKey } from '../contract/notifications.ts';
import { createRedis } from '../core/platform/redis.ts';
import { signPath } from '../core/platform/signed-url.ts';
import { consumeBatch } from '../worker/events/consumer.ts';
import { readMailSink } from '../worker/lib/mail.ts';
import { RATING_PURPOSE, ratingPath } from '../worker/notifications/links.ts';
import { config, sql, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { http, httpJson } from './helpers/http.ts';
import { isType, joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, rand, scenario, tenant, visitorOf } from './helpers/tenant.ts';

type Scenario = Awaited<ReturnType<typeof scenario>>;

const setStatus = async (s: Scenario, status: 'resolved' | 'open') => {
  const res = await http('POST', `/api/projects/${s.project.projectId}/conversations/${s.conversationId}/status`, {
    token: s.agent.token,
    json: { status },
  });
  expect(res.status, await res.clone().text()).toBe(200);
};

const ratingsOf = (conversationId: string) =>
  sql<{ id: string; rating: number; comment: string | null; resolved_at: Date; project_id: string }>(
    'select id, rating, comment, resolved_at, project_id from conversation_ratings where conversation_id = $1 order by resolved_at',
    [conversationId],
  );

const ratedEvents = (conversationId: string) =>
  sql<{ payload: Record<string, unknown>; project_id: string }>(
    `select payload, project_id from outbox_events where aggregate_id = $1 and type = 'conversation.rated' order by created_at, id`,
    [conversationId],
  );

const resolvedAtOf = async (conversationId: string): Promise<Date> => {
  const [row] = await sql<{ resolved_at: Date | null }>('select resolved_at from conversations where id = $1', [
    conversationId,
  ]);
  if (!row?.resolved_at) throw new Error('not resolved');
  return new Date(row.resolved_at);
};

/** The visitor's socket on the conversation; `rate` sends and waits for the answer (a rating or an error). */
async function visitorRoom(s: Scenario) {
  const ws = await joinRoom(s.conversationId, s.visitor.token);
  const rate = async (frame: Record<string, unknown>) => {
    const from = ws.frames.length;
    ws.send({ type: 'rate', ...frame });
    return ws.next((f): f is typeof f => f.type === 'rating' || f.type === 'error', from);
  };
  return { ws, rate };
}

const setCsat = async (projectId: string, token: string, csat: boolean) => {
  const res = await httpJson('PATCH', `/api/projects/${projectId}/settings`, {
    token,
    json: { widgetSettings: { csat } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('CSAT: one rating per resolution', () => {
  it('records a rating, changes it on a second submit, tells the agent live and emits conversation.rated each time', async () => {
    const s = await scenario();
    const agent = await joinRoom(s.conversationId, s.agent.token);
    await setStatus(s, 'resolved');
    const resolvedAt = await resolvedAtOf(s.conversationId);
    const { ws, rate } = await visitorRoom(s);

    const first = await rate({ rating: 4, comment: '  Quick and kind  ' });
    expect(first).toMatchObject({
      type: 'rating',
      rating: {
        conversationId: s.conversationId,
        rating: 4,
        comment: 'Quick and kind',
        resolvedAt: resolvedAt.toISOString(),
      },
    });
    // The agent's socket hears it at once.
    const live = await agent.next(isType('rating'));
    expect(live.rating.rating).toBe(4);

    // A double submit is an update of the same row, not a second one.
    const second = await rate({ rating: 2 });
    expect(second).toMatchObject({ type: 'rating', rating: { rating: 2, comment: 'Quick and kind' } });
    const rows = await ratingsOf(s.conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: 2, comment: 'Quick and kind', project_id: s.project.projectId });

    const events = await ratedEvents(s.conversationId);
    expect(events).toHaveLength(2);
    const [e1, e2] = events.map((e) => eventPayloads['conversation.rated'].parse(e.payload));
    expect(e1).toMatchObject({
      conversationId: s.conversationId,
      projectId: s.project.projectId,
      resolvedAt: resolvedAt.toISOString(),
      rating: 4,
      previousRating: null,
      comment: 'Quick and kind',
    });
    expect(e2).toMatchObject({ rating: 2, previousRating: 4 });
    expect(events.every((e) => e.project_id === s.project.projectId)).toBe(true);

    // A socket opened later gets the rating after its welcome.
    const late = await joinRoom(s.conversationId, s.agent.token);
    expect((await late.next(isType('rating'))).rating.rating).toBe(2);
    for (const socket of [ws, agent, late]) socket.close();
  });

  it('rates a new resolution as a new row once the conversation is reopened and resolved again', async () => {
    const s = await scenario();
    await setStatus(s, 'resolved');
    const { ws, rate } = await visitorRoom(s);
    expect((await rate({ rating: 5 })).type).toBe('rating');
    await setStatus(s, 'open');
    // Open again: nothing to rate.
    expect(await rate({ rating: 3 })).toMatchObject({ type: 'error', code: 'not_resolved' });
    await setStatus(s, 'resolved');
    expect(await rate({ rating: 3 })).toMatchObject({ type: 'rating', rating: { rating: 3 } });
    const rows = await ratingsOf(s.conversationId);
    expect(rows.map((r) => r.rating)).toEqual([5, 3]);
    expect(new Date(rows[0]?.resolved_at ?? 0).getTime()).toBeLessThan(new Date(rows[1]?.resolved_at ?? 0).getTime());
    ws.close();
  });

  it('lets a rating be changed for 24 hours, then refuses with rating_closed and keeps it', async () => {
    const s = await scenario();
    await setStatus(s, 'resolved');
    const { ws, rate } = await visitorRoom(s);
    expect((await rate({ rating: 1, comment: 'slow' })).type).toBe('rating');
    // 23 h later it may still change…
    await sql(`update conversation_ratings set created_at = now() - interval '23 hours' where conversation_id = $1`, [
      s.conversationId,
    ]);
    expect(await rate({ rating: 2 })).toMatchObject({ type: 'rating', rating: { rating: 2 } });
    // …25 h after it was first given it may not.
    await sql(`update conversation_ratings set created_at = now() - interval '25 hours' where conversation_id = $1`, [
      s.conversationId,
    ]);
    expect(await rate({ rating: 5, comment: 'great' })).toMatchObject({ type: 'error', code: 'rating_closed' });
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 2, comment: 'slow' }]);
    expect(await ratedEvents(s.conversationId)).toHaveLength(2);
    ws.close();
  });

  it('refuses bad input with a typed error and changes nothing', async () => {
    const s = await scenario();
    const { ws, rate } = await visitorRoom(s);
    // Not resolved yet.
    expect(await rate({ rating: 4 })).toMatchObject({ type: 'error', code: 'not_resolved' });
    await setStatus(s, 'resolved');
    for (const rating of [0, 6, 2.5, '5', null]) {
      expect(await rate({ rating })).toMatchObject({ type: 'error', code: 'bad_frame' });
    }
    expect(await rate({ rating: 4, comment: 'x'.repeat(1001) })).toMatchObject({ type: 'error', code: 'bad_frame' });
    expect(await rate({ rating: 4, comment: 'nul\u0000' })).toMatchObject({ type: 'error', code: 'bad_frame' });
    // An agent does not rate.
    const agent = await joinRoom(s.conversationId, s.agent.token);
    const from = agent.frames.length;
    agent.send({ type: 'rate', rating: 5 });
    expect(await agent.next(isType('error'), from)).toMatchObject({ code: 'forbidden' });
    expect(await ratingsOf(s.conversationId)).toEqual([]);
    expect(await ratedEvents(s.conversationId)).toEqual([]);
    // The socket is still usable.
    expect(await rate({ rating: 4, comment: 'x'.repeat(1000) })).toMatchObject({ type: 'rating' });
    ws.close();
    agent.close();
  });

  it("rates only the visitor's own conversation: other visitors and other projects' tokens are not let in", async () => {
    const s = await scenario();
    await setStatus(s, 'resolved');
    const sameProject = await visitorOf(s.project);
    const otherProject = await visitorOf(await tenant());
    for (const token of [sameProject.token, otherProject.token]) {
      const refused = await TestSocket.refused(`/ws/conversations/${s.conversationId}?token=${token}`);
      expect(refused.status).toBe(404);
    }
    // A rating link signed for one conversation opens no other.
    const other = await scenario();
    await setStatus(other, 'resolved');
    const path = ratingPath(config().AUTH_JWT_KEYS, {
      conversationId: s.conversationId,
      resolvedAt: await resolvedAtOf(s.conversationId),
      rating: 5,
    });
    const forged = path.replace(s.conversationId, other.conversationId);
    const res = await http('POST', forged);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('data-error="link_invalid"');
    expect(await ratingsOf(other.conversationId)).toEqual([]);
  });

  it('switched off by a Manager (audited): the room refuses with csat_off and the session tells the widget', async () => {
    const s = await scenario();
    const manager = await memberOf(s.project, 'manager');
    await setCsat(s.project.projectId, manager.token, false);
    await setStatus(s, 'resolved');
    const { ws, rate } = await visitorRoom(s);
    expect(await rate({ rating: 5 })).toMatchObject({ type: 'error', code: 'csat_off' });
    expect(await ratingsOf(s.conversationId)).toEqual([]);
    const session = await httpJson<{ project: { widgetSettings: { csat?: boolean } } }>('POST', '/api/widget/session', {
      json: { widgetKey: s.project.widgetKey, visitorToken: s.visitor.token },
    });
    expect(session.body.project.widgetSettings.csat).toBe(false);
    // An Agent may not switch it back on.
    const refused = await http('PATCH', `/api/projects/${s.project.projectId}/settings`, {
      token: s.agent.token,
      json: { widgetSettings: { csat: true } },
    });
    expect(refused.status).toBe(403);
    const audit = await httpJson<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/projects/${s.project.projectId}/audit?type=project.settings_changed`,
      { token: manager.token },
    );
    expect(String(audit.body.events[0]?.data.diff)).toContain('widgetSettings.csat');
    await setCsat(s.project.projectId, manager.token, true);
    expect(await rate({ rating: 5 })).toMatchObject({ type: 'rating' });
    ws.close();
  });
});

// ---- The follow-up email's rating links ----------------------------------------------------

const mailsTo = (to: string) => readMailSink(createRedis(config()), to);

async function withEmail() {
  const s = await scenario();
  const email = `rate-${rand()}${rand()}@example.test`;
  const claimed = await http('POST', '/api/widget/visitor', { token: s.visitor.token, json: { email } });
  expect(claimed.status).toBe(200);
  const key: NotificationKey = {
    kind: 'visitor_unseen_replies',
    projectId: s.project.projectId,
    conversationId: s.conversationId,
    recipientId: s.visitor.visitor.id,
  };
  return { ...s, email, key };
}

/** The delay is over: the consumer handles `notification.due` (`copies` at once), as the delayed message would. */
async function due(key: NotificationKey, copies = 1): Promise<void> {
  await withDb(({ db }) =>
    db.execute(q`update notification_marks set due_at = now() - interval '1 second'
      where kind = ${key.kind} and recipient_id = ${key.recipientId} and conversation_id = ${key.conversationId} and due_at is not null`),
  );
  await Promise.all(
    Array.from({ length: copies }, () =>
      consumeBatch(
        createMessageBatch<QueueMessage>('parley-events', [
          {
            id: crypto.randomUUID(),
            timestamp: new Date(),
            attempts: 1,
            body: { kind: 'notification.due', notification: key },
          },
        ]),
        env,
      ),
    ),
  );
}

const scheduled = (key: NotificationKey) =>
  eventually(async () => {
    const [row] = await sql<{ due_at: Date | null; reasons: string[] }>(
      'select due_at, reasons from notification_marks where kind = $1 and recipient_id = $2 and conversation_id = $3',
      [key.kind, key.recipientId, key.conversationId],
    );
    return row?.due_at && row.reasons.includes('resolved') ? row : undefined;
  });

const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s]+\/rate\/[^\s]+/g)].map((m) => m[0]);
const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

describe('CSAT: rating links in the follow-up email', () => {
  it('are sent once when the visitor is gone, record the score clicked and take a comment', async () => {
    const s = await withEmail();
    await setStatus(s, 'resolved');
    await scheduled(s.key);
    await due(s.key, 3); // concurrent copies
    await due(s.key); // and a redelivery
    const mails = await mailsTo(s.email);
    expect(mails).toHaveLength(1);
    const links = linksIn(mails[0]?.text ?? '');
    expect(links).toHaveLength(5);
    expect(mails[0]?.subject).toMatch(/^How did we do\?/);

    const agent = await joinRoom(s.conversationId, s.agent.token);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    // A GET (the visitor's click, or a mail scanner's prefetch) records nothing: it shows the faces
    // with the clicked one chosen and a button that POSTs to the same signed URL.
    for (let i = 0; i < 2; i++) {
      const clicked = await http('GET', pathOf(links[3] ?? ''));
      expect(clicked.status).toBe(200);
      const page = await clicked.text();
      expect(page).toContain('data-rating="4"');
      expect(page).toMatch(/<form method="post">/);
      expect(page).toMatch(/value="4" checked/);
      expect(page).not.toMatch(/value="[1235]" checked/);
      expect(page).toContain('<textarea');
      expect(page).not.toContain('<script');
    }
    expect(await ratingsOf(s.conversationId)).toEqual([]);
    expect(await ratedEvents(s.conversationId)).toEqual([]);
    // The button: the form's face and comment, recorded once, heard live.
    const sent = await http('POST', pathOf(links[3] ?? ''), {
      headers: form,
      body: new URLSearchParams({ rating: '4', comment: 'Solved in minutes' }).toString(),
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('data-recorded="true"');
    expect((await agent.next(isType('rating'))).rating.rating).toBe(4);
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 4, comment: 'Solved in minutes' }]);
    // Opened again, the page says so and keeps the comment; another face changes the same row.
    const again = await (await http('GET', pathOf(links[0] ?? ''))).text();
    expect(again).toMatch(/value="1" checked/);
    expect(again).toContain('You rated this conversation Good');
    expect(again).toContain('>Solved in minutes</textarea>');
    const changed = await http('POST', pathOf(links[0] ?? ''), {
      headers: form,
      body: new URLSearchParams({ rating: '2', comment: 'Solved in minutes' }).toString(),
    });
    expect(changed.status).toBe(200);
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 2, comment: 'Solved in minutes' }]);
    // A bare POST records the link's own score and keeps the comment.
    expect((await http('POST', pathOf(links[3] ?? ''))).status).toBe(200);
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 4, comment: 'Solved in minutes' }]);
    // A comment too long, or no face of the five, is refused and nothing changes.
    const bads: Record<string, string>[] = [{ comment: 'y'.repeat(1001) }, { rating: '6' }, { rating: '4.0' }];
    for (const fields of bads) {
      const bad = await http('POST', pathOf(links[3] ?? ''), {
        headers: form,
        body: new URLSearchParams(fields).toString(),
      });
      expect(bad.status).toBe(400);
    }
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 4, comment: 'Solved in minutes' }]);
    expect(await ratedEvents(s.conversationId)).toHaveLength(3);
    agent.close();

    // 24 hours after the first rating the link neither shows the form nor records.
    await sql(`update conversation_ratings set created_at = now() - interval '25 hours' where conversation_id = $1`, [
      s.conversationId,
    ]);
    const closedPage = await http('GET', pathOf(links[4] ?? ''));
    expect(closedPage.status).toBe(409);
    expect(await closedPage.text()).toContain('data-error="rating_closed"');
    expect((await http('POST', pathOf(links[4] ?? ''))).status).toBe(409);
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 4 }]);

    // Reopened since: the old link refuses; the new resolution gets its own email.
    await setStatus(s, 'open');
    for (const method of ['GET', 'POST'] as const) {
      const stale = await http(method, pathOf(links[0] ?? ''));
      expect(stale.status).toBe(409);
      expect(await stale.text()).toContain('data-error="not_resolved"');
    }
    await setStatus(s, 'resolved');
    await scheduled(s.key);
    await due(s.key);
    expect(await mailsTo(s.email)).toHaveLength(2);
  });

  it('are left out when the visitor has the widget open, has rated, or CSAT is off', async () => {
    // The widget is open on the conversation: the widget asks, the email does not.
    const open = await withEmail();
    const ws = await joinRoom(open.conversationId, open.visitor.token);
    await setStatus(open, 'resolved');
    await scheduled(open.key);
    await due(open.key);
    expect(await mailsTo(open.email)).toHaveLength(0);
    ws.close();

    // Rated in the widget before leaving: nothing more to ask.
    const rated = await withEmail();
    await setStatus(rated, 'resolved');
    const { ws: raterWs, rate } = await visitorRoom(rated);
    expect((await rate({ rating: 4 })).type).toBe('rating');
    raterWs.close();
    await eventually(async () =>
      (await env.CONVERSATION_ROOM.getByName(rated.conversationId).visitorSockets()) === 0 ? true : undefined,
    );
    await scheduled(rated.key);
    await due(rated.key);
    expect(await mailsTo(rated.email)).toHaveLength(0);

    // CSAT off: no links, and a link made before refuses.
    const off = await withEmail();
    const manager = await memberOf(off.project, 'manager');
    await setStatus(off, 'resolved');
    const before = ratingPath(config().AUTH_JWT_KEYS, {
      conversationId: off.conversationId,
      resolvedAt: await resolvedAtOf(off.conversationId),
      rating: 5,
    });
    await setCsat(off.project.projectId, manager.token, false);
    await scheduled(off.key);
    await due(off.key);
    expect(await mailsTo(off.email)).toHaveLength(0);
    for (const method of ['GET', 'POST'] as const) {
      const refused = await http(method, before);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('data-error="csat_off"');
    }
    expect(await ratingsOf(off.conversationId)).toEqual([]);
  });

  it('refuse forged, altered and expired links with a 403 page and write nothing', async () => {
    const s = await scenario();
    await setStatus(s, 'resolved');
    const target = { conversationId: s.conversationId, resolvedAt: await resolvedAtOf(s.conversationId), rating: 5 };
    const good = ratingPath(config().AUTH_JWT_KEYS, target);
    const altered = good.replace(/\.5\?/, '.1?');
    const expired = ratingPath(config().AUTH_JWT_KEYS, target, Date.now() - 8 * 24 * 3600 * 1000);
    const otherPurpose = signPath(
      config().AUTH_JWT_KEYS,
      'hosted-conversation',
      '/rate',
      `${s.conversationId}.${target.resolvedAt.getTime()}.5`,
      3600,
    );
    for (const [path, code] of [
      [altered, 'link_invalid'],
      [otherPurpose, 'link_invalid'],
      [expired, 'link_expired'],
      [`/rate/not-an-id?exp=1&kid=x&sig=y`, 'link_invalid'],
    ] as const) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await http(method, path);
        expect(res.status, path).toBe(403);
        expect(await res.text()).toContain(`data-error="${code}"`);
      }
    }
    expect(RATING_PURPOSE).toBe('csat-rating');
    expect(await ratingsOf(s.conversationId)).toEqual([]);
    expect((await http('GET', good)).status).toBe(200);
    expect(await ratingsOf(s.conversationId)).toEqual([]);
    expect((await http('POST', good)).status).toBe(200);
    expect(await ratingsOf(s.conversationId)).toMatchObject([{ rating: 5 }]);
  });
});
