// Pure functions over a conversation's cached thread: committed messages in seq order (deduped,
// whatever order frames, resumes and REST pages arrive in), and our own sends still in flight —
// optimistic until their ack or their broadcast turns them into committed messages.
import type { Author, ConversationSummary, Message } from '../../../lib/protocol.ts';

export interface PendingMessage {
  clientId: string;
  body: string;
  private: boolean;
  /** A private note's mentioned teammates (user ids). */
  mentions?: string[];
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
}

export interface Thread {
  conversation: ConversationSummary;
  messages: Message[];
  /** Older messages exist before the first one held. */
  hasMoreBefore: boolean;
  /** Highest seq the visitor has read (read receipts). */
  visitorReadSeq: number;
  pending: PendingMessage[];
}

export function maxSeq(thread: Pick<Thread, 'messages'>): number {
  return thread.messages.at(-1)?.seq ?? 0;
}

/**
 * Merges messages into a seq-ordered list; a seq already held keeps its first copy, unless the
 * incoming copy is its tombstone (it was deleted since).
 */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  let changed = false;
  for (const m of incoming) {
    const held = bySeq.get(m.seq);
    if (!held || (m.deletedAt && !held.deletedAt && held.id === m.id)) {
      bySeq.set(m.seq, m);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function withConversationSeq(conversation: ConversationSummary, seq: number): ConversationSummary {
  return seq > conversation.lastSeq ? { ...conversation, lastSeq: seq } : conversation;
}

/** A committed message arrived (live, replayed on resume, or our own echo). */
export function applyMessage(thread: Thread, message: Message): Thread {
  const messages = mergeMessages(thread.messages, [message]);
  const pending = message.clientId ? thread.pending.filter((p) => p.clientId !== message.clientId) : thread.pending;
  if (messages === thread.messages && pending === thread.pending) return thread;
  return {
    ...thread,
    messages,
    pending,
    conversation: withConversationSeq(thread.conversation, message.seq),
  };
}

/** A `deleted` frame: the message becomes a tombstone (nothing changes when it is not held). */
export function applyDeletion(thread: Thread, deletion: { messageId: string; deletedAt: string }): Thread {
  const target = thread.messages.find((m) => m.id === deletion.messageId);
  if (!target || target.deletedAt) return thread;
  const tomb: Message = { ...target, body: '', attachment: null, deletedAt: deletion.deletedAt };
  return { ...thread, messages: thread.messages.map((m) => (m === target ? tomb : m)) };
}

/**
 * May this agent delete the message now? Any visitor message, always; their own within the
 * project's window (minutes, 0: never); never another agent's or a system line.
 */
export function canDelete(message: Message, meId: string, windowMinutes: number, now: number): boolean {
  if (message.deletedAt) return false;
  if (message.author.kind === 'visitor') return true;
  if (message.author.kind !== 'agent' || message.author.id !== meId) return false;
  return windowMinutes > 0 && now - Date.parse(message.createdAt) <= windowMinutes * 60_000;
}

/** Our send is committed: it becomes a message (unless its broadcast already made it one). */
export function applyAck(
  thread: Thread,
  ack: { clientId: string; seq: number; messageId: string; createdAt: string },
  me: Author,
): Thread {
  const sent = thread.pending.find((p) => p.clientId === ack.clientId);
  const pending = thread.pending.filter((p) => p.clientId !== ack.clientId);
  if (!sent) return pending.length === thread.pending.length ? thread : { ...thread, pending };
  const message: Message = {
    id: ack.messageId,
    conversationId: thread.conversation.id,
    seq: ack.seq,
    clientId: ack.clientId,
    author: me,
    body: sent.body,
    private: sent.private,
    attachment: null,
    createdAt: ack.createdAt,
    // As sent; the room's own copy (its broadcast, the history) keeps only those who are members.
    ...(sent.private && sent.mentions?.length ? { mentions: sent.mentions } : {}),
  };
  return {
    ...thread,
    pending,
    messages: mergeMessages(thread.messages, [message]),
    conversation: withConversationSeq(thread.conversation, ack.seq),
  };
}

export function addPending(thread: Thread, pending: PendingMessage): Thread {
  return { ...thread, pending: [...thread.pending.filter((p) => p.clientId !== pending.clientId), pending] };
}

export function setPendingState(
  thread: Thread,
  clientId: string,
  state: PendingMessage['state'],
  error?: string,
): Thread {
  if (!thread.pending.some((p) => p.clientId === clientId)) return thread;
  return {
    ...thread,
    pending: thread.pending.map((p) => {
      if (p.clientId !== clientId) return p;
      const next: PendingMessage = { ...p, state };
      if (error === undefined) delete next.error;
      else next.error = error;
      return next;
    }),
  };
}

export function removePending(thread: Thread, clientId: string): Thread {
  return { ...thread, pending: thread.pending.filter((p) => p.clientId !== clientId) };
}

/** The seq of the visitor message an agent has read up to: the newest visitor message shown. */
export function newestVisitorSeq(thread: Pick<Thread, 'messages'>): number {
  for (let i = thread.messages.length - 1; i >= 0; i--) {
    const m = thread.messages[i];
    if (m && m.author.kind === 'visitor') return m.seq;
  }
  return 0;
}

/**
 * How far the visitor has read, from the conversation's count of messages they have not: the last
 * `unreadByVisitor` messages they can see (public, not their own) are unread, the rest read.
 */
export function visitorReadSeqFrom(messages: Message[], unreadByVisitor: number): number {
  const seen = messages.filter((m) => m.author.kind !== 'visitor' && !m.private);
  if (unreadByVisitor <= 0) return seen.at(-1)?.seq ?? 0;
  const firstUnread = seen[seen.length - unreadByVisitor];
  return firstUnread ? firstUnread.seq - 1 : 0;
}

/** Groups consecutive messages of one author (within five minutes) to draw them as one block. */
export function startsGroup(previous: Message | undefined, message: Message): boolean {
  if (!previous) return true;
  if (previous.author.kind !== message.author.kind || previous.author.id !== message.author.id) return true;
  if (previous.private !== message.private) return true;
  return new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() > 5 * 60_000;
}
