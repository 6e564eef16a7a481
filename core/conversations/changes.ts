// The room's other writes to Postgres: loading its conversation after a wake, status and
// assignment changes (each with its outbox row, in one statement) and flushing read marks.
import { type SQL, sql } from 'drizzle-orm';
import type { ConversationStatus } from '../../contract/enums.ts';
import type { EventDraft } from '../../contract/events.ts';
import type { Db } from '../platform/db.ts';
import type { ConversationRow, RoomState } from './state.ts';
import { applyRow } from './state.ts';

/** A conversations row with its visitor's columns (v_*), as loadConversation and the events consumer read it. */
export type LoadedRow = ConversationRow & {
  v_name: string | null;
  v_email: string | null;
  v_verified: boolean;
  v_id: string;
  v_blocked: boolean;
};

/** The visitor's columns of a LoadedRow, for a query that joins `visitors v`. */
export const VISITOR_COLUMNS = sql`v.id as v_id, v.name as v_name, v.email as v_email, v.verified as v_verified, v.blocked_at is not null as v_blocked`;

export const fromLoadedRow = (row: LoadedRow): RoomState =>
  applyRow(
    { id: row.v_id, name: row.v_name, email: row.v_email, verified: row.v_verified, blocked: row.v_blocked },
    row,
  );

/** The conversation with its visitor, or null when it does not exist in that project. */
export async function loadConversation(
  db: Pick<Db, 'execute'>,
  id: string,
  projectId: string,
): Promise<RoomState | null> {
  const result = await db.execute<LoadedRow>(sql`
    select c.*, ${VISITOR_COLUMNS}
    from conversations c join visitors v on v.id = c.visitor_id
    where c.id = ${id} and c.project_id = ${projectId}`);
  const row = result.rows[0];
  return row ? fromLoadedRow(row) : null;
}

/** Runs an UPDATE of one conversation together with its outbox rows; returns the new row. */
async function updateWithEvents(
  db: Db,
  id: string,
  assignments: ReturnType<typeof sql>,
  events: readonly EventDraft[],
  now: Date,
): Promise<ConversationRow | null> {
  const result = await db.execute<ConversationRow>(sql`
    with conv as (
      update conversations set ${assignments}, revision = revision + 1, updated_at = ${now}::timestamptz
      where id = ${id}
      returning *
    ), events as (
      insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload, created_at)
      select conv.project_id, 'conversation', conv.id::text, e.type, e.payload, ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(type text, payload jsonb) cross join conv
      returning 1
    )
    select conv.* from conv`);
  return result.rows[0] ?? null;
}

export function writeStatus(
  db: Db,
  id: string,
  status: ConversationStatus,
  snoozedUntil: Date | null,
  events: readonly EventDraft[],
  now: Date,
): Promise<ConversationRow | null> {
  return updateWithEvents(
    db,
    id,
    // A resolution is stamped with its time (a new resolution, a new CSAT rating); any other status clears it.
    sql`status = ${status}::conversation_status, snoozed_until = ${snoozedUntil}::timestamptz,
      resolved_at = ${status === 'resolved' ? now : null}::timestamptz`,
    events,
    now,
  );
}

export function writeAssignee(
  db: Db,
  id: string,
  assigneeId: string | null,
  events: readonly EventDraft[],
  now: Date,
): Promise<ConversationRow | null> {
  return updateWithEvents(db, id, sql`assignee_id = ${assigneeId}::uuid`, events, now);
}

export interface ReadMark {
  kind: 'visitor' | 'agent';
  readerId: string;
  seq: number;
}

/**
 * The unread counts' rules, shared by the read flush below and the events consumer
 * (worker/conversations/denormalize.ts): agents have unread the visitor's messages after their
 * mark; the visitor has unread the public messages of anyone else after theirs.
 */
export const visitorMessagesAfter = (conversationId: SQL, seq: SQL) =>
  sql`(select count(*) from messages m where m.conversation_id = ${conversationId}
    and m.seq > ${seq} and m.author_kind = 'visitor')`;
export const visibleRepliesAfter = (conversationId: SQL, seq: SQL) =>
  sql`(select count(*) from messages m where m.conversation_id = ${conversationId}
    and m.seq > ${seq} and m.author_kind <> 'visitor' and not m.private)`;
/** unread_counted_marks: the read seqs and counts a count wrote, which a later count may add to. */
export const countedMarks = (agentRead: SQL, visitorRead: SQL, byAgent: SQL, byVisitor: SQL) =>
  sql`concat_ws(':', ${agentRead}, ${visitorRead}, ${byAgent}, ${byVisitor})`;

/**
 * Flushes coalesced read marks: one row per reader in conversation_reads, and the per-side
 * maximum plus a recounted unread figure on the conversation (and what the recount reached, for
 * the consumer's next count to add to). No outbox row: reads are not events.
 */
export async function writeReads(db: Db, id: string, projectId: string, marks: readonly ReadMark[]) {
  const rows = JSON.stringify(marks.map((m) => ({ reader_kind: m.kind, reader_id: m.readerId, read_seq: m.seq })));
  const agentSeq = Math.max(0, ...marks.filter((m) => m.kind === 'agent').map((m) => m.seq));
  const visitorSeq = Math.max(0, ...marks.filter((m) => m.kind === 'visitor').map((m) => m.seq));
  const result = await db.execute<ConversationRow>(sql`
    with upserted as (
      insert into conversation_reads (conversation_id, project_id, reader_kind, reader_id, read_seq, updated_at)
      select ${id}, ${projectId}, r.reader_kind, r.reader_id, r.read_seq, now()
      from jsonb_to_recordset(${rows}::jsonb) as r(reader_kind author_kind, reader_id uuid, read_seq integer)
      on conflict (conversation_id, reader_kind, reader_id)
      do update set read_seq = greatest(conversation_reads.read_seq, excluded.read_seq), updated_at = now()
      returning 1
    ), marks as (
      select c.id, greatest(c.agent_read_seq, ${agentSeq}) as agent_seq,
        greatest(c.visitor_read_seq, ${visitorSeq}) as visitor_seq,
        -- The newest message this snapshot holds: the recounts below count up to it.
        (select coalesce(max(m.seq), 0) from messages m where m.conversation_id = c.id) as counted_seq
      from conversations c where c.id = ${id} and c.project_id = ${projectId}
      -- The row's newest version, locked: a mark the consumer raised after this statement's snapshot
      -- is kept, never set back to this reader's lower one.
      for no key update
    ), counts as (
      select marks.*,
        ${visitorMessagesAfter(sql`marks.id`, sql`marks.agent_seq`)} as by_agent,
        ${visibleRepliesAfter(sql`marks.id`, sql`marks.visitor_seq`)} as by_visitor
      from marks
    )
    update conversations c set
      revision = c.revision + 1,
      agent_read_seq = n.agent_seq,
      visitor_read_seq = n.visitor_seq,
      unread_by_agent = n.by_agent,
      unread_by_visitor = n.by_visitor,
      -- What the consumer's next count adds to (worker/conversations/denormalize.ts).
      unread_counted_seq = n.counted_seq,
      unread_counted_marks = ${countedMarks(sql`n.agent_seq`, sql`n.visitor_seq`, sql`n.by_agent`, sql`n.by_visitor`)}
    from counts n
    where c.id = ${id} and c.project_id = ${projectId}
    returning c.*`);
  return result.rows[0] ?? null;
}
