// The event pipeline against the real Postgres and the runtime's real Queue, with faults injected:
// crash after commit, crash between send and mark, throwing consumers, duplicates, 1,000 events,
// concurrent relays, and a webhook receiver that fails and then recovers.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { OutboxEvent, QueueMessage } from '../contract/events.ts';
import { type NewEvent, writeOutbox } from '../core/events/outbox.ts';
import { relayBatch } from '../core/events/relay.ts';
import { failedEvents, processedEvents, webhookDeliveries, webhookEndpoints } from '../drizzle/schema/events.ts';
import { outboxEvents } from '../drizzle/schema/outbox.ts';
import { consumeBatch, notificationFailureId } from '../worker/events/consumer.ts';
import type { EventHandler } from '../worker/events/handlers/types.ts';
import { eventSettings } from '../worker/events/settings.ts';
import { sweep } from '../worker/events/sweep.ts';
import { attemptDelivery } from '../worker/events/webhooks/deliver.ts';
import { verifyWebhook } from '../worker/events/webhooks/signature.ts';
import { config, withDb } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { http } from './helpers/http.ts';
import { memberOf, rand, tenant } from './helpers/tenant.ts';

const receiver = inject('webhookReceiverUrl');

interface Received {
  status: number;
  headers: Record<string, string>;
  body: string;
}
const receivedAt = async (name: string): Promise<Received[]> => (await fetch(`${receiver}/hooks/${name}`)).json();

function events(projectId: string, n: number, type: NewEvent['type'] = 'message.created'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    projectId,
    type,
    aggregateType: 'conversation',
    aggregateId: crypto.randomUUID(),
    payload: { n: i },
  }));
}

async function insertOutbox(list: NewEvent[]): Promise<string[]> {
  return withDb(async ({ db }) =>
    db.transaction(async (tx) => {
      await writeOutbox(tx, list);
      const ids = await tx
        .select({ id: outboxEvents.id })
        .from(outboxEvents)
        .where(
          inArray(
            outboxEvents.aggregateId,
            list.map((e) => e.aggregateId),
          ),
        );
      return ids.map((r) => r.id);
    }),
  );
}

async function registerEndpoint(projectId: string, token: string, hook: string, eventTypes?: string[]) {
  const res = await http('POST', `/api/projects/${projectId}/webhooks`, {
    token,
    json: { url: `${receiver}/hooks/${hook}`, eventTypes },
  });
  expect(res.status).toBe(201);
  return res.json<{ endpoint: { id: string }; secret: string }>();
}

const deliveriesFor = (endpointId: string) =>
  withDb(({ db }) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)));

/** A test effect in Postgres, so "applied once" is counted where it matters. */
beforeAll(async () => {
  await withDb(({ db }) =>
    db.execute(sql`create table if not exists test_effects (event_id uuid not null, handler text not null)`),
  );
});

function countingHandler(name: string, failFirst = 0): EventHandler & { calls: number } {
  const handler = {
    name,
    calls: 0,
    handles: () => true,
    async apply(tx: Parameters<EventHandler['apply']>[0], events: readonly OutboxEvent[]) {
      for (const event of events) {
        handler.calls++;
        await tx.execute(sql`insert into test_effects (event_id, handler) values (${event.id}, ${name})`);
        if (handler.calls <= failFirst) throw new Error(`injected failure ${handler.calls}`);
      }
      return undefined;
    },
  };
  return handler;
}

