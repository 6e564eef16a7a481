// Retention (worker/operations/retention.ts), run by the cron in bounded batches: a project's
// resolved conversations past its own period (off by default) are erased like any erasure; visitor
// context, audit events and the webhook delivery log are pruned after their periods; uploads whose
// message never committed lose their R2 object after an hour; expired exports go. One run deletes
// at most the batch per table, the right rows only, and nothing of projects without a period.
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../core/platform/secrets.ts';
import { endpointSecretContext } from '../worker/events/webhooks/deliver.ts';
import worker from '../worker/index.ts';
import { RETENTION_PERIODS, runRetention } from '../worker/operations/retention.ts';
import { config, sql } from './helpers/db.ts';
import { eventually } from './helpers/eventually.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { r2Keys, rowsContaining } from './helpers/privacy.ts';
import { type Member, memberOf, rand, scenario, type Tenant, tenant } from './helpers/tenant.ts';

const settingsPath = (projectId: string) => `/api/projects/${projectId}/conversation-settings`;
const BASE_SETTINGS = { autoAssign: 'off', attachmentMaxBytes: 1_048_576, attachmentTypes: ['image/png'] };

async function visitorIn(projectId: string): Promise<string> {
  const [row] = await sql<{ id: string }>('insert into visitors (project_id) values ($1) returning id', [projectId]);
  if (!row) throw new Error('no visitor');
  return row.id;
}

/** A conversation with one message carrying `marker`, in `status`, last changed `daysAgo`. */
async function conversationIn(projectId: string, status: string, daysAgo: number, marker: string): Promise<string> {
  const visitorId = await visitorIn(projectId);
  const [row] = await sql<{ id: string }>(
    `insert into conversations (project_id, visitor_id, status, last_seq, updated_at, last_activity_at)
     values ($1, $2, $3, 1, now() - make_interval(days => $4::int), now() - make_interval(days => $4::int)) returning id`,
    [projectId, visitorId, status, daysAgo],
  );
  if (!row) throw new Error('no conversation');
  await sql(
    `insert into messages (id, conversation_id, project_id, seq, author_kind, author_id, body)
     values (gen_random_uuid(), $1, $2, 1, 'visitor', $3, $4)`,
    [row.id, projectId, visitorId, `${marker} ${row.id}`],
  );
  return row.id;
}

const existing = async (ids: string[]) =>
  (await sql<{ id: string }>('select id from conversations where id = any($1::uuid[])', [ids])).map((r) => r.id);

describe('the project setting', () => {
  let project: Tenant;
  let manager: Member;
  beforeAll(async () => {
    project = await tenant();
    manager = await memberOf(project, 'manager');
  });

  it('is off by default, set and cleared by Managers through the conversation settings, kept when not sent', async () => {
    const read = async () =>
      (
        await httpJson<{ settings: { resolvedRetentionDays: number | null } }>('GET', settingsPath(project.projectId), {
          token: manager.token,
        })
      ).body.settings.resolvedRetentionDays;
    expect(await read()).toBeNull();
    const put = (extra: Record<string, unknown>) =>
      httpJson('PUT', settingsPath(project.projectId), { token: manager.token, json: { ...BASE_SETTINGS, ...extra } });
    expect((await put({ resolvedRetentionDays: 30 })).body).toMatchObject({ settings: { resolvedRetentionDays: 30 } });
    expect((await put({})).status).toBe(200);
    expect(await read()).toBe(30);
    for (const bad of [0, 3651, 1.5, '30']) {
      await expectError(
        http('PUT', settingsPath(project.projectId), {
          token: manager.token,
          json: { ...BASE_SETTINGS, resolvedRetentionDays: bad },
        }),
        400,
        'invalid_request',
      );
    }
    await put({ resolvedRetentionDays: null });
    expect(await read()).toBeNull();
  });
});

