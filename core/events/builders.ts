// Outbox event payloads for conversation changes: what consumers (webhooks, notifications, the
// inbox) need without reading the row back. Written in the same transaction as the change.
import type { RoomMessage } from '../conversations/message.ts';
import type { Actor } from '../conversations/room-api.ts';
import type { ConversationStatus } from '../conversations/state.ts';

export interface OutboxEvent {
  type: 'message.created' | 'conversation.created' | 'conversation.status_changed' | 'conversation.assigned';
  payload: Record<string, unknown>;
}

const actor = (by: Actor) => (by.kind === 'system' ? { kind: by.kind } : { kind: by.kind, id: by.id });

export function messageCreated(conversationId: string, projectId: string, m: RoomMessage): OutboxEvent {
  return {
    type: 'message.created',
    payload: {
      conversationId,
      projectId,
      message: {
        id: m.id,
        seq: m.seq,
        clientId: m.clientId,
        author: m.author,
        body: m.body,
        private: m.private,
        attachment: m.attachment,
        createdAt: m.createdAt,
      },
    },
  };
}

export function statusChanged(
  conversationId: string,
  projectId: string,
  from: ConversationStatus,
  to: ConversationStatus,
  snoozedUntil: Date | null,
  by: Actor,
): OutboxEvent {
  return {
    type: 'conversation.status_changed',
    payload: {
      conversationId,
      projectId,
      from,
      to,
      snoozedUntil: snoozedUntil?.toISOString() ?? null,
      by: actor(by),
    },
  };
}

export function assigned(
  conversationId: string,
  projectId: string,
  previousAssigneeId: string | null,
  assigneeId: string | null,
  by: Actor,
): OutboxEvent {
  return {
    type: 'conversation.assigned',
    payload: { conversationId, projectId, previousAssigneeId, assigneeId, by: actor(by) },
  };
}

export function conversationCreated(
  conversationId: string,
  projectId: string,
  visitorId: string,
  assigneeId: string | null,
  createdAt: Date,
): OutboxEvent {
  return {
    type: 'conversation.created',
    payload: { conversationId, projectId, visitorId, assigneeId, createdAt: createdAt.toISOString() },
  };
}
