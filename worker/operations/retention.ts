// Retention, run by the cron after the sweep (worker/index.ts), in bounded batches — at most
// `batch` rows per table per run, so a backlog drains over a few minutes and never makes one run
// long (docs/DATABASE_AND_EVENTS.md, "Retention"):
// - a project's resolved conversations untouched for its `resolvedRetentionDays` (conversation
//   settings; null = kept, the default) are erased like a Manager's erasure, reason `retention`;
// - visitor context, audit events and the webhook delivery log go after their own periods;
// - uploads whose message never committed lose their R2 object after an hour;
// - exports go when they expire; one whose build message was lost is queued again;
// - erasure work left over (R2, rooms) is retried, and erased projects' tombstones removed.
// Each step stands alone: one failing is logged (by class) and the others still run.
import { inArray, sql } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { attachmentUploads, dataExports } from '../../drizzle/schema/privacy.ts';
import { eraseConversations, finalizeErasedProjects } from '../privacy/erasure.ts';
import { EXPORT_MAX_ATTEMPTS } from '../privacy/export.ts';
import { runErasureTasks } from '../privacy/storage.ts';

/** Rows per table per run. */
export const RETENTION_BATCH = 500;

/** The periods that are not a project's choice (documented defaults). */
export const RETENTION_PERIODS = {
  /** The page, title, referrer and browser last reported by a visitor's widget. */
  visitorContextDays: 90,
  /** The security audit log. */
  auditEventDays: 365,
  /** Finished webhook deliveries (their exact bodies); pending ones stay until they finish. */
  webhookDeliveryDays: 30,
  /** How long an upload may wait for its message before its object counts as orphaned. */
  orphanUploadMinutes: 60,
  /** A pending export older than this was probably never queued: it is queued again. */
  lostExportMinutes: 10,
} as const;

/** Erasure tasks retried per run (each: up to 100 rooms and a few R2 pages). */
const ERASURE_TASKS_PER_RUN = 10;

export interface RetentionResult {
  resolvedConversations: number;
  visitorContexts: number;
  auditEvents: number;
  webhookDeliveries: number;
  orphanUploads: number;
  expiredExports: number;
  requeuedExports: number;
  erasureTasks: number;
  erasedProjects: number;
}

interface Deps {
  db: Db;
  env: Env;
  batch: number;
}

/** The oldest resolved conversations past their project's period, at most `batch`, erased per project. */
async function resolvedConversations({ db, env, batch }: Deps): Promise<number> {
  const due = await db.execute<{ id: string; project_id: string }>(sql`
    select c.id, c.project_id from conversation_settings s
      cross join lateral (
        select id, project_id, updated_at from conversations
         where project_id = s.project_id and status = 'resolved'
           and updated_at < now() - make_interval(days => s.resolved_retention_days)
         order by updated_at limit ${batch}) c
     where s.resolved_retention_days is not null
     order by c.updated_at limit ${batch}`);
  const byProject = Map.groupBy(due.rows, (r) => r.project_id);
  let erased = 0;
  for (const [projectId, rows] of byProject) {
    const done = await eraseConversations(db, {
      projectId,
      conversationIds: rows.map((r) => r.id),
      reason: 'retention',
      by: { kind: 'system' },
    });
    erased += done.conversationIds.length;
    await runErasureTasks(env, db, { ids: done.taskIds });
  }
  return erased;
}

async function prune(db: Db, table: 'visitor_contexts' | 'audit_events' | 'webhook_deliveries', batch: number) {
  const p = RETENTION_PERIODS;
  const statement = {
    visitor_contexts: sql`
      delete from visitor_contexts where visitor_id in (
        select visitor_id from visitor_contexts
         where updated_at < now() - make_interval(days => ${p.visitorContextDays}) limit ${batch})`,
    audit_events: sql`
      delete from audit_events where id in (
        select id from audit_events
         where created_at < now() - make_interval(days => ${p.auditEventDays}) limit ${batch})`,
    webhook_deliveries: sql`
      delete from webhook_deliveries where id in (
        select id from webhook_deliveries
         where created_at < now() - make_interval(days => ${p.webhookDeliveryDays}) and status <> 'pending'
         limit ${batch})`,
  }[table];
  return (await db.execute(statement)).rowCount ?? 0;
}

