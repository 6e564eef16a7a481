// Exports: a Manager asks for a visitor's, a conversation's or the whole project's data; the Queue
// consumer builds one JSON document (contract/rest/privacy.ts `exportArchive`) into R2 under the
// project's prefix (so erasing the project takes it too), and the Manager downloads it through a
// signed link that expires. Attachments are signed links in the document, valid until the export
// expires (a zip with the files inside would need a library Parley does not ship yet). Exports are
// deleted after EXPORT_TTL_DAYS by the cron, and by any erasure of what they contain.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { QueueMessage } from '../../contract/events.ts';
import type { NotificationKind } from '../../contract/notifications.ts';
import { type DataExport, EXPORT_FORMAT, type ExportArchive, type ExportScope } from '../../contract/rest/privacy.ts';
import { signAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { signPath, verifyPath } from '../../core/platform/signed-url.ts';
import { contactAttributeDefinitions, contacts } from '../../drizzle/schema/contacts.ts';
import { conversationReads, conversations, messages, visitors } from '../../drizzle/schema/conversations.ts';
import { conversationLabels, labels } from '../../drizzle/schema/labels.ts';
import { notificationMarks } from '../../drizzle/schema/notifications.ts';
import { dataExports } from '../../drizzle/schema/privacy.ts';
import { conversationRatings } from '../../drizzle/schema/ratings.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { transcriptRequests } from '../../drizzle/schema/transcripts.ts';
import { visitorContexts } from '../../drizzle/schema/visitor-context.ts';
import { ApiError } from '../errors.ts';
import { chunksOf } from '../lib/chunks.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';

/** How long an archive is kept once asked for. */
export const EXPORT_TTL_DAYS = 7;
/** The largest archive built; a larger one fails with `too_large`. */
export const EXPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Messages read before building at all: beyond this the archive could not fit anyway. */
const EXPORT_MAX_MESSAGES = 50_000;
/** Builds tried before the export is marked failed (`internal`). */
export const EXPORT_MAX_ATTEMPTS = 3;
/** Exports being built at once per project: a project export is the heaviest thing a Manager can ask for. */
export const EXPORTS_PENDING_MAX = 3;
const DOWNLOAD_TTL_SECONDS = 3600;
const DOWNLOAD_PURPOSE = 'export-url';
const CONVERSATIONS_PER_READ = 50;

type ExportRow = typeof dataExports.$inferSelect;

export const exportKey = (projectId: string, exportId: string) => `projects/${projectId}/exports/${exportId}.json`;

export const signExportUrl = (config: Config, exportId: string) =>
  signPath(config.AUTH_JWT_KEYS, DOWNLOAD_PURPOSE, '/api/exports', exportId, DOWNLOAD_TTL_SECONDS);

export const verifyExportUrl = (
  config: Config,
  exportId: string,
  params: { exp?: string; kid?: string; sig?: string },
) => verifyPath(config.AUTH_JWT_KEYS, DOWNLOAD_PURPOSE, exportId, params);

/** An export as the Manager sees it, with a freshly signed link once it is ready. */
export function exportView(config: Config, row: ExportRow): DataExport {
  return {
    id: row.id,
    scope: row.scope,
    subjectId: row.subjectId,
    status: row.status,
    size: row.size,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    downloadUrl: row.status === 'ready' ? signExportUrl(config, row.id) : null,
  };
}

/** Whether the project has this visitor or conversation. */
async function subjectExists(db: Db, projectId: string, scope: ExportScope, id: string | null): Promise<boolean> {
  if (scope === 'project') return true;
  if (!id) return false;
  const table = scope === 'visitor' ? visitors : conversations;
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, id), eq(table.projectId, projectId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Records an export and queues its build; null when the visitor or conversation is not the
 * project's; 429 `exports_pending` while EXPORTS_PENDING_MAX of the project's are being built.
 * Audited as `export.requested` (what, not the content).
 */
export async function requestExport(
  db: Db,
  queue: Queue<QueueMessage>,
  input: { projectId: string; scope: ExportScope; subjectId: string | null; userId: string; info: RequestInfo },
): Promise<ExportRow | null> {
  if (!(await subjectExists(db, input.projectId, input.scope, input.subjectId))) return null;
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dataExports)
    .where(and(eq(dataExports.projectId, input.projectId), eq(dataExports.status, 'pending')));
  if ((pending?.n ?? 0) >= EXPORTS_PENDING_MAX) {
    throw new ApiError(429, 'exports_pending', `At most ${EXPORTS_PENDING_MAX} exports are built at once per project`, {
      'retry-after': '60',
    });
  }
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(dataExports)
      .values({
        projectId: input.projectId,
        requestedBy: input.userId,
        scope: input.scope,
        subjectId: input.subjectId,
        expiresAt: sql`now() + make_interval(days => ${EXPORT_TTL_DAYS})`,
      })
      .returning();
    if (!created) throw new Error('export insert returned no row');
    await auditProject(tx, {
      projectId: input.projectId,
      actorId: input.userId,
      type: 'export.requested',
      info: input.info,
      data: { exportId: created.id, scope: input.scope, subjectId: input.subjectId },
    });
    return created;
  });
  // If this send is lost, the cron queues exports still pending after a few minutes.
  await queue.send({ kind: 'export', exportId: row.id }, { contentType: 'json' });
  return row;
}

