// Reports: the facts the events consumer keeps equal the recount from the source tables, whatever
// order, grouping or duplication the Queue delivers the events in; the figures honour the
// project's time zone across a DST change; the routes keep tenancy, the Agent restriction and
// typed 400s for bad ranges. Real Postgres; events are handed to the consumer's processEvents
// directly, so this file alone decides their order — the stories' events as the writers would
// stamp them, and the outbox rows the labels routes and the room's rating really wrote.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_HOURS } from '../contract/availability.ts';
import type { EventPayload, EventType, OutboxEvent } from '../contract/events.ts';
import type { Report } from '../contract/rest/reports.ts';
import { processEvents } from '../worker/events/consumer.ts';
import { reportsHandler } from '../worker/events/handlers/reports.ts';
import { REPORTED_EVENTS } from '../worker/reports/facts.ts';
import { RECOUNT_SQL } from '../worker/reports/recount.ts';
import { sql, withDb } from './helpers/db.ts';
import { handlerDeps, shuffled } from './helpers/events.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { joinRoom } from './helpers/socket.ts';
import { type Member, memberOf, nonMember, scenario, type Tenant, tenant } from './helpers/tenant.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

function event<T extends EventType>(
  projectId: string,
  conversationId: string,
  type: T,
  payload: EventPayload<T>,
  at: number,
): OutboxEvent {
  return {
    id: crypto.randomUUID(),
    projectId,
    type,
    aggregateType: 'conversation',
    aggregateId: conversationId,
    payload: payload as Record<string, unknown>,
    createdAt: new Date(at).toISOString(),
  };
}

interface Story {
  openedAt: number;
  /** Minutes from opening to the first public agent reply (a private note comes earlier); null = none. */
  replyAfter: number | null;
  /** Minutes from opening to each resolution; a visitor reopens between two. */
  resolutions: number[];
  /** Still resolved at the end (else reopened after the last resolution). */
  endsResolved: boolean;
  assignees: (string | null)[];
  /** Label ids, each set replacing the one before (the last one stays in conversation_labels). */
  labelSets: string[][];
  /** Per resolution (by index), the ratings the visitor gave it in turn (a change within 24 h). */
  ratings: number[][];
}

/**
 * Writes a conversation as the product would leave it (row, messages, labels, ratings) and returns
 * the events that led there, with the outbox times the writers stamp.
 */
