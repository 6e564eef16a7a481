// Group commit: one batch of messages, the conversation's sequence and activity time, and one
// outbox row per message (plus a status change when a visitor reopens the conversation) in ONE statement —
// an implicit transaction and a single round trip to Postgres. The `last_seq = expected` guard
// makes a second writer (which should never exist) fail the batch instead of forking the sequence.
import { type SQL, sql } from 'drizzle-orm';
import type { EventDraft } from '../../contract/events.ts';
import { type Db, executeNamed } from '../platform/db.ts';
import { type BatchChanges, commitAssignments } from './batch-changes.ts';
import type { MessageRow, RoomMessage } from './message.ts';
import type { ConversationRow } from './state.ts';

export interface BatchCommit {
  conversationId: string;
  expectedLastSeq: number;
  batch: readonly RoomMessage[];
  changes: BatchChanges;
  events: readonly EventDraft[];
  now: Date;
}

/**
 * What the room's state reads of the committed row (ConversationRow): not `returning *`, whose other
 * columns (visitor context, retention, …) the driver would decode on every commit for nothing.
 */
const STATE_COLUMNS = sql.raw(
  'id, project_id, status, snoozed_until, assignee_id, last_seq, last_activity_at, last_message_at, ' +
    'last_message_preview, unread_by_agent, unread_by_visitor, visitor_read_seq, agent_read_seq, ' +
    'first_response_at, revision, created_at',
);

/** The committed row, or null when the conversation moved on (or vanished) under us. */
export async function commitBatch(db: Db, c: BatchCommit): Promise<ConversationRow | null> {
  // Named: one text whatever the batch (see commitStatement), parsed once per backend.
  const result = await executeNamed<ConversationRow & { inserted: number }>(db, commitStatement(c));
  const row = result.rows[0];
  if (!row) return null;
  if (row.inserted !== c.batch.length) throw new Error(`commit inserted ${row.inserted} of ${c.batch.length}`);
  return row;
}

/**
 * The group commit's statement. Its text is the same for every batch (messages and events are
 * jsonb parameters, commitAssignments only adds parameters): it runs as a named statement.
 */
export function commitStatement(c: BatchCommit): SQL {
  const last = c.batch.at(-1);
  if (!last) throw new Error('empty batch');
  const messages = JSON.stringify(
    c.batch.map((m) => ({
      id: m.id,
      seq: m.seq,
      client_id: m.clientId,
      author_kind: m.author.kind,
      author_id: m.author.id ?? null,
      body: m.body,
      private: m.private,
      attachment_key: m.attachment?.key ?? null,
      attachment_name: m.attachment?.name ?? null,
      attachment_content_type: m.attachment?.contentType ?? null,
      attachment_size: m.attachment?.size ?? null,
      mentions: m.mentions?.length ? m.mentions : null,
    })),
  );
  const events = JSON.stringify(c.events);
  return sql`
    with conv as (
      update conversations set ${commitAssignments(c.changes, last.seq, c.now)}
      where id = ${c.conversationId} and last_seq = ${c.expectedLastSeq}
      returning ${STATE_COLUMNS}
    ), batch as (
      select * from jsonb_to_recordset(${messages}::jsonb) as m(
        id uuid, seq integer, client_id text, author_kind author_kind, author_id uuid, body text,
        private boolean, attachment_key text, attachment_name text, attachment_content_type text,
        attachment_size integer, mentions uuid[])
    ), inserted as (
      insert into messages (id, conversation_id, project_id, seq, client_id, author_kind, author_id, body,
        private, attachment_key, attachment_name, attachment_content_type, attachment_size, mentions, created_at)
      select b.id, conv.id, conv.project_id, b.seq, b.client_id, b.author_kind, b.author_id, b.body,
        b.private, b.attachment_key, b.attachment_name, b.attachment_content_type, b.attachment_size, b.mentions,
        ${c.now}::timestamptz
      from batch b cross join conv
      returning 1
    ), events as (
      insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload, created_at)
      select conv.project_id, 'conversation', conv.id::text, e.type, e.payload, ${c.now}::timestamptz
      from jsonb_to_recordset(${events}::jsonb) as e(type text, payload jsonb) cross join conv
      returning 1
    )
    select conv.*, (select count(*) from inserted)::int as inserted, (select count(*) from events)::int as events
    from conv`;
}

const MESSAGE_COLUMNS = sql`m.id, m.seq, m.client_id, m.author_kind, m.author_id,
  coalesce(u.name, v.name) as author_name, m.body, m.private, m.attachment_key, m.attachment_name,
  m.attachment_content_type, m.attachment_size, m.created_at, m.deleted_at, m.mentions`;

/** Committed messages with seq in (after, upTo], in order, at most `limit`. */
export async function messagesAfter(
  db: Db,
  conversationId: string,
  after: number,
  upTo: number,
  limit: number,
): Promise<MessageRow[]> {
  const result = await db.execute<MessageRow>(sql`
    select ${MESSAGE_COLUMNS}
    from messages m
    left join users u on m.author_kind = 'agent' and u.id = m.author_id
    left join visitors v on m.author_kind = 'visitor' and v.id = m.author_id
    where m.conversation_id = ${conversationId} and m.seq > ${after} and m.seq <= ${upTo}
    order by m.seq
    limit ${limit}`);
  return result.rows;
}

/** Messages already committed under any of these client ids (retries older than the window). */
export async function messagesByClientIds(db: Db, conversationId: string, clientIds: string[]): Promise<MessageRow[]> {
  if (clientIds.length === 0) return [];
  const result = await db.execute<MessageRow>(sql`
    select ${MESSAGE_COLUMNS}
    from messages m
    left join users u on m.author_kind = 'agent' and u.id = m.author_id
    left join visitors v on m.author_kind = 'visitor' and v.id = m.author_id
    where m.conversation_id = ${conversationId} and m.client_id in (select jsonb_array_elements_text(${JSON.stringify(clientIds)}::jsonb))`);
  return result.rows;
}

/** Which of `userIds` are members of the project (lower-case uuids). */
export async function membersAmong(db: Db, projectId: string, userIds: readonly string[]): Promise<string[]> {
  const result = await db.execute<{ user_id: string }>(sql`
    select user_id from memberships
    where project_id = ${projectId} and user_id = any(${sql.param(userIds.map((id) => id.toLowerCase()))}::uuid[])`);
  return result.rows.map((r) => r.user_id);
}