class TooLarge extends Error {
  override name = 'TooLarge';
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The visitors and conversations an export covers (none when its subject is gone). */
async function subjects(db: Db, row: ExportRow) {
  const { projectId, subjectId, scope } = row;
  const inProject = eq(conversations.projectId, projectId);
  if (scope !== 'project' && !subjectId) return { convs: [], people: [] };
  const convs = await db
    .select()
    .from(conversations)
    .where(
      scope === 'project'
        ? inProject
        : and(inProject, eq(scope === 'visitor' ? conversations.visitorId : conversations.id, subjectId ?? '')),
    )
    .orderBy(asc(conversations.createdAt));
  const visitorIds = scope === 'visitor' && subjectId ? [subjectId] : [...new Set(convs.map((c) => c.visitorId))];
  if (scope !== 'project' && visitorIds.length === 0) return { convs, people: [] };
  const people = await db
    .select({ v: visitors, ctx: visitorContexts })
    .from(visitors)
    .leftJoin(visitorContexts, eq(visitorContexts.visitorId, visitors.id))
    .where(
      scope === 'project'
        ? eq(visitors.projectId, projectId)
        : and(eq(visitors.projectId, projectId), inArray(visitors.id, visitorIds)),
    )
    .orderBy(asc(visitors.createdAt));
  return { convs, people };
}

/** Builds the archive of an export row (read-only). */
export async function collectExport(db: Db, config: Config, row: ExportRow): Promise<ExportArchive> {
  const [project] = await db.select().from(projects).where(eq(projects.id, row.projectId)).limit(1);
  if (!project) throw new Error('project of the export is gone');
  const { convs, people } = await subjects(db, row);
  const ids = convs.map((c) => c.id);
  if (ids.length > 0) {
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.projectId, row.projectId), inArray(messages.conversationId, ids)));
    if ((count?.n ?? 0) > EXPORT_MAX_MESSAGES) throw new TooLarge('too many messages');
  }
  const linkTtl = Math.max(60, Math.floor((row.expiresAt.getTime() - Date.now()) / 1000));
  const origin = config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  const byConversation = new Map<string, ExportArchive['conversations'][number]['messages']>();
  const readsOf = new Map<string, ExportArchive['conversations'][number]['reads']>();
  const transcriptOf = new Map<string, ExportArchive['conversations'][number]['transcriptRequest']>();
  const emailsOf = new Map<string, ExportArchive['conversations'][number]['visitorEmails']>();
  const labelsOf = new Map<string, string[]>();
  const ratingsOf = new Map<string, ExportArchive['conversations'][number]['ratings']>();
  const visitorOf = new Map(convs.map((c) => [c.id, c.visitorId]));
  for (const chunk of chunksOf(ids, CONVERSATIONS_PER_READ)) {
    const rows = await db
      .select({
        m: messages,
        agentName: users.name,
        visitorName: visitors.name,
      })
      .from(messages)
      .leftJoin(users, and(eq(messages.authorKind, 'agent'), eq(users.id, messages.authorId)))
      .leftJoin(visitors, and(eq(messages.authorKind, 'visitor'), eq(visitors.id, messages.authorId)))
      .where(and(eq(messages.projectId, row.projectId), inArray(messages.conversationId, chunk)))
      .orderBy(asc(messages.conversationId), asc(messages.seq));
    for (const { m, agentName, visitorName } of rows) {
      const list = byConversation.get(m.conversationId) ?? [];
      byConversation.set(m.conversationId, list);
      list.push({
        id: m.id,
        seq: m.seq,
        author: { kind: m.authorKind, id: m.authorId, name: agentName ?? visitorName ?? null },
        body: m.body,
        private: m.private,
        attachment:
          m.attachmentKey && m.attachmentName && m.attachmentContentType && m.attachmentSize !== null
            ? {
                name: m.attachmentName,
                contentType: m.attachmentContentType,
                size: m.attachmentSize,
                url: origin + signAttachmentUrl(config.AUTH_JWT_KEYS, m.id, Date.now(), linkTtl),
              }
            : null,
        createdAt: m.createdAt.toISOString(),
      });
    }
    const reads = await db
      .select()
      .from(conversationReads)
      .where(and(eq(conversationReads.projectId, row.projectId), inArray(conversationReads.conversationId, chunk)));
    for (const r of reads) {
      const list = readsOf.get(r.conversationId) ?? [];
      readsOf.set(r.conversationId, list);
      list.push({ readerKind: r.readerKind, readerId: r.readerId, readSeq: r.readSeq });
    }
    const transcripts = await db
      .select()
      .from(transcriptRequests)
      .where(and(eq(transcriptRequests.projectId, row.projectId), inArray(transcriptRequests.conversationId, chunk)));
    for (const t of transcripts) {
      transcriptOf.set(t.conversationId, {
        email: t.email,
        requestedAt: t.requestedAt.toISOString(),
        sentAt: iso(t.sentAt),
      });
    }
    // The visitor's unseen-reply emails only: an agent's notification marks are the agent's data.
    const marks = await db
      .select()
      .from(notificationMarks)
      .where(
        and(
          eq(notificationMarks.projectId, row.projectId),
          eq(notificationMarks.kind, 'visitor_unseen_replies' satisfies NotificationKind),
          inArray(notificationMarks.conversationId, chunk),
        ),
      );
    for (const m of marks) {
      if (visitorOf.get(m.conversationId) !== m.recipientId) continue;
      emailsOf.set(m.conversationId, { notifiedSeq: m.notifiedSeq, dueAt: iso(m.dueAt), sentAt: iso(m.sentAt) });
    }
    const tagged = await db
      .select({ conversationId: conversationLabels.conversationId, labelId: conversationLabels.labelId })
      .from(conversationLabels)
      .where(and(eq(conversationLabels.projectId, row.projectId), inArray(conversationLabels.conversationId, chunk)))
      .orderBy(asc(conversationLabels.createdAt), asc(conversationLabels.labelId));
    for (const t of tagged) labelsOf.set(t.conversationId, [...(labelsOf.get(t.conversationId) ?? []), t.labelId]);
    const rated = await db
      .select()
      .from(conversationRatings)
      .where(and(eq(conversationRatings.projectId, row.projectId), inArray(conversationRatings.conversationId, chunk)))
      .orderBy(asc(conversationRatings.resolvedAt));
    for (const r of rated) {
      const list = ratingsOf.get(r.conversationId) ?? [];
      ratingsOf.set(r.conversationId, list);
      list.push({
        resolvedAt: r.resolvedAt.toISOString(),
        rating: r.rating,
        comment: r.comment,
        assigneeId: r.assigneeId,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      });
    }
  }
  const whole = row.scope === 'project';
  // Contacts and labels of what is exported; the whole project's for a project export.
  const contactIds = [...new Set(people.flatMap(({ v }) => (v.contactId ? [v.contactId] : [])))];
  const contactRows =
    whole || contactIds.length > 0
      ? await db
          .select()
          .from(contacts)
          .where(
            whole
              ? eq(contacts.projectId, row.projectId)
              : and(eq(contacts.projectId, row.projectId), inArray(contacts.id, contactIds)),
          )
          .orderBy(asc(contacts.createdAt), asc(contacts.id))
      : [];
  const labelIds = [...new Set([...labelsOf.values()].flat())];
  const labelRows =
    whole || labelIds.length > 0
      ? await db
          .select({ id: labels.id, name: labels.name, color: labels.color, description: labels.description })
          .from(labels)
          .where(
            whole
              ? eq(labels.projectId, row.projectId)
              : and(eq(labels.projectId, row.projectId), inArray(labels.id, labelIds)),
          )
          .orderBy(asc(labels.name))
      : [];
  const attributeDefinitions = whole
    ? await db
        .select({
          key: contactAttributeDefinitions.key,
          label: contactAttributeDefinitions.label,
          type: contactAttributeDefinitions.type,
          options: contactAttributeDefinitions.options,
        })
        .from(contactAttributeDefinitions)
        .where(eq(contactAttributeDefinitions.projectId, row.projectId))
        .orderBy(asc(contactAttributeDefinitions.key))
    : [];
  const members = whole
    ? await db
        .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.projectId, row.projectId))
        .orderBy(asc(users.name))
    : [];
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    scope: row.scope,
    subjectId: row.subjectId,
    project: { id: project.id, name: project.name, createdAt: project.createdAt.toISOString() },
    members,
    visitors: people.map(({ v, ctx }) => ({
      id: v.id,
      contactId: v.contactId,
      externalId: v.externalId,
      name: v.name,
      email: v.email,
      verified: v.verified,
      blockedAt: iso(v.blockedAt),
      emailUnsubscribedAt: iso(v.emailUnsubscribedAt),
      lastSeenAt: v.lastSeenAt.toISOString(),
      createdAt: v.createdAt.toISOString(),
      context: ctx
        ? {
            userAgent: ctx.userAgent,
            pageUrl: ctx.pageUrl,
            pageTitle: ctx.pageTitle,
            referrer: ctx.referrer,
            locale: ctx.locale,
            timezone: ctx.timezone,
            updatedAt: ctx.updatedAt.toISOString(),
          }
        : null,
    })),
    contacts: contactRows.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      externalId: c.externalId,
      verified: c.verified,
      attributes: c.attributes,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    })),
    attributeDefinitions,
    labels: labelRows,
    conversations: convs.map((c) => ({
      id: c.id,
      visitorId: c.visitorId,
      status: c.status,
      assigneeId: c.assigneeId,
      createdAt: c.createdAt.toISOString(),
      lastActivityAt: c.lastActivityAt.toISOString(),
      reads: readsOf.get(c.id) ?? [],
      messages: byConversation.get(c.id) ?? [],
      transcriptRequest: transcriptOf.get(c.id) ?? null,
      visitorEmails: emailsOf.get(c.id) ?? null,
      labelIds: labelsOf.get(c.id) ?? [],
      ratings: ratingsOf.get(c.id) ?? [],
    })),
  };
}

