// The shape of an event handler: an effect applied in the same transaction as its processed
// markers (so it happens exactly once), plus optional work after commit (HTTP, DO notifications).

import type { OutboxEvent, QueueMessage } from '../../../contract/events.ts';
import type { Tx } from '../../../core/events/outbox.ts';
import type { Config } from '../../../core/platform/config.ts';
import type { Db } from '../../../core/platform/db.ts';
import type { Metrics } from '../../../core/platform/metrics.ts';
import type { EventSettings } from '../settings.ts';

export interface HandlerDeps {
  db: Db;
  config: Config;
  env: Env;
  settings: EventSettings;
  queue: Queue<QueueMessage>;
  /** Where metrics go (absent in tests that build deps by hand). */
  metrics?: Metrics;
  /**
   * Lends `fn` a connection of its own (the EventConsumer's pool). With it, processEvents runs the
   * handlers side by side, each on its own connection; without it, one after another on `db`.
   */
  lend?: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
}

export type AfterCommit = () => Promise<unknown>;

interface HandlerBase {
  /** Stable name: the processed marker is (name, event id). */
  name: string;
  handles(type: string): boolean;
  /**
   * Among the events of a type it handles, whether this one can have any effect, decided from the
   * event alone (a private note never notifies anybody). One that cannot gets neither a
   * transaction nor a marker: a redelivery decides the same. Without it every event can.
   */
  matters?(event: OutboxEvent): boolean;
  /**
   * Events of one Queue batch with the same key are applied together: one transaction with all
   * their markers. Without it every event is applied alone. Grouping is only correct for effects
   * that do not depend on the order of the events (monotonic ones, like the conversation's
   * denormalized fields).
   */
  groupBy?(event: OutboxEvent): string;
  /**
   * A read before any transaction: which of a group's events can have an effect now (a visitor's
   * message notifies nobody in an unassigned conversation). The others get no transaction and no
   * marker, so a redelivery decides again: only for effects that would be as right then. Without
   * it all can.
   */
  narrow?(events: readonly OutboxEvent[], deps: HandlerDeps): Promise<readonly OutboxEvent[]>;
}

/**
 * A handler whose effect is the same applied twice, in groups or alone, in any order (monotonic
 * fields, like the conversation's denormalized ones) is `replaySafe`: it needs neither processed
 * markers nor a transaction, and `apply` gets the database itself, so each statement commits on its
 * own and its row locks last one statement rather than a transaction's round trips. The rows the
 * conversations handler writes are the ones every room commit updates: a room must not wait
 * behind the consumer.
 */
export type EventHandler = HandlerBase &
  (
    | {
        replaySafe?: false;
        /** `events` are the group's events not applied before (never empty), in Queue order. */
        apply(
          tx: Tx,
          events: readonly OutboxEvent[],
          deps: HandlerDeps,
        ): Promise<AfterCommit | AfterCommit[] | undefined>;
      }
    | {
        replaySafe: true;
        /** All of the group's events (never empty), in Queue order, applied again or not. */
        apply(
          db: Db,
          events: readonly OutboxEvent[],
          deps: HandlerDeps,
        ): Promise<AfterCommit | AfterCommit[] | undefined>;
      }
  );