const effectCount = (eventId: string, handler: string) =>
  withDb(async ({ db }) => {
    const r = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from test_effects where event_id = ${eventId} and handler = ${handler}`,
    );
    return r.rows[0]?.n ?? -1;
  });

function outboxEvent(projectId: string): OutboxEvent {
  return {
    id: crypto.randomUUID(),
    projectId,
    type: 'message.created',
    aggregateType: 'conversation',
    aggregateId: crypto.randomUUID(),
    payload: { body: 'hello' },
    createdAt: new Date().toISOString(),
  };
}

function batchOf(queue: string, event: OutboxEvent, attempts = 1) {
  return createMessageBatch<QueueMessage>(queue, [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { kind: 'event', event } },
  ]);
}

describe('outbox relay', () => {
  it('delivers rows committed without a nudge (a crash right after commit) through the cron sweep', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const { endpoint } = await registerEndpoint(projectId, manager.token, `sweep-${projectId}`);
    const ids = await insertOutbox(events(projectId, 3));

    await sweep(env);

    const deliveries = await eventually(async () => {
      const rows = await deliveriesFor(endpoint.id);
      return rows.length === 3 && rows.every((d) => d.status === 'succeeded') ? rows : undefined;
    });
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(ids));
    const published = await withDb(({ db }) => db.select().from(outboxEvents).where(inArray(outboxEvents.id, ids)));
    expect(published.every((r) => r.publishedAt !== null)).toBe(true);
  });

  it('re-sends after a crash between sendBatch and marking published, and the effect still happens once', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const hook = `crash-${projectId}`;
    const { endpoint } = await registerEndpoint(projectId, manager.token, hook);
    const ids = await insertOutbox(events(projectId, 2));

    // The Queue accepts the batch, then the relay dies before its transaction commits.
    const crashing = {
      send: env.EVENTS.send.bind(env.EVENTS),
      sendBatch: async (msgs: Iterable<MessageSendRequest<QueueMessage>>) => {
        await env.EVENTS.sendBatch(msgs);
        throw new Error('injected crash after sendBatch');
      },
    } as unknown as Queue;
    await expect(withDb(({ db }) => relayBatch(db, crashing, 1000))).rejects.toThrow('injected crash');
    const still = await withDb(({ db }) => db.select().from(outboxEvents).where(inArray(outboxEvents.id, ids)));
    expect(still.every((r) => r.publishedAt === null)).toBe(true);

    await sweep(env);

    await eventually(async () => {
      const rows = await deliveriesFor(endpoint.id);
      return rows.length === 2 && rows.every((d) => d.status === 'succeeded') ? rows : undefined;
    });
    // Both copies reached the consumer; the receiver still got each event exactly once.
    await new Promise((r) => setTimeout(r, 1500));
    const got = await receivedAt(hook);
    expect(got.map((h) => h.headers['parley-event-id']).sort()).toEqual([...ids].sort());
  });

  it('never lets two concurrent relays claim the same row', async () => {
    const { projectId } = await tenant();
    const ids = await insertOutbox(events(projectId, 250));
    const sent: string[][] = [[], []];
    const capture = (i: 0 | 1) =>
      ({
        sendBatch: async (msgs: Iterable<MessageSendRequest<QueueMessage>>) => {
          for (const m of msgs) if (m.body.kind === 'events') sent[i]?.push(...m.body.events.map((e) => e.id));
          await new Promise((r) => setTimeout(r, 20));
        },
      }) as unknown as Queue;
    const drain = async (i: 0 | 1) =>
      withDb(async ({ db }) => {
        while ((await relayBatch(db, capture(i), 40)) > 0) {
          // keep claiming until nothing unpublished is left
        }
      });
    await Promise.all([drain(0), drain(1)]);
    const mine = new Set(ids);
    const a = (sent[0] ?? []).filter((id) => mine.has(id));
    const b = (sent[1] ?? []).filter((id) => mine.has(id));
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(new Set([...a, ...b])).toEqual(mine);
  });
});

describe('queue consumer', () => {
  it('retries a handler that throws and applies its effect exactly once', async () => {
    const { projectId } = await tenant();
    const event = outboxEvent(projectId);
    const flaky = countingHandler('flaky', 1);

    const first = batchOf('parley-events', event, 1);
    await consumeBatch(first, env, [flaky]);
    const r1 = await getQueueResult(first, createExecutionContext());
    expect(r1.retryMessages.map((m) => m.msgId)).toEqual([first.messages[0]?.id]);
    expect(await effectCount(event.id, 'flaky')).toBe(0);
    const failure = await withDb(({ db }) => db.select().from(failedEvents).where(eq(failedEvents.eventId, event.id)));
    expect(failure[0]?.lastError).toContain('injected failure 1');

    const second = batchOf('parley-events', event, 2);
    await consumeBatch(second, env, [flaky]);
    const r2 = await getQueueResult(second, createExecutionContext());
    expect(r2.explicitAcks).toHaveLength(1);
    expect(await effectCount(event.id, 'flaky')).toBe(1);
    const cleared = await withDb(({ db }) => db.select().from(failedEvents).where(eq(failedEvents.eventId, event.id)));
    expect(cleared).toEqual([]);
  });

  it('takes a pack of events as the relay sends them: retries the message whole when one fails, applies each once, dead-letters each', async () => {
    const { projectId } = await tenant();
    const events = [outboxEvent(projectId), outboxEvent(projectId), outboxEvent(projectId)];
    const [, poison] = events;
    let failures = 1;
    const name = `pack-${rand()}`;
    const handler: EventHandler = {
      name,
      handles: () => true,
      async apply(tx, group) {
        for (const event of group) {
          await tx.execute(sql`insert into test_effects (event_id, handler) values (${event.id}, ${name})`);
          if (event.id === poison?.id && failures-- > 0) throw new Error('injected failure in a pack');
        }
        return undefined;
      },
    };
    const packOf = (queue: string, attempts: number) =>
      createMessageBatch<QueueMessage>(queue, [
        { id: `pack-${attempts}`, timestamp: new Date(), attempts, body: { kind: 'events', events } },
      ]);

    const first = packOf('parley-events', 1);
    await consumeBatch(first, env, [handler]);
    const r1 = await getQueueResult(first, createExecutionContext());
    expect(r1.retryMessages.map((m) => m.msgId)).toEqual(['pack-1']);
    expect(r1.explicitAcks).toEqual([]);
    expect(await Promise.all(events.map((e) => effectCount(e.id, name)))).toEqual([1, 0, 1]);
    const failed = await withDb(({ db }) =>
      db.select({ id: failedEvents.eventId }).from(failedEvents).where(eq(failedEvents.projectId, projectId)),
    );
    expect(failed.map((f) => f.id)).toEqual([poison?.id]);

    const second = packOf('parley-events', 2);
    await consumeBatch(second, env, [handler]);
    const r2 = await getQueueResult(second, createExecutionContext());
    expect(r2.explicitAcks).toEqual(['pack-2']);
    expect(await Promise.all(events.map((e) => effectCount(e.id, name)))).toEqual([1, 1, 1]);
    expect(
      await withDb(({ db }) => db.select().from(failedEvents).where(eq(failedEvents.projectId, projectId))),
    ).toEqual([]);

    // A pack that reaches the dead-letter queue: every event in it is recorded, dead-lettered.
    await consumeBatch(packOf('parley-events-dlq', 6), env, [handler]);
    const dead = await withDb(({ db }) =>
      db
        .select({ id: failedEvents.eventId, at: failedEvents.deadLetteredAt })
        .from(failedEvents)
        .where(eq(failedEvents.projectId, projectId)),
    );
    expect(new Set(dead.map((d) => d.id))).toEqual(new Set(events.map((e) => e.id)));
    expect(dead.every((d) => d.at !== null)).toBe(true);
  });

  it('applies an event delivered twice only once', async () => {
    const { projectId } = await tenant();
    const event = outboxEvent(projectId);
    const handler = countingHandler('twice');
    await consumeBatch(batchOf('parley-events', event), env, [handler]);
    await consumeBatch(batchOf('parley-events', event), env, [handler]);
    await consumeBatch(
      createMessageBatch<QueueMessage>('parley-events', [
        { id: 'a', timestamp: new Date(), attempts: 1, body: { kind: 'event', event } },
        { id: 'b', timestamp: new Date(), attempts: 1, body: { kind: 'event', event } },
      ]),
      env,
      [handler],
    );
    expect(await effectCount(event.id, 'twice')).toBe(1);
  });

  it('records poison events moved to the dead-letter queue, shows them to Managers only, and replays them', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const agent = await memberOf({ projectId }, 'agent');
    const event = outboxEvent(projectId);
    await consumeBatch(batchOf('parley-events', event, 5), env, [countingHandler('poison', 99)]);
    await consumeBatch(batchOf('parley-events-dlq', event, 6), env, [countingHandler('poison', 99)]);

    const res = await http('GET', `/api/projects/${projectId}/events/failed?deadOnly=true`, { token: manager.token });
    expect(res.status).toBe(200);
    const { events: failed } = await res.json<{
      events: { eventId: string; deadLetteredAt: string | null; lastError: string }[];
    }>();
    expect(failed.map((f) => f.eventId)).toEqual([event.id]);
    expect(failed[0]?.deadLetteredAt).not.toBeNull();

    expect((await http('GET', `/api/projects/${projectId}/events/failed`, { token: agent.token })).status).toBe(403);
    const other = await tenant();
    const stranger = await memberOf(other, 'manager');
    const replayPath = `/api/projects/${projectId}/events/failed/${event.id}/replay`;
    expect((await http('POST', replayPath, { token: stranger.token })).status).toBe(404);
    expect((await http('POST', replayPath, { token: manager.token })).status).toBe(202);
  });

  it('records a notification.due moved to the dead-letter queue once per notification, and replays it', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const notification = {
      kind: 'agent_activity' as const,
      projectId,
      conversationId: crypto.randomUUID(),
      recipientId: manager.userId,
    };
    const deadCopy = () =>
      createMessageBatch<QueueMessage>('parley-events-dlq', [
        {
          id: crypto.randomUUID(),
          timestamp: new Date(),
          attempts: 6,
          body: { kind: 'notification.due', notification },
        },
      ]);
    // Two copies of the same notification dead-lettered: one row.
    await consumeBatch(deadCopy(), env, []);
    await consumeBatch(deadCopy(), env, []);
    const listed = async () => {
      const res = await http('GET', `/api/projects/${projectId}/events/failed?deadOnly=true`, { token: manager.token });
      expect(res.status).toBe(200);
      return (await res.json<{ events: { eventId: string; type: string; deadLetteredAt: string | null }[] }>()).events;
    };
    const failed = await listed();
    const eventId = await notificationFailureId(notification);
    expect(failed).toEqual([expect.objectContaining({ eventId, type: 'notification.due' })]);
    expect(failed[0]?.deadLetteredAt).not.toBeNull();
    // Replayed: the same message goes back on the Queue; handled, it clears its row.
    const replay = await http('POST', `/api/projects/${projectId}/events/failed/${eventId}/replay`, {
      token: manager.token,
    });
    expect(replay.status).toBe(202);
    await eventually(async () => ((await listed()).length === 0 ? true : undefined));
    const left = await withDb(({ db }) => db.select().from(failedEvents).where(eq(failedEvents.eventId, eventId)));
    expect(left).toEqual([]);
  });

  it('drops a malformed message instead of retrying it forever', async () => {
    const batch = createMessageBatch('parley-events', [
      { id: 'junk', timestamp: new Date(), attempts: 1, body: { hello: 1 } },
    ]);
    await consumeBatch(batch, env, []);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(['junk']);
  });
});

describe('webhooks', () => {
  it('delivers to an endpoint that fails twice then recovers, with a signature that verifies', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const hook = `recover-${projectId}`;
    const created = await http('POST', `/api/projects/${projectId}/webhooks`, {
      token: manager.token,
      json: { url: `${receiver}/hooks/${hook}?fail=2`, eventTypes: ['conversation.created'] },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = await created.json<{ endpoint: { id: string }; secret: string }>();
    const [ignored, wanted] = [events(projectId, 1, 'message.created'), events(projectId, 1, 'conversation.created')];
    await insertOutbox([...(ignored ?? []), ...(wanted ?? [])]);
    await sweep(env);

    const [delivery] = await eventually(async () => {
      const rows = await deliveriesFor(endpoint.id);
      return rows[0]?.status === 'succeeded' ? rows : undefined;
    }, 20_000);
    expect(delivery?.attempts).toBe(3);
    expect(delivery?.responseCode).toBe(200);
    const got = await receivedAt(hook);
    expect(got.map((h) => h.status)).toEqual([500, 500, 200]);
    const ok = got[2];
    if (!ok) throw new Error('no successful delivery recorded');
    expect(JSON.parse(ok.body)).toMatchObject({ type: 'conversation.created', projectId });
    const header = ok.headers['parley-signature'] ?? '';
    expect(await verifyWebhook(secret, ok.body, header, Math.floor(Date.now() / 1000))).toBe(true);
    expect(await verifyWebhook('whsec_wrong', ok.body, header, Math.floor(Date.now() / 1000))).toBe(false);

    const log = await http('GET', `/api/projects/${projectId}/webhooks/${endpoint.id}/deliveries`, {
      token: manager.token,
    });
    const { deliveries } = await log.json<{ deliveries: { status: string; attempts: number }[] }>();
    expect(deliveries).toMatchObject([{ status: 'succeeded', attempts: 3 }]);
  });

  it('pages the delivery log through deliveries made in one transaction, without gaps or repeats', async () => {
    // The consumer records a batch's deliveries in one transaction: they share its now() to the
    // microsecond. A timestamp-only cursor skipped every one after the first page.
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const { endpoint } = await registerEndpoint(projectId, manager.token, `log-${projectId}`);
    const made = await withDb(({ db }) =>
      db
        .insert(webhookDeliveries)
        .values(
          Array.from({ length: 5 }, (_, i) => ({
            projectId,
            endpointId: endpoint.id,
            eventId: crypto.randomUUID(),
            eventType: 'conversation.created',
            body: `{"n":${i}}`,
            status: 'succeeded' as const,
            attempts: 1,
          })),
        )
        .returning({ id: webhookDeliveries.id }),
    );
    const base = `/api/projects/${projectId}/webhooks/${endpoint.id}/deliveries`;
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const res = await http('GET', `${base}?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`, {
        token: manager.token,
      });
      expect(res.status).toBe(200);
      const page = await res.json<{ deliveries: { id: string }[]; nextCursor: string | null }>();
      seen.push(...page.deliveries.map((d) => d.id));
      before = page.nextCursor;
    } while (before);
    expect(seen).toEqual(
      made
        .map((d) => d.id)
        .sort()
        .reverse(),
    );
    // A plain timestamp still works as `before`: everything older than it.
    const older = await http('GET', `${base}?before=2000-01-01T00:00:00Z`, { token: manager.token });
    expect((await older.json<{ deliveries: unknown[] }>()).deliveries).toEqual([]);
    const bad = await http('GET', `${base}?before=yesterday`, { token: manager.token });
    expect(bad.status).toBe(400);
  });

  it('disables an endpoint after repeated failures and stops delivering to it', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const { endpoint } = await registerEndpoint(projectId, manager.token, `dead-${projectId}`);
    await withDb(({ db }) =>
      db
        .update(webhookEndpoints)
        .set({ url: `${receiver}/hooks/dead-${projectId}?fail=1000` })
        .where(eq(webhookEndpoints.id, endpoint.id)),
    );
    const settings = { ...eventSettings(env), webhookDisableAfter: 2, webhookRetrySchedule: [0, 0, 0, 0] };
    const queued: unknown[] = [];
    const queue = { send: async (m: unknown) => void queued.push(m) } as unknown as Queue<QueueMessage>;
    const ids = await withDb(async ({ db }) => {
      const rows = await db
        .insert(webhookDeliveries)
        .values(
          [1, 2, 3].map(() => ({
            projectId,
            endpointId: endpoint.id,
            eventId: crypto.randomUUID(),
            eventType: 'message.created',
            body: '{}',
          })),
        )
        .returning({ id: webhookDeliveries.id });
      return rows.map((r) => r.id);
    });
    const outcomes = await withDb(async ({ db }) => {
      const out: string[] = [];
      for (const id of ids) out.push(await attemptDelivery({ db, config: config(), settings, queue }, id));
      return out;
    });
    expect(outcomes).toEqual(['retrying', 'retrying', 'failed']);
    const [row] = await withDb(({ db }) =>
      db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
    );
    expect(row?.enabled).toBe(false);
    expect(row?.disabledReason).toContain('2 consecutive');
  });

  it('stores the signing secret encrypted and never returns it after creation', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const { endpoint, secret } = await registerEndpoint(projectId, manager.token, `secret-${projectId}`);
    const [row] = await withDb(({ db }) =>
      db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
    );
    expect(row?.secret).toMatch(/^enc1:/);
    expect(row?.secret).not.toContain(secret.slice(6));
    const list = await (await http('GET', `/api/projects/${projectId}/webhooks`, { token: manager.token })).text();
    expect(list).not.toContain(secret);
    expect(list).not.toContain('enc1:');
  });

  it('guards every webhook route: 401, 403 for Agents, 404 across tenants, 400 for bad input', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const agent = await memberOf({ projectId }, 'agent');
    const { endpoint } = await registerEndpoint(projectId, manager.token, `guard-${projectId}`);
    const other = await tenant();
    const stranger = await memberOf(other, 'manager');
    const base = `/api/projects/${projectId}/webhooks`;
    const routes: [string, string, unknown?][] = [
      ['GET', base],
      ['POST', base, { url: `${receiver}/hooks/x` }],
      ['PATCH', `${base}/${endpoint.id}`, { enabled: false }],
      ['DELETE', `${base}/${endpoint.id}`],
      ['POST', `${base}/${endpoint.id}/rotate-secret`],
      ['GET', `${base}/${endpoint.id}/deliveries`],
      ['GET', `/api/projects/${projectId}/events/failed`],
    ];
    for (const [method, path, json] of routes) {
      expect((await http(method, path, { json })).status, `${method} ${path} without token`).toBe(401);
      expect((await http(method, path, { json, token: agent.token })).status, `${method} ${path} as agent`).toBe(403);
      expect((await http(method, path, { json, token: stranger.token })).status, `${method} ${path} other tenant`).toBe(
        404,
      );
    }
    const bad = await http('POST', base, { token: manager.token, json: { url: 'ftp://example.com' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_webhook_url' } });
    const badType = await http('POST', base, {
      token: manager.token,
      json: { url: `${receiver}/x`, eventTypes: ['nope'] },
    });
    expect(badType.status).toBe(400);
    expect(await badType.json()).toMatchObject({ error: { code: 'invalid_request' } });
    const notJson = await http('POST', base, {
      token: manager.token,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    // Nothing was created by the rejected requests.
    const [{ n } = { n: -1 }] = (
      await withDb(({ db }) =>
        db.execute<{ n: number }>(
          sql`select count(*)::int as n from webhook_endpoints where project_id = ${projectId}`,
        ),
      )
    ).rows;
    expect(n).toBe(1);
    const unknown = await http('GET', `${base}/${crypto.randomUUID()}/deliveries`, { token: manager.token });
    expect(unknown.status).toBe(404);
  });
});

describe('volume', () => {
  it('takes 1,000 events from the outbox to their effect exactly once each', async () => {
    const { projectId } = await tenant();
    const manager = await memberOf({ projectId }, 'manager');
    const { endpoint } = await registerEndpoint(projectId, manager.token, `volume-${projectId}`);
    const ids = await insertOutbox(events(projectId, 1000));
    await sweep(env);
    await eventually(
      async () => {
        const r = await withDb(({ db }) =>
          db.execute<{ n: number }>(
            sql`select count(*)::int as n from webhook_deliveries where endpoint_id = ${endpoint.id} and status = 'succeeded'`,
          ),
        );
        return (r.rows[0]?.n ?? 0) >= 1000 ? true : undefined;
      },
      150_000,
      500,
    );
    const stats = await withDb(async ({ db }) => {
      const r = await db.execute<{ total: number; distinct_events: number }>(
        sql`select count(*)::int as total, count(distinct event_id)::int as distinct_events from webhook_deliveries where endpoint_id = ${endpoint.id}`,
      );
      const markers = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(processedEvents)
        .where(and(eq(processedEvents.consumer, 'webhooks'), inArray(processedEvents.eventId, ids)));
      return { ...r.rows[0], markers: markers[0]?.n };
    });
    expect(stats).toEqual({ total: 1000, distinct_events: 1000, markers: 1000 });
  }, 180_000);
});