async function markFailed(db: Db, exportId: string, error: 'too_large' | 'internal'): Promise<void> {
  await db
    .update(dataExports)
    .set({ status: 'failed', error, completedAt: sql`now()` })
    .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'pending')));
}

/**
 * The consumer's build of one export: once per pending row (a duplicate message finds it done).
 * Throws to be retried; after EXPORT_MAX_ATTEMPTS the export is marked failed instead.
 */
export async function buildExport(deps: { db: Db; env: Env; config: Config }, exportId: string): Promise<void> {
  const { db, env, config } = deps;
  const [row] = await db
    .update(dataExports)
    .set({ attempts: sql`${dataExports.attempts} + 1` })
    .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'pending')))
    .returning();
  if (!row) return;
  let body: Uint8Array;
  try {
    body = new TextEncoder().encode(JSON.stringify(await collectExport(db, config, row)));
    if (body.byteLength > EXPORT_MAX_BYTES) throw new TooLarge('archive too large');
  } catch (err) {
    if (err instanceof TooLarge) return markFailed(db, exportId, 'too_large');
    if (row.attempts >= EXPORT_MAX_ATTEMPTS) return markFailed(db, exportId, 'internal');
    throw err;
  }
  const key = exportKey(row.projectId, row.id);
  await env.ATTACHMENTS.put(key, body, { httpMetadata: { contentType: 'application/json' } });
  const done = await db
    .update(dataExports)
    .set({ status: 'ready', objectKey: key, size: body.byteLength, completedAt: sql`now()` })
    .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'pending')))
    .returning({ id: dataExports.id });
  // Erased while it was built (the row went with what it contains): the archive goes too.
  if (done.length === 0) await env.ATTACHMENTS.delete(key);
}
