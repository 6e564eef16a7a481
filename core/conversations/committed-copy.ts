// The room's copy of the fields the events consumer denormalizes (worker/conversations/denormalize.ts)
// after one of its own commits. The commit's row carries them as the consumer last wrote them,
// which is before this batch (its events are not consumed yet): the batch is folded in, so a
// `conversation` frame (a welcome, above all one from the room's stored snapshot) shows the message
// just sent as the last one rather than the one before. Postgres's recount stays the truth; the
// room's unread counts are its estimate until its next read of the row.
import type { RoomMessage } from './message.ts';
import { previewOf } from './preview.ts';
import type { RoomState } from './state.ts';

/** `state` (the commit's row, read marks advanced) with `batch` folded into the denormalized fields. */
export function withBatch(state: RoomState, batch: readonly RoomMessage[]): RoomState {
  const next = { ...state };
  let agentWrote = false;
  let visitorWrote = false;
  let unreadByAgent = 0;
  let unreadByVisitor = 0;
  for (const m of batch) {
    if (m.author.kind === 'agent') agentWrote = true;
    if (m.author.kind === 'visitor') visitorWrote = true;
    if (m.author.kind === 'visitor' && m.seq > state.agentReadSeq) unreadByAgent++;
    if (m.private) continue;
    if (m.author.kind !== 'visitor' && m.seq > state.visitorReadSeq) unreadByVisitor++;
    // The batch is newer than anything the consumer has seen: its last public message is the last one.
    const at = new Date(m.createdAt);
    if (!next.lastMessageAt || at > next.lastMessageAt) next.lastMessageAt = at;
    next.lastMessagePreview = previewOf(m.body, m.attachment?.name ?? null);
    if (m.author.kind === 'agent' && (!next.firstResponseAt || at < next.firstResponseAt)) next.firstResponseAt = at;
  }
  // Writing means having read everything before: the writer's side counts only what followed.
  next.unreadByAgent = agentWrote ? unreadByAgent : state.unreadByAgent + unreadByAgent;
  next.unreadByVisitor = visitorWrote ? unreadByVisitor : state.unreadByVisitor + unreadByVisitor;
  return next;
}
