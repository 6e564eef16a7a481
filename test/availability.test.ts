// Business hours and availability end to end in workerd: the session's state at first paint, the
// room's live `availability` frame when the last agent leaves (no stale state), force away, hours
// (closed now, the alarm armed at the next boundary and flipping the state alone), the measured
// reply time, roles, tenancy, bad input.

import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Availability, BusinessHoursInput, ExpectedReply } from '../contract/availability.ts';
import { businessHours } from '../contract/availability.ts';
import { nextChange } from '../core/availability/hours.ts';
import { InboxAvailability } from '../durable-objects/inbox/availability.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { joinRoom, TestSocket } from './helpers/socket.ts';
import { memberOf, nonMember, openConversation, tenant, visitorOf } from './helpers/tenant.ts';

type Session = { project: { availability: Availability; expectedReply: ExpectedReply } };

const hoursPath = (projectId: string) => `/api/projects/${projectId}/business-hours`;

async function dashboard(projectId: string, token: string) {
  const ws = await TestSocket.open(`/ws/projects/${projectId}/inbox?token=${token}`);
  await ws.until((f) => f.some((x) => x.type === 'welcome'));
  return ws;
}

async function session(widgetKey: string): Promise<Session> {
  return (await visitorOf({ widgetKey })) as unknown as Session;
}

const availabilityFrames = (ws: TestSocket) =>
  (ws.frames as { type: string; availability?: Availability }[]).flatMap((f) =>
    f.type === 'availability' && f.availability ? [f.availability] : [],
  );
const lastState = (ws: TestSocket) => availabilityFrames(ws).at(-1);

const allWeek = (intervals: { start: string; end: string }[]) => ({
  sun: intervals,
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: intervals,
});