describe('resolved conversations past their project’s period', () => {
  it('are erased a batch at a time, oldest first, only where the project set a period', async () => {
    const withPeriod = await tenant();
    const without = await tenant();
    const recentOnly = await tenant();
    for (const p of [withPeriod, recentOnly]) {
      const manager = await memberOf(p, 'manager');
      const res = await http('PUT', settingsPath(p.projectId), {
        token: manager.token,
        json: { ...BASE_SETTINGS, resolvedRetentionDays: 30 },
      });
      expect(res.status).toBe(200);
    }
    const marker = `ret${rand()}${rand()}`;
    const old: string[] = [];
    for (let i = 0; i < 7; i++) old.push(await conversationIn(withPeriod.projectId, 'resolved', 40 + i, marker));
    const openOld = await conversationIn(withPeriod.projectId, 'open', 60, marker);
    const resolvedRecently = await conversationIn(withPeriod.projectId, 'resolved', 10, marker);
    const elsewhere = [
      await conversationIn(without.projectId, 'resolved', 400, marker),
      await conversationIn(without.projectId, 'resolved', 40, marker),
    ];
    const recent = await conversationIn(recentOnly.projectId, 'resolved', 5, marker);
    const oldest = old.slice(2); // updated 42–46 days ago
    const key = `projects/${withPeriod.projectId}/conversations/${old[6]}/file`;
    await env.ATTACHMENTS.put(key, 'bytes');

    const first = await runRetention(env, { batch: 5 });
    expect(first.resolvedConversations).toBe(5);
    expect(await existing(oldest)).toEqual([]);
    expect((await existing(old)).sort()).toEqual(old.slice(0, 2).sort());
    expect((await existing([openOld, resolvedRecently, ...elsewhere, recent])).length).toBe(5);
    expect(await r2Keys(key)).toEqual([]);
    for (const id of oldest) expect(await rowsContaining(`${marker} ${id}`)).toEqual({});
    const events = await sql<{ payload: { reason: string; by: unknown } }>(
      `select payload from outbox_events where project_id = $1 and type = 'conversation.erased'`,
      [withPeriod.projectId],
    );
    expect(events).toHaveLength(5);
    expect(events[0]?.payload).toMatchObject({ reason: 'retention', by: { kind: 'system' } });
    const audit = await sql<{ actor_id: string | null; data: unknown }>(
      `select actor_id, data from audit_events where project_id = $1 and type = 'conversation.erased'`,
      [withPeriod.projectId],
    );
    expect(audit).toEqual([{ actor_id: null, data: { reason: 'retention', conversations: 5 } }]);

    expect((await runRetention(env, { batch: 5 })).resolvedConversations).toBe(2);
    expect(await existing(old)).toEqual([]);
    expect((await runRetention(env, { batch: 5 })).resolvedConversations).toBe(0);
    expect((await existing([openOld, resolvedRecently, ...elsewhere, recent])).length).toBe(5);
  });
});

describe('pruning after their own periods', () => {
  it('visitor context, audit events and the delivery log: at most the batch per run, the old rows only', async () => {
    const project = await tenant();
    const { projectId } = project;
    const { visitorContextDays, auditEventDays, webhookDeliveryDays } = RETENTION_PERIODS;
    const contexts: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = await visitorIn(projectId);
      contexts.push(id);
      await sql(
        `insert into visitor_contexts (visitor_id, project_id, page_title, updated_at)
         values ($1, $2, 'old page', now() - make_interval(days => $3::int))`,
        [id, projectId, visitorContextDays + 1 + i],
      );
    }
    const freshContext = await visitorIn(projectId);
    await sql(
      `insert into visitor_contexts (visitor_id, project_id, page_title, updated_at)
       values ($1, $2, 'recent page', now() - make_interval(days => $3::int))`,
      [freshContext, projectId, visitorContextDays - 1],
    );
    for (let i = 0; i < 7; i++) {
      await sql(
        `insert into audit_events (project_id, type, created_at) values ($1, 'auth.signed_in', now() - make_interval(days => $2::int))`,
        [projectId, auditEventDays + 1 + i],
      );
    }
    await sql(
      `insert into audit_events (project_id, type, created_at) values ($1, 'auth.signed_out', now() - make_interval(days => $2::int))`,
      [projectId, auditEventDays - 1],
    );
    // A real ciphertext: the key-rotation job reads every endpoint's secret.
    const endpointId = crypto.randomUUID();
    const secret = await encryptSecret(config().ENCRYPTION_KEYS, 'whsec_retention', endpointSecretContext(endpointId));
    const [endpoint] = await sql<{ id: string }>(
      `insert into webhook_endpoints (id, project_id, url, secret) values ($1, $2, 'https://hooks.test/x', $3) returning id`,
      [endpointId, projectId, secret],
    );
    const delivery = (status: string, days: number) =>
      sql(
        // Never due: the cron's sweep must not try to send these.
        `insert into webhook_deliveries (project_id, endpoint_id, event_id, event_type, body, status, created_at, next_attempt_at)
         values ($1, $2, gen_random_uuid(), 'message.created', '{}', $3, now() - make_interval(days => $4::int), now() + interval '1 day')`,
        [projectId, endpoint?.id, status, days],
      );
    for (let i = 0; i < 7; i++) await delivery(i % 2 ? 'succeeded' : 'failed', webhookDeliveryDays + 1 + i);
    await delivery('pending', webhookDeliveryDays + 5);
    await delivery('succeeded', webhookDeliveryDays - 1);

    const count = async () => {
      const [row] = await sql<{ contexts: number; audit: number; deliveries: number }>(
        `select (select count(*)::int from visitor_contexts where project_id = $1) as contexts,
                (select count(*)::int from audit_events where project_id = $1) as audit,
                (select count(*)::int from webhook_deliveries where project_id = $1) as deliveries`,
        [projectId],
      );
      return row;
    };
    expect(await count()).toEqual({ contexts: 8, audit: 8, deliveries: 9 });
    const first = await runRetention(env, { batch: 5 });
    expect(first).toMatchObject({ visitorContexts: 5, auditEvents: 5, webhookDeliveries: 5 });
    expect(await count()).toEqual({ contexts: 3, audit: 3, deliveries: 4 });
    await runRetention(env, { batch: 5 });
    expect(await count()).toEqual({ contexts: 1, audit: 1, deliveries: 2 });
    // What is left: the recent rows and the pending delivery.
    expect(await sql('select page_title from visitor_contexts where project_id = $1', [projectId])).toEqual([
      { page_title: 'recent page' },
    ]);
    expect(await sql('select type from audit_events where project_id = $1', [projectId])).toEqual([
      { type: 'auth.signed_out' },
    ]);
    const statuses = await sql<{ status: string }>(
      'select status from webhook_deliveries where project_id = $1 order by status',
      [projectId],
    );
    expect(statuses.map((s) => s.status)).toEqual(['pending', 'succeeded']);
  });
});

