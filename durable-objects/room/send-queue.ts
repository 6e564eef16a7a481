// The room's queue of sends waiting for the next group commit. Sends with a client id that is
// already queued or committing join that entry (one row, every sender gets the same ack); the
// queue is bounded so a flood gets "slow down" instead of unbounded latency.
import type { Participant, SendInput, SendResult } from '../../core/conversations/room-api.ts';

export type Waiter = (result: SendResult) => void;

export interface QueuedSend {
  author: Participant;
  input: SendInput;
  waiters: Waiter[];
}

export class SendQueue {
  private pending: QueuedSend[] = [];
  /** Queued and committing entries, by client id. */
  private readonly byClientId = new Map<string, QueuedSend>();

  get waiting(): number {
    return this.pending.length;
  }

  find(clientId: string): QueuedSend | undefined {
    return this.byClientId.get(clientId);
  }

  push(entry: QueuedSend): void {
    this.pending.push(entry);
    this.byClientId.set(entry.input.clientId, entry);
  }

  /** The next batch, oldest first; entries stay findable until settled. */
  take(max: number): QueuedSend[] {
    return this.pending.splice(0, max);
  }

  /** Hands every waiter of the entry its result and forgets the entry. */
  settle(entry: QueuedSend, result: SendResult): void {
    if (this.byClientId.get(entry.input.clientId) === entry) this.byClientId.delete(entry.input.clientId);
    for (const waiter of entry.waiters) waiter(result);
  }
}
