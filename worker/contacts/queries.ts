// Contacts as the dashboard reads them: the list (newest first, keyset pages, a substring search
// over name, email and attribute values served by contacts_search_idx) and one contact with all its
// visitors' conversations.
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { toConversationSummary } from '../../core/conversations/summary.ts';
import type { Db } from '../../core/platform/db.ts';
import { contacts } from '../../drizzle/schema/contacts.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { type Cursor, cursorTime, encodeCursor, olderThan } from '../conversations/cursor.ts';
import { contactView } from './values.ts';

/** The indexed expression (drizzle/schema/contacts.ts): the same text, lower-cased, or the index is not used. */
const searchable = sql`lower(coalesce(${contacts.name}, '') || ' ' || coalesce(${contacts.email}, '') || ' ' || jsonb_path_query_array(${contacts.attributes}, '$.*')::text)`;

/** `q` as a LIKE pattern matching it anywhere, its own % and _ taken literally. */
export const containsPattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** How many of a contact's conversations the contact page shows (newest activity first). */
export const CONTACT_CONVERSATIONS_LIMIT = 100;

export async function listContacts(
  db: Db,
  projectId: string,
  q: string | undefined,
  cursor: Cursor | null,
  limit: number,
) {
  const where: (SQL | undefined)[] = [eq(contacts.projectId, projectId)];
  if (q) where.push(sql`${searchable} like ${containsPattern(q)}`);
  if (cursor) where.push(olderThan(contacts.createdAt, contacts.id, cursor));
  const rows = await db
    .select({
      c: contacts,
      // Spelled out: inside a select drizzle may print the outer column unqualified, which here would
      // name the subquery's own visitors.id.
      visitorCount: sql<number>`(select count(*)::int from visitors v where v.contact_id = contacts.id)`,
      lastSeenAt: sql<string | null>`(select max(v.last_seen_at) from visitors v where v.contact_id = contacts.id)`,
      at: cursorTime(contacts.createdAt),
    })
    .from(contacts)
    .where(and(...where))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    contacts: page.map((r) => ({
      ...contactView(r.c),
      visitorCount: r.visitorCount,
      lastSeenAt: r.lastSeenAt ? new Date(r.lastSeenAt).toISOString() : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.c.id) : null,
  };
}

/** The contact with its visitors and every conversation of theirs; undefined when not in this project. */
export async function contactDetail(db: Db, projectId: string, contactId: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.projectId, projectId)))
    .limit(1);
  if (!row) return undefined;
  const [members, history] = await Promise.all([
    db
      .select()
      .from(visitors)
      .where(and(eq(visitors.contactId, contactId), eq(visitors.projectId, projectId)))
      .orderBy(desc(visitors.lastSeenAt))
      .limit(100),
    db
      .select({ c: conversations, v: visitors })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(and(eq(visitors.contactId, contactId), eq(conversations.projectId, projectId)))
      .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
      .limit(CONTACT_CONVERSATIONS_LIMIT),
  ]);
  return {
    contact: contactView(row),
    visitors: members.map((v) => ({
      id: v.id,
      name: v.name,
      email: v.email,
      verified: v.verified,
      lastSeenAt: v.lastSeenAt.toISOString(),
    })),
    conversations: history.map((r) => toConversationSummary(r.c, r.v)),
  };
}