describe('uploads and exports', () => {
  it('deletes the object of an upload whose message never committed, after an hour, and nothing else', async () => {
    const { project, visitor, conversationId } = await scenario();
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])], 'a.png'));
    form.set('clientId', `f-${rand()}`);
    const sent = await http('POST', `/api/widget/conversations/${conversationId}/attachments`, {
      token: visitor.token,
      body: form,
    });
    expect(sent.status).toBe(201);
    // A committed upload leaves no record behind.
    expect(await sql('select key from attachment_uploads where conversation_id = $1', [conversationId])).toEqual([]);
    const prefix = `projects/${project.projectId}/conversations/${conversationId}/`;
    const [committed] = await r2Keys(prefix);
    const orphan = `${prefix}orphan-${rand()}`;
    const young = `${prefix}young-${rand()}`;
    for (const key of [orphan, young]) await env.ATTACHMENTS.put(key, 'never sent');
    const record = (key: string, minutes: number) =>
      sql(
        `insert into attachment_uploads (key, project_id, conversation_id, created_at)
         values ($1, $2, $3, now() - make_interval(mins => $4::int))`,
        [key, project.projectId, conversationId, minutes],
      );
    await record(orphan, 90);
    await record(young, 10);
    // As if the request had died after the commit, before forgetting its record.
    await record(committed ?? '', 90);

    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env);
    expect((await r2Keys(prefix)).sort()).toEqual([committed, young].sort());
    const left = await sql<{ key: string }>('select key from attachment_uploads where conversation_id = $1', [
      conversationId,
    ]);
    expect(left.map((r) => r.key)).toEqual([young]);
  });

  it('deletes expired exports with their archive, and queues again an export whose build was lost', async () => {
    const { project } = await scenario();
    const key = `projects/${project.projectId}/exports/expired-${rand()}.json`;
    await env.ATTACHMENTS.put(key, '{}');
    const [expired] = await sql<{ id: string }>(
      `insert into data_exports (project_id, scope, status, object_key, size, expires_at)
       values ($1, 'project', 'ready', $2, 2, now() - interval '1 minute') returning id`,
      [project.projectId, key],
    );
    const [lost] = await sql<{ id: string }>(
      `insert into data_exports (project_id, scope, created_at, expires_at)
       values ($1, 'project', now() - interval '20 minutes', now() + interval '7 days') returning id`,
      [project.projectId],
    );
    const result = await runRetention(env, { batch: 5 });
    expect(result.expiredExports).toBeGreaterThanOrEqual(1);
    expect(await r2Keys(key)).toEqual([]);
    expect(await sql('select id from data_exports where id = $1', [expired?.id])).toEqual([]);
    await eventually(async () => {
      const [row] = await sql<{ status: string }>('select status from data_exports where id = $1', [lost?.id]);
      return row?.status === 'ready' ? true : undefined;
    });
  });
});