describe('availability', () => {
  it('is in the session payload at first paint: away with nobody online, available with an agent', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    expect((await session(project.widgetKey)).project.availability).toEqual({
      state: 'away',
      reason: 'no_agents',
      nextOpenAt: null,
    });
    const ws = await dashboard(project.projectId, agent.token);
    expect((await session(project.widgetKey)).project.availability.state).toBe('available');
    ws.close();
    // Closing the dashboard is seen at once: no TTL, no cached session state.
    await new Promise((r) => setTimeout(r, 50));
    expect((await session(project.widgetKey)).project.availability.state).toBe('away');
  });

  it('tells the visitor socket live: available when an agent connects, away the moment the last one leaves', async () => {
    const project = await tenant();
    const [a, b] = [await memberOf(project), await memberOf(project)];
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token, 'Anyone there?');
    const room = await joinRoom(conversation.id, visitor.token);
    await room.until(() => lastState(room) !== undefined);
    expect(lastState(room)).toMatchObject({ state: 'away', reason: 'no_agents' });

    const first = await dashboard(project.projectId, a.token);
    await room.until(() => lastState(room)?.state === 'available');
    const second = await dashboard(project.projectId, b.token);
    // One agent of two leaving changes nothing; no frame is sent for a non-change.
    const before = availabilityFrames(room).length;
    first.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(availabilityFrames(room).length).toBe(before);

    // An agent setting themselves away counts as not online.
    second.send({ type: 'presence', status: 'away' });
    await room.until(() => lastState(room)?.state === 'away', 3000);
    second.send({ type: 'presence', status: 'online' });
    await room.until(() => lastState(room)?.state === 'available', 3000);

    // The last agent's socket closes: away within the same second, not minutes later.
    const closedAt = Date.now();
    second.close();
    await room.until(() => lastState(room)?.state === 'away', 3000);
    expect(Date.now() - closedAt).toBeLessThan(3000);
    expect(lastState(room)).toEqual({ state: 'away', reason: 'no_agents', nextOpenAt: null });
    // Agents' room sockets never get the frame.
    room.close();
  });

  it('goes away when a Manager forces it, live, and back', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const inbox = await dashboard(project.projectId, manager.token);
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    const room = await joinRoom(conversation.id, visitor.token);
    await room.until(() => lastState(room)?.state === 'available');
    const forced: BusinessHoursInput = { enabled: false, timeZone: 'Europe/Paris', schedule: {}, forceAway: true };
    const { body: saved } = await httpJson<{ availability: Availability }>('PUT', hoursPath(project.projectId), {
      token: manager.token,
      json: forced,
    });
    expect(saved.availability).toEqual({ state: 'away', reason: 'forced', nextOpenAt: null });
    await room.until(() => lastState(room)?.reason === 'forced', 3000);
    expect((await session(project.widgetKey)).project.availability.reason).toBe('forced');
    await httpJson('PUT', hoursPath(project.projectId), {
      token: manager.token,
      json: { ...forced, forceAway: false },
    });
    await room.until(() => lastState(room)?.state === 'available', 3000);
    // The change is audited, with the Manager as its actor.
    const audit = await sql<{ actor_id: string; data: { fields: string } }>(
      `select actor_id, data from audit_events where project_id = $1 and type = 'project.settings_changed'`,
      [project.projectId],
    );
    expect(audit.map((r) => [r.actor_id, r.data.fields])).toEqual([
      [manager.userId, 'businessHours'],
      [manager.userId, 'businessHours'],
    ]);
    room.close();
    inbox.close();
  });

  it('is away outside the hours with the next opening, and arms the inbox alarm at the next boundary', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const inbox = await dashboard(project.projectId, manager.token);
    // Open only in the hour that starts 3 hours from now, in Tokyo.
    const tokyoHour = (new Date(Date.now() + 3 * 3_600_000).getUTCHours() + 9) % 24;
    const hh = String(tokyoHour).padStart(2, '0');
    const end = tokyoHour === 23 ? '24:00' : `${String(tokyoHour + 1).padStart(2, '0')}:00`;
    const input = { enabled: true, timeZone: 'Asia/Tokyo', schedule: allWeek([{ start: `${hh}:00`, end }]) };
    const { body: saved } = await httpJson<{ availability: Availability }>('PUT', hoursPath(project.projectId), {
      token: manager.token,
      json: input,
    });
    expect(saved.availability.reason).toBe('closed');
    const nextOpen = Date.parse(saved.availability.nextOpenAt ?? '');
    expect(nextOpen - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(nextOpen - Date.now()).toBeLessThan(3 * 3_600_000 + 60_000);
    expect((await session(project.widgetKey)).project.availability.nextOpenAt).toBe(saved.availability.nextOpenAt);
    // The inbox's alarm fires at that opening at the latest (the 60 s authority re-check may come first).
    const expected = nextChange(businessHours.parse(input), Date.now());
    const alarm = await runInDurableObject(env.PROJECT_INBOX.getByName(project.projectId), (_, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).not.toBeNull();
    expect(alarm ?? Infinity).toBeLessThanOrEqual(expected ?? 0);
    const boundary = await runInDurableObject(env.PROJECT_INBOX.getByName(project.projectId), (_, state) =>
      state.storage.kv.get<number>('availability:boundary'),
    );
    expect(boundary).toBe(expected);
    inbox.close();
  });

  it('evaluates New York hours saved through REST and loaded from Postgres: both DST changes, over midnight, closed dates', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const day = [{ start: '09:00', end: '17:00' }];
    const night = { start: '22:00', end: '24:00' };
    const afterMidnight = { start: '00:00', end: '02:00' };
    // Weekdays 9–5, and a night shift Friday and Saturday night (22:00–02:00, one interval each side of midnight).
    const input: BusinessHoursInput = {
      enabled: true,
      timeZone: 'America/New_York',
      schedule: {
        mon: day,
        tue: day,
        wed: day,
        thu: day,
        fri: [...day, night],
        sat: [afterMidnight, night],
        sun: [afterMidnight],
      },
      // A Saturday (the night shift on both sides of its midnights is cut) and Thanksgiving.
      closedDates: ['2026-03-14', '2026-11-26'],
    };
    const saved = await http('PUT', hoursPath(project.projectId), { token: manager.token, json: input });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const [row] = await sql<{ business_hours: unknown }>('select business_hours from projects where id = $1', [
      project.projectId,
    ]);
    expect(row?.business_hours).toEqual(businessHours.parse(input));

    // The inbox forgets them; a widget session reads them from Postgres and hands them over, as in production.
    const stub = env.PROJECT_INBOX.getByName(project.projectId);
    await runInDurableObject(stub, (_, state) => state.storage.kv.delete('availability:hours'));
    await session(project.widgetKey);
    const instants = [
      // Spring change, Sunday 8 March 2026: 02:00 EST (07:00Z) becomes 03:00 EDT.
      '2026-03-08T02:59:00Z', // Sat 21:59 EST: closed, opens at 22:00
      '2026-03-08T03:00:00Z', // Sat 22:00 EST: open
      '2026-03-08T04:59:00Z', // Sat 23:59 EST: open, before midnight
      '2026-03-08T05:30:00Z', // Sun 00:30 EST: open, after midnight
      '2026-03-08T06:59:00Z', // Sun 01:59 EST: open, closes at the jump
      '2026-03-08T07:00:00Z', // Sun 03:00 EDT: closed; Monday 09:00 is EDT
      '2026-03-09T12:59:00Z', // Mon 08:59 EDT: closed
      // Closed date Saturday 14 March (EDT): Friday's shift ends at its midnight, Saturday's is gone.
      '2026-03-14T03:00:00Z', // Fri 23:00: open until midnight
      '2026-03-14T04:30:00Z', // Sat 00:30, closed date: closed until Sunday 00:00
      '2026-03-15T03:00:00Z', // Sat 23:00, closed date: closed
      '2026-03-15T04:30:00Z', // Sun 00:30: open again
      // Autumn change, Sunday 1 November 2026: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:xx happens twice.
      '2026-11-01T02:30:00Z', // Sat 22:30 EDT: open, closes at 02:00 EST
      '2026-11-01T04:30:00Z', // Sun 00:30 EDT: open
      '2026-11-01T05:30:00Z', // Sun 01:30 EDT: open
      '2026-11-01T06:30:00Z', // Sun 01:30 EST (again): open
      '2026-11-01T07:00:00Z', // Sun 02:00 EST: closed; Monday 09:00 is EST
      // Thanksgiving, Thursday 26 November (EST), and the day before.
      '2026-11-25T17:00:00Z', // Wed 12:00: open
      '2026-11-26T17:00:00Z', // Thu 12:00, closed date: closed until Friday 09:00
    ];
    const evaluated = await runInDurableObject(stub, (_, state) => {
      const inbox = new InboxAvailability(state, env);
      return {
        hours: inbox.hours(),
        at: instants.map((iso) => {
          const t = Date.parse(iso);
          const next = nextChange(inbox.hours(), t);
          return [iso, inbox.current(1, t), next === null ? null : new Date(next).toISOString()];
        }),
      };
    });
    expect(evaluated.hours).toEqual(row?.business_hours);
    const open = { state: 'available', reason: null, nextOpenAt: null };
    const closed = (nextOpenAt: string) => ({ state: 'away', reason: 'closed', nextOpenAt });
    // [instant, availability with an agent online, the next change (the inbox's alarm)]
    expect(evaluated.at).toEqual([
      ['2026-03-08T02:59:00Z', closed('2026-03-08T03:00:00.000Z'), '2026-03-08T03:00:00.000Z'],
      ['2026-03-08T03:00:00Z', open, '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T04:59:00Z', open, '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T05:30:00Z', open, '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T06:59:00Z', open, '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T07:00:00Z', closed('2026-03-09T13:00:00.000Z'), '2026-03-09T13:00:00.000Z'],
      ['2026-03-09T12:59:00Z', closed('2026-03-09T13:00:00.000Z'), '2026-03-09T13:00:00.000Z'],
      ['2026-03-14T03:00:00Z', open, '2026-03-14T04:00:00.000Z'],
      ['2026-03-14T04:30:00Z', closed('2026-03-15T04:00:00.000Z'), '2026-03-15T04:00:00.000Z'],
      ['2026-03-15T03:00:00Z', closed('2026-03-15T04:00:00.000Z'), '2026-03-15T04:00:00.000Z'],
      ['2026-03-15T04:30:00Z', open, '2026-03-15T06:00:00.000Z'],
      ['2026-11-01T02:30:00Z', open, '2026-11-01T07:00:00.000Z'],
      ['2026-11-01T04:30:00Z', open, '2026-11-01T07:00:00.000Z'],
      ['2026-11-01T05:30:00Z', open, '2026-11-01T07:00:00.000Z'],
      ['2026-11-01T06:30:00Z', open, '2026-11-01T07:00:00.000Z'],
      ['2026-11-01T07:00:00Z', closed('2026-11-02T14:00:00.000Z'), '2026-11-02T14:00:00.000Z'],
      ['2026-11-25T17:00:00Z', open, '2026-11-25T22:00:00.000Z'],
      ['2026-11-26T17:00:00Z', closed('2026-11-27T14:00:00.000Z'), '2026-11-27T14:00:00.000Z'],
    ]);
  });

  it('flips at an hours boundary from the alarm alone, with no agent event', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const inbox = await dashboard(project.projectId, agent.token);
    const visitor = await visitorOf(project);
    const { conversation } = await openConversation(visitor.token);
    const room = await joinRoom(conversation.id, visitor.token);
    await room.until(() => lastState(room)?.state === 'available');
    // Time passes a closing time: what the inbox holds now says closed (no route, no presence change)…
    const stub = env.PROJECT_INBOX.getByName(project.projectId);
    await runInDurableObject(stub, (_, state) => {
      state.storage.kv.put('availability:hours', {
        enabled: true,
        timeZone: 'Asia/Tokyo',
        schedule: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] },
        closedDates: [],
        forceAway: false,
        replyTime: { mode: 'measured' },
      });
    });
    expect(availabilityFrames(room).at(-1)?.state).toBe('available');
    // …and the alarm that fires at the boundary tells the visitor.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await room.until(() => lastState(room)?.state === 'away', 3000);
    expect(lastState(room)).toEqual({ state: 'away', reason: 'closed', nextOpenAt: null });
    room.close();
    inbox.close();
  });

  it('a visitor connect with nothing changed writes nothing in the inbox and reads no list of rooms', async () => {
    const project = await tenant();
    const stub = env.PROJECT_INBOX.getByName(project.projectId);
    // 50 rooms registered, with the availability they were told (a project after a restart).
    const ids = Array.from({ length: 50 }, () => crypto.randomUUID());
    for (const id of ids) await stub.visitorRoomOpened(id);
    const counted = await runInDurableObject(stub, async (inbox, state) => {
      const writes: string[] = [];
      const statements: string[] = [];
      const { kv, sql: storage } = state.storage;
      const put = kv.put.bind(kv);
      const exec = storage.exec.bind(storage);
      kv.put = (key: string, value: unknown) => {
        writes.push(key);
        put(key, value);
      };
      storage.exec = ((query: string, ...bindings: unknown[]) => {
        statements.push(query);
        return exec(query, ...bindings);
      }) as typeof storage.exec;
      try {
        // Every one of them reconnects, and one more room opens.
        for (const id of [...ids, crypto.randomUUID()]) await inbox.visitorRoomOpened(id);
      } finally {
        kv.put = put;
        storage.exec = exec;
      }
      return { writes, statements };
    });
    expect(counted.writes).toEqual([]);
    expect(counted.statements.filter((q) => /SELECT conversation_id FROM visitor_rooms/.test(q))).toEqual([]);
    // The new room is registered all the same.
    const rooms = await runInDurableObject(stub, (_, state) =>
      state.storage.sql.exec('SELECT count(*) AS n FROM visitor_rooms').one(),
    );
    expect(rooms.n).toBe(51);
  });

  it('measures the expected reply time from first responses (median of the last 7 days), cached', async () => {
    const project = await tenant();
    // Not through a session: that would measure (and cache) before the data is seeded.
    const [visitor] = await sql<{ id: string }>('insert into visitors (project_id) values ($1) returning id', [
      project.projectId,
    ]);
    const seed = (minutesAgo: number, replySeconds: number | null) =>
      sql(
        `insert into conversations (project_id, visitor_id, created_at, first_response_at)
         values ($1, $2, now() - make_interval(mins => $3::int),
                 now() - make_interval(mins => $3::int) + make_interval(secs => $4::int))`,
        [project.projectId, visitor?.id, minutesAgo, replySeconds],
      );
    await seed(60, 120);
    await seed(120, 240);
    await seed(180, 600);
    await seed(240, null); // never answered: not a sample
    await seed(8 * 24 * 60, 5); // older than 7 days: not a sample
    expect((await session(project.widgetKey)).project.expectedReply).toEqual({ kind: 'measured', seconds: 240 });
    // Cached: a new sample does not change it until the cache expires (or the hours are saved).
    await seed(30, 3600);
    await seed(20, 3600);
    expect((await session(project.widgetKey)).project.expectedReply).toEqual({ kind: 'measured', seconds: 240 });
    const manager = await memberOf(project, 'manager');
    const base = { enabled: false, timeZone: 'UTC', schedule: {} };
    await httpJson('PUT', hoursPath(project.projectId), { token: manager.token, json: base });
    expect((await session(project.widgetKey)).project.expectedReply).toEqual({ kind: 'measured', seconds: 600 });
    await httpJson('PUT', hoursPath(project.projectId), {
      token: manager.token,
      json: { ...base, replyTime: { mode: 'fixed', text: 'within a day' } },
    });
    expect((await session(project.widgetKey)).project.expectedReply).toEqual({ kind: 'fixed', text: 'within a day' });
    // A project with nothing answered yet says nothing rather than invent a time.
    const empty = await tenant();
    expect((await session(empty.widgetKey)).project.expectedReply).toEqual({ kind: 'none' });
  });

  it('lets members read the hours, only Managers change them, and no one from another project', async () => {
    const project = await tenant();
    const other = await tenant();
    const [manager, agent, outsider, otherManager] = [
      await memberOf(project, 'manager'),
      await memberOf(project),
      await nonMember(),
      await memberOf(other, 'manager'),
    ];
    const body = { enabled: true, timeZone: 'Europe/Paris', schedule: { mon: [{ start: '09:00', end: '17:00' }] } };
    const { body: read } = await httpJson<{ configured: boolean }>('GET', hoursPath(project.projectId), {
      token: agent.token,
    });
    expect(read.configured).toBe(false);
    await expectError(http('PUT', hoursPath(project.projectId), { token: agent.token, json: body }), 403);
    await expectError(http('GET', hoursPath(project.projectId), { token: outsider.token }), 404);
    await expectError(http('PUT', hoursPath(project.projectId), { token: otherManager.token, json: body }), 404);
    await expectError(http('GET', hoursPath(project.projectId)), 401);
    const { body: saved } = await httpJson<{
      configured: boolean;
      businessHours: { schedule: { mon: unknown[]; sun: unknown[] } };
    }>('PUT', hoursPath(project.projectId), { token: manager.token, json: body });
    expect(saved.configured).toBe(true);
    expect(saved.businessHours.schedule.sun).toEqual([]);
    const [row] = await sql<{ business_hours: unknown }>('select business_hours from projects where id = $1', [
      other.projectId,
    ]);
    expect(row?.business_hours).toBeNull();
  });

  it('refuses bad hours with a typed 400', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const base = { enabled: true, timeZone: 'Europe/Paris', schedule: {} };
    const bad: unknown[] = [
      {
        ...base,
        schedule: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '11:30', end: '13:00' },
          ],
        },
      },
      { ...base, schedule: { tue: [{ start: '18:00', end: '08:00' }] } },
      { ...base, schedule: { wed: [{ start: '9am', end: '5pm' }] } },
      { ...base, timeZone: 'Europe/Atlantis' },
      { ...base, closedDates: ['25/12/2026'] },
      { ...base, replyTime: { mode: 'fixed', text: '' } },
      { ...base, extra: true },
      { timeZone: 'UTC' },
      'not json',
    ];
    for (const json of bad) {
      const res = await http('PUT', hoursPath(project.projectId), { token: manager.token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe('invalid_request');
    }
  });
});
