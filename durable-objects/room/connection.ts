// Per-socket state that must survive hibernation, kept in the socket's attachment under one
// namespaced key (so nothing else stored there can collide with it).
import type { Participant } from './types.ts';

export interface RoomConnection {
  participant: Participant;
  /** Highest seq delivered to this socket in order (private notes count as delivered to visitors). */
  delivered: number;
}

interface Stored {
  parley?: RoomConnection;
}

export function readConnection(ws: WebSocket): RoomConnection | null {
  const stored = ws.deserializeAttachment() as Stored | null;
  return stored?.parley ?? null;
}

export function writeConnection(ws: WebSocket, connection: RoomConnection): void {
  const stored = (ws.deserializeAttachment() as Stored | null) ?? {};
  ws.serializeAttachment({ ...stored, parley: connection });
}
