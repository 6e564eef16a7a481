// The shape of an event handler: an effect applied in the same transaction as its processed
// marker (so it happens exactly once), plus optional work after commit (HTTP, DO notifications).
import type { Config } from '../../config.ts';
import type { Db } from '../../lib/db.ts';
import type { OutboxEvent, QueueMessage } from '../catalogue.ts';
import type { Tx } from '../outbox.ts';
import type { EventSettings } from '../settings.ts';

export interface HandlerDeps {
  db: Db;
  config: Config;
  env: Env;
  settings: EventSettings;
  queue: Queue<QueueMessage>;
}

export interface EventHandler {
  /** Stable name: the processed marker is (name, event id). */
  name: string;
  handles(type: string): boolean;
  apply(tx: Tx, event: OutboxEvent, deps: HandlerDeps): Promise<(() => Promise<void>) | undefined>;
}
