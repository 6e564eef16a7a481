// Read queries behind the REST routes, always scoped by project: conversation lists (filters,
// keyset pagination, newest activity first), message pages by seq, and full-text search.

import { and, asc, desc, eq, gt, inArray, isNull, lt, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { ConversationPriority, ConversationStatus } from '../../contract/enums.ts';
import { fromRow, type MessageRow, type RoomMessage } from '../../core/conversations/message.ts';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import type { Db } from '../../core/platform/db.ts';
import { conversations, messages, visitors } from '../../drizzle/schema/conversations.ts';
import { conversationLabels } from '../../drizzle/schema/labels.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import { type Cursor, cursorTime, encodeCursor, olderThan } from './cursor.ts';
import { searchText } from './search-query.ts';

export interface ConversationFilters {
  status?: ConversationStatus[];
  assigneeId?: string;
  unassigned?: boolean;
  visitorId?: string;
  /** Only conversations carrying this label (the caller checked it is the project's). */
  labelId?: string;
  /** Only conversations with a private note mentioning this user. */
  mentionedUserId?: string;
  /** Only conversations at these priorities (`none`: no priority set). */
  priorities?: (ConversationPriority | 'none')[];
}

/** Conversations at any of the priorities (`none` is a null priority). */
function atPriorities(priorities: readonly (ConversationPriority | 'none')[]): SQL | undefined {
  const levels = priorities.filter((p): p is ConversationPriority => p !== 'none');
  const none = priorities.includes('none');
  const at = levels.length > 0 ? inArray(conversations.priority, levels) : undefined;
  return none ? or(at, isNull(conversations.priority)) : at;
}

/** Conversations where a note mentions the user: the project's notes that mention anyone (messages_mentions_idx), then who. */
const mentioning = (projectId: string, userId: string) =>
  sql`${conversations.id} in (select m.conversation_id from ${messages} m
    where m.project_id = ${projectId} and m.mentions @> array[${userId}]::uuid[])`;

/** Conversations carrying a label: a semi-join on conversation_labels' primary key, so the list
 * keeps walking conversations_project_activity_idx in keyset order. */
const carries = (labelId: string, conversationId: SQLWrapper = conversations.id) =>
  sql`exists (select 1 from ${conversationLabels} cl where cl.conversation_id = ${conversationId} and cl.label_id = ${labelId})`;

/** The agents' summary: the shared one plus the conversation's labels. */
export const agentSummary = (c: typeof conversations.$inferSelect, v: typeof visitors.$inferSelect) => ({
  ...toConversationSummary(c, v),
  labelIds: c.labelIds,
  priority: c.priority,
});

export async function listConversations(
  db: Db,
  projectId: string,
  filters: ConversationFilters,
  cursor: Cursor | null,
  limit: number,
) {
  const where: (SQL | undefined)[] = [eq(conversations.projectId, projectId)];
  if (filters.status?.length) where.push(inArray(conversations.status, filters.status));
  if (filters.assigneeId) where.push(eq(conversations.assigneeId, filters.assigneeId));
  if (filters.unassigned) where.push(isNull(conversations.assigneeId));
  if (filters.visitorId) where.push(eq(conversations.visitorId, filters.visitorId));
  if (filters.labelId) where.push(carries(filters.labelId));
  if (filters.mentionedUserId) where.push(mentioning(projectId, filters.mentionedUserId));
  if (filters.priorities?.length) where.push(atPriorities(filters.priorities));
  if (cursor) where.push(olderThan(conversations.lastActivityAt, conversations.id, cursor));
  const rows = await db
    .select({ c: conversations, v: visitors, at: cursorTime(conversations.lastActivityAt) })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(...where))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    conversations: page.map((r) => agentSummary(r.c, r.v)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.c.id) : null,
  };
}

/** One conversation of the project (with its visitor), or undefined — another tenant's is undefined too. */
export async function findConversation(db: Db, projectId: string, id: string) {
  const rows = await db
    .select({ c: conversations, v: visitors })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(eq(conversations.id, id), eq(conversations.projectId, projectId)))
    .limit(1);
  return rows[0];
}

const messageColumns = {
  id: messages.id,
  seq: messages.seq,
  client_id: messages.clientId,
  author_kind: messages.authorKind,
  author_id: messages.authorId,
  author_name: sql<string | null>`coalesce(${users.name}, ${visitors.name})`,
  body: messages.body,
  private: messages.private,
  attachment_key: messages.attachmentKey,
  attachment_name: messages.attachmentName,
  attachment_content_type: messages.attachmentContentType,
  attachment_size: messages.attachmentSize,
  created_at: messages.createdAt,
  deleted_at: messages.deletedAt,
  mentions: messages.mentions,
};

export interface MessagePageOptions {
  afterSeq?: number;
  beforeSeq?: number;
  limit: number;
  includePrivate: boolean;
}

/**
 * A page of messages in seq order: after `afterSeq` (oldest first), or the latest ones before
 * `beforeSeq` (default: the latest of all) — the history a client scrolls back through.
 */
