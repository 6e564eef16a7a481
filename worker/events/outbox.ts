// Writing to the outbox (inside the caller's transaction) and nudging the relay after commit.
import { outboxEvents } from '../../drizzle/schema/outbox.ts';
import type { Config } from '../config.ts';
import type { Db } from '../lib/db.ts';
import type { EventType } from './catalogue.ts';
import { relayOutbox } from './relay.ts';

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

/**
 * After a commit: publish right away instead of waiting for the cron sweep. Failures are fine —
 * the rows stay unpublished and the sweep takes them (invariant 6).
 */
export function nudgeRelay(config: Config, queue: Queue, waitUntil: (p: Promise<unknown>) => void): void {
  waitUntil(
    relayOutbox(config, queue).catch((err: unknown) => console.error(`outbox relay nudge failed: ${String(err)}`)),
  );
}

/** nudgeRelay from a route, once the transaction that wrote the outbox rows has committed. */
export function nudgeRelayFrom(c: {
  env: Env;
  executionCtx: { waitUntil(p: Promise<unknown>): void };
  var: { config: Config };
}): void {
  nudgeRelay(c.var.config, c.env.EVENTS, (p) => c.executionCtx.waitUntil(p));
}
