// Delivery of one's own messages on the room socket: each pending message goes out with its
// clientId whenever the socket is live (again after every resume — the room answers a duplicate
// with the original seq), waits for its ack, and is reported failed when the room refuses it or no
// ack comes in time; "come back later" refusals are retried by themselves. The owner keeps the
// messages (its optimistic state); this only keeps the timers.
import type { RoomClientFrame } from '../contract/frames.ts';

/** A send still unacknowledged this long after it went out on a live socket is reported failed. */
export const ACK_TIMEOUT_MS = 15_000;
const RETRYABLE = new Set(['rate_limited', 'slow_down', 'unavailable']);

/** A message written and not yet committed. */
export interface PendingSend {
  clientId: string;
  body: string;
  /** Agents only: a private note. */
  private?: boolean;
  /** A private note's mentioned teammates (user ids); never sent with a public message. */
  mentions?: string[];
}

export interface OutgoingDeps {
  /** The messages waiting to go out or for their ack, oldest first; failed ones left out. */
  pending(): PendingSend[];
  /** The room refused the message (`message` is its explanation) or no ack came in time (`timeout`). */
  failed(clientId: string, code: string, message?: string): void;
  /** Sends on the live socket; false when there is none (the message then waits for the resume). */
  send(frame: RoomClientFrame): boolean;
}

export class Outgoing {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly deps: OutgoingDeps;

  constructor(deps: OutgoingDeps) {
    this.deps = deps;
  }

  send(clientId: string): void {
    const message = this.deps.pending().find((p) => p.clientId === clientId);
    if (!message) return;
    const frame: RoomClientFrame = { type: 'send', clientId, body: message.body };
    if (message.private) {
      frame.private = true;
      if (message.mentions?.length) frame.mentions = message.mentions;
    }
    if (!this.deps.send(frame)) return;
    this.arm(clientId, ACK_TIMEOUT_MS, () => this.deps.failed(clientId, 'timeout'));
  }

  /** After a (re)connect: everything still waiting goes out again with its original clientId. */
  flush(): void {
    for (const message of this.deps.pending()) this.send(message.clientId);
  }

  /** Committed (its ack, or its broadcast): nothing more to wait for. */
  acknowledged(clientId: string): void {
    this.disarm(clientId);
  }

  refused(clientId: string, code: string, message?: string, retryAfterMs?: number): void {
    this.disarm(clientId);
    if (RETRYABLE.has(code)) {
      // Nothing was committed and the room says to come back: again, automatically, same clientId.
      this.arm(clientId, Math.min(retryAfterMs ?? 1000, 30_000), () => this.send(clientId));
      return;
    }
    this.deps.failed(clientId, code, message);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(clientId: string, ms: number, fn: () => void): void {
    this.disarm(clientId);
    this.timers.set(
      clientId,
      setTimeout(() => {
        this.timers.delete(clientId);
        fn();
      }, ms),
    );
  }

  private disarm(clientId: string): void {
    clearTimeout(this.timers.get(clientId));
    this.timers.delete(clientId);
  }
}
