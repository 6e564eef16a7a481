// Sends messages on a connection and retries what the server pushed back (slow_down,
// rate_limited) with the same clientId after the delay it asked for: the server's idempotency
// turns a retry of something already stored into the original ack.
import type { Connection, ErrorInfo } from '../drivers/types.ts';
import type { DeliveryRecorder } from './delivery.ts';

const RETRYABLE = new Set(['slow_down', 'rate_limited']);
const MAX_ATTEMPTS = 50;

export class Sender {
  readonly #connection: Connection;
  readonly #recorder: DeliveryRecorder;
  readonly #key: string;
  readonly #bodies = new Map<string, { body: string; attempts: number }>();
  retries = 0;
  failures = 0;

  constructor(connection: Connection, recorder: DeliveryRecorder, key: string) {
    this.#connection = connection;
    this.#recorder = recorder;
    this.#key = key;
  }

  send(clientId: string, body: string): void {
    this.#bodies.set(clientId, { body, attempts: 1 });
    this.#recorder.sent(clientId, this.#connection.participant.conversationId, this.#key, performance.now());
    this.#connection.send(clientId, body);
  }

  /** Wire this to the connection's onAck: forgets the body. */
  acked(clientId: string): void {
    this.#bodies.delete(clientId);
  }

  /** Wire this to the connection's onError. */
  failed(error: ErrorInfo): void {
    this.#recorder.error(error.code);
    const clientId = error.clientId;
    const pending = clientId ? this.#bodies.get(clientId) : undefined;
    if (!clientId || !pending) return;
    if (!RETRYABLE.has(error.code) || pending.attempts >= MAX_ATTEMPTS) {
      this.failures++;
      this.#bodies.delete(clientId);
      return;
    }
    pending.attempts++;
    this.retries++;
    setTimeout(() => {
      if (!this.#recorder.isAcked(clientId) && this.#bodies.has(clientId))
        this.#connection.send(clientId, pending.body);
    }, error.retryAfterMs ?? 50);
  }

  get inFlight(): number {
    return this.#bodies.size;
  }
}

/** A message body of realistic size (~120 bytes) that names its clientId. */
export function messageBody(clientId: string): string {
  return `bench ${clientId} `.padEnd(120, 'lorem ipsum dolor sit amet ');
}
