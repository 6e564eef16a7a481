// Fan-out over a room's sockets: committed batches in seq order (private notes never to
// visitors), presence and ephemeral frames. Each socket's `delivered` mark lives in its
// attachment, so a socket that missed something is caught up by a replay instead.

import { type AttachmentUrl, type RoomMessage, toWireMessage, visibleTo } from '../../core/conversations/message.ts';
import { safeSend } from '../shared/transport.ts';
import { readConnection, writeConnection } from './connection.ts';

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
    const connection = readConnection(ws);
    if (!connection || connection.delivered >= last) continue;
    if (connection.delivered < first - 1) {
      hooks.behind(ws, connection.delivered);
      continue;
    }
    for (const f of frames) {
      if (f.m.seq > connection.delivered && visibleTo(connection.participant.kind, f.m)) safeSend(ws, f.json);
    }
    writeConnection(ws, { ...connection, delivered: last });
  }
}

/** The agents with a socket in the room (one entry per agent), optionally ignoring a closing socket. */
export function agentsPresent(agentSockets: readonly WebSocket[], except?: WebSocket): { id: string; name: string }[] {
  const agents = new Map<string, { id: string; name: string }>();
  for (const ws of agentSockets) {
    const p = ws === except ? null : readConnection(ws)?.participant;
    if (p?.kind === 'agent') agents.set(p.id, { id: p.id, name: p.name });
  }
  return [...agents.values()];
}

export function sendToAll(sockets: readonly WebSocket[], frame: unknown, except?: WebSocket): void {
  const json = JSON.stringify(frame);
  for (const ws of sockets) if (ws !== except) safeSend(ws, json);
}
