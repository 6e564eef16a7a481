// What one batch of messages changes on its conversation row in the room's own commit: the
// sequence, the activity time and, when a visitor writes into a resolved or snoozed conversation,
// the status (a change with its own event). The denormalized fields (unread counts, last message,
// first response) are the events consumer's (worker/conversations/denormalize.ts).
import { type SQL, sql } from 'drizzle-orm';
import type { ConversationStatus } from '../../contract/enums.ts';
import type { RoomMessage } from './message.ts';
import type { RoomState } from './state.ts';

export interface BatchChanges {
  status: ConversationStatus;
  /** The status changed (a visitor wrote into a resolved or snoozed conversation). */
  reopened: boolean;
  /** Read marks the writers imply (writing means having read everything before), for the room's memory. */
  agentReadSeq: number;
  visitorReadSeq: number;
}

export function batchChanges(state: RoomState, batch: readonly RoomMessage[]): BatchChanges {
  let { agentReadSeq, visitorReadSeq } = state;
  let visitorWrote = false;
  for (const m of batch) {
    if (m.author.kind === 'visitor') {
      visitorWrote = true;
      visitorReadSeq = Math.max(visitorReadSeq, m.seq);
    } else if (m.author.kind === 'agent') {
      agentReadSeq = Math.max(agentReadSeq, m.seq);
    }
  }
  const reopened = visitorWrote && (state.status === 'resolved' || state.status === 'snoozed');
  return { status: reopened ? 'open' : state.status, reopened, agentReadSeq, visitorReadSeq };
}

/** The SET list of the commit's `conversations` UPDATE. */
export function commitAssignments(changes: BatchChanges, lastSeq: number, now: Date): SQL {
  return sql`last_seq = ${lastSeq},
    last_activity_at = ${now}::timestamptz,
    status = ${changes.status}::conversation_status,
    snoozed_until = case when ${changes.reopened}::boolean then null else snoozed_until end,
    resolved_at = case when ${changes.reopened}::boolean then null else resolved_at end,
    revision = revision + 1,
    updated_at = ${now}::timestamptz`;
}
