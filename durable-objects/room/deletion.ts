// Message deletion in the room: the decision and the erasure (core/conversations/deletion.ts) run
// under the room's write lock, then the recent window keeps only the tombstone, the relay is
// nudged (`message.deleted`), every socket that may see the message gets a `deleted` frame, and
// the conversation frame follows when the list preview was that message.
import { messageDeleted } from '../../contract/events.ts';
import type { MessageDeletion, RoomServerFrame } from '../../contract/frames.ts';
import { type Deleter, deletionRefusal, eraseMessage, findForDeletion } from '../../core/conversations/deletion.ts';
import type { RoomContext } from './context.ts';
import { sendToAll } from './delivery.ts';
import { RoomError } from './errors.ts';

export class MessageDeletions {
  private readonly room: RoomContext;

  constructor(room: RoomContext) {
    this.room = room;
  }

  /** Runs under the room's write lock (the caller takes it). */
  async delete(by: Deleter, messageId: string): Promise<MessageDeletion> {
    const { room } = this;
    const state = await room.conversation.loaded();
    const now = new Date();
    const target = await room.db.use(({ db }) => findForDeletion(db, state.id, state.projectId, messageId));
    const refusal = deletionRefusal(target, by, now);
    if (refusal) throw new RoomError(refusal.code, refusal.message);
    if (!target || target.authorKind === 'system') throw new RoomError('forbidden', 'System messages stay');
    const deleter: Deleter = { kind: by.kind, id: by.id };
    const event = messageDeleted(
      state.id,
      state.projectId,
      { id: target.id, seq: target.seq, authorKind: target.authorKind, private: target.private },
      now,
      deleter,
    );
    const result = await room.db.use(({ db }) =>
      eraseMessage(db, { conversationId: state.id, projectId: state.projectId, target, by: deleter, event, now }),
    );
    if (!result.erased) throw new RoomError('already_deleted', 'This message is already deleted');
    const deletedAt = now.toISOString();
    const deletion: MessageDeletion = {
      conversationId: state.id,
      messageId: target.id,
      seq: target.seq,
      deletedAt,
      by: deleter,
    };
    room.window.markDeleted(target.seq, deletedAt);
    room.window.recordDeletion(deletion, target.private);
    room.nudgeRelay();
    // A private note was never sent to the visitor: only agents hear of its deletion.
    const sockets = room.sockets(target.private ? 'agent' : undefined);
    sendToAll(sockets, { type: 'deleted', deletion } satisfies RoomServerFrame);
    const row = result.conversation;
    const current = room.conversation.current;
    if (row && current) {
      // Only what the statement changed: the room's unflushed read marks stay as they are.
      room.conversation.adopt({
        ...current,
        lastMessagePreview: row.last_message_preview,
        revision: Number(row.revision),
      });
      room.broadcastConversation();
    }
    return deletion;
  }
}