/** Uploads older than the wait: the object goes unless a message names it; the record goes either way. */
async function orphanUploads({ db, env, batch }: Deps): Promise<number> {
  const rows = await db.execute<{ key: string; committed: boolean }>(sql`
    select u.key,
           exists (select 1 from messages m where m.conversation_id = u.conversation_id and m.attachment_key = u.key)
             as committed
      from attachment_uploads u
     where u.created_at < now() - make_interval(mins => ${RETENTION_PERIODS.orphanUploadMinutes})
     order by u.created_at limit ${batch}`);
  if (rows.rows.length === 0) return 0;
  const orphans = rows.rows.filter((r) => !r.committed).map((r) => r.key);
  // The objects first: a run that dies here leaves the records, and the next run deletes again.
  if (orphans.length > 0) await env.ATTACHMENTS.delete(orphans);
  await db.delete(attachmentUploads).where(
    inArray(
      attachmentUploads.key,
      rows.rows.map((r) => r.key),
    ),
  );
  return orphans.length;
}

async function expiredExports({ db, env, batch }: Deps): Promise<number> {
  const due = await db.execute<{ id: string; object_key: string | null }>(sql`
    select id, object_key from data_exports where expires_at < now() order by expires_at limit ${batch}`);
  if (due.rows.length === 0) return 0;
  const keys = due.rows.flatMap((r) => (r.object_key ? [r.object_key] : []));
  if (keys.length > 0) await env.ATTACHMENTS.delete(keys);
  const ids = due.rows.map((r) => r.id);
  await db.delete(dataExports).where(inArray(dataExports.id, ids));
  return ids.length;
}

/** Pending exports whose build never started (a lost Queue message): queued again, or failed after the attempts. */
async function lostExports({ db, env }: Deps): Promise<number> {
  const stale = await db.execute<{ id: string; attempts: number }>(sql`
    select id, attempts from data_exports
     where status = 'pending' and created_at < now() - make_interval(mins => ${RETENTION_PERIODS.lostExportMinutes})
     order by created_at limit 20`);
  const queue = env.EVENTS as Queue<QueueMessage>;
  let queued = 0;
  for (const { id, attempts } of stale.rows) {
    if (attempts >= EXPORT_MAX_ATTEMPTS) {
      await db.execute(sql`
        update data_exports set status = 'failed', error = 'internal', completed_at = now()
         where id = ${id} and status = 'pending'`);
    } else {
      await queue.send({ kind: 'export', exportId: id }, { contentType: 'json' });
      queued++;
    }
  }
  return queued;
}

/** One run; `batch` bounds each table (tests make it small). */
export async function runRetention(env: Env, options: { batch?: number } = {}): Promise<RetentionResult> {
  const batch = options.batch ?? RETENTION_BATCH;
  const conn = await connectDb(readConfig(env));
  const deps: Deps = { db: conn.db, env, batch };
  const step = async (name: string, fn: () => Promise<number>): Promise<number> => {
    try {
      return await fn();
    } catch (err) {
      log.error('retention step failed', { task: name, ...errorFields(err) });
      return 0;
    }
  };
  try {
    return {
      resolvedConversations: await step('resolved conversations', () => resolvedConversations(deps)),
      visitorContexts: await step('visitor contexts', () => prune(conn.db, 'visitor_contexts', batch)),
      auditEvents: await step('audit events', () => prune(conn.db, 'audit_events', batch)),
      webhookDeliveries: await step('webhook deliveries', () => prune(conn.db, 'webhook_deliveries', batch)),
      orphanUploads: await step('orphan uploads', () => orphanUploads(deps)),
      expiredExports: await step('expired exports', () => expiredExports(deps)),
      requeuedExports: await step('lost exports', () => lostExports(deps)),
      erasureTasks: await step('erasure tasks', () => runErasureTasks(env, conn.db, { limit: ERASURE_TASKS_PER_RUN })),
      erasedProjects: await step('erased projects', () => finalizeErasedProjects(conn.db, batch)),
    };
  } finally {
    await conn.close();
  }
}