export async function messagePage(db: Db, projectId: string, conversationId: string, o: MessagePageOptions) {
  const where: (SQL | undefined)[] = [eq(messages.conversationId, conversationId), eq(messages.projectId, projectId)];
  if (!o.includePrivate) where.push(eq(messages.private, false));
  const forward = o.afterSeq !== undefined;
  if (o.afterSeq !== undefined) where.push(gt(messages.seq, o.afterSeq));
  if (o.beforeSeq !== undefined) where.push(lt(messages.seq, o.beforeSeq));
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, and(eq(messages.authorKind, 'agent'), eq(users.id, messages.authorId)))
    .leftJoin(visitors, and(eq(messages.authorKind, 'visitor'), eq(visitors.id, messages.authorId)))
    .where(and(...where))
    .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
    .limit(o.limit + 1);
  const more = rows.length > o.limit;
  const page: RoomMessage[] = rows.slice(0, o.limit).map((r) => fromRow(r as MessageRow));
  if (!forward) page.reverse();
  return { messages: page, more };
}

export interface SearchHit {
  message: RoomMessage;
  conversationId: string;
}

/**
 * How many of the newest messages a search reads before it asks the full-text index instead: a
 * term in at least one message in ~200 fills a page from them. Bounds the first query's work.
 */
export const SEARCH_RECENT_WINDOW = 5000;

/**
 * The ids of a page of matches (plus one), newest first. The index on (project, created_at) gives
 * the order and the GIN index the matches, and no single plan is fast for every term: walking the
 * newest messages stops at once for a common word but reads all 2,000,000 for an order number
 * (87 s in docs/BENCHMARKS.md, "Data scale"), while the GIN index finds an order number at once
 * but returns half the table for a common word. Postgres picks between them by its estimate, and
 * its estimate for any word outside its sample is 0.5 %. So the search looks among the newest
 * SEARCH_RECENT_WINDOW messages first, bounded by the created_at of the last of them as a value
 * (the planner then sees how few rows the range holds and walks it for a common word, or
 * intersects it with the GIN index for a rare one). A full page there is the answer: every other
 * match is older. Only a term rarer than that goes to the GIN index alone, whose matches are then
 * few — materialized, so that the planner cannot turn it back into the walk.
 */
async function searchPageIds(
  db: Db,
  projectId: string,
  text: string,
  cursor: Cursor | null,
  want: number,
  labelId?: string,
) {
  const query = sql`websearch_to_tsquery('simple', ${text})`;
  // A label filter narrows the matches, never the window (the window is every message's).
  const labelled = labelId ? sql`and ${carries(labelId, sql.raw('messages.conversation_id'))}` : sql``;
  const before = cursor ? sql`and ${olderThan(messages.createdAt, messages.id, cursor)}` : sql``;
  // As text: a Date would drop the microseconds (and a later bound would drop rows of the window).
  const edge = await db.execute<{ at: string }>(sql`
    select created_at::text as at from messages
     where project_id = ${projectId} ${before}
     order by created_at desc offset ${SEARCH_RECENT_WINDOW - 1} limit 1`);
  const since = edge.rows[0]?.at;
  const recent = await db.execute<{ id: string }>(sql`
    select id from messages
     where project_id = ${projectId} and to_tsvector('simple', body) @@ ${query} ${before} ${labelled}
       ${since ? sql`and created_at >= ${since}::timestamptz` : sql``}
     order by created_at desc, id desc limit ${want}`);
  // No edge: fewer messages than the window, so the window was all of them.
  if (recent.rows.length === want || !since) return recent.rows.map((r) => r.id);
  const rare = await db.execute<{ id: string }>(sql`
    with hits as materialized (
      select id, created_at from messages
       where project_id = ${projectId} and to_tsvector('simple', body) @@ ${query} ${before} ${labelled})
    select id from hits order by created_at desc, id desc limit ${want}`);
  return rare.rows.map((r) => r.id);
}

/** Full-text search over a project's message bodies (Postgres `simple` configuration, no stemming);
 * the query is rewritten first (search-query.ts) so that no input can make Postgres fail. */
export async function searchMessages(
  db: Db,
  projectId: string,
  q: string,
  cursor: Cursor | null,
  limit: number,
  labelId?: string,
): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
  const text = searchText(q);
  if (text === null) return { hits: [], nextCursor: null };
  const ids = await searchPageIds(db, projectId, text, cursor, limit + 1, labelId);
  if (ids.length === 0) return { hits: [], nextCursor: null };
  const rows = await db
    .select({ ...messageColumns, conversation_id: messages.conversationId, at: cursorTime(messages.createdAt) })
    .from(messages)
    .leftJoin(users, and(eq(messages.authorKind, 'agent'), eq(users.id, messages.authorId)))
    .leftJoin(visitors, and(eq(messages.authorKind, 'visitor'), eq(visitors.id, messages.authorId)))
    .where(and(eq(messages.projectId, projectId), inArray(messages.id, ids)))
    .orderBy(desc(messages.createdAt), desc(messages.id));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    hits: page.map((r) => ({ message: fromRow(r as MessageRow), conversationId: r.conversation_id })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
  };
}
