// The conversation as its room holds it in memory: loaded from Postgres after a wake and replaced
// by the row each commit returns, so it never drifts from what is committed.
import type { ConversationStatus } from '../../contract/enums.ts';
import type { ConversationSummary } from '../../contract/frames.ts';
import { toConversationSummary } from './summary.ts';

export interface RoomState {
  id: string;
  projectId: string;
  /** `blocked`: a Manager blocked the visitor (their sockets are refused). */
  visitor: { id: string; name: string | null; email: string | null; verified: boolean; blocked?: boolean };
  status: ConversationStatus;
  snoozedUntil: Date | null;
  assigneeId: string | null;
  lastSeq: number;
  lastActivityAt: Date;
  lastMessageAt: Date | null;
  lastMessagePreview: string | null;
  unreadByAgent: number;
  unreadByVisitor: number;
  visitorReadSeq: number;
  agentReadSeq: number;
  firstResponseAt: Date | null;
  /** When it was last resolved (kept when it reopens): the resolution a rating names. */
  resolvedAt: Date | null;
  /** The row's revision (bumped by every UPDATE): orders the inbox's pushes. */
  revision: number;
  createdAt: Date;
}

/** A `conversations` row as returned by raw SQL (snake_case columns). */
export type ConversationRow = {
  id: string;
  project_id: string;
  status: ConversationStatus;
  snoozed_until: Date | string | null;
  assignee_id: string | null;
  last_seq: number;
  last_activity_at: Date | string;
  last_message_at: Date | string | null;
  last_message_preview: string | null;
  unread_by_agent: number;
  unread_by_visitor: number;
  visitor_read_seq: number;
  agent_read_seq: number;
  first_response_at: Date | string | null;
  resolved_at: Date | string | null;
  revision: number;
  created_at: Date | string;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const dateOrNull = (v: Date | string | null) => (v === null ? null : date(v));

/** Applies a committed row to the state (the visitor does not change with a commit). */
export function applyRow(visitor: RoomState['visitor'], row: ConversationRow): RoomState {
  return {
    id: row.id,
    projectId: row.project_id,
    visitor,
    status: row.status,
    snoozedUntil: dateOrNull(row.snoozed_until),
    assigneeId: row.assignee_id,
    lastSeq: Number(row.last_seq),
    lastActivityAt: date(row.last_activity_at),
    lastMessageAt: dateOrNull(row.last_message_at),
    lastMessagePreview: row.last_message_preview,
    unreadByAgent: Number(row.unread_by_agent),
    unreadByVisitor: Number(row.unread_by_visitor),
    visitorReadSeq: Number(row.visitor_read_seq),
    agentReadSeq: Number(row.agent_read_seq),
    firstResponseAt: dateOrNull(row.first_response_at),
    // Absent from a row read before the column existed (a statement naming its columns): none.
    resolvedAt: dateOrNull(row.resolved_at ?? null),
    revision: Number(row.revision),
    createdAt: date(row.created_at),
  };
}

export const toSummary = (state: RoomState): ConversationSummary => toConversationSummary(state, state.visitor);