async function told(projectId: string, story: Story): Promise<OutboxEvent[]> {
  const [visitor] = await sql<{ id: string }>('insert into visitors (project_id) values ($1) returning id', [
    projectId,
  ]);
  const visitorId = visitor?.id ?? '';
  const t0 = story.openedAt;
  const events: OutboxEvent[] = [];
  let last = t0;
  const conversationId = crypto.randomUUID();
  const first = story.assignees[0] ?? null;
  events.push(
    event(
      projectId,
      conversationId,
      'conversation.created',
      { conversationId, projectId, visitorId, assigneeId: first, createdAt: new Date(t0).toISOString() },
      t0,
    ),
  );
  let assignee = first;
  story.assignees.slice(1).forEach((next, i) => {
    const at = t0 + (i + 1) * 7 * MIN;
    events.push(
      event(
        projectId,
        conversationId,
        'conversation.assigned',
        { conversationId, projectId, previousAssigneeId: assignee, assigneeId: next, by: { kind: 'system' } },
        at,
      ),
    );
    assignee = next;
    last = Math.max(last, at);
  });
  const messages: { seq: number; kind: 'visitor' | 'agent'; private: boolean; at: number }[] = [
    { seq: 1, kind: 'visitor', private: false, at: t0 },
  ];
  if (story.replyAfter !== null) {
    messages.push({ seq: 2, kind: 'agent', private: true, at: t0 + (story.replyAfter / 2) * MIN });
    messages.push({ seq: 3, kind: 'agent', private: false, at: t0 + story.replyAfter * MIN });
    messages.push({ seq: 4, kind: 'agent', private: false, at: t0 + (story.replyAfter + 1) * MIN });
  }
  /** The visitor wrote into the resolved conversation: the room reopened it with its message. */
  const reopen = (at: number) => {
    messages.push({ seq: messages.length + 1, kind: 'visitor', private: false, at });
    events.push(
      event(
        projectId,
        conversationId,
        'conversation.status_changed',
        {
          conversationId,
          projectId,
          from: 'resolved',
          to: 'open',
          snoozedUntil: null,
          by: { kind: 'visitor', id: visitorId },
        },
        at,
      ),
    );
  };
  let status: 'open' | 'resolved' = 'open';
  let resolvedAt: number | null = null;
  const resolutionTimes = story.resolutions.map((minutes) => t0 + minutes * MIN);
  story.resolutions.forEach((minutes, i) => {
    const at = t0 + minutes * MIN;
    if (i > 0) reopen(at - 5 * MIN);
    events.push(
      event(
        projectId,
        conversationId,
        'conversation.status_changed',
        { conversationId, projectId, from: 'open', to: 'resolved', snoozedUntil: null, by: { kind: 'system' } },
        at,
      ),
    );
    status = 'resolved';
    resolvedAt = at;
    last = Math.max(last, at);
  });
  if (!story.endsResolved && resolvedAt !== null) {
    const at = resolvedAt + 30 * MIN;
    reopen(at);
    status = 'open';
    resolvedAt = null;
    last = Math.max(last, at);
  }
  for (const m of messages) {
    last = Math.max(last, m.at);
    events.push(
      event(
        projectId,
        conversationId,
        'message.created',
        {
          conversationId,
          projectId,
          message: {
            id: crypto.randomUUID(),
            seq: m.seq,
            clientId: null,
            author:
              m.kind === 'visitor'
                ? { kind: 'visitor', id: visitorId }
                : { kind: 'agent', id: first ?? crypto.randomUUID(), name: 'Ann' },
            body: 'text',
            private: m.private,
            attachment: null,
            createdAt: new Date(m.at).toISOString(),
          },
        },
        m.at,
      ),
    );
  }
  story.labelSets.forEach((labelIds, i) => {
    const at = t0 + (i + 1) * 3 * MIN;
    last = Math.max(last, at);
    events.push(
      event(
        projectId,
        conversationId,
        'conversation.labels_changed',
        {
          conversationId,
          projectId,
          labelIds,
          added: labelIds,
          removed: [],
          changedAt: new Date(at).toISOString(),
          by: { kind: 'system' },
        },
        at,
      ),
    );
  });
  // One row per resolution rated, holding its latest rating, as the room leaves it.
  const ratingRows: { resolvedAt: number; rating: number; createdAt: number; updatedAt: number }[] = [];
  story.ratings.forEach((given, r) => {
    const rated = resolutionTimes[r];
    if (rated === undefined) throw new Error('a rating needs its resolution');
    given.forEach((rating, i) => {
      const at = rated + (i + 1) * MIN;
      events.push(
        event(
          projectId,
          conversationId,
          'conversation.rated',
          {
            conversationId,
            projectId,
            resolvedAt: new Date(rated).toISOString(),
            assigneeId: assignee,
            rating,
            previousRating: i > 0 ? (given[i - 1] ?? null) : null,
            comment: null,
            ratedAt: new Date(at).toISOString(),
          },
          at,
        ),
      );
    });
    const last = given.at(-1);
    if (last !== undefined) {
      ratingRows.push({
        resolvedAt: rated,
        rating: last,
        createdAt: rated + MIN,
        updatedAt: rated + given.length * MIN,
      });
    }
  });
  await sql(
    `insert into conversations (id, project_id, visitor_id, status, assignee_id, resolved_at, last_seq, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      conversationId,
      projectId,
      visitorId,
      status,
      assignee,
      resolvedAt === null ? null : new Date(resolvedAt),
      messages.length,
      new Date(t0),
      new Date(last),
    ],
  );
  for (const m of messages) {
    await sql(
      `insert into messages (id, conversation_id, project_id, seq, author_kind, private, body, created_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, 'text', $6)`,
      [conversationId, projectId, m.seq, m.kind, m.private, new Date(m.at)],
    );
  }
  const labelIds = story.labelSets.at(-1) ?? [];
  for (const labelId of labelIds) {
    await sql('insert into conversation_labels (conversation_id, label_id, project_id) values ($1, $2, $3)', [
      conversationId,
      labelId,
      projectId,
    ]);
  }
  await sql('update conversations set label_ids = $2::uuid[] where id = $1', [conversationId, labelIds]);
  for (const r of ratingRows) {
    await sql(
      `insert into conversation_ratings (project_id, conversation_id, resolved_at, rating, assignee_id, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        projectId,
        conversationId,
        new Date(r.resolvedAt),
        r.rating,
        assignee,
        new Date(r.createdAt),
        new Date(r.updatedAt),
      ],
    );
  }
  return events;
}

