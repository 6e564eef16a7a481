// Which inbox events deserve a notification: a new conversation, or a new visitor message in a
// conversation that is unassigned or ours — never someone else's, never our own replies — and a
// teammate mentioning us in a private note (once per note: its frame may come twice).

import { visitorName } from '../../../lib/format.ts';
import type { InboxServerFrame } from '../../../lib/protocol.ts';

export interface NotificationContent {
  /** Collapses repeated notifications for one conversation. */
  tag: string;
  title: string;
  body: string;
  conversationId: string;
  /** A mention is also shown in the page (a toast), not only while the tab is hidden. */
  kind: 'conversation' | 'mention';
}

/** What we knew of each conversation before this frame (its unread count and last seq). */
export type Seen = Map<string, { unread: number; lastSeq: number }>;

export function decideNotification(
  frame: InboxServerFrame,
  seen: Seen,
  meId: string | null,
  /** The notes whose mention was already told (by message id); a redelivered frame is not told again. */
  mentionsTold: Set<string> = new Set(),
): NotificationContent | null {
  if (frame.type === 'mention') {
    if (frame.by.id === meId || mentionsTold.has(frame.messageId)) return null;
    mentionsTold.add(frame.messageId);
    return {
      kind: 'mention',
      tag: `mention:${frame.messageId}`,
      title: `${frame.by.name?.trim() || 'A teammate'} mentioned you`,
      body: frame.preview,
      conversationId: frame.conversationId,
    };
  }
  if (
    frame.type !== 'conversation.created' &&
    frame.type !== 'conversation.updated' &&
    frame.type !== 'conversation.assigned'
  )
    return null;
  const c = frame.conversation;
  const before = seen.get(c.id);
  seen.set(c.id, { unread: c.unreadByAgent, lastSeq: c.lastSeq });
  const relevant = c.assigneeId === null || c.assigneeId === meId;
  if (!relevant || c.status === 'resolved') return null;
  const name = visitorName(c.visitor);
  // A conversation already seen is not new again (the consumer pushes its row again when its
  // events are redelivered).
  if (frame.type === 'conversation.created' && !before) {
    return {
      kind: 'conversation',
      tag: c.id,
      title: `New conversation — ${name}`,
      body: c.lastMessagePreview ?? '',
      conversationId: c.id,
    };
  }
  const newMessage = c.unreadByAgent > (before?.unread ?? 0) && c.lastSeq > (before?.lastSeq ?? 0);
  if (!newMessage) return null;
  return {
    kind: 'conversation',
    tag: c.id,
    title: name,
    body: c.lastMessagePreview ?? 'New message',
    conversationId: c.id,
  };
}

/** "(3) Inbox · Parley" */
export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
