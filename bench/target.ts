// What a scenario needs from a running target (Parley or the baseline), besides its driver.
import type { Driver, Provisioner, TargetName } from './drivers/types.ts';

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
  counts(sinceIso: string): Promise<OutboxCounts>;
  /** Per-row lags in ms for rows created since `sinceIso`: commit → published, commit → consumed. */
  lags(sinceIso: string): Promise<{
    published: number[];
    consumed: number[];
    firstCreated: number;
    lastPublished: number;
    lastConsumed: number;
  }>;
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
}
