// Delivery of the visitor's messages on the room socket: each pending message goes out with its
// clientId whenever the socket is live (again after every resume — the room answers a duplicate
// with the original seq), waits for its ack, and is marked failed when the room refuses it or no
// ack comes in time; "come back later" refusals are retried by themselves.
import type { RoomClientFrame } from '../../../../contract/frames.ts';
import { type ChatState, setPending } from './chat-state.ts';

/** A send still unacknowledged this long after it went out on a live socket is shown as failed. */
export const ACK_TIMEOUT_MS = 15_000;
const RETRYABLE = new Set(['rate_limited', 'slow_down', 'unavailable']);

export interface OutgoingDeps {
  chat(): ChatState;
  setChat(chat: ChatState): void;
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
    const message = this.deps.chat().pending.find((p) => p.clientId === clientId);
    if (!message || !this.deps.send({ type: 'send', clientId, body: message.body })) return;
    this.arm(clientId, ACK_TIMEOUT_MS, () =>
      this.deps.setChat(setPending(this.deps.chat(), clientId, 'failed', 'timeout')),
    );
  }

  /** After a (re)connect: everything still waiting goes out again with its original clientId. */
  flush(): void {
    for (const message of this.deps.chat().pending) {
      if (message.pending === 'sending' && message.clientId) this.send(message.clientId);
    }
  }

  acknowledged(clientId: string): void {
    this.disarm(clientId);
  }

  refused(clientId: string, code: string, retryAfterMs?: number): void {
    this.disarm(clientId);
    if (RETRYABLE.has(code)) {
      // Nothing was committed and the room says to come back: again, automatically, same clientId.
      this.arm(clientId, Math.min(retryAfterMs ?? 1000, 30_000), () => this.send(clientId));
      return;
    }
    this.deps.setChat(setPending(this.deps.chat(), clientId, 'failed', code));
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
