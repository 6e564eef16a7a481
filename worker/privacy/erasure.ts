// Erasure (ARCHITECTURE invariant 11): a visitor with all their conversations, one or more
// conversations, or a whole project. One transaction deletes the rows (the schema cascades from a
// visitor to their conversations, messages, read marks, context and pending uploads), the event
// data about them (event-data.ts), records what must go outside Postgres (storage.ts), writes the
// erasure event for webhooks and an audit row that says who erased what and when — ids only, never
// the content. After commit the caller runs the recorded storage work at once.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  type Actor,
  conversationErased,
  type EventDraft,
  type EventPayload,
  projectErased,
  visitorErased,
} from '../../contract/events.ts';
import { type NewEvent, type Tx, writeOutbox } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { randomToken } from '../../core/platform/tokens.ts';
import { auditEvents } from '../../drizzle/schema/auth.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { deleteContactIfEmpty } from '../contacts/link.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';
import { purgeEventData } from './event-data.ts';
import { projectPrefix, recordErasureWork } from './storage.ts';

/** Who asked: a Manager (their user id, where from), or the retention period (the system). */
export type Eraser = { kind: 'agent'; userId: string; info?: RequestInfo } | { kind: 'system' };

const actorOf = (by: Eraser): Actor => (by.kind === 'agent' ? { kind: 'agent', id: by.userId } : { kind: 'system' });
const actorIdOf = (by: Eraser) => (by.kind === 'agent' ? by.userId : null);

const outboxRow = (event: EventDraft, aggregateType: string, aggregateId: string, projectId: string): NewEvent => ({
  projectId,
  type: event.type,
  aggregateType,
  aggregateId,
  payload: event.payload,
});

/** What an erasure did: the storage tasks to run now (and the ids erased). */
export interface Erased {
  taskIds: string[];
  conversationIds: string[];
}

/** Erases the project's visitor and everything of theirs; null when the project has no such visitor. */
export async function eraseVisitor(
  db: Db,
  input: { projectId: string; visitorId: string; by: Eraser },
): Promise<Erased | null> {
  const { projectId, visitorId, by } = input;
  const erasedAt = new Date();
  return db.transaction(async (tx) => {
    const [visitor] = await tx
      .select({ id: visitors.id, contactId: visitors.contactId })
      .from(visitors)
      .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
      .for('update');
    if (!visitor) return null;
    const rows = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitorId), eq(conversations.projectId, projectId)))
      .orderBy(asc(conversations.id))
      .for('update');
    const conversationIds = rows.map((r) => r.id);
    await tx.delete(visitors).where(eq(visitors.id, visitorId));
    // Their contact holds copies of their name, email and attributes: it goes with its last visitor.
    if (visitor.contactId) await deleteContactIfEmpty(tx, projectId, visitor.contactId);
    const exportKeys = await purgeEventData(tx, {
      projectId,
      conversationIds,
      visitorIds: [visitorId],
      visitorsErased: true,
    });
    const taskIds = await recordErasureWork(tx, { projectId, conversationIds, prefixes: exportKeys });
    const event = visitorErased(projectId, visitorId, conversationIds, erasedAt, actorOf(by));
    await writeOutbox(tx, [outboxRow(event, 'visitor', visitorId, projectId)]);
    await auditProject(tx, {
      projectId,
      actorId: actorIdOf(by),
      type: 'visitor.erased',
      ...(by.kind === 'agent' && by.info ? { info: by.info } : {}),
      data: { visitorId, conversations: conversationIds.length },
    });
    return { taskIds, conversationIds };
  });
}

/**
 * Erases these conversations of the project (those that exist; the others are ignored), each
 * with a `conversation.erased` event. A Manager's request is audited per conversation; the
 * retention period's once per call, with the count.
 */
export async function eraseConversations(
  db: Db,
  input: {
    projectId: string;
    conversationIds: readonly string[];
    reason: EventPayload<'conversation.erased'>['reason'];
    by: Eraser;
  },
): Promise<Erased> {
  const { projectId, reason, by } = input;
  if (input.conversationIds.length === 0) return { taskIds: [], conversationIds: [] };
  const erasedAt = new Date();
  return db.transaction(async (tx: Tx) => {
    const rows = await tx
      .select({ id: conversations.id, visitorId: conversations.visitorId })
      .from(conversations)
      .where(and(eq(conversations.projectId, projectId), inArray(conversations.id, [...input.conversationIds])))
      .orderBy(asc(conversations.id))
      .for('update');
    if (rows.length === 0) return { taskIds: [], conversationIds: [] };
    const conversationIds = rows.map((r) => r.id);
    await tx.delete(conversations).where(inArray(conversations.id, conversationIds));
    const exportKeys = await purgeEventData(tx, {
      projectId,
      conversationIds,
      visitorIds: [...new Set(rows.map((r) => r.visitorId))],
      visitorsErased: false,
    });
    const taskIds = await recordErasureWork(tx, { projectId, conversationIds, prefixes: exportKeys });
    await writeOutbox(
      tx,
      rows.map((r) =>
        outboxRow(
          conversationErased(r.id, projectId, r.visitorId, reason, erasedAt, actorOf(by)),
          'conversation',
          r.id,
          projectId,
        ),
      ),
    );
    const info = by.kind === 'agent' && by.info ? { info: by.info } : {};
    if (reason === 'request') {
      for (const id of conversationIds) {
        await auditProject(tx, {
          projectId,
          actorId: actorIdOf(by),
          type: 'conversation.erased',
          ...info,
          data: { conversationId: id },
        });
      }
    } else {
      await auditProject(tx, {
        projectId,
        actorId: null,
        type: 'conversation.erased',
        data: { reason, conversations: conversationIds.length },
      });
    }
    return { taskIds, conversationIds };
  });
}

