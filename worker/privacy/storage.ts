// Erasure outside Postgres: the R2 objects (attachments, exports), each erased conversation's
// ConversationRoom (sockets closed, storage wiped) and the project's inbox. The work is written as
// erasure_tasks rows in the erasure's own transaction, so it cannot be forgotten: the request runs
// its tasks at once, and the cron runs again whatever failed or was left for later (bounded).

import { and, asc, inArray, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { erasureTasks } from '../../drizzle/schema/privacy.ts';
import { inboxFor, roomFor } from '../conversations/rooms.ts';
import { chunksOf } from '../lib/chunks.ts';

/** Rooms per task: the rooms of one task are erased in one run. */
export const ROOMS_PER_TASK = 100;
/** R2 list pages (1,000 keys each) per prefix per run; a larger prefix goes on at the next run. */
const PAGES_PER_RUN = 5;
/** Room RPCs in flight at once. */
const ROOM_CONCURRENCY = 10;
/** A claimed task is not claimed again for this long (a run that died gives it back then). */
const LEASE = sql.raw(`interval '5 minutes'`);

export const attachmentPrefix = (projectId: string, conversationId: string) =>
  `projects/${projectId}/conversations/${conversationId}/`;
export const projectPrefix = (projectId: string) => `projects/${projectId}/`;

export interface ErasureWork {
  projectId: string;
  /** Their rooms are erased and their attachment prefixes deleted. */
  conversationIds: readonly string[];
  /** Other R2 prefixes or keys (exports, the whole project). */
  prefixes?: readonly string[];
  /** Wipe the project's inbox (project erasure); otherwise it only forgets the conversations. */
  eraseInbox?: boolean;
}

/** Records the work in the erasure's transaction, a task per ROOMS_PER_TASK rooms; returns the task ids. */
export async function recordErasureWork(tx: Tx, work: ErasureWork): Promise<string[]> {
  const chunks = chunksOf(work.conversationIds, ROOMS_PER_TASK);
  if (chunks.length === 0) chunks.push([]);
  const rows = chunks.map((ids, i) => ({
    projectId: work.projectId,
    conversationIds: ids,
    prefixes: [...ids.map((id) => attachmentPrefix(work.projectId, id)), ...(i === 0 ? (work.prefixes ?? []) : [])],
    eraseInbox: i === 0 && work.eraseInbox === true,
  }));
  const created = await tx.insert(erasureTasks).values(rows).returning({ id: erasureTasks.id });
  return created.map((r) => r.id);
}

type Task = typeof erasureTasks.$inferSelect;

/** Deletes up to `pages` pages of objects under `prefix`; true when none is left. */
async function deletePrefix(bucket: R2Bucket, prefix: string, pages: number): Promise<boolean> {
  for (let page = 0; page < pages; page++) {
    const listed = await bucket.list({ prefix, limit: 1000 });
    const keys = listed.objects.map((o) => o.key);
    if (keys.length > 0) await bucket.delete(keys);
    if (!listed.truncated) return true;
  }
  return false;
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (const batch of chunksOf(items, size)) {
    const results = await Promise.allSettled(batch.map(fn));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** One task's work; false when an R2 prefix has more left than one run deletes. */
async function perform(env: Env, task: Task): Promise<boolean> {
  // Rooms first: their sockets close before anything else goes.
  await inBatches(task.conversationIds, ROOM_CONCURRENCY, (id) => roomFor(env, id).erase());
  const inbox = inboxFor(env, task.projectId);
  if (task.eraseInbox) await inbox.erase();
  else if (task.conversationIds.length > 0) await inbox.conversationsErased(task.conversationIds);
  let finished = true;
  for (const prefix of task.prefixes) {
    if (!(await deletePrefix(env.ATTACHMENTS, prefix, PAGES_PER_RUN))) finished = false;
  }
  return finished;
}

/** Seconds before a failed task is tried again: 30 s doubling, at most an hour. It is never dropped. */
const backoffSeconds = (attempts: number) => Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);

/**
 * Runs tasks: these (the request's own), or up to `limit` due ones (the cron). Each is claimed
 * with a lease first, so two runners never work on it at once. Returns how many finished.
 */
export async function runErasureTasks(
  env: Env,
  db: Db,
  which: { ids: readonly string[] } | { limit: number },
): Promise<number> {
  if ('ids' in which && which.ids.length === 0) return 0;
  const due = db
    .select({ id: erasureTasks.id })
    .from(erasureTasks)
    .where(
      'ids' in which
        ? and(inArray(erasureTasks.id, [...which.ids]), lte(erasureTasks.nextAttemptAt, sql`now()`))
        : lte(erasureTasks.nextAttemptAt, sql`now()`),
    )
    .orderBy(asc(erasureTasks.nextAttemptAt))
    .limit('ids' in which ? which.ids.length : which.limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(erasureTasks)
    .set({ nextAttemptAt: sql`now() + ${LEASE}`, attempts: sql`${erasureTasks.attempts} + 1` })
    .where(inArray(erasureTasks.id, due))
    .returning();
  let finished = 0;
  for (const task of claimed) {
    try {
      if (await perform(env, task)) {
        await db.delete(erasureTasks).where(inArray(erasureTasks.id, [task.id]));
        finished++;
      } else {
        await db
          .update(erasureTasks)
          .set({ nextAttemptAt: sql`now()` })
          .where(inArray(erasureTasks.id, [task.id]));
      }
    } catch (err) {
      log.error('erasure task failed', { task: 'erasure', attempt: task.attempts, ...errorFields(err) });
      await db
        .update(erasureTasks)
        .set({
          lastError: (err instanceof Error ? err.name : 'unknown').slice(0, 100),
          nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(task.attempts)})`,
        })
        .where(inArray(erasureTasks.id, [task.id]));
    }
  }
  return finished;
}
