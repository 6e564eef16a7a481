// The conversation's denormalized fields as `message.created` events change them: read marks
// implied by writing, unread counts per side, the last public message (time and preview) and the
// first response. Every field is monotonic (a maximum, a minimum, or a count from the messages
// table: of those after the last counted seq, or all of them after a read mark that moved), so
// applying events in any order, in groups or one by one, ends in the same row: out-of-order and
// duplicated delivery are harmless.
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { DELETED_MESSAGE_PREVIEW } from '../../contract/frames.ts';
import {
  countedMarks,
  VISITOR_COLUMNS,
  visibleRepliesAfter,
  visitorMessagesAfter,
} from '../../core/conversations/changes.ts';
import { previewOf } from '../../core/conversations/preview.ts';

export { previewOf };

/** The part of a `message.created` payload the fields depend on. */
export const messageFact = z.object({
  conversationId: z.uuid(),
  message: z.object({
    seq: z.number().int().positive(),
    author: z.object({ kind: z.enum(['visitor', 'agent', 'system']) }),
    body: z.string(),
    private: z.boolean(),
    attachment: z.object({ name: z.string() }).nullable().optional(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
});
export type MessageFact = z.infer<typeof messageFact>;

export interface Folded {
  /** Highest seq an agent / the visitor wrote (writing implies having read everything before). */
  agentWroteSeq: number;
  visitorWroteSeq: number;
  /** Whether a public message not by the visitor is among them (the visitor's unread count grows). */
  replied: boolean;
  /** The newest public message: the list's "last message". */
  lastPublic: { seq: number; at: string; preview: string } | null;
  /** The earliest public agent reply. */
  firstResponseAt: string | null;
}

const earlier = (a: string | null, b: string) => (a === null || Date.parse(b) < Date.parse(a) ? b : a);

/** Folds a group of messages of one conversation; the order of `facts` does not matter. */
export function foldMessages(facts: readonly MessageFact[]): Folded {
  const folded: Folded = {
    agentWroteSeq: 0,
    visitorWroteSeq: 0,
    replied: false,
    lastPublic: null,
    firstResponseAt: null,
  };
  for (const { message: m } of facts) {
    if (m.author.kind === 'agent') folded.agentWroteSeq = Math.max(folded.agentWroteSeq, m.seq);
    if (m.author.kind === 'visitor') folded.visitorWroteSeq = Math.max(folded.visitorWroteSeq, m.seq);
    if (m.private) continue;
    if (m.author.kind !== 'visitor') folded.replied = true;
    if (!folded.lastPublic || m.seq > folded.lastPublic.seq) {
      folded.lastPublic = { seq: m.seq, at: m.createdAt, preview: previewOf(m.body, m.attachment?.name ?? null) };
    }
    if (m.author.kind === 'agent') folded.firstResponseAt = earlier(folded.firstResponseAt, m.createdAt);
  }
  return folded;
}

/**
 * The UPDATE that applies folded messages to their conversations, returning the rows with their
 * visitors. The project id is part of the key: an event never touches another tenant's row.
 *
 * One statement, committed on its own (the consumer runs it outside any transaction): the rows are
 * locked for the statement's time only, never across round trips, because every room commit
 * updates the same rows and would wait behind it. `locked` takes the row locks in id order before
 * any row is updated (a CTE with a locking clause is not inlined, and whatever the join, a row is
 * only reached once every smaller id is locked), so two consumers updating overlapping sets wait
 * for each other instead of deadlocking. The lock is FOR NO KEY UPDATE, what the UPDATE itself
 * takes: it does not wait for the KEY SHARE locks the other handlers, running beside it, hold on
 * the same rows until their transactions commit (the webhooks handler's, and the foreign-key
 * checks of the reports handler's upserts). The recounts read the statement's snapshot: a room
 * commit that lands while the statement waits for its row is counted when that commit's own event
 * arrives.
 *
 * Its text is the same for every group (the rows are one jsonb parameter): the consumer runs it as
 * a named statement (core/platform/db.ts, executeNamed).
 */
export function applyFolded(projectId: string, folded: ReadonlyMap<string, Folded>): SQL {
  const rows = JSON.stringify(
    [...folded].map(([id, f]) => ({
      id,
      agent_seq: f.agentWroteSeq,
      visitor_seq: f.visitorWroteSeq,
      replied: f.replied,
      last_seq: f.lastPublic?.seq ?? 0,
      last_at: f.lastPublic?.at ?? null,
      preview: f.lastPublic?.preview ?? null,
      first_response: f.firstResponseAt,
    })),
  );
  return sql`
    with f as (
      select * from jsonb_to_recordset(${rows}::jsonb) as f(id uuid, agent_seq integer, visitor_seq integer,
        replied boolean, last_seq integer, last_at timestamptz, preview text, first_response timestamptz)
    ), locked as (
      -- The locked rows' newest versions: what the counts below start from.
      select c.id, c.agent_read_seq, c.visitor_read_seq, c.unread_by_agent, c.unread_by_visitor,
        c.unread_counted_seq, c.unread_counted_marks
      from conversations c
      where c.id in (select f.id from f) and c.project_id = ${projectId}
      order by c.id
      for no key update
    ), shown as (
      -- The message each group would show, locked FOR SHARE after its conversation's row: a
      -- deletion locks the row, then the message, and this reads the message's newest version
      -- (deleted or not) even when the deletion committed after this statement's snapshot.
      select m.conversation_id, m.deleted_at is not null as deleted
      from messages m join f on m.conversation_id = f.id and m.seq = f.last_seq
      where f.last_seq > 0 and exists (select 1 from locked l where l.id = m.conversation_id)
      for share of m
    ), updated as (
      update conversations c set
        agent_read_seq = n.agent_read,
        visitor_read_seq = n.visitor_read,
        unread_by_agent = n.by_agent,
        unread_by_visitor = n.by_visitor,
        unread_counted_seq = k.seq,
        unread_counted_marks = ${countedMarks(sql`n.agent_read`, sql`n.visitor_read`, sql`n.by_agent`, sql`n.by_visitor`)},
        last_message_at = case when f.last_seq > 0 then greatest(c.last_message_at, f.last_at) else c.last_message_at end,
        -- A message deleted before its event got here never becomes the preview (its text is gone).
        last_message_preview = case when f.last_seq <= c.last_message_seq then c.last_message_preview
          when exists (select 1 from shown s where s.conversation_id = c.id and s.deleted) then ${DELETED_MESSAGE_PREVIEW}
          else f.preview end,
        last_message_seq = greatest(c.last_message_seq, f.last_seq),
        first_response_at = case when f.first_response is null then c.first_response_at
          else least(c.first_response_at, f.first_response) end,
        revision = c.revision + 1,
        updated_at = now()
      from f join locked l on l.id = f.id
        -- The newest message this statement's snapshot holds; it holds none after it, since a room
        -- commits in seq order.
        -- (An aggregate, so the planner keeps it one probe per row rather than inlining it.)
        cross join lateral (select coalesce(max(m.seq), 0) as seq from messages m where m.conversation_id = f.id) k
        -- A side's count is added to when the row's marks are what the last count wrote (nothing else
        -- changed them), it counted no further than this snapshot holds, and the side's read mark
        -- stays; otherwise it is recounted from the mark (few messages lie after a mark that just
        -- moved).
        cross join lateral (select greatest(l.agent_read_seq, f.agent_seq) as agent_read,
            greatest(l.visitor_read_seq, f.visitor_seq) as visitor_read,
            coalesce(l.unread_counted_seq <= k.seq and l.unread_counted_marks = ${countedMarks(
              sql`l.agent_read_seq`,
              sql`l.visitor_read_seq`,
              sql`l.unread_by_agent`,
              sql`l.unread_by_visitor`,
            )}, false) as trusted) t
        cross join lateral (select
            case when t.trusted and t.agent_read = l.agent_read_seq
              then l.unread_by_agent + ${visitorMessagesAfter(sql`l.id`, sql`greatest(l.agent_read_seq, l.unread_counted_seq)`)}
              else ${visitorMessagesAfter(sql`l.id`, sql`t.agent_read`)} end as by_agent,
            case when t.trusted and t.visitor_read = l.visitor_read_seq
              then l.unread_by_visitor + ${visibleRepliesAfter(sql`l.id`, sql`greatest(l.visitor_read_seq, l.unread_counted_seq)`)}
              else ${visibleRepliesAfter(sql`l.id`, sql`t.visitor_read`)} end as by_visitor,
            t.agent_read, t.visitor_read) n
      where c.id = f.id and c.project_id = ${projectId}
        -- Only rows the group tells something new: a read mark that moves, a newer public message
        -- or an earlier first response. Anything else was seen by an earlier recount (a lower seq
        -- commits before a higher one), so a redelivered event leaves the row, its revision and the
        -- dashboards alone.
        and (f.agent_seq > c.agent_read_seq or f.visitor_seq > c.visitor_read_seq
          or f.last_seq > c.last_message_seq
          or (f.first_response is not null and (c.first_response_at is null or f.first_response < c.first_response_at)))
      returning c.*
    )
    select u.*, ${VISITOR_COLUMNS}
    from updated u join visitors v on v.id = u.visitor_id`;
}

/** Conversations with their visitors, as the consumer pushes them to the inbox. */
export function loadConversations(projectId: string, ids: readonly string[]): SQL {
  return sql`select c.*, ${VISITOR_COLUMNS}
    from conversations c join visitors v on v.id = c.visitor_id
    where c.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid) and c.project_id = ${projectId}`;
}
