// Per-socket state that must survive hibernation, kept in the socket's attachment under a
// namespaced key (so nothing else stored there can collide with it) and cached per instance.

/** The part of a WebSocket an attachment needs (unit tests hand in a plain object). */
export type AttachedSocket = Pick<WebSocket, 'serializeAttachment' | 'deserializeAttachment'>;

type Stored = Record<string, unknown>;

/**
 * What this instance last read or wrote per socket: every broadcast reads every socket's
 * attachment, and deserializing it each time showed in S1's profile. Hibernation drops the
 * instance and this cache with it, so it never outlives the attachment it mirrors.
 */
const cache = new WeakMap<AttachedSocket, Stored>();

function stored(ws: AttachedSocket): Stored | null {
  let s = cache.get(ws);
  if (!s) {
    s = (ws.deserializeAttachment() as Stored | null) ?? undefined;
    if (s) cache.set(ws, s);
  }
  return s ?? null;
}

export interface SocketAttachment<T> {
  /** This socket's value, or null when it has none (a socket this object never accepted). */
  read(ws: AttachedSocket): T | null;
  /** Replaces this socket's value, keeping whatever other keys the attachment holds. */
  write(ws: AttachedSocket, value: T): void;
}

/** The value kept under `key` in each socket's attachment. */
export function socketAttachment<T>(key: string): SocketAttachment<T> {
  return {
    read: (ws) => (stored(ws)?.[key] as T | undefined) ?? null,
    write: (ws, value) => {
      const next = { ...(stored(ws) ?? {}), [key]: value };
      ws.serializeAttachment(next);
      cache.set(ws, next);
    },
  };
}
