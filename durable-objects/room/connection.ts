// Per-socket state that must survive hibernation, kept in the socket's attachment under one
// namespaced key (so nothing else stored there can collide with it).
import type { Participant } from '../../core/conversations/room-api.ts';

export interface RoomConnection {
  participant: Participant;
  /** Highest seq delivered to this socket in order (private notes count as delivered to visitors). */
  delivered: number;
}

interface Stored {
  parley?: RoomConnection;
}

/**
 * What this instance last read or wrote per socket: every broadcast reads every socket's
 * attachment, and deserializing it each time showed in S1's profile. Hibernation drops the
 * instance and this cache with it, so it never outlives the attachment it mirrors.
 */
const cache = new WeakMap<WebSocket, Stored>();

function stored(ws: WebSocket): Stored | null {
  let s = cache.get(ws);
  if (!s) {
    s = (ws.deserializeAttachment() as Stored | null) ?? undefined;
    if (s) cache.set(ws, s);
  }
  return s ?? null;
}

export function readConnection(ws: WebSocket): RoomConnection | null {
  return stored(ws)?.parley ?? null;
}

export function writeConnection(ws: WebSocket, connection: RoomConnection): void {
  const next = { ...(stored(ws) ?? {}), parley: connection };
  ws.serializeAttachment(next);
  cache.set(ws, next);
}
