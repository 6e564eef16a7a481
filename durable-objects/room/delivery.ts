// What a room sends its sockets: committed batches in seq order (private notes never to
// visitors), presence, ephemeral frames, a new socket's welcome and the answers to sends. Each
// socket's `delivered` mark lives in its attachment, so one that missed something is replayed.

import type { ErrorCode, RoomServerFrame } from '../../contract/frames.ts';
import { type AttachmentUrl, type RoomMessage, toWireMessage, visibleTo } from '../../core/conversations/message.ts';
import type { Participant, SendResult } from '../../core/conversations/room-api.ts';
import { type RoomState, toSummary } from '../../core/conversations/state.ts';
import { socketAttachment } from '../shared/attachment.ts';
import { safeSend } from '../shared/transport.ts';

/** What a room keeps per socket, surviving hibernation. */
export interface RoomConnection {
  participant: Participant;
  /** Highest seq delivered to this socket in order (private notes count as delivered to visitors). */
  delivered: number;
  /**
   * Every message in (sentFrom, delivered] has been sent on this socket (absent: sentFrom = delivered,
   * as on a socket accepted before this was kept). A resume never sends those again.
   */
  sentFrom?: number;
}

export const connections = socketAttachment<RoomConnection>('parley');

export interface DeliveryHooks {
  /** Sockets in the middle of a replay: their replay will include this batch. */
  replaying: (ws: WebSocket) => boolean;
  /** A socket whose `delivered` is behind the batch's start: replay from there instead. */
  behind: (ws: WebSocket, delivered: number) => void;
}

export function deliverBatch(
  sockets: readonly WebSocket[],
  conversationId: string,
  batch: readonly RoomMessage[],
  attachmentUrl: AttachmentUrl,
  hooks: DeliveryHooks,
): void {
  const first = batch[0]?.seq;
  const last = batch.at(-1)?.seq;
  if (first === undefined || last === undefined) return;
  // Serialised once per batch, not once per socket.
  const frames = batch.map((m) => ({
    m,
    json: JSON.stringify({ type: 'message', message: toWireMessage(conversationId, m, attachmentUrl) }),
  }));
  for (const ws of sockets) {
    if (hooks.replaying(ws)) continue;
    const connection = connections.read(ws);
    if (!connection || connection.delivered >= last) continue;
    if (connection.delivered < first - 1) {
      hooks.behind(ws, connection.delivered);
      continue;
    }
    for (const f of frames) {
      if (f.m.seq > connection.delivered && visibleTo(connection.participant.kind, f.m)) safeSend(ws, f.json);
    }
    connections.write(ws, { ...connection, delivered: last });
  }
}

/** The agents with a socket in the room (one entry per agent), optionally ignoring a closing socket. */
export function agentsPresent(agentSockets: readonly WebSocket[], except?: WebSocket): { id: string; name: string }[] {
  const agents = new Map<string, { id: string; name: string }>();
  for (const ws of agentSockets) {
    const p = ws === except ? null : connections.read(ws)?.participant;
    if (p?.kind === 'agent') agents.set(p.id, { id: p.id, name: p.name });
  }
  return [...agents.values()];
}

export function sendToAll(sockets: readonly WebSocket[], frame: unknown, except?: WebSocket): void {
  const json = JSON.stringify(frame);
  for (const ws of sockets) if (ws !== except) safeSend(ws, json);
}

/** Where a frame goes: a socket (a plain object in unit tests). */
export type FrameSink = Pick<WebSocket, 'send'>;

export function sendFrame(ws: FrameSink, frame: RoomServerFrame): void {
  safeSend(ws, JSON.stringify(frame));
}

export function sendError(
  ws: FrameSink,
  code: ErrorCode,
  message: string,
  extra: { clientId?: string; messageId?: string; retryAfterMs?: number } = {},
): void {
  sendFrame(ws, { type: 'error', code, message, ...extra });
}

/** A new socket's first frames: who it is, the conversation, who is here and how far each side read. */
export function welcome(
  ws: FrameSink,
  who: Participant,
  state: RoomState,
  agents: { id: string; name: string }[],
): void {
  sendFrame(ws, { type: 'welcome', conversationId: state.id, role: who.kind, lastSeq: state.lastSeq });
  sendFrame(ws, { type: 'conversation', conversation: toSummary(state) });
  sendFrame(ws, { type: 'presence', agents });
  sendFrame(ws, { type: 'read', side: 'visitor', seq: state.visitorReadSeq });
  sendFrame(ws, { type: 'read', side: 'agent', seq: state.agentReadSeq });
}

/** Answers a socket's `send` once it is committed (ack) or refused (error), by its clientId. */
export const answerSend =
  (ws: FrameSink, clientId: string) =>
  (result: SendResult): void => {
    if (result.ok) {
      const { seq, messageId, createdAt } = result;
      sendFrame(ws, { type: 'ack', clientId, seq, messageId, createdAt });
    } else {
      const retry = result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {};
      sendError(ws, result.code, result.message, { clientId, ...retry });
    }
  };
