// What a scenario needs from a running target (Parley or the baseline), besides its driver.
import type { Driver, Provisioner, TargetName } from './drivers/types.ts';
import type { DbCounterSource } from './lib/db-counters.ts';

export interface LabelledPid {
  label: string;
  pid: number;
}

export interface OutboxCounts {
  total: number;
  published: number;
  consumed: number;
}

/** Outbox progress as the target's own tables record it (S4). */
export interface OutboxProbe {
  /** Why the probe cannot measure this target (e.g. the relay is not built yet), else null. */
  unavailable(): Promise<string | null>;
  /** Before S4 sends anything: whatever the probe needs in the target's database. */
  prepare?(): Promise<void>;
  /** After S4, whatever happened: undoes `prepare`. */
  finish?(): Promise<void>;
  counts(sinceIso: string): Promise<OutboxCounts>;
  /** Per-row lags in ms for rows created since `sinceIso`: commit → published, commit → consumed. */
  lags(sinceIso: string): Promise<OutboxLags>;
}

export interface OutboxLags {
  published: number[];
  consumed: number[];
  firstCreated: number;
  lastPublished: number;
  lastConsumed: number;
}

/** One outbox row's moments, epoch ms as Postgres returns them (text); null until it happens. */
export interface OutboxRowTimes {
  created: string;
  published: string | null;
  consumed: string | null;
}

/** Both targets' probes read the same three moments per row; the lags follow from them alike. */
export function outboxLags(rows: OutboxRowTimes[]): OutboxLags {
  const published: number[] = [];
  const consumed: number[] = [];
  let firstCreated = Number.POSITIVE_INFINITY;
  let lastPublished = 0;
  let lastConsumed = 0;
  for (const r of rows) {
    const created = Number(r.created);
    firstCreated = Math.min(firstCreated, created);
    if (r.published !== null) {
      published.push(Number(r.published) - created);
      lastPublished = Math.max(lastPublished, Number(r.published));
    }
    if (r.consumed !== null) {
      consumed.push(Number(r.consumed) - created);
      lastConsumed = Math.max(lastConsumed, Number(r.consumed));
    }
  }
  return { published, consumed, firstCreated, lastPublished, lastConsumed };
}

export interface TargetHandle {
  name: TargetName;
  /** Shown in the report, e.g. "workerd (Miniflare, no proxy hop)". */
  description: string;
  driver: Driver;
  provisioner: Provisioner;
  /** The processes that hold the sockets (runtime memory per connection is theirs). */
  runtimePids(): LabelledPid[];
  /** Other processes of the target (relay worker, local stand-ins for Neon/Upstash). */
  supportPids(): LabelledPid[];
  /** Kills the runtime processes and starts them again; resolves when they accept connections. */
  restart(): Promise<void>;
  outbox: OutboxProbe;
  /** Postgres's counters for the target's own database (S1 counts statements and rows per message). */
  dbCounters?: DbCounterSource;
}