/** Tables of a project deleted at once by its erasure (visitors cascade to the conversation data). */
const PROJECT_TABLES = [
  'visitors',
  'memberships',
  'invitations',
  'api_tokens',
  'canned_responses',
  // conversation_labels go with the labels (and with the conversations) by cascade.
  'labels',
  'label_settings',
  'conversation_settings',
  'audit_events',
  'failed_events',
  'data_exports',
  'attachment_uploads',
] as const;

/**
 * Erases the project: everything in it goes now; the project row stays as an invisible tombstone
 * (no members, no name, an unguessable widget key) with its webhook endpoints, until they got
 * `project.erased` (finalizeErasedProjects). Audited without a project, since its log goes too.
 * Null when there is no such project (or it was erased already).
 */
export async function eraseProject(db: Db, input: { projectId: string; by: Eraser }): Promise<Erased | null> {
  const { projectId, by } = input;
  const erasedAt = new Date();
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, projectId), isNull(projects.erasedAt)))
      .for('update');
    if (!project) return null;
    const rows = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.projectId, projectId))
      .orderBy(asc(conversations.id));
    const conversationIds = rows.map((r) => r.id);
    for (const table of PROJECT_TABLES) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where project_id = ${projectId}`);
    }
    await tx.execute(sql`
      delete from webhook_deliveries
       where endpoint_id in (select id from webhook_endpoints where project_id = ${projectId})`);
    // The outbox has no index by project: the erasure pays one scan, the relay nothing.
    await tx.execute(sql`delete from outbox_events where project_id = ${projectId}`);
    await tx
      .update(projects)
      .set({
        erasedAt,
        name: '',
        widgetKey: randomToken('erased_', 18),
        allowedDomains: [],
        widgetSettings: {},
        identitySecret: null,
        requireVerifiedIdentity: false,
      })
      .where(eq(projects.id, projectId));
    const taskIds = await recordErasureWork(tx, {
      projectId,
      conversationIds,
      prefixes: [projectPrefix(projectId)],
      eraseInbox: true,
    });
    await writeOutbox(tx, [
      outboxRow(projectErased(projectId, erasedAt, actorOf(by)), 'project', projectId, projectId),
    ]);
    await tx.insert(auditEvents).values({
      projectId: null,
      actorId: actorIdOf(by),
      type: 'project.erased',
      ip: by.kind === 'agent' ? (by.info?.ip ?? null) : null,
      userAgent: by.kind === 'agent' ? (by.info?.userAgent ?? null) : null,
      data: { projectId },
    });
    return { taskIds, conversationIds };
  });
}

/** How long an erased project's endpoints may keep failing before the tombstone goes regardless. */
const TOMBSTONE_MAX = sql.raw(`interval '2 days'`);

/**
 * Deletes the tombstones of erased projects whose storage work is done and whose `project.erased`
 * reached the webhooks handler with no delivery still pending (or after two days in any case);
 * the endpoints and the delivery log go with them. Returns how many.
 */
export async function finalizeErasedProjects(db: Db, limit: number): Promise<number> {
  const result = await db.execute(sql`
    delete from projects where id in (
      select p.id from projects p
       where p.erased_at is not null
         and not exists (select 1 from erasure_tasks t where t.project_id = p.id)
         and (p.erased_at < now() - ${TOMBSTONE_MAX}
              or (exists (select 1 from outbox_events o
                            join processed_events m on m.event_id = o.id and m.consumer = 'webhooks'
                           where o.aggregate_id = p.id::text and o.type = 'project.erased')
                  and not exists (select 1 from webhook_deliveries d
                                    join webhook_endpoints e on e.id = d.endpoint_id
                                   where e.project_id = p.id and d.status = 'pending')))
       limit ${limit})`);
  return result.rowCount ?? 0;
}