/**
 * Delivers `events` in batches of varying size and a seeded order, a third of them twice: half of
 * those as the Queue's redelivery (same id, the marker skips it), half as the same fact under a
 * new id (the upsert itself must not care). Every delivery gets fresh ids: a new run of the Queue.
 */
async function deliver(events: readonly OutboxEvent[], seed: number) {
  const run = events.map((e) => ({ ...e, id: crypto.randomUUID() }));
  const again = run
    .filter((_, i) => (i + seed) % 3 === 0)
    .map((e, i) => (i % 2 ? e : { ...e, id: crypto.randomUUID() }));
  const order = shuffled([...run, ...again], seed);
  await withDb(async ({ db }) => {
    for (let i = 0, size = 1; i < order.length; i += size, size = (size % 5) + 1) {
      const outcome = await processEvents(order.slice(i, i + size), [reportsHandler], handlerDeps(db));
      expect([...outcome.failed.values()]).toEqual([]);
    }
  });
}

const FACT_COLUMNS =
  'conversation_id, opened_at, first_response_at, resolved_at, assignee_id, label_ids, rating, rating_resolved_at, rating_assignee_id';
const facts = (projectId: string) =>
  sql(`select ${FACT_COLUMNS} from report_conversations where project_id = $1 order by conversation_id`, [projectId]);

const reportOf = async (token: string, projectId: string, query: string) => {
  const { status, body } = await httpJson<Report>('GET', `/api/projects/${projectId}/reports?${query}`, { token });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};

/** A label of the project, as its definitions route writes it; returns its id. */
async function defineLabel(projectId: string, name: string, color: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    'insert into labels (project_id, name, color) values ($1, $2, $3) returning id',
    [projectId, name, color],
  );
  if (!row) throw new Error('no label');
  return row.id;
}

async function team(): Promise<{ project: Tenant; manager: Member; agent: Member }> {
  const project = await tenant();
  return { project, manager: await memberOf(project, 'manager'), agent: await memberOf(project, 'agent') };
}

