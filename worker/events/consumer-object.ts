// The Queue consumer's home: a Durable Object whose Postgres connections outlive a batch. A Worker
// invocation cannot keep a connection for the next one, so a consumer that ran in the Queue handler
// itself opened one per batch (a WebSocket, the pooler's handshake, the startup) and closed it at
// the end; under load that was most of a small batch's cost, on the cores the rooms need. The Queue
// handler now forwards each batch here (worker/events/forward.ts) and applies what this object
// decided for each message; consumeBatch runs unchanged on a pooled connection.
import { DurableObject } from 'cloudflare:workers';
import { readConfig } from '../../core/platform/config.ts';
import { createDbPool, type DbPool } from '../../core/platform/db.ts';
import { errorFields, log, withLogContext } from '../../core/platform/log.ts';
import { consumeBatch } from './consumer.ts';

/** A Queue message as it crosses to the object: what consumeBatch reads of one. */
export interface ForwardedMessage {
  id: string;
  timestamp: Date;
  body: unknown;
  attempts: number;
}

export interface ForwardedBatch {
  queue: string;
  /** The Queue invocation's request id, so the object's log lines sit with its. */
  requestId: string;
  messages: ForwardedMessage[];
}

/** What became of each message, in order: acked, retried (with its delay), or neither. */
export type Decision = 'ack' | { retry: { delaySeconds?: number } } | null;

export interface BatchDecisions {
  decisions: Decision[];
  /** consumeBatch threw: the messages it left undecided are to be retried, as when it ran in the handler. */
  failed: boolean;
}

/**
 * Connections one object keeps for its batches: batches run side by side on their own connections
 * (a batch's transactions must not interleave with another's on one connection). Miniflare runs
 * one batch at a time per queue; Cloudflare runs several consumer invocations at once, spread over
 * EVENT_CONSUMER_SHARDS objects.
 */
const POOL_MAX = 4;
/**
 * And for the handlers: within a batch each handler with work runs on a connection of its own
 * (processEvents). A pool apart from the batches', so a handler never waits on a connection that
 * a batch holds while it waits for its handlers; one per handler (there are five).
 */
const HANDLER_POOL_MAX = 5;
/**
 * An idle connection is ended after this long: an open socket keeps the object awake (a few
 * objects, so a minute awake costs next to nothing). 10 s until 2026-12-07: a burst after a quiet
 * spell of 10–60 s then met a cold consumer, whose first batches opened their connections under
 * load (bench S4 after S2, quiet machine, two pairs: commit → consumed p99 502 and 533 ms against
 * 558 and 810 ms; docs/BENCHMARKS.md).
 */
const POOL_IDLE_MS = 60_000;

export class EventConsumer extends DurableObject<Env> {
  private pool: DbPool | null = null;
  private handlerPool: DbPool | null = null;
  private batches = 0;

  async consume(batch: ForwardedBatch): Promise<BatchDecisions> {
    this.batches += 1;
    this.pool ??= createDbPool(readConfig(this.env), { max: POOL_MAX, idleMs: POOL_IDLE_MS });
    this.handlerPool ??= createDbPool(readConfig(this.env), { max: HANDLER_POOL_MAX, idleMs: POOL_IDLE_MS });
    const { pool, handlerPool } = this;
    const decisions: Decision[] = batch.messages.map(() => null);
    // What consumeBatch uses of a Queue message: its id, body and attempts, ack() and retry().
    const messages = batch.messages.map((m, i) => ({
      ...m,
      ack: () => {
        decisions[i] = 'ack';
      },
      retry: (options?: { delaySeconds?: number }) => {
        decisions[i] = { retry: options?.delaySeconds === undefined ? {} : { delaySeconds: options.delaySeconds } };
      },
    })) as unknown as Message<unknown>[];
    return withLogContext({ requestId: batch.requestId }, async () => {
      try {
        await pool.use((db) =>
          consumeBatch({ queue: batch.queue, messages }, this.env, undefined, db, (fn) => handlerPool.use(fn)),
        );
        return { decisions, failed: false };
      } catch (err) {
        log.error('event batch failed', { queue: batch.queue, ...errorFields(err) });
        return { decisions, failed: true };
      }
    });
  }

  /** For tests and operators: connections opened and open now, batches consumed. */
  stats(): { opened: number; open: number; batches: number } {
    const pools = [this.pool, this.handlerPool];
    return {
      opened: pools.reduce((n, p) => n + (p?.opened ?? 0), 0),
      open: pools.reduce((n, p) => n + (p?.open ?? 0), 0),
      batches: this.batches,
    };
  }
}
