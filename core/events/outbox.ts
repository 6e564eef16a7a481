// Writing to the outbox (inside the caller's transaction) and nudging the relay after commit.

import type { EventType } from '../../contract/events.ts';
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import type { Config } from '../platform/config.ts';
import { connectDb, type Db, type DbConnection } from '../platform/db.ts';
import { errorFields, log } from '../platform/log.ts';
import { relayWith } from './relay.ts';

export interface NewEvent {
  projectId: string;
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** `tx` is the transaction that makes the change: the event commits with it or not at all. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function writeOutbox(tx: Tx | Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outboxEvents).values(events);
}

/** One relay at a time per isolate; nudges while it runs make it go round again. */
let running: { since: number } | null = null;
let pending = false;
/**
 * A relay that has not started a round for this long is presumed lost with the request or object
 * that ran it (its `finally` never ran): a nudge starts a new one. Two relays at once are safe (rows
 * are claimed with SKIP LOCKED), so this can be short; at 30 s a lost relay held every commit of
 * the isolate back until the cron sweep.
 */
const STALE_MS = 5_000;
/** A relay's connection serves rounds for at most this long, then the next nudge opens another. */
const MAX_RUN_MS = 20_000;
/**
 * Between the starts of rounds asked for by nudges (gatherDelay): lets a burst of commits gather
 * into one round. Each round is three statements and a Queue batch, and each Queue batch a
 * consumer invocation: fewer, larger rounds leave the rooms more of the machine, but every event
 * waits for its round. 20 ms until 2026-12-06, then 100, 200 while the bench ran eight runtimes
 * on two cores (eight relays whose rounds interleave), and 100 since it runs two (bench, quiet
 * machine, alternating runs: S4 commit → consumed p99 274–324 ms at 100 against 312–548 ms at 200
 * and 252–366 ms at 50; the knee's 750 msg/s step p99 222–483 ms at 100, 424–566 ms at 200;
 * docs/BENCHMARKS.md, "Runtimes per core"). Delivery to sockets never waits for the relay; the
 * inbox and webhooks hear up to 100 ms later.
 */
const GATHER_MS = 100;

/**
 * How long the relay waits after a round that started at `roundStarted` before the next: rounds
 * start at most every GATHER_MS, so a slow round is followed at once. (Until 2026-12-06 the relay
 * slept GATHER_MS after every round, so an event committed as a round began waited for that round,
 * the whole gather and its own round: S4 commit → published p99 241–310 ms in six runs against
 * 114–207 ms with this, the knee and consumption unchanged within their noise; docs/BENCHMARKS.md.)
 */
export function gatherDelay(roundStarted: number, now: number): number {
  return Math.max(0, Math.min(GATHER_MS, GATHER_MS - (now - roundStarted)));
}
/**
 * After its last round a relay keeps its connection this long for the next nudge. Under steady
 * traffic (a commit every few ms somewhere in the isolate) the relay then stays on one connection
 * instead of opening one (a WebSocket, the pooler's handshake) per burst.
 */
const LINGER_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a commit: publish right away instead of waiting for the cron sweep. Failures are fine —
 * the rows stay unpublished and the sweep takes them (invariant 6). Nudges coalesce: while a
 * relay runs in this isolate, a nudge only asks it for one more round (each round drains every
 * unpublished row), on the same Postgres connection, so a burst of commits costs a few rounds
 * and one connection, not a connection and a transaction per commit; the relay keeps that
 * connection for LINGER_MS after its last round, so steady traffic keeps one.
 */
export function nudgeRelay(config: Config, queue: Queue, waitUntil: (p: Promise<unknown>) => void): void {
  if (running && Date.now() - running.since < STALE_MS) {
    pending = true;
    return;
  }
  const me = { since: Date.now() };
  running = me;
  const run = async () => {
    let conn: DbConnection | null = null;
    try {
      conn = await connectDb(config);
      const started = Date.now();
      let full = false;
      do {
        const roundStarted = Date.now();
        me.since = roundStarted;
        pending = false;
        // A round that hit its batch bound left rows behind: go on without waiting for a nudge.
        full = (await relayWith(conn.db, queue)).full;
        if (full) continue;
        // Let a burst of commits gather into the next round, then wait a little for a nudge,
        // alive (`since` moves) and on the open connection.
        await sleep(gatherDelay(roundStarted, Date.now()));
        for (let idle = GATHER_MS; !pending && idle < LINGER_MS; idle += GATHER_MS) {
          me.since = Date.now();
          await sleep(GATHER_MS);
        }
        // No await between this check and releasing `running`: a nudge either lands before it
        // (another round) or after the release (a new relay).
      } while ((pending || full) && Date.now() - started < MAX_RUN_MS);
    } catch (err) {
      log.warn('outbox relay nudge failed; the sweep publishes', errorFields(err));
    } finally {
      if (running === me) running = null;
    }
    await conn?.close().catch(() => undefined);
  };
  waitUntil(run());
}

/** nudgeRelay from a route, once the transaction that wrote the outbox rows has committed. */
export function nudgeRelayFrom(c: {
  env: Env;
  executionCtx: { waitUntil(p: Promise<unknown>): void };
  var: { config: Config };
}): void {
  nudgeRelay(c.var.config, c.env.EVENTS, (p) => c.executionCtx.waitUntil(p));
}