describe('report facts', () => {
  it('equal the recount from the source tables after shuffled, grouped and duplicated delivery', async () => {
    const { project, manager, agent } = await team();
    const p = project.projectId;
    const billing = await defineLabel(p, 'billing', 'green');
    const vip = await defineLabel(p, 'vip', 'purple');
    const day = Date.parse('2026-11-10T09:00:00Z');
    const stories: Story[] = [
      {
        openedAt: day,
        replyAfter: 2,
        resolutions: [60],
        endsResolved: true,
        assignees: [agent.userId],
        labelSets: [[billing], [vip, billing]],
        ratings: [[3, 5]],
      },
      {
        openedAt: day + HOUR,
        replyAfter: 10,
        resolutions: [30, 180],
        endsResolved: true,
        assignees: [null, manager.userId],
        labelSets: [[billing]],
        // The first resolution's rating, then the second's: the latest resolution's counts.
        ratings: [[4], [2]],
      },
      {
        openedAt: day + 2 * HOUR,
        replyAfter: 4,
        resolutions: [20],
        endsResolved: false,
        assignees: [agent.userId, manager.userId, agent.userId],
        labelSets: [],
        ratings: [],
      },
      {
        openedAt: day + 3 * HOUR,
        replyAfter: null,
        resolutions: [],
        endsResolved: false,
        assignees: [],
        labelSets: [[vip], []],
        ratings: [],
      },
      {
        openedAt: day + 26 * HOUR,
        replyAfter: 6,
        resolutions: [120],
        endsResolved: true,
        assignees: [agent.userId],
        labelSets: [],
        ratings: [[4]],
      },
    ];
    const events = (await Promise.all(stories.map((s) => told(p, s)))).flat();
    for (const seed of [7, 1234, 99991]) {
      await deliver(events, seed);
      const live = await facts(p);
      const liveReport = await reportOf(manager.token, p, 'from=2026-11-01&to=2026-11-30&groupBy=agent');
      await sql(RECOUNT_SQL, [p]);
      expect(await facts(p)).toEqual(live);
      expect(await reportOf(manager.token, p, 'from=2026-11-01&to=2026-11-30&groupBy=agent')).toEqual(liveReport);
      await sql('delete from report_conversations where project_id = $1', [p]);
      // The recount alone (no events): the same facts, labels and ratings included.
      await sql(RECOUNT_SQL, [p]);
      expect(await facts(p)).toEqual(live);
      await sql('delete from report_conversations where project_id = $1', [p]);
    }
    await deliver(events, 42);
    const report = await reportOf(manager.token, p, 'from=2026-11-01&to=2026-11-30&groupBy=label');
    expect(report.totals).toEqual({
      opened: 5,
      resolved: 3,
      // Replies after 2, 4, 6, 10 minutes (one conversation unanswered).
      firstResponseMedianSeconds: 300,
      firstResponseP90Seconds: Math.round((6 + 0.7 * 4) * 60),
      // 60, 180 and 120 minutes (the second conversation's latest resolution counts).
      resolutionMedianSeconds: 7200,
      ratings: 3,
      csatScore: 66.7,
      csatAverage: 3.67,
      responseRate: 100,
    });
    const byLabel = Object.fromEntries(report.groups.map((g) => [g.name, [g.key, g.color, g.figures.opened]]));
    expect(byLabel).toEqual({
      billing: [billing, 'green', 2],
      vip: [vip, 'purple', 1],
      'No label': [null, null, 3],
    });
    const byAgent = await reportOf(manager.token, p, 'from=2026-11-01&to=2026-11-30&groupBy=agent');
    const agentRow = byAgent.groups.find((g) => g.key === agent.userId);
    expect(agentRow).toMatchObject({
      name: agent.name,
      figures: { opened: 3, resolved: 2, ratings: 2, csatScore: 100 },
    });
    expect(byAgent.groups.find((g) => g.key === null)?.figures.opened).toBe(1);

    // A label deleted while its removal events are still on their way: its row names no label.
    await sql('delete from labels where id = $1', [vip]);
    const afterDeletion = await reportOf(manager.token, p, 'from=2026-11-01&to=2026-11-30&groupBy=label');
    expect(afterDeletion.groups.find((g) => g.key === vip)).toMatchObject({ name: '(deleted label)', color: null });
    const csv = await http('GET', `/api/projects/${p}/reports/export?from=2026-11-01&to=2026-11-30&groupBy=label`, {
      token: manager.token,
    });
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toContain(`${billing},billing,2,2,360,552,7200,2,50,3.5,100`);
    expect(lines.some((line) => line.startsWith(`${vip},(deleted label),1,`))).toBe(true);
  });

  it('ignore an event naming another project’s conversation or an erased one', async () => {
    const { project } = await team();
    const other = await tenant();
    const events = await told(project.projectId, {
      openedAt: Date.parse('2026-11-02T10:00:00Z'),
      replyAfter: 1,
      resolutions: [5],
      endsResolved: true,
      assignees: [],
      labelSets: [],
      ratings: [],
    });
    // The same conversation, claimed by another project: nothing is written for either.
    await deliver(
      events.map((e) => ({ ...e, projectId: other.projectId, payload: { ...e.payload, projectId: other.projectId } })),
      3,
    );
    expect(await facts(other.projectId)).toEqual([]);
    expect(await facts(project.projectId)).toEqual([]);
    await deliver(events, 5);
    expect(await facts(project.projectId)).toHaveLength(1);
    await sql('delete from conversations where project_id = $1', [project.projectId]);
    expect(await facts(project.projectId)).toEqual([]);
    await deliver(events, 6);
    expect(await facts(project.projectId)).toEqual([]);
  });
});

