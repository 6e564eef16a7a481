// The visitor's view of one conversation as plain values: committed messages in `seq` order,
// the visitor's own unacknowledged messages after them (optimistic send), read marks and typing.
// Every function returns a new state; frames may arrive twice or out of order and are merged
// by `seq` and `clientId`, so nothing is ever shown twice.
import type { Author, Message } from '../../../../contract/frames.ts';

export type SendState = 'sending' | 'sent' | 'failed' | 'read';

export interface ChatMessage {
  /** Stable render key: the clientId for the visitor's own messages, else the message id. */
  key: string;
  id?: string;
  seq?: number;
  clientId?: string | null;
  author: Author;
  body: string;
  /** A file sent with the message; its url is relative to the Parley origin, signed and short-lived. */
  attachment?: { name: string; contentType: string; size: number; url: string } | null;
  createdAt: string;
  /** Only for the visitor's own messages still waiting for their ack, or failed. */
  pending?: 'sending' | 'failed';
  /** Why a send failed (an error code), shown next to the retry button. */
  error?: string;
  /** Set once deleted: shown as a tombstone (the body and attachment are gone). */
  deletedAt?: string | null;
}

export interface Agent {
  id: string;
  name: string;
  avatarUrl?: string;
}

export interface ChatState {
  /** Committed messages, ascending seq. */
  messages: ChatMessage[];
  /** The visitor's own messages not yet acknowledged, in the order they were written. */
  pending: ChatMessage[];
  /** Every seq up to this one has been received: where a resume starts. */
  watermark: number;
  agentReadSeq: number;
  visitorReadSeq: number;
  typing: Author | null;
  agents: Agent[];
}

export const emptyChat = (): ChatState => ({
  messages: [],
  pending: [],
  watermark: 0,
  agentReadSeq: 0,
  visitorReadSeq: 0,
  typing: null,
  agents: [],
});

function advance(messages: ChatMessage[], from: number): number {
  const seqs = new Set(messages.map((m) => m.seq));
  let watermark = from;
  while (seqs.has(watermark + 1)) watermark += 1;
  return watermark;
}

function insertCommitted(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const seq = message.seq ?? 0;
  const at = messages.findIndex((m) => (m.seq ?? 0) > seq);
  return at === -1 ? [...messages, message] : [...messages.slice(0, at), message, ...messages.slice(at)];
}

/** A `message` frame (live or replayed by a resume). Private notes never reach visitors; skip them anyway. */
export function receiveMessage(state: ChatState, message: Message): ChatState {
  if (message.private || message.seq <= 0) return state;
  if (state.messages.some((m) => m.seq === message.seq)) {
    // A replayed tombstone of a message we hold: it was deleted meanwhile.
    return message.deletedAt ? applyDeletion(state, { messageId: message.id, deletedAt: message.deletedAt }) : state;
  }
  const own = message.clientId ? state.pending.find((p) => p.clientId === message.clientId) : undefined;
  const committed: ChatMessage = {
    key: own?.key ?? message.clientId ?? message.id,
    id: message.id,
    seq: message.seq,
    clientId: message.clientId,
    author: message.author,
    body: message.body,
    attachment: message.attachment,
    createdAt: message.createdAt,
    deletedAt: message.deletedAt ?? null,
  };
  const messages = insertCommitted(state.messages, committed);
  // Writing implies having read everything before (the room keeps its read marks the same way).
  const kind = message.author.kind;
  return {
    ...state,
    messages,
    pending: own ? state.pending.filter((p) => p !== own) : state.pending,
    watermark: advance(messages, state.watermark),
    agentReadSeq: kind === 'agent' ? Math.max(state.agentReadSeq, message.seq) : state.agentReadSeq,
    visitorReadSeq: kind === 'visitor' ? Math.max(state.visitorReadSeq, message.seq) : state.visitorReadSeq,
    // A message from someone stops their typing indicator.
    typing: state.typing && state.typing.id === message.author.id ? null : state.typing,
  };
}

/** A `deleted` frame: the message becomes a tombstone (nothing changes if we never had it). */
export function applyDeletion(state: ChatState, deletion: { messageId: string; deletedAt: string }): ChatState {
  const target = state.messages.find((m) => m.id === deletion.messageId);
  if (!target || target.deletedAt) return state;
  const tomb: ChatMessage = { ...target, body: '', attachment: null, deletedAt: deletion.deletedAt };
  return { ...state, messages: state.messages.map((m) => (m === target ? tomb : m)) };
}

/** May the visitor still delete this message of theirs (committed, not deleted, within the window)? */
export function canDelete(message: ChatMessage, windowMinutes: number, now: number): boolean {
  if (message.author.kind !== 'visitor' || !message.id || message.deletedAt || message.pending) return false;
  return windowMinutes > 0 && now - Date.parse(message.createdAt) <= windowMinutes * 60_000;
}

/** The server committed one of our sends: it moves from pending into seq order. */
export function acknowledge(
  state: ChatState,
  ack: { clientId: string; seq: number; messageId: string; createdAt: string },
): ChatState {
  const own = state.pending.find((p) => p.clientId === ack.clientId);
  if (!own) return state;
  const pending = state.pending.filter((p) => p !== own);
  if (state.messages.some((m) => m.seq === ack.seq)) return { ...state, pending };
  const messages = insertCommitted(state.messages, {
    ...own,
    id: ack.messageId,
    seq: ack.seq,
    createdAt: ack.createdAt,
    pending: undefined,
    error: undefined,
  });
  return { ...state, messages, pending, watermark: advance(messages, state.watermark) };
}

export function addPending(state: ChatState, message: { clientId: string; body: string; author: Author }): ChatState {
  const pending: ChatMessage = {
    key: message.clientId,
    clientId: message.clientId,
    author: message.author,
    body: message.body,
    createdAt: new Date().toISOString(),
    pending: 'sending',
  };
  return { ...state, pending: [...state.pending, pending] };
}

export function setPending(
  state: ChatState,
  clientId: string,
  status: 'sending' | 'failed',
  error?: string,
): ChatState {
  return {
    ...state,
    pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, pending: status, error } : p)),
  };
}

export function markRead(state: ChatState, side: 'visitor' | 'agent', seq: number): ChatState {
  if (side === 'agent') return seq > state.agentReadSeq ? { ...state, agentReadSeq: seq } : state;
  return seq > state.visitorReadSeq ? { ...state, visitorReadSeq: seq } : state;
}

export function setTyping(state: ChatState, author: Author, on: boolean): ChatState {
  if (author.kind === 'visitor') return state;
  if (on) return { ...state, typing: author };
  return state.typing?.id === author.id ? { ...state, typing: null } : state;
}

/** What the visitor sees next to their own message. */
export function sendState(state: ChatState, message: ChatMessage): SendState {
  if (message.pending) return message.pending;
  return message.seq !== undefined && message.seq <= state.agentReadSeq ? 'read' : 'sent';
}

/** Messages from the team the visitor has not read yet. */
export function unreadCount(state: ChatState): number {
  return state.messages.filter((m) => m.author.kind !== 'visitor' && (m.seq ?? 0) > state.visitorReadSeq).length;
}

export const lastSeq = (state: ChatState): number => state.messages.at(-1)?.seq ?? 0;

/** The agent to show in the header: the last one who wrote, else one who is online. */
export function currentAgent(state: ChatState): Agent | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const author = state.messages[i]?.author;
    if (author?.kind === 'agent' && author.id && author.name) {
      return { id: author.id, name: author.name, avatarUrl: author.avatarUrl };
    }
  }
  return state.agents[0];
}
