// The conversation's denormalized fields (unread counts per side, read marks, last message time
// and preview, first response, reopening) as one batch of messages changes them. Kept in one
// place so the events consumer can take it over later; the room applies it in the commit.
import { type SQL, sql } from 'drizzle-orm';
import type { RoomMessage } from './message.ts';
import { previewOf } from './message.ts';
import type { ConversationStatus, RoomState } from './state.ts';

export interface BatchEffects {
  unreadByAgent: number;
  unreadByVisitor: number;
  agentReadSeq: number;
  visitorReadSeq: number;
  /** Set when the batch has a message the visitor sees. */
  lastMessagePreview: string | null;
  hasPublic: boolean;
  agentReplied: boolean;
  status: ConversationStatus;
  /** The status changed (a visitor wrote into a resolved or snoozed conversation). */
  reopened: boolean;
}

export function batchEffects(state: RoomState, batch: readonly RoomMessage[]): BatchEffects {
  let { unreadByAgent, unreadByVisitor, agentReadSeq, visitorReadSeq } = state;
  let lastPublic: RoomMessage | null = null;
  let agentReplied = false;
  let visitorWrote = false;
  for (const m of batch) {
    if (!m.private) lastPublic = m;
    if (m.author.kind === 'visitor') {
      // Writing implies having read everything before.
      visitorWrote = true;
      unreadByAgent += 1;
      visitorReadSeq = m.seq;
      unreadByVisitor = 0;
    } else if (m.author.kind === 'agent') {
      agentReadSeq = m.seq;
      unreadByAgent = 0;
      if (!m.private) {
        agentReplied = true;
        unreadByVisitor += 1;
      }
    } else if (!m.private) {
      unreadByVisitor += 1;
    }
  }
  const reopened = visitorWrote && (state.status === 'resolved' || state.status === 'snoozed');
  return {
    unreadByAgent,
    unreadByVisitor,
    agentReadSeq,
    visitorReadSeq,
    lastMessagePreview: lastPublic ? previewOf(lastPublic) : null,
    hasPublic: lastPublic !== null,
    agentReplied,
    status: reopened ? 'open' : state.status,
    reopened,
  };
}

/** The SET list that applies a batch's effects to its `conversations` row. */
export function denormalizedAssignments(effects: BatchEffects, lastSeq: number, now: Date): SQL {
  return sql`last_seq = ${lastSeq},
    last_activity_at = ${now}::timestamptz,
    last_message_at = case when ${effects.hasPublic}::boolean then ${now}::timestamptz else last_message_at end,
    last_message_preview = coalesce(${effects.lastMessagePreview}::text, last_message_preview),
    unread_by_agent = ${effects.unreadByAgent},
    unread_by_visitor = ${effects.unreadByVisitor},
    agent_read_seq = greatest(agent_read_seq, ${effects.agentReadSeq}),
    visitor_read_seq = greatest(visitor_read_seq, ${effects.visitorReadSeq}),
    first_response_at = case when first_response_at is null and ${effects.agentReplied}::boolean
      then ${now}::timestamptz else first_response_at end,
    status = ${effects.status}::conversation_status,
    snoozed_until = case when ${effects.reopened}::boolean then null else snoozed_until end,
    updated_at = ${now}::timestamptz`;
}