describe('report facts from the product’s own writes', () => {
  it('labels set through the labels routes and a rating given in the room: the recount equals the live path', async () => {
    const s = await scenario();
    const p = s.project.projectId;
    const manager = await memberOf(s.project, 'manager');
    const conversation = `/api/projects/${p}/conversations/${s.conversationId}`;
    const label = async (name: string, color: string) => {
      const res = await httpJson<{ label: { id: string } }>('POST', `/api/projects/${p}/labels`, {
        token: manager.token,
        json: { name, color },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.label.id;
    };
    const setLabels = async (labelIds: string[]) => {
      const res = await httpJson('PUT', `${conversation}/labels`, { token: s.agent.token, json: { labelIds } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const refund = await label('Refund', 'red');
    const shipping = await label('Shipping', 'teal');
    await setLabels([shipping, refund]);
    const reply = await http('POST', `${conversation}/messages`, {
      token: s.agent.token,
      json: { clientId: `reply-${crypto.randomUUID()}`, body: 'On its way' },
    });
    expect(reply.status, await reply.text()).toBeLessThan(300);
    const resolved = await http('POST', `${conversation}/status`, {
      token: s.agent.token,
      json: { status: 'resolved' },
    });
    expect(resolved.status, await resolved.text()).toBe(200);
    // The visitor rates in the room, as the widget does; then a Manager takes the conversation
    // over and the visitor changes the rating: the change credits the new assignee.
    const room = await joinRoom(s.conversationId, s.visitor.token);
    const rate = async (rating: number) => {
      const from = room.frames.length;
      room.send({ type: 'rate', rating });
      const answer = await room.next((f): f is typeof f => f.type === 'rating' || f.type === 'error', from);
      expect(answer.type, JSON.stringify(answer)).toBe('rating');
    };
    await rate(2);
    const assigned = await http('POST', `${conversation}/assign`, {
      token: manager.token,
      json: { assigneeId: manager.userId },
    });
    expect(assigned.status, await assigned.text()).toBe(200);
    await rate(5);
    room.close();
    await setLabels([refund]);

    const rows = await sql<{ id: string; type: EventType; payload: Record<string, unknown>; created_at: Date }>(
      `select id, type, payload, created_at from outbox_events where project_id = $1 and type = any($2) order by position`,
      [p, [...REPORTED_EVENTS]],
    );
    const events: OutboxEvent[] = rows.map((r) => ({
      id: r.id,
      projectId: p,
      type: r.type,
      aggregateType: 'conversation',
      aggregateId: s.conversationId,
      payload: r.payload,
      createdAt: new Date(r.created_at).toISOString(),
    }));
    expect(events.filter((e) => e.type === 'conversation.labels_changed')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'conversation.rated')).toHaveLength(2);
    for (const seed of [11, 2024]) {
      await sql('delete from report_conversations where project_id = $1', [p]);
      await deliver(events, seed);
      const live = await facts(p);
      expect(live).toEqual([
        expect.objectContaining({
          conversation_id: s.conversationId,
          assignee_id: manager.userId,
          label_ids: [refund],
          rating: 5,
          rating_assignee_id: manager.userId,
        }),
      ]);
      await sql(RECOUNT_SQL, [p]);
      expect(await facts(p)).toEqual(live);
      await sql('delete from report_conversations where project_id = $1', [p]);
      await sql(RECOUNT_SQL, [p]);
      expect(await facts(p)).toEqual(live);
    }
  });
});

describe('the room', () => {
  it('stamps resolved_at with its status event’s instant, and clears it when the visitor reopens', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const base = `/api/projects/${project.projectId}/conversations/${conversationId}`;
    const res = await http('POST', `${base}/status`, { token: agent.token, json: { status: 'resolved' } });
    expect(res.status, await res.text()).toBe(200);
    const [row] = await sql<{ resolved_at: Date | null; created_at: Date }>(
      `select c.resolved_at, o.created_at from conversations c join outbox_events o on o.aggregate_id = c.id::text
       and o.type = 'conversation.status_changed' where c.id = $1`,
      [conversationId],
    );
    expect(row?.resolved_at).toEqual(row?.created_at);
    const reply = await http('POST', `/api/widget/conversations/${conversationId}/messages`, {
      token: visitor.token,
      json: { clientId: `again-${crypto.randomUUID()}`, body: 'One more thing' },
    });
    expect(reply.status, await reply.text()).toBeLessThan(300);
    const [after] = await sql<{ status: string; resolved_at: Date | null }>(
      'select status, resolved_at from conversations where id = $1',
      [conversationId],
    );
    expect(after).toEqual({ status: 'open', resolved_at: null });
  });
});

describe('reports over a DST change', () => {
  it('count each day in the project’s time zone (Europe/Paris, end of March)', async () => {
    const { project, manager } = await team();
    const p = project.projectId;
    await sql(`update projects set business_hours = $2::jsonb where id = $1`, [
      p,
      JSON.stringify({ ...DEFAULT_BUSINESS_HOURS, timeZone: 'Europe/Paris' }),
    ]);
    const opened = [
      '2026-03-28T23:30:00Z', // 29 March 00:30 CET
      '2026-03-29T21:59:00Z', // 29 March 23:59 CEST (the day had 23 hours)
      '2026-03-29T22:30:00Z', // 30 March 00:30 CEST
    ];
    for (const at of opened) {
      await deliver(
        await told(p, {
          openedAt: Date.parse(at),
          replyAfter: 1,
          resolutions: [],
          endsResolved: false,
          assignees: [],
          labelSets: [],
          ratings: [],
        }),
        1,
      );
    }
    const paris = await reportOf(manager.token, p, 'from=2026-03-28&to=2026-03-30&groupBy=day');
    expect(paris.timeZone).toBe('Europe/Paris');
    expect(paris.groups.map((g) => [g.key, g.figures.opened])).toEqual([
      ['2026-03-28', 0],
      ['2026-03-29', 2],
      ['2026-03-30', 1],
    ]);
    expect((await reportOf(manager.token, p, 'from=2026-03-29&to=2026-03-29')).totals.opened).toBe(2);
    // The same facts read in UTC (no business hours) fall on other days.
    await sql('update projects set business_hours = null where id = $1', [p]);
    const utc = await reportOf(manager.token, p, 'from=2026-03-28&to=2026-03-30&groupBy=day');
    expect(utc.groups.map((g) => g.figures.opened)).toEqual([1, 2, 0]);
  });
});

describe('report routes', () => {
  const range = 'from=2026-11-01&to=2026-11-30';

  it('are 404 across projects and to non-members, Managers-only until a Manager lets Agents', async () => {
    const { project, manager, agent } = await team();
    const other = await team();
    const p = project.projectId;
    await expectError(
      http('GET', `/api/projects/${p}/reports?${range}`, { token: other.manager.token }),
      404,
      'not_found',
    );
    await expectError(
      http('GET', `/api/projects/${p}/reports/export?${range}`, { token: other.manager.token }),
      404,
      'not_found',
    );
    await expectError(
      http('GET', `/api/projects/${p}/reports/settings`, { token: (await nonMember()).token }),
      404,
      'not_found',
    );
    await expectError(
      http('PUT', `/api/projects/${p}/reports/settings`, { token: other.manager.token, json: { agentsMayView: true } }),
      404,
    );
    await expectError(http('GET', `/api/projects/${p}/reports?${range}`), 401);
    await expectError(
      http('GET', `/api/projects/${p}/reports?${range}`, { token: agent.token }),
      403,
      'reports_restricted',
    );
    await expectError(
      http('GET', `/api/projects/${p}/reports/export?${range}`, { token: agent.token }),
      403,
      'reports_restricted',
    );
    await expectError(
      http('PUT', `/api/projects/${p}/reports/settings`, { token: agent.token, json: { agentsMayView: true } }),
      403,
      'manager_only',
    );
    const put = await httpJson('PUT', `/api/projects/${p}/reports/settings`, {
      token: manager.token,
      json: { agentsMayView: true },
    });
    expect(put).toMatchObject({ status: 200, body: { agentsMayView: true } });
    expect((await httpJson('GET', `/api/projects/${p}/reports/settings`, { token: agent.token })).body).toEqual({
      agentsMayView: true,
    });
    expect((await reportOf(agent.token, p, range)).totals.opened).toBe(0);
    // Allowed in one project is not allowed in another.
    await expectError(
      http('GET', `/api/projects/${other.project.projectId}/reports?${range}`, { token: other.agent.token }),
      403,
      'reports_restricted',
    );
  });

  it('answer a bad range with a typed 400', async () => {
    const { project, manager } = await team();
    const base = `/api/projects/${project.projectId}/reports`;
    const get = (q: string) => http('GET', `${base}?${q}`, { token: manager.token });
    await expectError(get('from=2026-11-30&to=2026-11-01'), 400, 'invalid_range');
    await expectError(get('from=2025-11-01&to=2026-11-30'), 400, 'invalid_range');
    await expectError(
      http('GET', `${base}/export?from=2026-11-30&to=2026-11-01`, { token: manager.token }),
      400,
      'invalid_range',
    );
    await expectError(get('from=2026-02-30&to=2026-03-01'), 400, 'invalid_request');
    await expectError(get('from=yesterday&to=2026-03-01'), 400, 'invalid_request');
    await expectError(get('to=2026-03-01'), 400, 'invalid_request');
    await expectError(get('from=2026-03-01&to=2026-03-02&groupBy=week'), 400, 'invalid_request');
    await expectError(
      http('PUT', `${base}/settings`, { token: manager.token, json: { agentsMayView: 'yes' } }),
      400,
      'invalid_request',
    );
    // 366 days (a leap year's worth) is the longest range.
    expect((await reportOf(manager.token, project.projectId, 'from=2027-01-01&to=2028-01-01')).groups).toHaveLength(
      366,
    );
  });

  it('export the figures as CSV with the totals last', async () => {
    const { project, manager, agent } = await team();
    await deliver(
      await told(project.projectId, {
        openedAt: Date.parse('2026-11-03T10:00:00Z'),
        replyAfter: 3,
        resolutions: [90],
        endsResolved: true,
        assignees: [agent.userId],
        labelSets: [],
        ratings: [[5]],
      }),
      2,
    );
    const res = await http('GET', `/api/projects/${project.projectId}/reports/export?${range}&groupBy=agent`, {
      token: manager.token,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('parley-report-2026-11-01-2026-11-30-agent.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'agent,name,opened,resolved,first_response_median_seconds,first_response_p90_seconds,resolution_median_seconds,ratings,csat_score_percent,csat_average,response_rate_percent',
      `${agent.userId},${agent.name},1,1,180,180,5400,1,100,5,100`,
      'total,Total,1,1,180,180,5400,1,100,5,100',
    ]);
  });
});
